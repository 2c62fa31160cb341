import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { BasketItem } from '../../api/types'
import { basketItem, userSession } from '../../test/accounts-fixtures'
import { dataset } from '../../test/fixtures'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { destinations, stagingRequest } from '../rucio/testFixtures'
import { BasketPage } from './BasketPage'

const rucioItem = (id: number, did: string, bytes: number, length: number) =>
  basketItem(id, {
    item_type: 'rucio_did',
    connector_type: 'rucio',
    dataset: 'rucio-lake',
    archive: 'escape-datalake',
    identifier: did,
    title: did,
    metadata: { did_type: 'DATASET', bytes, length },
  })

const ITEMS: BasketItem[] = [
  basketItem(1),
  rucioItem(2, 'user.alice:alice_calib_flats_2024', 4_194_304, 4),
  rucioItem(3, 'user.bob:bob_calib_bias', 2_097_152, 3),
]

function backend() {
  return mockFetch((call) => {
    const url = new URL(call.url, 'http://test')
    if (url.pathname === '/api/v1/auth/session/') return jsonResponse(userSession({ basket_count: ITEMS.length }))
    if (url.pathname === '/api/v1/datasets/') {
      return jsonResponse(paginated([dataset('dachs-cat'), dataset('rucio-lake', { name: 'ESCAPE data lake', connector_type: 'rucio' })]))
    }
    if (url.pathname === '/api/v1/basket/items/' && call.method === 'GET') {
      const type = url.searchParams.get('item_type')
      return jsonResponse(paginated(ITEMS.filter((i) => !type || i.item_type === type)))
    }
    if (url.pathname === '/api/v1/rucio/rucio-lake/destinations/') return jsonResponse(destinations())
    if (url.pathname === '/api/v1/rucio/staging/' && call.method === 'POST') return jsonResponse(stagingRequest({ id: 'from-basket' }), 201)
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.method} ${call.url}` } }, 404)
  })
}

const renderBasket = () =>
  renderWithProviders(<BasketPage />, {
    path: '/basket',
    pattern: '/basket',
    extraRoutes: [{ path: '/staging/:id', element: <div data-testid="staging-route" /> }],
  })

describe('Rucio DIDs in the basket', () => {
  it('shows a rucio_did item with its DID link, type, size and files', async () => {
    backend()
    renderBasket()
    const rows = await screen.findAllByTestId('basket-item')
    const item = within(rows[1]).getByTestId('basket-item-rucio-did')
    expect(within(rows[1]).getByTestId('basket-item-type')).toHaveTextContent('Rucio DID')
    expect(within(item).getByTestId('basket-item-title')).toHaveAttribute('href', '/rucio/rucio-lake/did/user.alice/alice_calib_flats_2024')
    expect(within(item).getByTestId('basket-item-did-type')).toHaveTextContent('DATASET')
    expect(within(item).getByTestId('basket-item-size')).toHaveTextContent('4.0 MB')
    expect(within(item).getByTestId('basket-item-length')).toHaveTextContent('4 files')
    // Only Rucio items can be selected for staging.
    expect(within(rows[0]).queryByTestId('basket-item-select')).toBeNull()
  })

  it('"Stage…" stages all Rucio items, or the selected ones, by basket item id', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    const { router } = renderBasket()
    const stage = await screen.findByTestId('basket-stage')
    expect(stage).toHaveTextContent('Stage… (2)')
    const rows = await screen.findAllByTestId('basket-item')
    await user.click(within(rows[2]).getByTestId('basket-item-select'))
    await waitFor(() => expect(screen.getByTestId('basket-stage')).toHaveTextContent('Stage… (1)'))
    await user.click(within(rows[2]).getByTestId('basket-item-select'))
    await user.click(screen.getByTestId('basket-stage'))
    expect(await screen.findByTestId('stage-summary')).toHaveTextContent('2 DIDs, 6.0 MB in total from ESCAPE data lake')
    await user.click(await screen.findByTestId('stage-destination'))
    await user.click(await screen.findByRole('option', { name: /Disk next to the compute cluster/, hidden: true }))
    await user.click(screen.getByTestId('stage-submit'))
    await waitFor(() => expect(router.state.location.pathname).toBe('/staging/from-basket'))
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      dataset: 'rucio-lake',
      destination: 'compute-near',
      lifetime_days: 7,
      basket_items: [2, 3],
    })
  })
})
