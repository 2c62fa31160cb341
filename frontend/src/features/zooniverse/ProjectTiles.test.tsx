import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { positionsOf, row, run, search } from '../../test/fixtures'
import { jsonResponse, mockFetch, renderWithProviders } from '../../test/utils'
import { ResultsPage } from '../results/ResultsPage'
import { projectRow } from './testFixtures'

/** A keyword search on a catalogue and on Zooniverse: projects are tiles beside the table. */
function backend({ ivoaRows = 1 } = {}) {
  const s = search(
    [
      run('dachs-cat', { row_count: ivoaRows }),
      run('zooniverse', { row_count: 2, connector_type: 'zooniverse', archive: 'zooniverse', archive_name: 'Zooniverse', dataset_name: 'Zooniverse projects', columns: [], export_formats: ['csv'] }),
    ],
    { query: { kind: 'keyword', cone: null, constraints: null, adql: null, keyword: 'galaxy' } },
  )
  const projects = [projectRow(11), projectRow(12, { thumbnail: null, fields: { project_id: 12, classifications_count: 5 } })]
  const all = [...(ivoaRows ? [row(1)] : []), ...projects]
  return mockFetch((call) => {
    const url = new URL(call.url, 'http://test')
    if (url.pathname === '/api/v1/searches/abc/') return jsonResponse(s)
    if (url.pathname === '/api/v1/searches/abc/results/') {
      const dataset = url.searchParams.get('dataset')
      const rows = dataset ? all.filter((r) => r.dataset === dataset) : all
      return jsonResponse({ count: rows.length, next: null, previous: null, results: rows })
    }
    if (url.pathname.endsWith('/positions/')) return jsonResponse(positionsOf(all, ['dachs-cat', 'zooniverse']))
    if (url.pathname === '/api/v1/basket/items/from-search/') return jsonResponse({ added: 1, existing: 0 }, 201)
    if (url.pathname === '/api/v1/auth/session/') return jsonResponse({ authenticated: false, user: null, login_methods: [], basket_count: 0 })
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.url}` } }, 404)
  })
}

describe('Zooniverse projects in the results', () => {
  it('the All tab shows a strip of project tiles next to the table, whose project rows link to the project page', async () => {
    backend()
    renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })
    const strip = await screen.findByTestId('zooniverse-strip-zooniverse')
    await waitFor(() => expect(within(strip).getAllByTestId('zooniverse-tile')).toHaveLength(2))
    const [first, second] = within(strip).getAllByTestId('zooniverse-tile')
    expect(first).toHaveAttribute('data-project', '11')
    expect(within(first).getByTestId('zooniverse-tile-title')).toHaveTextContent('Galaxy project 11')
    expect(within(first).getByTestId('zooniverse-tile-title')).toHaveAttribute('href', '/zooniverse/zooniverse/projects/11')
    expect(within(first).getByTestId('zooniverse-tile-image')).toHaveAttribute('src', 'https://panoptes-uploads.zooniverse.org/avatar/11.png')
    expect(within(first).getByTestId('zooniverse-tile-description')).toHaveTextContent('Galaxies number 11')
    expect(within(first).getByTestId('count-subjects')).toHaveTextContent('111 subjects')
    expect(within(first).getByTestId('count-classifications')).toHaveTextContent('2,011 classifications')
    expect(within(first).getByTestId('count-volunteers')).toHaveTextContent('41 volunteers')
    expect(within(first).getByTestId('zooniverse-tile-external')).toHaveAttribute('href', 'https://www.zooniverse.org/projects/team/galaxy-11')
    // No avatar: a placeholder.
    expect(within(second).getByTestId('zooniverse-tile-image')).toHaveAttribute('data-empty', 'true')

    // The merged table is still there (IVOA rows and the projects' rows, linked).
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(3))
    const links = screen.getAllByTestId('row-link')
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/zooniverse/zooniverse/projects/11', '/zooniverse/zooniverse/projects/12'])
  })

  it("the Zooniverse tab is a tile grid (no table); a tile's add-to-basket is a from-search of its row", async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderWithProviders(<ResultsPage />, { path: '/searches/abc?tab=zooniverse', pattern: '/searches/:id' })
    const grid = await screen.findByTestId('zooniverse-tiles-zooniverse')
    await waitFor(() => expect(within(grid).getAllByTestId('zooniverse-tile')).toHaveLength(2))
    const view = screen.getByTestId('results-view-zooniverse')
    expect(within(view).queryByTestId('result-row')).toBeNull()
    expect(within(view).queryByTestId('sky-panel')).toBeNull()
    expect(within(view).getByTestId('basket-add-all-zooniverse')).toHaveTextContent('Add all rows of this dataset (2)')

    await user.click(within(within(grid).getAllByTestId('zooniverse-tile')[1]).getByTestId('zooniverse-tile-add'))
    expect(await screen.findByTestId('basket-added')).toHaveTextContent('1 item added to your basket.')
    const post = calls.find((c) => c.method === 'POST')
    expect(post?.url).toBe('/api/v1/basket/items/from-search/')
    expect(post?.body).toEqual({ search: 'abc', dataset: 'zooniverse', rows: ['project:12'] })
  })

  it('"Show all" of the strip opens the Zooniverse tab', async () => {
    backend()
    const user = userEvent.setup()
    const { router } = renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })
    await screen.findByTestId('zooniverse-strip-zooniverse')
    // 2 projects fit in the strip: no "Show all".
    expect(screen.queryByTestId('zooniverse-strip-all-zooniverse')).toBeNull()
    await user.click(screen.getByTestId('results-tab-zooniverse'))
    await screen.findByTestId('zooniverse-tiles-zooniverse')
    expect(router.state.location.search).toBe('?tab=zooniverse')
  })

  it('"All" with no other rows: the tiles alone (no table repeating them)', async () => {
    backend({ ivoaRows: 0 })
    renderWithProviders(<ResultsPage />, { path: '/searches/abc', pattern: '/searches/:id' })
    const view = await screen.findByTestId('results-view-all')
    expect(view).toHaveAttribute('data-tiles-only', 'true')
    await waitFor(() => expect(within(view).getAllByTestId('zooniverse-tile')).toHaveLength(2))
    expect(screen.queryByTestId('result-row')).toBeNull()
    expect(screen.queryByTestId('sky-panel')).toBeNull()
  })

  it('leaves out the counts Panoptes did not give', async () => {
    backend()
    renderWithProviders(<ResultsPage />, { path: '/searches/abc?tab=zooniverse', pattern: '/searches/:id' })
    const grid = await screen.findByTestId('zooniverse-tiles-zooniverse')
    await waitFor(() => expect(within(grid).getAllByTestId('zooniverse-tile')).toHaveLength(2))
    const tile = within(grid).getAllByTestId('zooniverse-tile')[0]
    expect(within(tile).getAllByTestId(/^count-/)).toHaveLength(3)
    const sparse = within(grid).getAllByTestId('zooniverse-tile')[1]
    expect(within(sparse).getAllByTestId(/^count-/).map((b) => b.textContent)).toEqual(['5 classifications'])
  })
})
