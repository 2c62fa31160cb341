import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { anonymousSession, profile, userSession } from '../../test/accounts-fixtures'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { ProfilePage } from './ProfilePage'

describe('ProfilePage', () => {
  it('shows the profile and saves only the changed preferences (PATCH)', async () => {
    let current = profile({ preferred_facilities: ['jhub'] })
    const { calls } = mockFetch((call) => {
      if (call.url === '/api/v1/auth/session/') return jsonResponse(userSession())
      if (call.url === '/api/v1/profile/' && call.method === 'GET') return jsonResponse(current)
      if (call.url === '/api/v1/profile/' && call.method === 'PATCH') {
        current = { ...current, ...(call.body as object) }
        return jsonResponse(current)
      }
      if (call.url.startsWith('/api/v1/analysis/facilities/')) {
        return jsonResponse(paginated([{ slug: 'jhub', name: 'JupyterHub' }, { slug: 'dirac', name: 'DIRAC' }]))
      }
      if (call.url.startsWith('/api/v1/analysis/repositories/')) return jsonResponse(paginated([{ slug: 'zenodo', name: 'Zenodo' }]))
      if (call.url === '/api/v1/tokens/') return jsonResponse([])
      return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
    })
    const user = userEvent.setup()
    renderWithProviders(<ProfilePage />, { path: '/profile', pattern: '/profile' })
    expect(await screen.findByTestId('profile-name')).toHaveValue('Alice Astro')
    expect(screen.getByTestId('profile-email')).toHaveValue('alice@example.org')
    expect(screen.getByTestId('profile-idp')).toHaveTextContent('local')
    expect(screen.getByTestId('profile-groups')).toHaveTextContent('escape')
    expect(screen.getByTestId('profile-save')).toBeDisabled()
    expect(await screen.findByTestId('tokens-empty')).toBeInTheDocument()

    await user.click(screen.getByTestId('profile-repositories'))
    await user.click(await screen.findByRole('option', { name: 'Zenodo', hidden: true }))
    await user.type(screen.getByTestId('profile-destination'), 'my-storage')
    await user.click(screen.getByTestId('profile-save'))
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true))
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      preferred_repositories: ['zenodo'],
      default_staging_destination: 'my-storage',
    })
    expect(await screen.findByTestId('profile-saved')).toBeInTheDocument()
  })

  it('asks anonymous users to sign in', async () => {
    mockFetch(() => jsonResponse(anonymousSession()))
    renderWithProviders(<ProfilePage />, { path: '/profile', pattern: '/profile' })
    expect(await screen.findByTestId('profile-sign-in')).toHaveAttribute('href', '/login?next=%2Fprofile')
  })
})
