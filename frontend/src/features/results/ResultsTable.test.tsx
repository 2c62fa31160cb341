import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { ResultOrdering, ResultRow } from '../../api/types'
import { positionsOf, row, run, search } from '../../test/fixtures'
import { jsonResponse, mockFetch, renderPlain, renderWithProviders } from '../../test/utils'
import { archiveColumns } from './columns'
import { ResultsTable } from './ResultsTable'
import { accessLabel, nextOrdering } from './ordering'
import { ResultsView } from './ResultsView'

describe('ResultsTable', () => {
  it('clicking a header asks for that ordering, clicking again reverses it', async () => {
    const user = userEvent.setup()
    const onChange = vi.fn()
    function Harness() {
      const [ordering, setOrdering] = useState<ResultOrdering | undefined>()
      return (
        <ResultsTable
          rows={[row(1), row(2)]}
          ordering={ordering}
          onOrderingChange={(o) => {
            onChange(o)
            setOrdering(o)
          }}
        />
      )
    }
    renderPlain(<Harness />)
    await user.click(screen.getByTestId('sort-ra'))
    expect(onChange).toHaveBeenLastCalledWith('ra')
    expect(screen.getByTestId('sort-ra').closest('th')).toHaveAttribute('aria-sort', 'ascending')
    await user.click(screen.getByTestId('sort-ra'))
    expect(onChange).toHaveBeenLastCalledWith('-ra')
    expect(screen.getByTestId('sort-ra').closest('th')).toHaveAttribute('aria-sort', 'descending')
    await user.click(screen.getByTestId('sort-title'))
    expect(onChange).toHaveBeenLastCalledWith('title')
    expect(screen.getByTestId('sort-ra').closest('th')).toHaveAttribute('aria-sort', 'none')
  })

  it('computes orderings and access labels', () => {
    expect(nextOrdering(undefined, 'dec')).toBe('dec')
    expect(nextOrdering('dec', 'dec')).toBe('-dec')
    expect(nextOrdering('-dec', 'dec')).toBe('dec')
    expect(accessLabel(row(1, { format: 'image/fits', access_url: 'http://x' }))).toBe('Download')
    expect(accessLabel(row(1, { format: 'text/html', access_url: 'http://x' }))).toBe('Open')
  })

  it('shows the dataset column, access links and archive columns', () => {
    renderPlain(
      <ResultsTable
        rows={[row(1, { access_url: 'http://example.org/f.fits', format: 'image/fits', thumbnail: 'http://example.org/t.png' })]}
        onOrderingChange={() => {}}
        showDataset
        datasetNames={{ 'dachs-cat': 'Catalogue' }}
        fieldColumns={[{ name: 'mag', datatype: 'double', unit: 'mag', ucd: 'phot.mag', description: 'Magnitude' }]}
      />,
    )
    expect(screen.getByTestId('sort-dataset')).toBeInTheDocument()
    const r = screen.getByTestId('result-row')
    expect(within(r).getByText('Catalogue')).toBeInTheDocument()
    expect(within(r).getByTestId('access-link')).toHaveTextContent('Download')
    expect(within(r).getByTestId('access-link')).toHaveAttribute('href', 'http://example.org/f.fits')
    expect(r.querySelector('img')).toHaveAttribute('src', 'http://example.org/t.png')
    expect(r.querySelector('[data-col="field:mag"]')).toHaveTextContent('13')
    expect(r.querySelector('[data-col="field:mag"]')).toHaveStyle({ textAlign: 'right' })
    expect(screen.getByTestId('column-mag')).toHaveTextContent('mag[mag]')
    expect(screen.getByTestId('column-mag')).toHaveAttribute('title', 'Magnitude\nUCD: phot.mag\ntype: double')
  })

  it('leaves out empty common columns on request', () => {
    renderPlain(<ResultsTable rows={[row(1, { format: null, size: null })]} onOrderingChange={() => {}} hideEmptyCommon />)
    expect(screen.getByTestId('sort-ra')).toBeInTheDocument()
    expect(screen.queryByTestId('sort-format')).toBeNull()
    expect(screen.queryByTestId('sort-size')).toBeNull()
  })

  it('archive columns: the run\'s columns in order, then any other field', () => {
    const cols = archiveColumns(
      [{ name: 'mag', datatype: 'double', unit: 'mag', ucd: null, description: null }],
      [row(1, { fields: { mag: 1, flag: 2 } })],
    )
    expect(cols.map((c) => [c.name, c.unit])).toEqual([
      ['mag', 'mag'],
      ['flag', null],
    ])
  })
})

