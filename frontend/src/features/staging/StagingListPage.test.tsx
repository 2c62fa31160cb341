import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { anonymousSession, userSession } from '../../test/accounts-fixtures'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { doneRequest, stagingRequest } from '../rucio/testFixtures'
import { StagingListPage } from './StagingListPage'

describe('StagingListPage', () => {
  it('lists the own requests with destination, state, progress and a link', async () => {
    const { calls } = mockFetch((call) => {
      if (call.url === '/api/v1/auth/session/') return jsonResponse(userSession())
      if (call.url.startsWith('/api/v1/rucio/staging/?')) {
        return jsonResponse(paginated([stagingRequest(), doneRequest({ id: 'req-2', name: 'flats for the pipeline' })]))
      }
      return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
    })
    renderWithProviders(<StagingListPage />, { path: '/staging', pattern: '/staging' })
    const rows = await screen.findAllByTestId('staging-row')
    expect(rows).toHaveLength(2)
    expect(within(rows[0]).getByTestId('staging-open')).toHaveTextContent('user.alice:alice_calib_flats_2024 and 1 more')
    expect(within(rows[0]).getByTestId('staging-open')).toHaveAttribute('href', '/staging/req-1')
    expect(rows[0]).toHaveTextContent('Disk next to the compute cluster')
    expect(within(rows[0]).getByTestId('staging-row-state')).toHaveAttribute('data-state', 'replicating')
    expect(within(rows[0]).getByTestId('staging-row-progress')).toHaveAttribute('data-value', '43')
    expect(within(rows[1]).getByTestId('staging-open')).toHaveTextContent('flats for the pipeline')
    expect(within(rows[1]).getByTestId('staging-row-state')).toHaveAttribute('data-state', 'done')
    expect(within(rows[1]).getByTestId('staging-row-progress')).toHaveAttribute('data-value', '100')
    expect(calls.some((c) => c.url === '/api/v1/rucio/staging/?page=1&page_size=25')).toBe(true)
  })

  it('asks anonymous visitors to sign in (and asks the API nothing)', async () => {
    const { calls } = mockFetch((call) =>
      call.url === '/api/v1/auth/session/' ? jsonResponse(anonymousSession()) : jsonResponse({}, 500),
    )
    renderWithProviders(<StagingListPage />, { path: '/staging', pattern: '/staging' })
    expect(await screen.findByTestId('staging-sign-in')).toBeInTheDocument()
    expect(calls.some((c) => c.url.includes('/rucio/staging/'))).toBe(false)
  })
})
