import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { positionsOf, row, run, search } from '../../test/fixtures'
import { jsonResponse, mockFetch, renderWithProviders } from '../../test/utils'
import { ResultsPage } from './ResultsPage'

describe('ResultsPage', () => {
  it('polls the search until complete and updates the chips live', async () => {
    const running = search(
      [run('dachs-cat', { status: 'running', row_count: 0 }), run('broken-refused', { status: 'pending', row_count: 0 })],
      { complete: false, totals: { datasets: 2, finished: 0, rows: 0, failed: 0 } },
    )
    const done = search(
      [
        run('dachs-cat', { status: 'ok', row_count: 2 }),
        run('broken-refused', { status: 'error', row_count: 0, error: { code: 'archive_error', message: 'refused' } }),
      ],
      { complete: true, totals: { datasets: 2, finished: 2, rows: 2, failed: 1 } },
    )
    let polls = 0
    const { calls } = mockFetch((call) => {
      if (call.url === '/api/v1/searches/abc/') {
        polls += 1
        return jsonResponse(polls < 2 ? running : done)
      }
      if (call.url.startsWith('/api/v1/searches/abc/results/')) {
        return jsonResponse({ count: 2, next: null, previous: null, results: [row(1), row(2)] })
      }
      if (call.url.startsWith('/api/v1/searches/abc/positions/')) {
        // Before the catalogue has finished: nothing; after: both rows.
        return jsonResponse(positionsOf(polls < 2 ? [] : [row(1), row(2)], ['dachs-cat', 'broken-refused']))
      }
      return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
    })
    renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })

    expect(await screen.findByTestId('status-chip-dachs-cat')).toHaveAttribute('data-status', 'running')
    await waitFor(() => expect(screen.getByTestId('status-chip-dachs-cat')).toHaveAttribute('data-status', 'ok'), {
      timeout: 4000,
    })
    expect(screen.getByTestId('status-chip-broken-refused')).toHaveAttribute('data-status', 'error')
    expect(screen.getByTestId('search-state')).toHaveTextContent('complete')
    // "All" tab: merged rows with a dataset column, one point per row.
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(2))
    expect(screen.getByTestId('sort-dataset')).toBeInTheDocument()
    // The sky plot of all rows is fetched again when runs finish.
    await waitFor(() => expect(screen.getByTestId('sky-plot')).toHaveAttribute('data-count', '2'))
    expect(screen.getByTestId('sky-legend-dachs-cat')).toHaveTextContent('DACHS-CAT (2)')
    expect(calls.filter((c) => c.url === '/api/v1/searches/abc/positions/').length).toBeGreaterThanOrEqual(1)
    // Polling stops once complete.
    const after = calls.filter((c) => c.url === '/api/v1/searches/abc/').length
    await new Promise((r) => setTimeout(r, 1000))
    expect(calls.filter((c) => c.url === '/api/v1/searches/abc/').length).toBe(after)
  })

  it('switches to a dataset tab and re-runs the search', async () => {
    const s = search([run('dachs-cat', { status: 'ok', row_count: 2 })])
    const { calls } = mockFetch((call) => {
      if (call.method === 'POST' && call.url === '/api/v1/searches/abc/rerun/') return jsonResponse({ ...s, id: 'def' }, 201)
      if (call.url.startsWith('/api/v1/searches/abc/results/') || call.url.startsWith('/api/v1/searches/def/results/')) {
        return jsonResponse({ count: 2, next: null, previous: null, results: [row(1), row(2)] })
      }
      if (call.url.includes('/positions/')) return jsonResponse(positionsOf([row(1), row(2)], ['dachs-cat']))
      if (call.url === '/api/v1/searches/abc/') return jsonResponse(s)
      if (call.url === '/api/v1/searches/def/') return jsonResponse({ ...s, id: 'def' })
      return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
    })
    const user = userEvent.setup()
    const { router } = renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })
    await user.click(await screen.findByTestId('results-tab-dachs-cat'))
    await waitFor(() => expect(calls.some((c) => c.url.includes('results/?dataset=dachs-cat'))).toBe(true))
    await waitFor(() => expect(calls.some((c) => c.url.includes('positions/?dataset=dachs-cat'))).toBe(true))
    expect(await screen.findByTestId('sky-points-dachs-cat')).toHaveAttribute('data-count', '2')
    expect(await screen.findByTestId('export-csv-dachs-cat')).toBeInTheDocument()
    expect(screen.queryByTestId('sort-dataset')).toBeNull()

    await user.click(screen.getByTestId('rerun'))
    await waitFor(() => expect(router.state.location.pathname).toBe('/searches/def'))
  })

  it('explains a missing search', async () => {
    mockFetch(() => jsonResponse({ error: { code: 'not_found', message: 'No such search.' } }, 404))
    renderWithProviders(<ResultsPage />, { path: '/searches/zzz', pattern: '/searches/:id' })
    expect(await screen.findByText('Search not found (it may have expired)')).toBeInTheDocument()
    expect(screen.getByText('No such search.')).toBeInTheDocument()
  })
})
