import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { positionsOf, row, run, search } from '../../test/fixtures'
import { jsonResponse, mockFetch, renderWithProviders } from '../../test/utils'
import { ResultsPage } from '../results/ResultsPage'

function backend() {
  const s = search([run('dachs-cat', { row_count: 3 }), run('dachs-scs', { row_count: 1 })])
  const rows = [row(1), row(2), row(3), row(4, { dataset: 'dachs-scs', id: 'SCS-4' })]
  return mockFetch((call) => {
    if (call.url === '/api/v1/searches/abc/') return jsonResponse(s)
    if (call.url.startsWith('/api/v1/searches/abc/results/')) {
      const dataset = new URL(call.url, 'http://test').searchParams.get('dataset')
      const picked = rows.filter((r) => !dataset || r.dataset === dataset)
      return jsonResponse({ count: picked.length, next: null, previous: null, results: picked })
    }
    if (call.url.includes('/positions/')) return jsonResponse(positionsOf(rows, ['dachs-cat', 'dachs-scs']))
    if (call.url === '/api/v1/basket/items/from-search/') {
      const body = call.body as { rows?: string[]; all_rows?: boolean; as_query?: boolean }
      if (body.rows) return jsonResponse({ added: body.rows.length - 1, existing: 1 }, 201)
      if (body.all_rows) return jsonResponse({ added: 3, existing: 0 }, 201)
      return jsonResponse({ added: 1, existing: 0 }, 201)
    }
    if (call.url === '/api/v1/auth/session/') return jsonResponse({ authenticated: false, user: null, login_methods: [], basket_count: 3 })
    return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
  })
}

describe('Add to basket from the results', () => {
  it('adds the selected rows: one from-search POST per dataset with the row ids', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(4))
    const button = screen.getByTestId('basket-add-selected')
    expect(button).toBeDisabled()

    const resultRows = screen.getAllByTestId('result-row')
    await user.click(within(resultRows[0]).getByTestId('select-row'))
    await user.click(within(resultRows[2]).getByTestId('select-row'))
    await user.click(within(resultRows[3]).getByTestId('select-row'))
    expect(resultRows[0]).toHaveAttribute('data-selected', 'true')
    expect(button).toHaveTextContent('Add selected to basket (3)')
    await user.click(button)

    await waitFor(() => expect(calls.filter((c) => c.url === '/api/v1/basket/items/from-search/')).toHaveLength(2))
    const bodies = calls.filter((c) => c.url === '/api/v1/basket/items/from-search/').map((c) => c.body)
    expect(bodies).toEqual([
      { search: 'abc', dataset: 'dachs-cat', rows: ['SRC-1', 'SRC-3'] },
      { search: 'abc', dataset: 'dachs-scs', rows: ['SCS-4'] },
    ])
    expect(calls.find((c) => c.url === '/api/v1/basket/items/from-search/')?.method).toBe('POST')
    // Added / already there: (2-1) + (1-1) added, 1 + 1 existing.
    expect(await screen.findByTestId('basket-added')).toHaveTextContent('1 item added to your basket (2 were already in it).')
    // The selection is cleared afterwards.
    await waitFor(() => expect(screen.getByTestId('basket-add-selected')).toBeDisabled())
  })

  it('the page checkbox selects every row of the page', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderWithProviders(<ResultsPage />, { path: '/searches/abc?tab=dachs-cat', pattern: '/searches/:id' })
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(3))
    await user.click(screen.getByTestId('select-page'))
    await user.click(screen.getByTestId('basket-add-selected'))
    await waitFor(() =>
      expect(calls.find((c) => c.url === '/api/v1/basket/items/from-search/')?.body).toEqual({
        search: 'abc',
        dataset: 'dachs-cat',
        rows: ['SRC-1', 'SRC-2', 'SRC-3'],
      }),
    )
  })

  it('per dataset: adds all rows, or saves the query', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderWithProviders(<ResultsPage />, { path: '/searches/abc?tab=dachs-cat', pattern: '/searches/:id' })
    await user.click(await screen.findByTestId('basket-add-all-dachs-cat'))
    expect(await screen.findByTestId('basket-added')).toHaveTextContent('3 items added to your basket.')
    await user.click(screen.getByTestId('basket-add-query-dachs-cat'))
    await waitFor(() => expect(screen.getAllByTestId('basket-added')).toHaveLength(2))
    expect(calls.filter((c) => c.url === '/api/v1/basket/items/from-search/').map((c) => c.body)).toEqual([
      { search: 'abc', dataset: 'dachs-cat', all_rows: true },
      { search: 'abc', dataset: 'dachs-cat', as_query: true },
    ])
    // The All tab has no per-dataset actions.
    expect(screen.queryByTestId('basket-add-all-dachs-scs')).toBeNull()
  })
})
