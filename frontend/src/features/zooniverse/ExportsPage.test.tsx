import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { visibleNavItems } from '../../app/navigation'
import { anonymousSession, userSession } from '../../test/accounts-fixtures'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { EXPORT_POLL_MS } from './api'
import { ExportsPage } from './ExportsPage'
import { exportRecord } from './testFixtures'
import type { ExportRecord } from './types'

const PENDING = exportRecord()
const READY = exportRecord({
  id: 'ready-1',
  project_id: 77,
  project_name: 'Old project',
  state: 'ready',
  ready_at: '2024-04-01T10:00:00Z',
  checked_at: '2024-04-01T10:00:00Z',
  download_url: 'https://panoptes-uploads.zooniverse.org/exports/77.csv',
})

function backend({ signedIn = true, readyAfter = Infinity } = {}) {
  let listCalls = 0
  let refreshed = false
  const pending = () => (refreshed || listCalls > readyAfter ? { ...PENDING, state: 'ready' as const, download_url: 'https://x.test/a.csv' } : PENDING)
  return mockFetch((call) => {
    const url = new URL(call.url, 'http://test')
    if (url.pathname === '/api/v1/auth/session/') return jsonResponse(signedIn ? userSession() : anonymousSession())
    if (url.pathname === '/api/v1/zooniverse/exports/') {
      listCalls += 1
      return jsonResponse(paginated<ExportRecord>([pending(), READY]))
    }
    if (url.pathname === `/api/v1/zooniverse/exports/${PENDING.id}/`) {
      refreshed = url.searchParams.get('refresh') === 'true'
      return jsonResponse({ ...PENDING, state: 'ready', checked_at: '2024-05-01T10:05:00Z', download_url: 'https://x.test/a.csv' })
    }
    if (url.pathname === '/api/v1/zooniverse/exports/ready-1/basket/' && call.method === 'POST') return jsonResponse({ added: 1, existing: 0 }, 201)
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.method} ${call.url}` } }, 404)
  })
}

const renderPage = () => renderWithProviders(<ExportsPage />, { path: '/zooniverse/exports', pattern: '/zooniverse/exports' })

describe('Zooniverse exports page', () => {
  afterEach(() => vi.useRealTimers())

  it('lists the exports with their state; a ready one downloads and goes to the basket', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderPage()
    const rows = await screen.findAllByTestId('zooniverse-export-row')
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['pending', 'ready'])
    expect(within(rows[0]).getByTestId('zooniverse-export-state')).toHaveTextContent('pending')
    expect(within(rows[0]).getByTestId('zooniverse-export-project')).toHaveAttribute('href', '/zooniverse/zooniverse/projects/1234')
    expect(within(rows[0]).queryByTestId('zooniverse-export-download')).toBeNull()
    expect(within(rows[1]).getByTestId('zooniverse-export-download')).toHaveAttribute('href', '/api/v1/zooniverse/exports/ready-1/download/')
    expect(within(rows[1]).queryByTestId('zooniverse-export-refresh')).toBeNull()

    await user.click(within(rows[1]).getByTestId('zooniverse-export-basket'))
    expect(await screen.findByTestId('basket-added')).toHaveTextContent('1 item added to your basket.')
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/v1/zooniverse/exports/ready-1/basket/')).toBe(true)
  })

  it('"Check now" asks with ?refresh=true and shows the new state', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderPage()
    const rows = await screen.findAllByTestId('zooniverse-export-row')
    await user.click(within(rows[0]).getByTestId('zooniverse-export-refresh'))
    await waitFor(() => expect(calls.some((c) => c.url === `/api/v1/zooniverse/exports/${PENDING.id}/?refresh=true`)).toBe(true))
    await waitFor(() => expect(screen.getAllByTestId('zooniverse-export-row')[0]).toHaveAttribute('data-state', 'ready'))
  })

  it(`refetches every ${EXPORT_POLL_MS / 1000} s while an export is pending, and stops when none is`, async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const { calls } = backend({ readyAfter: 2 })
    renderPage()
    await screen.findAllByTestId('zooniverse-export-row')
    const lists = () => calls.filter((c) => c.url.startsWith('/api/v1/zooniverse/exports/?')).length
    expect(lists()).toBe(1)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS + 50)
    })
    await waitFor(() => expect(lists()).toBe(2))
    await act(async () => {
      await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS + 50)
    })
    await waitFor(() => expect(screen.getAllByTestId('zooniverse-export-row')[0]).toHaveAttribute('data-state', 'ready'))
    const settled = lists()
    await act(async () => {
      await vi.advanceTimersByTimeAsync(3 * EXPORT_POLL_MS)
    })
    expect(lists()).toBe(settled)
  })

  it('anonymous visitors are asked to sign in; the nav entry is for signed-in users', async () => {
    backend({ signedIn: false })
    renderPage()
    expect(await screen.findByTestId('zooniverse-exports-sign-in')).toBeInTheDocument()
    expect(visibleNavItems(true).map((i) => i.testId)).toContain('nav-zooniverse-exports')
    expect(visibleNavItems(false).map((i) => i.testId)).not.toContain('nav-zooniverse-exports')
  })
})
