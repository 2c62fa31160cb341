/** React Query hooks and query keys shared by the features. */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { ApiError } from './client'
import { archivesApi, authApi, datasetsApi, registryApi, searchesApi } from './endpoints'
import type { BasketFilters } from './types'
import type { DatasetFilters, PositionParams, RegistryParams, ResultParams, Search, SearchListParams } from './types'

export const queryKeys = {
  archives: ['archives'] as const,
  datasets: (filters: Omit<DatasetFilters, 'page' | 'page_size'> = {}) => ['datasets', filters] as const,
  tables: (slug: string) => ['dataset-tables', slug] as const,
  search: (id: string) => ['search', id] as const,
  results: (id: string, params: ResultParams, version: string) => ['search-results', id, params, version] as const,
  positions: (id: string, params: PositionParams, version: string) => ['search-positions', id, params, version] as const,
  registry: (params: RegistryParams) => ['registry', params] as const,
  /** Who is signed in, the login methods and the basket count. */
  session: ['session'] as const,
  /** Prefix of every basket page. */
  basket: ['basket'] as const,
  basketPage: (filters: BasketFilters) => ['basket', filters] as const,
  /** Prefix of every page of the search history. */
  history: ['history'] as const,
  historyPage: (params: SearchListParams) => ['history', params] as const,
  profile: ['profile'] as const,
  tokens: ['tokens'] as const,
  facilities: ['analysis-facilities'] as const,
  repositories: ['analysis-repositories'] as const,
}

/** Queries that belong to the signed-in user (or the anonymous session): refetched when that changes. */
export const USER_QUERY_KEYS = [
  queryKeys.session,
  queryKeys.basket,
  queryKeys.history,
  queryKeys.profile,
  queryKeys.tokens,
  ['staging'] as const, // features/staging (stagingKeys.all): own staging requests
  ['zooniverse'] as const, // features/zooniverse: Zooniverse account, projects' owner flags
  ['zooniverse-exports'] as const, // features/zooniverse: own export records
] as const

/** Retry once on server/network trouble, never on client errors. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false
  return failureCount < 1
}

export function useArchives() {
  return useQuery({
    queryKey: queryKeys.archives,
    queryFn: ({ signal }) => archivesApi.all(signal),
    staleTime: 60_000,
  })
}

export function useDatasets(filters: Omit<DatasetFilters, 'page' | 'page_size'> = {}) {
  return useQuery({
    queryKey: queryKeys.datasets(filters),
    queryFn: ({ signal }) => datasetsApi.all(filters, signal),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  })
}

export function useDatasetTables(slug: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.tables(slug ?? ''),
    queryFn: ({ signal }) => datasetsApi.tables(slug as string, signal),
    enabled: Boolean(slug),
    staleTime: 5 * 60_000,
  })
}

export const SEARCH_POLL_MS = 750

export function useSearch(id: string) {
  return useQuery({
    queryKey: queryKeys.search(id),
    queryFn: ({ signal }) => searchesApi.get(id, signal),
    refetchInterval: (query) => {
      const data = query.state.data as Search | undefined
      if (query.state.status === 'error') return false
      return data?.complete ? false : SEARCH_POLL_MS
    },
  })
}

/**
 * One page of results. `version` changes whenever new rows can have arrived (e.g. the number of
 * finished runs and total rows), so the page is fetched again while the search progresses.
 */
export function useResults(id: string, params: ResultParams, version: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.results(id, params, version),
    queryFn: ({ signal }) => searchesApi.results(id, params, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

/**
 * Sky positions of all rows of a search (or of one dataset with `params.dataset`), at most 20,000.
 * Like {@link useResults}, `version` changes when runs finish, so they are fetched again.
 */
export function usePositions(id: string, params: PositionParams, version: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.positions(id, params, version),
    queryFn: ({ signal }) => searchesApi.positions(id, params, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  })
}

export function useRegistry(params: RegistryParams | null) {
  return useQuery({
    queryKey: queryKeys.registry(params ?? {}),
    queryFn: ({ signal }) => registryApi.search(params ?? {}, signal),
    enabled: params !== null,
    placeholderData: keepPreviousData,
  })
}

/**
 * `GET /auth/session/`: who is signed in (`authenticated`, `user`), the login methods and the
 * basket count. Also sets the CSRF cookie. Refetched after logins and basket changes.
 */
export function useSession() {
  return useQuery({
    queryKey: queryKeys.session,
    queryFn: ({ signal }) => authApi.session(signal),
    staleTime: 60_000,
  })
}
