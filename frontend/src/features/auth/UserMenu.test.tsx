import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { anonymousSession, userSession } from '../../test/accounts-fixtures'
import { jsonResponse, mockFetch, noContent, renderWithProviders } from '../../test/utils'
import { UserMenu } from './UserMenu'

describe('UserMenu', () => {
  it('anonymous: the basket count and "Sign in" back to the current page', async () => {
    mockFetch(() => jsonResponse(anonymousSession({ basket_count: 3 })))
    renderWithProviders(<UserMenu />, { path: '/searches/abc?tab=dachs-cat' })
    expect(await screen.findByTestId('sign-in')).toHaveAttribute('href', '/login?next=%2Fsearches%2Fabc%3Ftab%3Ddachs-cat')
    expect(screen.getByTestId('basket-count')).toHaveTextContent('3')
    expect(screen.getByTestId('nav-basket')).toHaveAttribute('href', '/basket')
  })

  it('signed in: the name with Profile, History and Sign out; signing out asks the session again', async () => {
    let signedIn = true
    const { calls } = mockFetch((call) => {
      if (call.url === '/api/v1/auth/logout/') {
        signedIn = false
        return noContent()
      }
      return jsonResponse(signedIn ? userSession({ basket_count: 12 }) : anonymousSession())
    })
    const user = userEvent.setup()
    renderWithProviders(<UserMenu />, { path: '/basket' })
    expect(await screen.findByTestId('user-name')).toHaveTextContent('Alice Astro')
    expect(screen.getByTestId('basket-count')).toHaveTextContent('12')
    await user.click(screen.getByTestId('user-menu'))
    expect(await screen.findByTestId('menu-profile')).toHaveAttribute('href', '/profile')
    expect(screen.getByTestId('menu-history')).toHaveAttribute('href', '/history')
    await user.click(screen.getByTestId('menu-signout'))
    expect(await screen.findByTestId('sign-in')).toBeInTheDocument()
    expect(screen.getByTestId('basket-count')).toHaveTextContent('0')
    expect(calls.find((c) => c.url === '/api/v1/auth/logout/')?.method).toBe('POST')
    await waitFor(() => expect(screen.getByTestId('signed-out')).toBeInTheDocument())
  })
})
