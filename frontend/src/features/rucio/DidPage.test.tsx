import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { userSession } from '../../test/accounts-fixtures'
import { dataset } from '../../test/fixtures'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { DidPage } from './DidPage'
import { destinations, did } from './testFixtures'

const api = (view: string) => `/api/v1/rucio/rucio-lake/${view}/user.alice/alice_calib_flats_2024/`
const BASE = api('dids')
const FILES = [1, 2, 3, 4].map((i) => ({
  scope: 'user.alice',
  name: `flat_${i}.fits`,
  did: `user.alice:flat_${i}.fits`,
  bytes: 1_048_576,
  adler32: `0000000${i}`,
  md5: null,
  events: null,
}))

function backend() {
  return mockFetch((call) => {
    const url = new URL(call.url, 'http://test')
    const path = url.pathname
    if (path === '/api/v1/auth/session/') return jsonResponse(userSession())
    if (path === '/api/v1/datasets/') {
      return jsonResponse(paginated([dataset('rucio-lake', { name: 'ESCAPE data lake', connector_type: 'rucio', archive: 'escape-datalake' })]))
    }
    if (path === BASE) return jsonResponse(did())
    if (path === api('contents')) return jsonResponse({ count: 4, next_page: null, count_capped: false, page: 1, page_size: 25, results: FILES.map(({ scope, name, did, bytes }) => ({ scope, name, did, bytes, type: 'FILE' })) })
    if (path === api('files')) return jsonResponse({ count: 4, count_capped: false, page: 1, page_size: 25, next_page: null, results: FILES })
    if (path === api('replicas')) {
      return jsonResponse({
        rses: [
          { rse: 'SITE-A-DISK', state: 'complete', files: 4, available_files: 4, available_bytes: 4_194_304, total_files: 4, total_bytes: 4_194_304 },
          { rse: 'SITE-B-DISK', state: 'partial', files: 2, available_files: 1, available_bytes: 1_048_576, total_files: 4, total_bytes: 4_194_304 },
        ],
        count: 4,
        count_capped: false,
        page: 1,
        page_size: 25,
        next_page: null,
        results: FILES.map((f, i) => ({
          did: f.did,
          scope: f.scope,
          name: f.name,
          bytes: f.bytes,
          replicas: [
            {
              rse: 'SITE-A-DISK',
              state: 'AVAILABLE',
              pfns: [`https://site-a.test/${f.name}`],
              download_url: i === 0 ? `https://site-a.test/${f.name}` : null,
            },
          ],
        })),
      })
    }
    if (path === api('rules')) {
      return jsonResponse({
        results: [
          {
            id: 'r1',
            account: 'esap',
            rse_expression: 'COMPUTE-NEAR-DISK',
            state: 'STUCK',
            locks_ok: 2,
            locks_replicating: 1,
            locks_stuck: 1,
            created_at: '2024-04-01T00:00:00Z',
            expires_at: null,
            copies: 1,
            grouping: 'DATASET',
          },
        ],
      })
    }
    if (path === '/api/v1/rucio/rucio-lake/destinations/') return jsonResponse(destinations())
    if (path === '/api/v1/basket/items/' && call.method === 'POST') return jsonResponse({ added: 1, existing: 0 }, 201)
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.method} ${call.url}` } }, 404)
  })
}

function renderPage(path = '/rucio/rucio-lake/did/user.alice/alice_calib_flats_2024') {
  return renderWithProviders(<DidPage />, { path, pattern: '/rucio/:dataset/did/:scope/*' })
}

describe('DidPage', () => {
  it('shows the header, metadata and WebUI link, and the contents first', async () => {
    backend()
    renderPage()
    expect(await screen.findByTestId('did-title')).toHaveTextContent('user.alice:alice_calib_flats_2024')
    expect(screen.getByTestId('did-type')).toHaveTextContent('DATASET')
    expect(screen.getByTestId('did-size')).toHaveTextContent('4.0 MB')
    expect(screen.getByTestId('did-length')).toHaveTextContent('4')
    expect(screen.getByTestId('did-account')).toHaveTextContent('alice')
    expect(screen.getByTestId('did-webui')).toHaveAttribute('href', expect.stringContaining('scope=user.alice'))
    const rows = screen.getAllByTestId('did-metadata-row')
    expect(rows.map((r) => r.getAttribute('data-key'))).toEqual(['obs_year', 'telescope'])
    expect(rows[1]).toHaveTextContent('LOFAR')
    const contents = await screen.findAllByTestId('did-content-row')
    expect(contents).toHaveLength(4)
    // Children link to their own DID page.
    expect(within(contents[0]).getByRole('link')).toHaveAttribute('href', '/rucio/rucio-lake/did/user.alice/flat_1.fits')
  })

  it('files, replicas (with states and download links) and rules tabs', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderPage()
    await screen.findByTestId('did-title')

    await user.click(screen.getByTestId('did-tab-files'))
    const files = await screen.findAllByTestId('did-file-row')
    expect(files.map((f) => f.getAttribute('data-name'))).toEqual(['flat_1.fits', 'flat_2.fits', 'flat_3.fits', 'flat_4.fits'])
    expect(calls.some((c) => c.url.startsWith(`${api('files')}?`) && c.url.includes('page=1') && c.url.includes('page_size=25'))).toBe(true)

    await user.click(screen.getByTestId('did-tab-replicas'))
    const rses = await screen.findAllByTestId('did-rse')
    expect(rses.map((r) => r.getAttribute('data-rse'))).toEqual(['SITE-A-DISK', 'SITE-B-DISK'])
    expect(within(rses[0]).getByTestId('did-rse-state')).toHaveTextContent('complete')
    expect(rses[0]).toHaveTextContent('4 / 4')
    expect(rses[1]).toHaveTextContent('1 / 4')
    expect(within(screen.getAllByTestId('did-replica-row')[0]).getByTestId('did-file-replica-state')).toHaveTextContent('AVAILABLE')
    expect(screen.getAllByTestId('did-replica-row')).toHaveLength(4)
    const downloads = screen.getAllByTestId('did-download')
    expect(downloads).toHaveLength(1)
    expect(downloads[0]).toHaveAttribute('href', 'https://site-a.test/flat_1.fits')

    await user.click(screen.getByTestId('did-tab-rules'))
    const rule = await screen.findByTestId('did-rule-row')
    expect(within(rule).getByTestId('did-rule-state')).toHaveAttribute('data-state', 'STUCK')
    expect(within(rule).getByTestId('did-rule-locks')).toHaveTextContent('2 OK1 replicating1 stuck')
  })

  it('adds the DID to the basket as a rucio_did item', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByTestId('did-add-to-basket'))
    expect(await screen.findByTestId('basket-added')).toHaveTextContent('1 item added to your basket.')
    expect(calls.find((c) => c.method === 'POST' && c.url === '/api/v1/basket/items/')?.body).toEqual({
      items: [
        {
          item_type: 'rucio_did',
          dataset: 'rucio-lake',
          identifier: 'user.alice:alice_calib_flats_2024',
          title: 'user.alice:alice_calib_flats_2024',
          metadata: { did_type: 'DATASET', bytes: 4_194_304, length: 4 },
        },
      ],
    })
  })

  it('encodes a name holding "/" as %2F in the API path, and shows a 404 clearly', async () => {
    const { calls } = mockFetch(() => jsonResponse({ error: { code: 'did_not_found', message: 'DID not found.' } }, 404))
    renderPage('/rucio/rucio-lake/did/user.alice/dir%2Fsub%2Ffile.fits')
    expect(await screen.findByTestId('error-alert')).toHaveTextContent('DID not found.')
    expect(screen.getByText('user.alice:dir/sub/file.fits was not found')).toBeInTheDocument()
    await waitFor(() =>
      expect(calls.some((c) => c.url === '/api/v1/rucio/rucio-lake/dids/user.alice/dir%2Fsub%2Ffile.fits/')).toBe(true),
    )
  })

  it('opens the staging dialog for this DID', async () => {
    backend()
    const user = userEvent.setup()
    renderPage()
    await user.click(await screen.findByTestId('did-stage'))
    expect(await screen.findByTestId('stage-summary')).toHaveTextContent('1 DID, 4.0 MB in total from ESCAPE data lake')
  })
})
