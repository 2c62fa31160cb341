import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { dataset, run, search } from '../../test/fixtures'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { SearchPage } from './SearchPage'

const DATASETS = [
  dataset('dachs-cat'),
  dataset('dachs-scs', { connector_type: 'ivoa-scs', capabilities: { query_kinds: ['cone'], export_formats: ['votable'], async_jobs: false, describe: false, staging: false } }),
  dataset('broken-refused', { archive: 'broken', archive_name: 'Broken' }),
  dataset('disabled-one', { enabled: false }),
]

const FAILED_ADQL = search(
  [run('dachs-cat', { status: 'error', row_count: 0, error: { code: 'bad_query', message: "The archive rejected the query: column 'nosuch' could not be located" } })],
  { id: 'old', query: { kind: 'adql', cone: null, constraints: [], adql: 'SELECT nosuch FROM tapstudy.cat', keyword: null } },
)

function backend(onPost?: (body: unknown) => Response) {
  return mockFetch((call) => {
    if (call.method === 'GET' && call.url.startsWith('/api/v1/datasets/?')) return jsonResponse(paginated(DATASETS))
    if (call.method === 'GET' && call.url.startsWith('/api/v1/datasets/dachs-cat/tables/')) {
      return jsonResponse({
        tables: [
          {
            name: 'tapstudy.cat',
            description: 'Synthetic catalogue',
            columns: [
              { name: 'ra', datatype: 'double', unit: 'deg', ucd: 'pos.eq.ra;meta.main', description: 'Right ascension' },
              { name: 'mag', datatype: 'real', unit: 'mag', ucd: 'phot.mag', description: 'Magnitude' },
            ],
          },
        ],
      })
    }
    if (call.method === 'POST' && call.url === '/api/v1/searches/') {
      return onPost ? onPost(call.body) : jsonResponse(search([]), 201)
    }
    if (call.method === 'GET' && call.url === '/api/v1/searches/old/') return jsonResponse(FAILED_ADQL)
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.method} ${call.url}` } }, 404)
  })
}

function renderSearch(path = '/search') {
  return renderWithProviders(<SearchPage />, {
    path,
    pattern: '/search',
    extraRoutes: [{ path: '/searches/:id', element: <div data-testid="results-route" /> }],
  })
}

describe('search form', () => {
  it('shows an inline error for a bad RA and sends no request', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderSearch()
    await screen.findByTestId('pick-dataset-dachs-cat')

    await user.type(screen.getByTestId('input-ra'), '400')
    await user.type(screen.getByTestId('input-dec'), '0')
    await user.click(screen.getByTestId('submit-search'))

    expect(await screen.findByText('RA must be between 0 and 360 degrees')).toBeInTheDocument()
    expect(screen.getByTestId('input-ra')).toHaveAttribute('aria-invalid', 'true')
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  it('lists enabled datasets grouped by archive, all selected by default', async () => {
    backend()
    renderSearch()
    const picker = await screen.findByTestId('dataset-picker')
    expect(within(picker).getByTestId('pick-dataset-dachs-cat')).toBeChecked()
    expect(within(picker).getByTestId('pick-dataset-broken-refused')).toBeChecked()
    expect(within(picker).queryByTestId('pick-dataset-disabled-one')).toBeNull()
    expect(within(picker).getByText('DaCHS')).toBeInTheDocument()
    expect(within(picker).getByText('Broken')).toBeInTheDocument()
  })

  it('posts a cone search (datasets omitted when all are selected) and opens the results', async () => {
    const { calls } = backend(() => jsonResponse(search([], { id: 'new-id' }), 201))
    const user = userEvent.setup()
    const { router } = renderSearch()
    await screen.findByTestId('pick-dataset-dachs-cat')

    await user.type(screen.getByTestId('input-ra'), '155')
    await user.type(screen.getByTestId('input-dec'), '0')
    await user.clear(screen.getByTestId('input-radius'))
    await user.type(screen.getByTestId('input-radius'), '0.5')
    await user.click(screen.getByTestId('submit-search'))

    await screen.findByTestId('results-route')
    expect(router.state.location.pathname).toBe('/searches/new-id')
    const post = calls.find((c) => c.method === 'POST')
    expect(post?.body).toEqual({ cone: { ra: 155, dec: 0, radius: 0.5 } })
  })

  it('sends sexagesimal positions in degrees and only the chosen datasets', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderSearch('/search?datasets=dachs-cat')
    await screen.findByTestId('pick-dataset-dachs-cat')
    expect(screen.getByTestId('pick-dataset-dachs-scs')).not.toBeChecked()

    await user.type(screen.getByTestId('input-ra'), '10:20:00 -00:30:00')
    await user.tab() // blur splits the pasted pair
    expect(screen.getByTestId('input-dec')).toHaveValue('-00:30:00')
    await user.click(screen.getByTestId('submit-search'))

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const body = calls.find((c) => c.method === 'POST')?.body as { cone: { ra: number; dec: number }; datasets: string[] }
    expect(body.cone.ra).toBeCloseTo(155)
    expect(body.cone.dec).toBeCloseTo(-0.5)
    expect(body.datasets).toEqual(['dachs-cat'])
  })

  it('attaches a backend field error to its field', async () => {
    backend(() => jsonResponse({ error: { code: 'invalid', message: 'Radius too large for this archive.', field: 'cone.radius' } }, 400))
    const user = userEvent.setup()
    renderSearch()
    await screen.findByTestId('pick-dataset-dachs-cat')
    await user.type(screen.getByTestId('input-ra'), '155')
    await user.type(screen.getByTestId('input-dec'), '0')
    await user.click(screen.getByTestId('submit-search'))

    expect(await screen.findByText('Radius too large for this archive.')).toBeInTheDocument()
    expect(screen.getByTestId('input-radius')).toHaveAttribute('aria-invalid', 'true')
  })

  it('shows a backend error without field as a form error', async () => {
    backend(() => jsonResponse({ error: { code: 'unavailable', message: 'Search service is down.' } }, 503))
    const user = userEvent.setup()
    renderSearch()
    await screen.findByTestId('pick-dataset-dachs-cat')
    await user.type(screen.getByTestId('input-ra'), '155')
    await user.type(screen.getByTestId('input-dec'), '0')
    await user.click(screen.getByTestId('submit-search'))
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Search service is down.')
  })

  it('ADQL tab: the schema browser inserts a clicked column into the query', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderSearch('/search?tab=adql&dataset=dachs-cat')
    const textarea = (await screen.findByTestId('adql-text')) as HTMLTextAreaElement
    expect(textarea.value).toContain('FROM tapstudy.cat')
    await screen.findByTestId('schema-table-tapstudy.cat')
    textarea.setSelectionRange(0, 0)
    await user.click(await screen.findByTestId('insert-column-mag'))
    expect(textarea.value.startsWith('mag')).toBe(true)

    await user.click(screen.getByTestId('submit-adql'))
    expect(screen.getByText('An ADQL query starts with SELECT')).toBeInTheDocument()
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  it('ADQL tab: a query the archive rejects stays in the form, with the error under the text', async () => {
    const { calls } = backend(() => jsonResponse({ ...FAILED_ADQL, id: 'new-id' }, 201))
    const user = userEvent.setup()
    const { router } = renderSearch('/search?tab=adql&dataset=dachs-cat')
    const textarea = (await screen.findByTestId('adql-text')) as HTMLTextAreaElement
    await user.clear(textarea)
    await user.type(textarea, 'SELECT nosuch FROM tapstudy.cat')
    await user.click(screen.getByTestId('submit-adql'))

    const message = await screen.findByTestId('adql-run-error')
    expect(message).toHaveTextContent("column 'nosuch' could not be located")
    expect(textarea).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByTestId('adql-run-link')).toHaveAttribute('href', '/searches/new-id')
    expect(router.state.location.pathname).toBe('/search')
    // The server may wait for the run, so that the error can be shown here.
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ datasets: ['dachs-cat'], adql: 'SELECT nosuch FROM tapstudy.cat', wait: 10 })
  })

  it('ADQL tab: editing an earlier search fills in its query and shows its error', async () => {
    backend()
    renderSearch('/search?tab=adql&dataset=dachs-cat&from=old')
    const textarea = (await screen.findByTestId('adql-text')) as HTMLTextAreaElement
    await waitFor(() => expect(textarea.value).toBe('SELECT nosuch FROM tapstudy.cat'))
    expect(await screen.findByTestId('adql-run-error')).toHaveAttribute('data-code', 'bad_query')
  })
})
