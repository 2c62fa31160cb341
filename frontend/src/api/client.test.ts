import { describe, expect, it } from 'vitest'
import { jsonResponse, mockFetch } from '../test/utils'
import { ApiError, buildQuery, parseErrorBody, parseRetryAfter, request } from './client'
import { searchesApi } from './endpoints'

describe('API client', () => {
  it('parses the error body into a typed ApiError with code, message and field', async () => {
    mockFetch(() =>
      jsonResponse({ error: { code: 'invalid', message: 'RA must be in [0, 360).', field: 'cone.ra', details: { x: 1 } } }, 400),
    )
    const error = await request('/api/v1/searches/', { method: 'POST', body: {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    const apiError = error as ApiError
    expect(apiError.status).toBe(400)
    expect(apiError.code).toBe('invalid')
    expect(apiError.message).toBe('RA must be in [0, 360).')
    expect(apiError.field).toBe('cone.ra')
    expect(apiError.details).toEqual({ x: 1 })
  })

  it('handles a 403 without field', async () => {
    mockFetch(() => jsonResponse({ error: { code: 'permission_denied', message: 'Staff only.' } }, 403))
    await expect(request('/api/v1/ivoa/registry/import/', { method: 'POST', body: {} })).rejects.toMatchObject({
      status: 403,
      code: 'permission_denied',
      message: 'Staff only.',
      field: undefined,
    })
  })

  it('turns a non-JSON error page into a generic ApiError', async () => {
    mockFetch(() => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    const error = (await request('/api/v1/archives/').catch((e: unknown) => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(502)
    expect(error.code).toBe('http_502')
    expect(error.message).toContain('502')
  })

  it('reads Retry-After (seconds or HTTP date) into retryAfter', async () => {
    mockFetch(() => jsonResponse({ error: { code: 'throttled', message: 'Slow down.' } }, 429, { 'Retry-After': '42' }))
    await expect(request('/api/v1/auth/login/', { method: 'POST', body: {} })).rejects.toMatchObject({
      status: 429,
      code: 'throttled',
      retryAfter: 42,
    })
    const now = Date.parse('2024-01-01T00:00:00Z')
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:10 GMT', now)).toBe(10)
    expect(parseRetryAfter(null)).toBeUndefined()
    expect(parseRetryAfter('soon')).toBeUndefined()
  })

  it('accepts the plain DRF {"detail"} shape', () => {
    const error = parseErrorBody(404, 'Not Found', { detail: 'Not found.' })
    expect(error.message).toBe('Not found.')
    expect(error.code).toBe('http_404')
  })

  it('reports network failures as status 0', async () => {
    mockFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    await expect(request('/api/v1/archives/')).rejects.toMatchObject({ status: 0, code: 'network_error' })
  })

  it('rejects a 200 answer that is not JSON', async () => {
    mockFetch(() => new Response('<!doctype html><html></html>', { status: 200 }))
    await expect(request('/api/v1/archives/')).rejects.toMatchObject({ code: 'bad_response' })
  })

  it('sends the CSRF token on POST but not on GET, and JSON bodies', async () => {
    document.cookie = 'csrftoken=tok123'
    const { calls } = mockFetch(() => jsonResponse({ id: 'x' }, 201))
    await searchesApi.create({ cone: { ra: 1, dec: 2, radius: 0.1 } })
    await request('/api/v1/archives/', { query: { page: 2, page_size: 10, empty: '', skip: undefined } })
    expect(calls[0].method).toBe('POST')
    expect(calls[0].headers['X-CSRFToken']).toBe('tok123')
    expect(calls[0].headers['Content-Type']).toBe('application/json')
    expect(calls[0].body).toEqual({ cone: { ra: 1, dec: 2, radius: 0.1 } })
    expect(calls[1].method).toBe('GET')
    expect(calls[1].headers['X-CSRFToken']).toBeUndefined()
    expect(calls[1].url).toBe('/api/v1/archives/?page=2&page_size=10')
    document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT'
  })

  it('builds query strings and export links', () => {
    expect(buildQuery({ a: 1, b: 'x y', c: null, d: ['p', 'q'] })).toBe('?a=1&b=x+y&d=p&d=q')
    expect(buildQuery({})).toBe('')
    expect(searchesApi.exportUrl('abc', 'dachs-cat', 'votable')).toBe(
      '/api/v1/searches/abc/export/?dataset=dachs-cat&format=votable',
    )
  })
})
