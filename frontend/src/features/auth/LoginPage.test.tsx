import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { anonymousSession, userSession } from '../../test/accounts-fixtures'
import { jsonResponse, mockFetch, renderWithProviders } from '../../test/utils'
import { LoginPage } from './LoginPage'

async function fillAndSubmit(password = 'wrong') {
  const user = userEvent.setup()
  await user.type(await screen.findByTestId('login-username'), 'alice')
  await user.type(screen.getByTestId('login-password'), password)
  await user.click(screen.getByTestId('login-submit'))
  return user
}

describe('LoginPage', () => {
  it('shows the API message of a 400 (wrong credentials) and stays on the page', async () => {
    const { calls } = mockFetch((call) => {
      if (call.url === '/api/v1/auth/session/') return jsonResponse(anonymousSession())
      if (call.url === '/api/v1/auth/login/') {
        return jsonResponse({ error: { code: 'invalid_credentials', message: 'Wrong username or password.' } }, 400)
      }
      return jsonResponse({}, 404)
    })
    renderWithProviders(<LoginPage />, { path: '/login?next=/basket', pattern: '/login' })
    await fillAndSubmit()
    expect(await screen.findByTestId('login-error')).toHaveTextContent('Wrong username or password.')
    expect(calls.find((c) => c.url === '/api/v1/auth/login/')?.body).toEqual({ username: 'alice', password: 'wrong' })
    // The password is cleared for the next attempt; the button is usable.
    expect(screen.getByTestId('login-password')).toHaveValue('')
    expect(screen.getByTestId('login-submit')).not.toBeDisabled()
  })

  it('shows "too many attempts, try again in N s" on 429 from Retry-After and blocks the button', async () => {
    mockFetch((call) => {
      if (call.url === '/api/v1/auth/session/') return jsonResponse(anonymousSession())
      if (call.url === '/api/v1/auth/login/') {
        return jsonResponse({ error: { code: 'throttled', message: 'Too many failed logins; try again later.' } }, 429, {
          'Retry-After': '30',
        })
      }
      return jsonResponse({}, 404)
    })
    renderWithProviders(<LoginPage />, { path: '/login', pattern: '/login' })
    await fillAndSubmit()
    const error = await screen.findByTestId('login-error')
    expect(error).toHaveTextContent(/too many attempts, try again in 30 s/i)
    expect(screen.getByTestId('login-submit')).toBeDisabled()
    // It counts down.
    await waitFor(() => expect(screen.getByTestId('login-error')).toHaveTextContent(/try again in 29 s/i), { timeout: 2500 })
  })

  it('signs in and returns to where the user was', async () => {
    let signedIn = false
    const { calls } = mockFetch((call) => {
      if (call.url === '/api/v1/auth/session/') return jsonResponse(signedIn ? userSession() : anonymousSession())
      if (call.url === '/api/v1/auth/login/') {
        signedIn = true
        return jsonResponse(userSession({ basket_count: 4 }))
      }
      return jsonResponse({}, 404)
    })
    const { router } = renderWithProviders(<LoginPage />, {
      path: '/login?next=%2Fsearches%2Fabc%3Ftab%3Ddachs-cat',
      pattern: '/login',
      extraRoutes: [{ path: '/searches/:id', element: <div data-testid="results-here" /> }],
    })
    await fillAndSubmit('secret')
    expect(await screen.findByTestId('results-here')).toBeInTheDocument()
    expect(router.state.location.pathname).toBe('/searches/abc')
    expect(router.state.location.search).toBe('?tab=dachs-cat')
    expect(calls.filter((c) => c.url === '/api/v1/auth/login/')).toHaveLength(1)
  })

  it('offers the OIDC provider, and never redirects off-site', async () => {
    mockFetch(() =>
      jsonResponse(
        anonymousSession({ login_methods: [{ type: 'local' }, { type: 'oidc', label: 'ESCAPE IAM', url: '/oidc/authenticate/' }] }),
      ),
    )
    renderWithProviders(<LoginPage />, { path: '/login?next=//evil.example.org', pattern: '/login' })
    const button = await screen.findByTestId('login-oidc')
    expect(button).toHaveTextContent('Sign in with ESCAPE IAM')
    expect(button).toHaveAttribute('href', '/oidc/authenticate/')
    expect(screen.getByTestId('login-form')).toBeInTheDocument()
  })
})
