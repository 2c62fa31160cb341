import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse, mockFetch, renderWithProviders } from '../../test/utils'
import { doneRequest, stagingItem, stagingRequest } from '../rucio/testFixtures'
import type { StagingRequest } from '../rucio/types'
import { STAGING_POLL_MS } from './api'
import { StagingPage } from './StagingPage'

function backend(answers: StagingRequest[], extra?: (method: string, url: string) => Response | null) {
  let index = 0
  return mockFetch((call) => {
    const other = extra?.(call.method, call.url)
    if (other) return other
    if (call.method === 'GET' && call.url === '/api/v1/rucio/staging/req-1/') {
      const answer = answers[Math.min(index, answers.length - 1)]
      index += 1
      return jsonResponse(answer)
    }
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.method} ${call.url}` } }, 404)
  })
}

const renderPage = () => renderWithProviders(<StagingPage />, { path: '/staging/req-1', pattern: '/staging/:id' })
const gets = (calls: { method: string; url: string }[]) => calls.filter((c) => c.method === 'GET' && c.url === '/api/v1/rucio/staging/req-1/').length

describe('StagingPage', () => {
  afterEach(() => vi.useRealTimers())

  it('shows the state, the total and per-item progress, reused rules and item errors', async () => {
    backend([
      stagingRequest({
        items: [
          stagingItem(),
          stagingItem({
            did: 'user.bob:bob_calib_bias',
            rule_id: '',
            rule_state: '',
            locks_ok: 0,
            locks_replicating: 0,
            bytes_done: 0,
            error: { code: 'quota_exceeded', message: 'No room left on COMPUTE-NEAR-DISK.', rucio: 'InsufficientAccountLimit' },
          }),
          stagingItem({ did: 'user.carol:c', reused: true, rule_state: 'OK', locks_ok: 4, locks_replicating: 0, bytes_done: 1200 }),
        ],
      }),
    ])
    renderPage()
    const state = await screen.findByTestId('staging-state')
    expect(state).toHaveAttribute('data-state', 'replicating')
    expect(screen.getByTestId('staging-progress')).toHaveAttribute('data-value', '43')
    expect(screen.getByTestId('staging-progress-percent')).toHaveTextContent('43 %')
    expect(screen.getByTestId('staging-progress-bytes')).toHaveTextContent('800 B of 2.0 kB')
    const items = screen.getAllByTestId('staging-item')
    expect(items).toHaveLength(3)
    expect(within(items[0]).getByTestId('staging-item-progress')).toHaveAttribute('data-value', '25')
    expect(within(items[0]).getByTestId('staging-item-rule-state')).toHaveTextContent('REPLICATING')
    expect(within(items[0]).getByTestId('staging-item-did')).toHaveAttribute('href', '/rucio/rucio-lake/did/user.alice/alice_calib_flats_2024')
    expect(within(items[1]).getByTestId('staging-item-error')).toHaveTextContent(
      'No room left on COMPUTE-NEAR-DISK. (InsufficientAccountLimit) · quota_exceeded',
    )
    expect(within(items[2]).getByTestId('staging-item-reused')).toBeInTheDocument()
    expect(within(items[2]).getByTestId('staging-item-progress')).toHaveAttribute('data-value', '100')
    expect(screen.getByTestId('staging-polling')).toBeInTheDocument()
  })

  it('refetches every 2 s while replicating and stops once done', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const { calls } = backend([stagingRequest(), stagingRequest({ state: 'replicating' }), doneRequest()])
    renderPage()
    expect(await screen.findByTestId('staging-state')).toHaveAttribute('data-state', 'replicating')
    await act(async () => {
      await vi.advanceTimersByTimeAsync(STAGING_POLL_MS + 50)
    })
    await waitFor(() => expect(gets(calls)).toBe(2))
    await act(async () => {
      await vi.advanceTimersByTimeAsync(STAGING_POLL_MS + 50)
    })
    await waitFor(() => expect(screen.getByTestId('staging-state')).toHaveAttribute('data-state', 'done'))
    expect(screen.getByTestId('staging-done')).toBeInTheDocument()
    expect(screen.getByTestId('staging-progress')).toHaveAttribute('data-value', '100')
    for (const item of screen.getAllByTestId('staging-item-progress')) expect(item).toHaveAttribute('data-value', '100')
    const after = gets(calls)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3 * STAGING_POLL_MS)
    })
    expect(gets(calls)).toBe(after)
    expect(screen.queryByTestId('staging-polling')).toBeNull()
  })

  it('"Refresh now" posts refresh; "Cancel" asks first, then posts cancel and shows the cancelled state', async () => {
    const { calls } = backend([stagingRequest()], (method, url) => {
      if (method === 'POST' && url === '/api/v1/rucio/staging/req-1/refresh/') return jsonResponse(stagingRequest({ refreshed_at: '2024-04-01T11:00:00Z' }))
      if (method === 'POST' && url === '/api/v1/rucio/staging/req-1/cancel/') return jsonResponse(stagingRequest({ state: 'cancelled' }))
      return null
    })
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByTestId('staging-refresh'))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/refresh/'))).toBe(true))

    await user.click(screen.getByTestId('staging-cancel'))
    expect(calls.some((c) => c.url.endsWith('/cancel/'))).toBe(false)
    await user.click(await screen.findByTestId('staging-cancel-confirm'))
    await waitFor(() => expect(screen.getByTestId('staging-state')).toHaveAttribute('data-state', 'cancelled'))
    expect(calls.filter((c) => c.method === 'POST' && c.url === '/api/v1/rucio/staging/req-1/cancel/')).toHaveLength(1)
    expect(screen.getByTestId('staging-cancelled-note')).toBeInTheDocument()
    expect(screen.getByTestId('staging-cancel')).toBeDisabled()
  })

  it('a failed request is red with its error; a missing one says so', async () => {
    backend([
      stagingRequest({ state: 'failed', error: { code: 'rule_stuck', message: 'A rule is stuck.', rucio: '' } }),
    ])
    renderPage()
    expect(await screen.findByTestId('staging-state')).toHaveAttribute('data-state', 'failed')
    expect(screen.getByTestId('staging-failed')).toHaveTextContent('A rule is stuck.')
  })

  it('404 → not found', async () => {
    mockFetch(() => jsonResponse({ error: { code: 'not_found', message: 'No such staging request.' } }, 404))
    renderPage()
    expect(await screen.findByText('Staging request not found')).toBeInTheDocument()
  })

  it('401 → a sign-in link back to the request', async () => {
    mockFetch(() => jsonResponse({ error: { code: 'not_authenticated', message: 'Sign in first.' } }, 401))
    renderPage()
    expect(await screen.findByTestId('staging-sign-in')).toHaveAttribute('href', '/login?next=%2Fstaging%2Freq-1')
  })
})