/** Answers results (paged) and positions (all rows) of search `abc`. */
function backendFor(rows: ResultRow[], datasets = ['dachs-cat']) {
  return mockFetch((call) => {
    const url = new URL(call.url, 'http://test')
    const dataset = url.searchParams.get('dataset')
    const mine = dataset ? rows.filter((r) => r.dataset === dataset) : rows
    if (url.pathname === '/api/v1/searches/abc/positions/') return jsonResponse(positionsOf(mine, datasets))
    if (url.pathname === '/api/v1/searches/abc/results/') {
      const page = Number(url.searchParams.get('page') ?? '1')
      const size = Number(url.searchParams.get('page_size') ?? '25')
      return jsonResponse({ count: mine.length, next: null, previous: null, results: mine.slice((page - 1) * size, page * size) })
    }
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.url}` } }, 404)
  })
}

describe('ResultsView (one dataset tab)', () => {
  it('sends the ordering and page to the API when a header or page is clicked; the sky plot shows all rows', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(i))
    const { calls } = backendFor(rows)
    const resultCalls = () => calls.filter((c) => c.url.includes('/results/'))
    const user = userEvent.setup()
    const r = run('dachs-cat', { row_count: 30 })
    renderWithProviders(<ResultsView search={search([r])} run={r} colors={{ 'dachs-cat': '#f00' }} names={{}} />)

    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(25))
    expect(resultCalls()[0].url).toBe('/api/v1/searches/abc/results/?dataset=dachs-cat&page=1&page_size=25')
    expect(calls.some((c) => c.url === '/api/v1/searches/abc/positions/?dataset=dachs-cat')).toBe(true)
    await waitFor(() => expect(screen.getByTestId('sky-plot')).toHaveAttribute('data-count', '30'))
    expect(screen.getByTestId('sky-points-dachs-cat')).toHaveAttribute('stroke', '#f00')
    expect(screen.getByTestId('export-votable-dachs-cat')).toHaveAttribute(
      'href',
      '/api/v1/searches/abc/export/?dataset=dachs-cat&format=votable',
    )

    await user.click(screen.getByTestId('sort-ra'))
    await waitFor(() => expect(resultCalls().at(-1)?.url).toContain('ordering=ra'))
    await user.click(screen.getByTestId('sort-ra'))
    await waitFor(() => expect(resultCalls().at(-1)?.url).toContain('ordering=-ra'))

    await user.click(screen.getByTestId('pager-page-2'))
    await waitFor(() => expect(resultCalls().at(-1)?.url).toContain('page=2'))
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(5))
    // Paging does not change the plot: it shows every row, and is not fetched again.
    expect(screen.getByTestId('sky-plot')).toHaveAttribute('data-count', '30')
    expect(calls.filter((c) => c.url.includes('/positions/'))).toHaveLength(1)
  })

  it("shows the archive's own columns with their units, and hides empty common columns", async () => {
    backendFor([row(1), row(2)])
    const user = userEvent.setup()
    const r = run('dachs-cat', {
      row_count: 2,
      columns: [
        { name: 'mag', datatype: 'double', unit: 'mag', ucd: 'phot.mag', description: 'Magnitude' },
        { name: 'name', datatype: 'char', unit: null, ucd: 'meta.id', description: null },
      ],
    })
    renderWithProviders(<ResultsView search={search([r])} run={r} colors={{}} names={{}} />)
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(2))
    expect(screen.getByTestId('column-mag')).toHaveTextContent('mag[mag]')
    expect(screen.getByTestId('column-name')).toHaveTextContent(/^name$/)
    expect(screen.getAllByTestId('result-row')[0].querySelector('[data-col="field:mag"]')).toHaveTextContent('13')
    expect(screen.queryByTestId('sort-format')).toBeNull()
    await user.click(screen.getByTestId('toggle-fields'))
    expect(screen.queryByTestId('column-mag')).toBeNull()
  })

  it('warns that more rows exist and points to the export', async () => {
    backendFor([row(1)])
    const r = run('dachs-cat', { status: 'overflow', overflow: true, row_count: 1 })
    renderWithProviders(<ResultsView search={search([r])} run={r} colors={{}} names={{}} />)
    expect(await screen.findByTestId('overflow-warning')).toHaveTextContent('More rows exist')
    expect(screen.getByTestId('overflow-warning')).toHaveTextContent('Export for the full result')
  })

  it('says how many positions are plotted when the plot is truncated', async () => {
    const rows = [row(1), row(2)]
    mockFetch((call) =>
      call.url.includes('/positions/')
        ? jsonResponse(positionsOf(rows.slice(0, 1), ['dachs-cat'], true))
        : jsonResponse({ count: 2, next: null, previous: null, results: rows }),
    )
    const r = run('dachs-cat', { row_count: 2 })
    renderWithProviders(<ResultsView search={search([r])} run={r} colors={{}} names={{}} />)
    expect(await screen.findByTestId('sky-truncated')).toHaveTextContent('Showing the first 1 positions of 2 rows')
  })

  it('offers only the export formats of the run', async () => {
    backendFor([])
    const r = run('dachs-scs', { export_formats: ['votable'] })
    renderWithProviders(<ResultsView search={search([r])} run={r} colors={{}} names={{}} />)
    expect(await screen.findByTestId('export-votable-dachs-scs')).toBeInTheDocument()
    expect(screen.queryByTestId('export-csv-dachs-scs')).toBeNull()
  })

  it('shows the error of a failed run instead of a table', () => {
    const { calls } = mockFetch(() => jsonResponse({}))
    const r = run('broken-refused', { status: 'error', error: { code: 'archive_error', message: 'Connection refused' } })
    renderWithProviders(<ResultsView search={search([r])} run={r} colors={{}} names={{}} />)
    expect(screen.getByTestId('run-error')).toHaveTextContent('Connection refused')
    expect(screen.queryByTestId('export-votable-broken-refused')).toBeNull()
    expect(screen.queryByTestId('edit-adql')).toBeNull()
    expect(calls).toHaveLength(0)
  })

  it('links a failed ADQL run back to the form', () => {
    mockFetch(() => jsonResponse({}))
    const r = run('dachs-cat', { status: 'error', error: { code: 'bad_query', message: 'No such field' } })
    const s = search([r], { query: { kind: 'adql', cone: null, constraints: [], adql: 'SELECT x FROM t', keyword: null } })
    renderWithProviders(<ResultsView search={s} run={r} colors={{}} names={{}} />)
    expect(screen.getByTestId('edit-adql')).toHaveAttribute('href', '/search?tab=adql&dataset=dachs-cat&from=abc')
  })
})
