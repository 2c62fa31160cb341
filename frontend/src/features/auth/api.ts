import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { LoginRequest, Session } from '../../api/types'
import { authApi } from '../../api/endpoints'
import { queryKeys } from '../../api/hooks'

/**
 * After a login or logout, everything that belongs to "the current user" changes: the session is
 * set (or fetched again), the basket (merged on login), history, profile and tokens are refetched
 * or dropped.
 */
export function userChanged(queryClient: QueryClient, session?: Session) {
  if (session) queryClient.setQueryData(queryKeys.session, session)
  else void queryClient.invalidateQueries({ queryKey: queryKeys.session })
  queryClient.removeQueries({ queryKey: queryKeys.profile })
  queryClient.removeQueries({ queryKey: queryKeys.tokens })
  void queryClient.invalidateQueries({ queryKey: queryKeys.basket })
  void queryClient.invalidateQueries({ queryKey: queryKeys.history })
  // Zooniverse: the account and the projects' `owner` flags are the user's (features/zooniverse).
  void queryClient.invalidateQueries({ queryKey: ['zooniverse'] })
}

export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation<Session, unknown, LoginRequest>({
    mutationFn: (body) => authApi.login(body),
    onSuccess: (session) => userChanged(queryClient, session),
  })
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation<string | null, unknown, void>({
    mutationFn: () => authApi.logout(),
    onSuccess: () => userChanged(queryClient),
  })
}

/** The SPA path to go back to after signing in: a same-origin path, never the login page itself. */
export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/'
  if (value === '/login' || value.startsWith('/login?') || value.startsWith('/login/')) return '/'
  return value
}

/** `/login?next=<where the user is>`. */
export function loginPath(location: { pathname: string; search: string; hash?: string }): string {
  const here = `${location.pathname}${location.search}${location.hash ?? ''}`
  const next = safeNext(here)
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`
}

/** The OIDC login URL, asking to come back to `next` afterwards. */
export function oidcUrl(url: string, next: string): string {
  if (next === '/' || /[?&]next=/.test(url)) return url
  return `${url}${url.includes('?') ? '&' : '?'}next=${encodeURIComponent(next)}`
}
