/**
 * Header navigation. Each feature adds its entry here (future: analysis); the basket,
 * sign-in and the user's menu (profile, history) are in features/auth/UserMenu. `external` links
 * leave the SPA (Django pages).
 */
export interface NavItem {
  label: string
  to: string
  external?: boolean
  /** Extra path prefixes that mark this item active. */
  activeFor?: string[]
  /** Shown to signed-in users only. */
  signedIn?: boolean
  testId: string
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'Search', to: '/search', activeFor: ['/', '/searches'], testId: 'nav-search' },
  { label: 'Archives', to: '/archives', testId: 'nav-archives' },
  { label: 'Registry', to: '/registry', testId: 'nav-registry' },
  { label: 'History', to: '/history', testId: 'nav-history' },
  { label: 'Staging', to: '/staging', signedIn: true, testId: 'nav-staging' },
  { label: 'Zooniverse exports', to: '/zooniverse/exports', signedIn: true, testId: 'nav-zooniverse-exports' },
  { label: 'Admin', to: '/admin/', external: true, testId: 'nav-admin' },
]

/** The entries for this visitor (`signedIn` ones only when signed in). */
export function visibleNavItems(authenticated: boolean): NavItem[] {
  return NAV_ITEMS.filter((item) => !item.signedIn || authenticated)
}

export function isActive(item: NavItem, pathname: string): boolean {
  if (item.external) return false
  if (pathname === item.to || pathname.startsWith(`${item.to}/`)) return true
  return (item.activeFor ?? []).some((prefix) =>
    prefix === '/' ? pathname === '/' : pathname === prefix || pathname.startsWith(`${prefix}/`),
  )
}
