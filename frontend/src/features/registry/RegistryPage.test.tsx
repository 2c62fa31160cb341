import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { jsonResponse, mockFetch, paginated, renderWithProviders } from '../../test/utils'
import { RegistryPage } from './RegistryPage'

const RESOURCE = {
  ivoid: 'ivo://example/tap',
  title: 'Example TAP',
  short_name: 'ex',
  description: 'An example service',
  publisher: 'Example Org',
  waveband: ['optical'],
  service_type: 'tap',
  access_url: 'http://example.org/tap',
  already_imported: false,
}

describe('RegistryPage', () => {
  it('searches with the form values and shows the 403 message of an import', async () => {
    const { calls } = mockFetch((call) => {
      if (call.url.startsWith('/api/v1/archives/')) return jsonResponse(paginated([]))
      if (call.url.startsWith('/api/v1/ivoa/registry/?')) return jsonResponse(paginated([RESOURCE]))
      if (call.method === 'POST' && call.url === '/api/v1/ivoa/registry/import/') {
        return jsonResponse({ error: { code: 'permission_denied', message: 'Only staff can import datasets.' } }, 403)
      }
      return jsonResponse({ error: { code: 'not_found', message: 'nope' } }, 404)
    })
    const user = userEvent.setup()
    renderWithProviders(<RegistryPage />, { path: '/registry', pattern: '/registry' })

    await user.type(screen.getByTestId('registry-keyword'), 'example')
    await user.click(screen.getByTestId('registry-submit'))
    await screen.findByTestId('registry-row')
    expect(calls.find((c) => c.url.startsWith('/api/v1/ivoa/registry/?'))?.url).toContain('keyword=example')

    await user.click(screen.getByTestId('import-button'))
    expect(await screen.findByTestId('import-error')).toHaveTextContent('Only staff can import datasets.')
    const post = calls.find((c) => c.method === 'POST')
    expect(post?.body).toEqual({
      ivoid: 'ivo://example/tap',
      access_url: 'http://example.org/tap',
      service_type: 'tap',
      title: 'Example TAP',
    })
  })

  it('marks a successful import', async () => {
    mockFetch((call) => {
      if (call.url.startsWith('/api/v1/archives/')) return jsonResponse(paginated([]))
      if (call.url.startsWith('/api/v1/ivoa/registry/?')) return jsonResponse(paginated([RESOURCE]))
      if (call.method === 'POST') return jsonResponse({ slug: 'example-tap' }, 201)
      return jsonResponse({}, 404)
    })
    const user = userEvent.setup()
    renderWithProviders(<RegistryPage />, { path: '/registry?keyword=example', pattern: '/registry' })
    await user.click(await screen.findByTestId('import-button'))
    await waitFor(() => expect(screen.getByTestId('import-done')).toHaveTextContent('imported as example-tap'))
  })
})
