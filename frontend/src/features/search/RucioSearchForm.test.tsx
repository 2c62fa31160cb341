import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { dataset, search } from '../../test/fixtures'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { SearchPage } from './SearchPage'

const RUCIO = dataset('rucio-lake', {
  name: 'ESCAPE data lake',
  archive: 'escape-datalake',
  archive_name: 'ESCAPE data lake',
  connector_type: 'rucio',
  capabilities: { query_kinds: ['keyword'], export_formats: ['csv'], async_jobs: false, describe: false, staging: true },
})

function backend(datasets = [dataset('dachs-cat'), RUCIO], onPost?: (body: unknown) => Response) {
  return mockFetch((call) => {
    if (call.method === 'GET' && call.url.startsWith('/api/v1/datasets/?')) return jsonResponse(paginated(datasets))
    if (call.method === 'POST' && call.url === '/api/v1/searches/') return onPost ? onPost(call.body) : jsonResponse(search([]), 201)
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.method} ${call.url}` } }, 404)
  })
}

const renderSearch = (path = '/search') =>
  renderWithProviders(<SearchPage />, {
    path,
    pattern: '/search',
    extraRoutes: [{ path: '/searches/:id', element: <div data-testid="results-route" /> }],
  })

describe('Data lake (Rucio) search tab', () => {
  it('is there only when a Rucio dataset is', async () => {
    backend([dataset('dachs-cat')])
    renderSearch()
    await screen.findByTestId('pick-dataset-dachs-cat')
    expect(screen.queryByTestId('tab-rucio')).toBeNull()
  })

  it('posts a did search to the Rucio datasets and opens the results', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    const { router } = renderSearch()
    await user.click(await screen.findByTestId('tab-rucio'))
    expect(router.state.location.search).toBe('?tab=rucio')
    // Only the Rucio datasets are offered.
    expect(screen.getByTestId('pick-dataset-rucio-lake')).toBeChecked()
    expect(screen.queryByTestId('pick-dataset-dachs-cat')).toBeNull()

    await user.type(screen.getByTestId('rucio-pattern'), 'user.*:*calib*')
    await user.click(screen.getByTestId('rucio-type'))
    await user.click(await screen.findByRole('option', { name: 'Datasets', hidden: true }))
    await user.click(screen.getByTestId('rucio-add-metadata'))
    await user.type(screen.getByTestId('rucio-metadata-0-key'), 'obs_year')
    await user.click(screen.getByTestId('rucio-metadata-0-op'))
    await user.click(await screen.findByRole('option', { name: '≥', hidden: true }))
    await user.type(screen.getByTestId('rucio-metadata-0-value'), '2024')
    await user.type(screen.getByTestId('rucio-created-after'), '2024-01-01')
    await user.click(screen.getByTestId('rucio-submit'))

    await screen.findByTestId('results-route')
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      datasets: ['rucio-lake'],
      did: {
        pattern: 'user.*:*calib*',
        type: 'dataset',
        metadata: [{ key: 'obs_year', op: 'ge', value: 2024 }],
        created_after: '2024-01-01T00:00:00Z',
      },
    })
  })

  it('shows the API error next to the field it names', async () => {
    backend(undefined, () =>
      jsonResponse({ error: { code: 'bad_query', message: 'Unknown operator.', field: 'did.metadata[0].key' } }, 400),
    )
    const user = userEvent.setup()
    renderSearch('/search?tab=rucio')
    await user.type(await screen.findByTestId('rucio-pattern'), '*calib*')
    await user.click(screen.getByTestId('rucio-add-metadata'))
    await user.type(screen.getByTestId('rucio-metadata-0-key'), 'telescope')
    await user.type(screen.getByTestId('rucio-metadata-0-value'), 'LOFAR')
    await user.click(screen.getByTestId('rucio-submit'))
    await waitFor(() => expect(within(screen.getByTestId('rucio-metadata-0')).getByText('Unknown operator.')).toBeInTheDocument())
    expect(screen.queryByTestId('results-route')).toBeNull()
  })
})
