import type { ApiToken, BasketItem, Profile, Session } from '../api/types'

export function anonymousSession(overrides: Partial<Session> = {}): Session {
  return { authenticated: false, user: null, login_methods: [{ type: 'local' }], basket_count: 0, ...overrides }
}

export function userSession(overrides: Partial<Session> = {}): Session {
  return {
    authenticated: true,
    user: { username: 'alice', name: 'Alice Astro', email: 'alice@example.org', is_staff: false, identity_provider: 'local' },
    login_methods: [{ type: 'local' }],
    basket_count: 0,
    ...overrides,
  }
}

export function token(id: number, overrides: Partial<ApiToken> = {}): ApiToken {
  return {
    id,
    name: `token ${id}`,
    scope: 'read',
    prefix: `esap_ab${id}`,
    created: '2024-01-01T00:00:00Z',
    expires_at: '2099-01-01T00:00:00Z',
    last_used_at: null,
    revoked: false,
    ...overrides,
  }
}

export function basketItem(id: number, overrides: Partial<BasketItem> = {}): BasketItem {
  return {
    id,
    item_type: 'catalogue_row',
    connector_type: 'ivoa-tap',
    dataset: 'dachs-cat',
    archive: 'dachs',
    identifier: `SRC-${id}`,
    title: `Source ${id}`,
    metadata: {},
    notes: '',
    added: '2024-01-01T00:00:00Z',
    ...overrides,
  }
}

export function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    username: 'alice',
    name: 'Alice Astro',
    email: 'alice@example.org',
    identity_provider: 'local',
    groups: ['escape'],
    preferred_facilities: [],
    preferred_repositories: [],
    default_staging_destination: '',
    ...overrides,
  }
}
