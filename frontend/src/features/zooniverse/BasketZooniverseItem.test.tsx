import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { BasketItem } from '../../api/types'
import { basketItem, userSession } from '../../test/accounts-fixtures'
import { dataset } from '../../test/fixtures'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { BasketPage } from '../basket/BasketPage'

const zoo = (id: number, overrides: Partial<BasketItem>) =>
  basketItem(id, { connector_type: 'zooniverse', dataset: 'zooniverse', archive: 'zooniverse', ...overrides })

const ITEMS: BasketItem[] = [
  // From a search (the backend's row metadata).
  zoo(1, {
    item_type: 'zooniverse_project',
    identifier: '1234',
    title: 'Galaxy Zoo Test',
    metadata: { thumbnail: 'https://panoptes-uploads.zooniverse.org/avatar/gz.png', fields: { project_id: 1234, subjects_count: 50 } },
  }),
  zoo(2, {
    item_type: 'zooniverse_subject',
    identifier: '9001',
    title: 'galaxy_9001',
    metadata: {
      project_id: '1234',
      project_name: 'Galaxy Zoo Test',
      locations: [{ type: 'image/jpeg', url: 'https://panoptes-uploads.zooniverse.org/subject/9001.jpeg' }],
      talk_url: 'https://www.zooniverse.org/talk/subjects/9001',
    },
  }),
  zoo(3, {
    item_type: 'zooniverse_workflow',
    identifier: '31',
    title: 'Workflow 31',
    metadata: { project_id: '1234', project_name: 'Galaxy Zoo Test', project_avatar: 'https://panoptes-uploads.zooniverse.org/avatar/gz.png' },
  }),
]

describe('Zooniverse items in the basket', () => {
  it('show a thumbnail, the type and a link back to the project page', async () => {
    mockFetch((call) => {
      const url = new URL(call.url, 'http://test')
      if (url.pathname === '/api/v1/auth/session/') return jsonResponse(userSession({ basket_count: ITEMS.length }))
      if (url.pathname === '/api/v1/datasets/') return jsonResponse(paginated([dataset('zooniverse', { name: 'Zooniverse', connector_type: 'zooniverse' })]))
      if (url.pathname === '/api/v1/basket/items/') return jsonResponse(paginated(ITEMS))
      return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
    })
    renderWithProviders(<BasketPage />, { path: '/basket', pattern: '/basket' })
    await waitFor(() => expect(screen.getAllByTestId('basket-item-zooniverse')).toHaveLength(3))
    const [projectItem, subjectItem, workflowItem] = screen.getAllByTestId('basket-item-zooniverse')
    expect(within(projectItem).getByTestId('basket-item-title')).toHaveAttribute('href', '/zooniverse/zooniverse/projects/1234')
    expect(within(projectItem).getByTestId('basket-item-thumbnail')).toHaveAttribute('src', 'https://panoptes-uploads.zooniverse.org/avatar/gz.png')
    expect(projectItem).toHaveTextContent('50 subjects')
    expect(within(subjectItem).getByTestId('basket-item-thumbnail')).toHaveAttribute('src', 'https://panoptes-uploads.zooniverse.org/subject/9001.jpeg')
    expect(within(subjectItem).getByTestId('basket-item-project')).toHaveTextContent('Galaxy Zoo Test')
    expect(within(workflowItem).getByTestId('basket-item-title')).toHaveAttribute('href', '/zooniverse/zooniverse/projects/1234?tab=workflows')
    expect(within(workflowItem).getByTestId('basket-item-thumbnail')).toHaveAttribute('src', 'https://panoptes-uploads.zooniverse.org/avatar/gz.png')
    expect(screen.getAllByTestId('basket-item-type').map((b) => b.textContent)).toEqual(['Zooniverse project', 'Zooniverse subject', 'Zooniverse workflow'])
  })
})
