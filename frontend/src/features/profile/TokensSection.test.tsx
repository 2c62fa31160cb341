import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { ApiToken } from '../../api/types'
import { token } from '../../test/accounts-fixtures'
import { jsonResponse, mockFetch, noContent, renderWithProviders } from '../../test/utils'
import { TokensSection } from './TokensSection'

const SECRET = 'esap_S3cr3tS3cr3tS3cr3tS3cr3t'

describe('TokensSection', () => {
  it('shows a new token’s secret once, in the dialog; the list never has it', async () => {
    let list: ApiToken[] = [token(1, { name: 'old one' })]
    const { calls } = mockFetch((call) => {
      if (call.url === '/api/v1/tokens/' && call.method === 'GET') return jsonResponse(list)
      if (call.url === '/api/v1/tokens/' && call.method === 'POST') {
        const created = token(2, { name: 'notebook', scope: 'read-write', prefix: 'esap_S3cr' })
        list = [created, ...list]
        return jsonResponse({ ...created, token: SECRET }, 201)
      }
      return jsonResponse({}, 404)
    })
    const user = userEvent.setup()
    renderWithProviders(<TokensSection />)
    expect(await screen.findAllByTestId('token-row')).toHaveLength(1)

    await user.click(screen.getByTestId('token-create'))
    const dialog = await screen.findByRole('dialog')
    await user.type(within(dialog).getByTestId('token-name'), 'notebook')
    await user.click(within(dialog).getByRole('radio', { name: 'Read & write' }))
    const expiry = within(dialog).getByTestId('token-expiry')
    await user.clear(expiry)
    await user.type(expiry, '30')
    await user.click(within(dialog).getByTestId('token-create-submit'))

    expect(await screen.findByTestId('token-secret')).toHaveTextContent(SECRET)
    expect(screen.getByTestId('token-once-warning')).toHaveTextContent(/only time/i)
    expect(screen.getByTestId('token-copy')).toBeInTheDocument()
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'notebook', scope: 'read-write', expires_in_days: 30 })

    // The list is fetched again: the new token appears, by its prefix only.
    await waitFor(() => expect(screen.getAllByTestId('token-row')).toHaveLength(2))
    expect(screen.getByTestId('tokens-table')).not.toHaveTextContent(SECRET)

    await user.click(screen.getByTestId('token-done'))
    await waitFor(() => expect(screen.queryByTestId('token-secret')).toBeNull())
    expect(document.body).not.toHaveTextContent(SECRET)
    // Opening the dialog again starts from an empty form, without the old secret.
    await user.click(screen.getByTestId('token-create'))
    expect(await screen.findByTestId('token-name')).toHaveValue('')
    expect(screen.queryByTestId('token-secret')).toBeNull()
    expect(document.body).not.toHaveTextContent(SECRET)
    // The Python example has a placeholder, never a real token.
    expect(screen.getByTestId('token-python-snippet')).toHaveTextContent('TOKEN = "esap_…"')
  })

  it('revokes a token after confirmation', async () => {
    let revoked = false
    const { calls } = mockFetch((call) => {
      if (call.url === '/api/v1/tokens/') return jsonResponse([token(7, { name: 'ci', revoked })])
      if (call.url === '/api/v1/tokens/7/' && call.method === 'DELETE') {
        revoked = true
        return noContent()
      }
      return jsonResponse({}, 404)
    })
    const user = userEvent.setup()
    renderWithProviders(<TokensSection />)
    await user.click(await screen.findByTestId('token-revoke'))
    await user.click(await screen.findByTestId('token-revoke-confirm'))
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/tokens/7/')).toBe(true))
    await waitFor(() => expect(screen.getByTestId('token-row')).toHaveAttribute('data-state', 'revoked'))
    expect(screen.queryByTestId('token-revoke')).toBeNull()
  })
})
