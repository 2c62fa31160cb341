import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Archive } from '../../api/types'
import { dataset } from '../../test/fixtures'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { ArchivesPage } from './ArchivesPage'

const ARCHIVES: Archive[] = [
  { slug: 'dachs', name: 'Local DaCHS', institute: 'GAVO', short_description: 'Test archive', long_description: '', documentation_url: '', logo_url: '', datasets: ['dachs-cat', 'dachs-scs'] },
  { slug: 'broken', name: 'Broken archive', institute: '', short_description: '', long_description: '', documentation_url: '', logo_url: '', datasets: ['broken-refused'] },
]
const DATASETS = [
  dataset('dachs-cat'),
  dataset('dachs-scs', { connector_type: 'ivoa-scs' }),
  dataset('broken-refused', { archive: 'broken', health: { ok: false, checked_at: null, latency_ms: null, error: 'refused' } }),
]

describe('ArchivesPage', () => {
  it('lists archives with their datasets and health, and filters by connector type on the server', async () => {
    const { calls } = mockFetch((call) => {
      if (call.url.startsWith('/api/v1/archives/')) return jsonResponse(paginated(ARCHIVES))
      const url = new URL(call.url, 'http://t')
      const type = url.searchParams.get('connector_type')
      return jsonResponse(paginated(type ? DATASETS.filter((d) => d.connector_type === type) : DATASETS))
    })
    renderWithProviders(<ArchivesPage />, { path: '/archives?connector_type=ivoa-scs', pattern: '/archives' })
    await waitFor(() => expect(screen.getByTestId('archive-dachs')).toBeInTheDocument())
    expect(calls.some((c) => c.url.includes('connector_type=ivoa-scs'))).toBe(true)
    expect(within(screen.getByTestId('archive-dachs')).getByTestId('dataset-dachs-scs')).toBeInTheDocument()
    expect(screen.queryByTestId('dataset-dachs-cat')).toBeNull()
    expect(screen.queryByTestId('archive-broken')).toBeNull()
  })

  it('shows health badges and sends the text filter', async () => {
    const { calls } = mockFetch((call) => {
      if (call.url.startsWith('/api/v1/archives/')) return jsonResponse(paginated(ARCHIVES))
      return jsonResponse(paginated(DATASETS))
    })
    const user = userEvent.setup()
    renderWithProviders(<ArchivesPage />, { path: '/archives', pattern: '/archives' })
    expect(await screen.findByTestId('health-dachs-cat')).toHaveAttribute('data-health', 'up')
    expect(screen.getByTestId('health-broken-refused')).toHaveAttribute('data-health', 'down')
    await user.type(screen.getByTestId('filter-text'), 'cat')
    await waitFor(() => expect(calls.some((c) => c.url.includes('search=cat'))).toBe(true))
  })

  it('shows an error when the archives cannot be loaded', async () => {
    mockFetch(() => jsonResponse({ error: { code: 'unavailable', message: 'Database down' } }, 503))
    renderWithProviders(<ArchivesPage />, { path: '/archives', pattern: '/archives' })
    expect(await screen.findAllByText('Database down', {}, { timeout: 4000 })).not.toHaveLength(0)
  })
})
