import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Search } from '../../api/types'
import { userSession } from '../../test/accounts-fixtures'
import { run, search } from '../../test/fixtures'
import { jsonResponse, mockFetch, noContent, paginated, renderWithProviders } from '../../test/utils'
import { HistoryPage } from './HistoryPage'

describe('HistoryPage', () => {
  it('lists searches with summary and status counts; renames, saves, deletes and re-runs', async () => {
    let searches: Search[] = [
      search([run('dachs-cat', { row_count: 29 }), run('dachs-scs', { row_count: 29 }), run('broken', { status: 'error', row_count: 0 })], {
        id: 's1',
        totals: { datasets: 3, finished: 3, rows: 58, failed: 1 },
      }),
      search([run('dachs-cat')], { id: 's2', name: 'bright stars', saved: true, query: { kind: 'adql', cone: null, constraints: null, keyword: null, adql: 'SELECT TOP 5 * FROM tapstudy.cat' } }),
    ]
    const { calls } = mockFetch((call) => {
      const url = new URL(call.url, 'http://test')
      if (url.pathname === '/api/v1/auth/session/') return jsonResponse(userSession())
      if (url.pathname === '/api/v1/searches/' && call.method === 'GET') return jsonResponse(paginated(searches))
      const one = url.pathname.match(/^\/api\/v1\/searches\/(\w+)\/$/)
      if (one && call.method === 'PATCH') {
        const s = searches.find((x) => x.id === one[1])!
        Object.assign(s, call.body)
        return jsonResponse(s)
      }
      if (one && call.method === 'DELETE') {
        searches = searches.filter((x) => x.id !== one[1])
        return noContent()
      }
      if (url.pathname === '/api/v1/searches/s1/rerun/') return jsonResponse({ ...searches[0], id: 's3' }, 201)
      return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<HistoryPage />, {
      path: '/history',
      pattern: '/history',
      extraRoutes: [{ path: '/searches/:id', element: <div data-testid="results-here" /> }],
    })
    const entries = await screen.findAllByTestId('history-entry')
    expect(entries).toHaveLength(2)
    expect(within(entries[0]).getByTestId('history-open')).toHaveTextContent('cone RA 155°, Dec 0°, r 0.5°')
    expect(within(entries[0]).getByTestId('history-open')).toHaveAttribute('href', '/searches/s1')
    expect(within(entries[0]).getByTestId('history-status-ok')).toHaveTextContent('2 ok')
    expect(within(entries[0]).getByTestId('history-status-error')).toHaveTextContent('1 error')
    expect(within(entries[0]).getByTestId('history-status-counts')).toHaveTextContent('3 datasets · 58 rows')
    expect(within(entries[1]).getByTestId('history-open')).toHaveTextContent('bright stars')
    expect(within(entries[1]).getByTestId('history-summary')).toHaveTextContent('ADQL: SELECT TOP 5 * FROM tapstudy.cat')
    expect(entries[1]).toHaveAttribute('data-saved', 'true')

    // Rename.
    await user.click(within(entries[0]).getByTestId('history-rename'))
    await user.type(within(entries[0]).getByTestId('history-name-input'), 'my cone{Enter}')
    await waitFor(() => expect(within(screen.getAllByTestId('history-entry')[0]).getByTestId('history-open')).toHaveTextContent('my cone'))
    expect(calls.find((c) => c.method === 'PATCH')).toMatchObject({ url: '/api/v1/searches/s1/', body: { name: 'my cone' } })

    // Save (star).
    await user.click(within(screen.getAllByTestId('history-entry')[0]).getByTestId('history-save'))
    await waitFor(() => expect(screen.getAllByTestId('history-entry')[0]).toHaveAttribute('data-saved', 'true'))
    expect(calls.filter((c) => c.method === 'PATCH')[1].body).toEqual({ saved: true })

    // Delete, after confirmation.
    await user.click(within(screen.getAllByTestId('history-entry')[1]).getByTestId('history-delete'))
    await user.click(await screen.findByTestId('history-delete-confirm'))
    await waitFor(() => expect(screen.getAllByTestId('history-entry')).toHaveLength(1))
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/searches/s2/')).toBe(true)

    // Re-run opens the new search.
    await user.click(within(screen.getAllByTestId('history-entry')[0]).getByTestId('history-rerun'))
    await waitFor(() => expect(router.state.location.pathname).toBe('/searches/s3'))
  })
})
