import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { ResultOrdering } from '../../api/types'
import { row, run, search } from '../../test/fixtures'
import { jsonResponse, mockFetch, renderPlain, renderWithProviders } from '../../test/utils'
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
        extraColumns={['mag']}
      />,
    )
    expect(screen.getByTestId('sort-dataset')).toBeInTheDocument()
    const r = screen.getByTestId('result-row')
    expect(within(r).getByText('Catalogue')).toBeInTheDocument()
    expect(within(r).getByTestId('access-link')).toHaveTextContent('Download')
    expect(within(r).getByTestId('access-link')).toHaveAttribute('href', 'http://example.org/f.fits')
    expect(r.querySelector('img')).toHaveAttribute('src', 'http://example.org/t.png')
    expect(r.querySelector('[data-col="field:mag"]')).toHaveTextContent('13')
  })
})

describe('ResultsView (one dataset tab)', () => {
  it('sends the ordering and page to the API when a header or page is clicked', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => row(i))
    const { calls } = mockFetch((call) => {
      const url = new URL(call.url, 'http://test')
      const page = Number(url.searchParams.get('page') ?? '1')
      const size = Number(url.searchParams.get('page_size') ?? '25')
      return jsonResponse({ count: rows.length, next: null, previous: null, results: rows.slice((page - 1) * size, page * size) })
    })
    const user = userEvent.setup()
    const r = run('dachs-cat', { row_count: 30 })
    renderWithProviders(<ResultsView search={search([r])} run={r} colors={{ 'dachs-cat': '#f00' }} names={{}} />)

    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(25))
    expect(calls[0].url).toContain('/api/v1/searches/abc/results/?dataset=dachs-cat&page=1&page_size=25')
    expect(screen.getByTestId('export-votable-dachs-cat')).toHaveAttribute(
      'href',
      '/api/v1/searches/abc/export/?dataset=dachs-cat&format=votable',
    )

    await user.click(screen.getByTestId('sort-ra'))
    await waitFor(() => expect(calls.at(-1)?.url).toContain('ordering=ra'))
    await user.click(screen.getByTestId('sort-ra'))
    await waitFor(() => expect(calls.at(-1)?.url).toContain('ordering=-ra'))

    await user.click(screen.getByTestId('pager-page-2'))
    await waitFor(() => expect(calls.at(-1)?.url).toContain('page=2'))
    await waitFor(() => expect(screen.getAllByTestId('result-row')).toHaveLength(5))
    expect(screen.getAllByTestId('sky-point')).toHaveLength(5)
  })

  it('offers only the export formats of the run', async () => {
    mockFetch(() => jsonResponse({ count: 0, next: null, previous: null, results: [] }))
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
    expect(calls).toHaveLength(0)
  })
})
