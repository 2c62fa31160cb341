import { MantineProvider } from '@mantine/core'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactElement, ReactNode } from 'react'
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router'
import { vi } from 'vitest'
import { theme } from '../app/theme'
import { NotificationsProvider } from '../components/Notifications'

export function testQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } } })
}

/** Render inside Mantine + React Query + a memory router at `path` (the element is mounted at `pattern`). */
export function renderWithProviders(
  element: ReactElement,
  { path = '/', pattern = '*', extraRoutes = [] }: { path?: string; pattern?: string; extraRoutes?: RouteObject[] } = {},
) {
  const client = testQueryClient()
  const router = createMemoryRouter([{ path: pattern, element }, ...extraRoutes], { initialEntries: [path] })
  const utils = render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={client}>
        <NotificationsProvider>
          <RouterProvider router={router} />
        </NotificationsProvider>
      </QueryClientProvider>
    </MantineProvider>,
  )
  return { ...utils, router, client }
}

/** Render inside Mantine only (pure components). */
export function renderPlain(element: ReactElement) {
  return render(element, {
    wrapper: ({ children }: { children: ReactNode }) => <MantineProvider theme={theme}>{children}</MantineProvider>,
  })
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

/** The 204 answer of a DELETE. */
export function noContent(): Response {
  return new Response(null, { status: 204 })
}

export interface RecordedCall {
  url: string
  method: string
  body: unknown
  headers: Record<string, string>
}

/** Replace global fetch; `handler` answers each call (by method and path). Returns the recorded calls. */
export function mockFetch(handler: (call: RecordedCall) => Response | Promise<Response>) {
  const calls: RecordedCall[] = []
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url
    const call: RecordedCall = {
      url,
      method: (init?.method ?? 'GET').toUpperCase(),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    }
    calls.push(call)
    return handler(call)
  })
  vi.stubGlobal('fetch', fn)
  return { calls, fn }
}

export function paginated<T>(results: T[]) {
  return { count: results.length, next: null, previous: null, results }
}
