/**
 * The one fetch wrapper every API call goes through.
 *
 * - same-origin relative URLs (`/api/v1/...`), session cookie sent;
 * - `X-CSRFToken` from the `csrftoken` cookie on unsafe methods;
 * - JSON in, JSON out;
 * - every failure becomes an {@link ApiError} parsed from `{"error": {"code", "message", "field"?}}`.
 */

import type { ApiPath, BodyOf, HttpMethod, PathParamsOf, PathWith, QueryOf, ResponseOf } from './types'

export const API_ROOT = '/api/v1'

export class ApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number
  readonly code: string
  /** The request field the error is about (e.g. `cone.ra`), when the API names one. */
  readonly field?: string
  readonly details?: unknown
  /** Seconds to wait before trying again (from `Retry-After`, e.g. on 429 `throttled`). */
  retryAfter?: number

  constructor(status: number, code: string, message: string, field?: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.details = details
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError
}

/** Human-readable message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  return 'Unexpected error'
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]
export type QueryParams = Record<string, QueryValue>

/** `?a=1&b=x`, skipping undefined / null / empty values; arrays repeat the key. */
export function buildQuery(params?: QueryParams): string {
  if (!params) return ''
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) {
      for (const item of value) search.append(key, String(item))
    } else {
      search.append(key, String(value))
    }
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

export function getCookie(name: string): string | undefined {
  if (typeof document === 'undefined' || !document.cookie) return undefined
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return undefined
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE'])

export interface RequestOptions {
  method?: string
  query?: QueryParams
  body?: unknown
  signal?: AbortSignal
}

/** Absolute or relative API path → a path on the current origin (for `next`/`previous` links). */
export function toRelativeUrl(url: string): string {
  if (url.startsWith('/')) return url
  try {
    const parsed = new URL(url)
    return `${parsed.pathname}${parsed.search}`
  } catch {
    return url
  }
}

/** `Retry-After` in seconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, Math.ceil((date - now) / 1000))
}

function statusText(status: number, fallback: string): string {
  return fallback || `HTTP ${status}`
}

/** Turn a non-2xx response body into an ApiError. Exported for tests. */
export function parseErrorBody(status: number, statusTextValue: string, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>
    const error = record.error
    if (error && typeof error === 'object') {
      const e = error as Record<string, unknown>
      const message = typeof e.message === 'string' && e.message ? e.message : statusText(status, statusTextValue)
      const code = typeof e.code === 'string' && e.code ? e.code : `http_${status}`
      const field = typeof e.field === 'string' && e.field ? e.field : undefined
      return new ApiError(status, code, message, field, e.details)
    }
    // Plain DRF shape, in case a view escapes the custom handler.
    if (typeof record.detail === 'string') {
      return new ApiError(status, `http_${status}`, record.detail)
    }
  }
  const message = status >= 500
    ? `The server failed (HTTP ${status}${statusTextValue ? ` ${statusTextValue}` : ''}).`
    : `Request failed (HTTP ${status}${statusTextValue ? ` ${statusTextValue}` : ''}).`
  return new ApiError(status, `http_${status}`, message)
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = (options.method ?? 'GET').toUpperCase()
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: string | undefined
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.body)
  }
  if (!SAFE_METHODS.has(method)) {
    const token = getCookie('csrftoken')
    if (token) headers['X-CSRFToken'] = token
  }
  const url = `${toRelativeUrl(path)}${buildQuery(options.query)}`

  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, 'network_error', 'Could not reach the ESAP server. Check your connection and try again.')
  }

  const text = await response.text()
  let parsed: unknown = undefined
  let parseFailed = false
  if (text) {
    try {
      parsed = JSON.parse(text)
    } catch {
      parseFailed = true
    }
  }

  if (!response.ok) {
    const error = parseErrorBody(response.status, response.statusText, parseFailed ? undefined : parsed)
    error.retryAfter = parseRetryAfter(response.headers.get('Retry-After'))
    throw error
  }
  if (parseFailed) {
    throw new ApiError(response.status, 'bad_response', 'The server answered with something that is not JSON.')
  }
  return parsed as T
}

export const api = {
  get: <T>(path: string, query?: QueryParams, signal?: AbortSignal) =>
    request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body?: unknown) => request<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string, query?: QueryParams) => request<T>(path, { method: 'DELETE', query }),
}

// ------------------------------------------------------------------ typed by the OpenAPI schema

/** `/api/v1/searches/{id}/` + `{id: 'x y'}` → `/api/v1/searches/x%20y/`. */
export function fillPath(template: string, params?: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name]
    if (value === undefined || value === '') throw new Error(`Missing path parameter "${name}" for ${template}`)
    return encodeURIComponent(String(value))
  })
}

/** `path` is required exactly when the operation has path parameters. */
type PathOption<P extends ApiPath, M extends HttpMethod> = [PathParamsOf<P, M>] extends [never]
  ? { path?: undefined }
  : { path: PathParamsOf<P, M> }

type GetOptions<P extends PathWith<'get'>> = PathOption<P, 'get'> & { query?: QueryOf<P, 'get'>; signal?: AbortSignal }
type PostOptions<P extends PathWith<'post'>> = PathOption<P, 'post'> & { body?: BodyOf<P, 'post'> }
type PatchOptions<P extends PathWith<'patch'>> = PathOption<P, 'patch'> & { body: BodyOf<P, 'patch'> }
type DeleteOptions<P extends PathWith<'delete'>> = PathOption<P, 'delete'>

/**
 * Calls checked against the generated schema: the path must be one of the schema's paths (as
 * written there, e.g. `'/api/v1/searches/{id}/results/'`), the path and query parameters and
 * the body must be of the operation's types, and the answer has the operation's success type.
 */
export const typedApi = {
  get: <P extends PathWith<'get'>>(path: P, options: GetOptions<P>) =>
    request<ResponseOf<P, 'get'>>(fillPath(path, options.path as Record<string, string> | undefined), {
      query: options.query as QueryParams | undefined,
      signal: options.signal,
    }),
  post: <P extends PathWith<'post'>>(path: P, options: PostOptions<P>) =>
    request<ResponseOf<P, 'post'>>(fillPath(path, options.path as Record<string, string> | undefined), {
      method: 'POST',
      body: options.body,
    }),
  patch: <P extends PathWith<'patch'>>(path: P, options: PatchOptions<P>) =>
    request<ResponseOf<P, 'patch'>>(fillPath(path, options.path as Record<string, string> | undefined), {
      method: 'PATCH',
      body: options.body,
    }),
  /** DELETE; the API answers 204 without a body. */
  delete: <P extends PathWith<'delete'>>(path: P, options: DeleteOptions<P>) =>
    request<void>(fillPath(path, options.path as Record<string, string> | undefined), { method: 'DELETE' }),
  /** The URL of a GET (for plain links, e.g. downloads). */
  url: <P extends PathWith<'get'>>(path: P, options: Omit<GetOptions<P>, 'signal'>) =>
    `${fillPath(path, options.path as Record<string, string> | undefined)}${buildQuery(options.query as QueryParams | undefined)}`,
}
