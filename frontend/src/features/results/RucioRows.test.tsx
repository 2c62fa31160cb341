import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { positionsOf, row, run, search } from '../../test/fixtures'
import { jsonResponse, mockFetch, renderWithProviders } from '../../test/utils'
import { ResultsPage } from './ResultsPage'

/** A search with a catalogue and a Rucio data lake: DID rows link to their page. */
function backend() {
  const s = search([
    run('dachs-cat', { row_count: 1 }),
    run('rucio-lake', { row_count: 2, connector_type: 'rucio', archive: 'escape-datalake', columns: [], export_formats: ['csv', 'json'] as never }),
  ])
  const didRow = (did: string, bytes: number, length: number) =>
    row(0, {
      dataset: 'rucio-lake',
      archive: 'escape-datalake',
      id: did,
      title: did,
      ra: null,
      dec: null,
      size: bytes,
      dataproduct_type: 'dataset',
      fields: { scope: did.split(':')[0], name: did.split(':')[1], did_type: 'DATASET', bytes, length },
    })
  const rows = [row(1), didRow('user.alice:alice_calib_flats_2024', 4096, 4), didRow('user.bob:dir/bob_calib_bias', 3072, 3)]
  return mockFetch((call) => {
    if (call.url === '/api/v1/searches/abc/') return jsonResponse(s)
    if (call.url.startsWith('/api/v1/searches/abc/results/')) return jsonResponse({ count: rows.length, next: null, previous: null, results: rows })
    if (call.url.includes('/positions/')) return jsonResponse(positionsOf(rows, ['dachs-cat', 'rucio-lake']))
    if (call.url === '/api/v1/basket/items/from-search/') return jsonResponse({ added: 1, existing: 0 }, 201)
    if (call.url === '/api/v1/auth/session/') return jsonResponse({ authenticated: false, user: null, login_methods: [], basket_count: 0 })
    return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
  })
}

describe('Rucio rows in the results', () => {
  it('link the DID to its page; other rows are plain', async () => {
    backend()
    renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(3))
    const rows = screen.getAllByTestId('result-row')
    expect(within(rows[0]).queryByTestId('row-link')).toBeNull()
    expect(within(rows[1]).getByTestId('row-link')).toHaveAttribute('href', '/rucio/rucio-lake/did/user.alice/alice_calib_flats_2024')
    expect(within(rows[2]).getByTestId('row-link')).toHaveAttribute('href', '/rucio/rucio-lake/did/user.bob/dir%2Fbob_calib_bias')
  })

  it('the data lake tab exports CSV and JSON (NDJSON)', async () => {
    backend()
    const user = userEvent.setup()
    renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })
    await user.click(await screen.findByTestId('results-tab-rucio-lake'))
    expect(await screen.findByTestId('export-json-rucio-lake')).toHaveAttribute('href', '/api/v1/searches/abc/export/?dataset=rucio-lake&format=json')
    expect(screen.getByTestId('export-csv-rucio-lake')).toBeInTheDocument()
    expect(screen.queryByTestId('export-votable-rucio-lake')).toBeNull()
  })

  it('add selected: one from-search POST per dataset (the backend makes DID rows rucio_did items)', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(3))
    await user.click(screen.getByTestId('select-page'))
    await user.click(screen.getByTestId('basket-add-selected'))
    expect(await screen.findByTestId('basket-added')).toHaveTextContent('2 items added to your basket.')
    expect(calls.filter((c) => c.url === '/api/v1/basket/items/from-search/').map((c) => c.body)).toEqual([
      { search: 'abc', dataset: 'dachs-cat', rows: ['SRC-1'] },
      { search: 'abc', dataset: 'rucio-lake', rows: ['user.alice:alice_calib_flats_2024', 'user.bob:dir/bob_calib_bias'] },
    ])
  })

  it('a data identifier search shows no sky plot and no empty RA/Dec columns', async () => {
    const s = search([run('rucio-lake', { row_count: 1, connector_type: 'rucio', archive: 'escape-datalake', columns: [] })], {
      query: { kind: 'did', cone: null, constraints: null, adql: null, keyword: null } as never,
    })
    const did = row(0, { dataset: 'rucio-lake', archive: 'escape-datalake', id: 'user.alice:f1', title: 'user.alice:f1', ra: null, dec: null, size: 10 })
    const { calls } = mockFetch((call) => {
      if (call.url === '/api/v1/searches/abc/') return jsonResponse(s)
      if (call.url.startsWith('/api/v1/searches/abc/results/')) return jsonResponse({ count: 1, next: null, previous: null, results: [did] })
      if (call.url.includes('/positions/')) return jsonResponse(positionsOf([], ['rucio-lake']))
      return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
    })
    renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(1))
    await waitFor(() => expect(calls.some((c) => c.url.includes('/positions/'))).toBe(true))
    expect(screen.getByTestId('sort-size')).toBeInTheDocument()
    expect(screen.queryByTestId('sort-ra')).toBeNull()
    expect(screen.queryByTestId('sky-panel')).toBeNull()
  })
})
