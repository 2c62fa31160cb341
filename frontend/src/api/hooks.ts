/** React Query hooks and query keys shared by the features. */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { ApiError } from './client'
import { archivesApi, datasetsApi, registryApi, searchesApi } from './endpoints'
import type { DatasetFilters, PositionParams, RegistryParams, ResultParams, Search } from './types'

export const queryKeys = {
  archives: ['archives'] as const,
  datasets: (filters: Omit<DatasetFilters, 'page' | 'page_size'> = {}) => ['datasets', filters] as const,
  tables: (slug: string) => ['dataset-tables', slug] as const,
  search: (id: string) => ['search', id] as const,
  results: (id: string, params: ResultParams, version: string) => ['search-results', id, params, version] as const,
  positions: (id: string, params: PositionParams, version: string) => ['search-positions', id, params, version] as const,
  registry: (params: RegistryParams) => ['registry', params] as const,
}

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
