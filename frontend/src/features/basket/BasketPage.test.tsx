import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { BasketItem } from '../../api/types'
import { anonymousSession, basketItem } from '../../test/accounts-fixtures'
import { dataset } from '../../test/fixtures'
import { jsonResponse, mockFetch, noContent, paginated, renderWithProviders } from '../../test/utils'
import { BasketPage } from './BasketPage'

const ITEMS: BasketItem[] = [
  basketItem(1, { title: 'Source 1', metadata: { ra: 155.01234567, dec: -0.25, search: 'abc', fields: { mag: 12 } } }),
  basketItem(2, {
    item_type: 'data_product',
    dataset: 'dachs-sia',
    identifier: 'ivo://x/img-2',
    title: 'Image 2',
    metadata: { access_url: 'http://127.0.0.1:28080/getproduct/img2.fits', format: 'image/fits', size: 2_621_440 },
  }),
  basketItem(3, {
    item_type: 'query',
    identifier: 'query-0123',
    title: 'cone — DACHS-CAT',
    metadata: {
      search: 'abc',
      query: { kind: 'cone', cone: { ra: 155, dec: 0, radius: 0.5 }, constraints: null, adql: null, keyword: null },
      query_text: 'SELECT …',
      row_limit: 500,
    },
    notes: 'for the paper',
  }),
]

function backend(initial: BasketItem[] = ITEMS) {
  let items = [...initial]
  const mock = mockFetch((call) => {
    const url = new URL(call.url, 'http://test')
    if (url.pathname === '/api/v1/auth/session/') return jsonResponse(anonymousSession({ basket_count: items.length }))
    if (url.pathname === '/api/v1/datasets/') return jsonResponse(paginated([dataset('dachs-cat'), dataset('dachs-sia', { name: 'DaCHS images' })]))
    if (url.pathname === '/api/v1/basket/items/' && call.method === 'GET') {
      const type = url.searchParams.get('item_type')
      return jsonResponse(paginated(items.filter((i) => !type || i.item_type === type)))
    }
    if (url.pathname === '/api/v1/basket/items/' && call.method === 'DELETE') {
      items = []
      return noContent()
    }
    const one = url.pathname.match(/^\/api\/v1\/basket\/items\/(\d+)\/$/)
    if (one && call.method === 'DELETE') {
      items = items.filter((i) => String(i.id) !== one[1])
      return noContent()
    }
    if (one && call.method === 'PATCH') {
      const item = items.find((i) => String(i.id) === one[1])!
      Object.assign(item, call.body)
      return jsonResponse(item)
    }
    if (url.pathname === '/api/v1/searches/' && call.method === 'POST') return jsonResponse({ id: 'new-search' }, 201)
    return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
  })
  return mock
}

describe('BasketPage', () => {
  it('renders each item by its type', async () => {
    backend()
    renderWithProviders(<BasketPage />, { path: '/basket', pattern: '/basket' })
    const rows = await screen.findAllByTestId('basket-item')
    expect(rows).toHaveLength(3)

    const row = within(rows[0]).getByTestId('basket-item-catalogue-row')
    expect(row).toHaveTextContent('Source 1')
    expect(within(row).getByTestId('basket-item-position')).toHaveTextContent('RA 155.01235° · Dec -0.25000°')
    await waitFor(() => expect(within(row).getByTestId('basket-item-dataset')).toHaveTextContent('DACHS-CAT'))

    const product = within(rows[1]).getByTestId('basket-item-data-product')
    expect(product).toHaveTextContent('Image 2')
    expect(within(product).getByTestId('basket-item-format')).toHaveTextContent('image/fits')
    expect(within(product).getByTestId('basket-item-size')).toHaveTextContent('2.5 MB')
    expect(within(product).getByTestId('basket-item-download')).toHaveAttribute('href', 'http://127.0.0.1:28080/getproduct/img2.fits')
    expect(within(product).getByTestId('basket-item-dataset')).toHaveTextContent('DaCHS images')

    const query = within(rows[2]).getByTestId('basket-item-query')
    expect(within(query).getByTestId('basket-item-query-summary')).toHaveTextContent('cone RA 155°, Dec 0°, r 0.5° · row limit 500')
    expect(within(query).getByTestId('basket-item-run-again')).toBeInTheDocument()
    expect(within(rows[2]).getByTestId('basket-notes')).toHaveTextContent('for the paper')

    // Export links.
    expect(screen.getByTestId('basket-export-votable')).toHaveAttribute('href', '/api/v1/basket/export/?format=votable')
    expect(screen.getByTestId('basket-export-csv')).toHaveAttribute('href', '/api/v1/basket/export/?format=csv')
    expect(screen.getByTestId('basket-export-json')).toHaveAttribute('href', '/api/v1/basket/export/?format=json')
    // Anonymous: the basket is the session's.
    expect(screen.getByTestId('basket-anonymous')).toBeInTheDocument()
  })

  it('removes an item (DELETE) and refreshes the list and the count', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderWithProviders(<BasketPage />, { path: '/basket', pattern: '/basket' })
    const rows = await screen.findAllByTestId('basket-item')
    const sessionCalls = () => calls.filter((c) => c.url === '/api/v1/auth/session/').length
    const before = sessionCalls()
    await user.click(within(rows[1]).getByTestId('basket-remove'))
    await waitFor(() => expect(screen.getAllByTestId('basket-item')).toHaveLength(2))
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/basket/items/2/')).toBe(true)
    expect(screen.queryByText('Image 2')).toBeNull()
    // The header's count comes from the session, which is fetched again.
    await waitFor(() => expect(sessionCalls()).toBeGreaterThan(before))
  })

  it('edits notes inline (PATCH), filters by type, and clears after confirmation', async () => {
    const { calls } = backend()
    const user = userEvent.setup()
    renderWithProviders(<BasketPage />, { path: '/basket', pattern: '/basket' })
    const rows = await screen.findAllByTestId('basket-item')
    await user.click(within(rows[0]).getByTestId('basket-notes-edit'))
    await user.type(within(rows[0]).getByTestId('basket-notes-input'), 'bright one')
    await user.click(within(rows[0]).getByTestId('basket-notes-save'))
    await waitFor(() => expect(within(screen.getAllByTestId('basket-item')[0]).getByTestId('basket-notes')).toHaveTextContent('bright one'))
    expect(calls.find((c) => c.method === 'PATCH')).toMatchObject({ url: '/api/v1/basket/items/1/', body: { notes: 'bright one' } })

    await user.click(screen.getByRole('radio', { name: 'Queries' }))
    await waitFor(() => expect(screen.getAllByTestId('basket-item')).toHaveLength(1))
    expect(calls.some((c) => c.url.includes('item_type=query'))).toBe(true)

    await user.click(screen.getByTestId('basket-clear'))
    expect(await screen.findByRole('dialog')).toHaveTextContent('All 3 items will be removed')
    await user.click(screen.getByTestId('basket-clear-confirm'))
    expect(await screen.findByTestId('basket-empty')).toBeInTheDocument()
    expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/basket/items/')).toBe(true)
    expect(await screen.findByTestId('basket-cleared')).toBeInTheDocument()
  })
})
