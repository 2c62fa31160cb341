import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { anonymousSession, profile, userSession } from '../../test/accounts-fixtures'
import { jsonResponse, mockFetch, renderWithProviders } from '../../test/utils'
import { destinations, stagingRequest } from '../rucio/testFixtures'
import { StageDialog, type StageTarget } from './StageDialog'

function backend(onPost: (body: unknown) => Response, session = userSession()) {
  return mockFetch((call) => {
    if (call.url === '/api/v1/auth/session/') return jsonResponse(session)
    if (call.url === '/api/v1/rucio/rucio-lake/destinations/') return jsonResponse(destinations())
    if (call.method === 'POST' && call.url === '/api/v1/rucio/staging/') return onPost(call.body)
    return jsonResponse({ error: { code: 'not_found', message: `unexpected ${call.method} ${call.url}` } }, 404)
  })
}

function renderDialog(target: StageTarget = { dids: ['user.alice:alice_calib_flats_2024'] }, count = 1, bytes: number | null = 3_145_728) {
  return renderWithProviders(
    <StageDialog opened onClose={() => {}} dataset="rucio-lake" datasetName="ESCAPE data lake" target={target} count={count} bytes={bytes} />,
    { path: '/x', pattern: '/x', extraRoutes: [{ path: '/staging/:id', element: <div data-testid="staging-route" /> }] },
  )
}

async function chooseDestination(user: ReturnType<typeof userEvent.setup>, label: RegExp) {
  await user.click(await screen.findByTestId('stage-destination'))
  await user.click(await screen.findByRole('option', { name: label, hidden: true }))
}

describe('StageDialog', () => {
  it('shows the size, the destinations (label, RSE expression, facility) and the default lifetime; posts the DIDs and opens the request', async () => {
    const { calls } = backend(() => jsonResponse(stagingRequest({ id: 'new-req' }), 201))
    const user = userEvent.setup()
    const { router } = renderDialog()
    expect(screen.getByTestId('stage-summary')).toHaveTextContent('1 DID, 3.0 MB in total from ESCAPE data lake')
    expect(await screen.findByTestId('stage-lifetime')).toHaveValue('7')
    expect(screen.getByTestId('stage-submit')).toBeDisabled()
    await chooseDestination(user, /Disk next to the compute cluster — COMPUTE-NEAR-DISK · esap-jhub/)
    await user.clear(screen.getByTestId('stage-lifetime'))
    await user.type(screen.getByTestId('stage-lifetime'), '14')
    await user.click(screen.getByTestId('stage-submit'))
    await waitFor(() => expect(router.state.location.pathname).toBe('/staging/new-req'))
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      dataset: 'rucio-lake',
      destination: 'compute-near',
      lifetime_days: 14,
      dids: ['user.alice:alice_calib_flats_2024'],
    })
  })

  it('posts basket items, refuses a lifetime above the maximum, and shows the API error with its code', async () => {
    const { calls } = backend(() =>
      jsonResponse(
        { error: { code: 'quota_exceeded', message: 'The destination has no room left for this account.', details: { rucio: 'InsufficientAccountLimit' } } },
        409,
      ),
    )
    const user = userEvent.setup()
    renderDialog({ basketItems: [4, 9] }, 2, null)
    expect(screen.getByTestId('stage-summary')).toHaveTextContent('2 DIDs from ESCAPE data lake')
    await chooseDestination(user, /Archive tape/)
    await user.clear(await screen.findByTestId('stage-lifetime'))
    await user.type(screen.getByTestId('stage-lifetime'), '31')
    expect(await screen.findByText('Between 1 and 30 days.')).toBeInTheDocument()
    expect(screen.getByTestId('stage-submit')).toBeDisabled()
    await user.clear(screen.getByTestId('stage-lifetime'))
    await user.type(screen.getByTestId('stage-lifetime'), '30')
    await user.click(screen.getByTestId('stage-submit'))
    const error = await screen.findByTestId('stage-error')
    expect(error).toHaveTextContent('The destination has no room left for this account.')
    expect(error).toHaveTextContent('code: quota_exceeded · HTTP 409')
    expect(screen.getByTestId('stage-error-rucio')).toHaveTextContent('Rucio: InsufficientAccountLimit')
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      dataset: 'rucio-lake',
      destination: 'tape',
      lifetime_days: 30,
      basket_items: [4, 9],
    })
  })

  it("preselects the profile's default staging destination", async () => {
    mockFetch((call) => {
      if (call.url === '/api/v1/auth/session/') return jsonResponse(userSession())
      if (call.url === '/api/v1/profile/') return jsonResponse(profile({ default_staging_destination: 'SITE-B-TAPE' }))
      if (call.url === '/api/v1/rucio/rucio-lake/destinations/') return jsonResponse(destinations())
      return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
    })
    renderDialog()
    await waitFor(() => expect(screen.getByTestId('stage-destination')).toHaveValue('Archive tape — SITE-B-TAPE'))
    expect(screen.getByTestId('stage-submit')).toBeEnabled()
  })

  it('asks anonymous users to sign in', async () => {
    backend(() => jsonResponse({}, 500), anonymousSession())
    renderDialog()
    expect(await screen.findByTestId('stage-sign-in')).toBeInTheDocument()
    expect(screen.getByTestId('stage-submit')).toBeDisabled()
  })
})
