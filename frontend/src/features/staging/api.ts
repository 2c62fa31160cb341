/** Staging requests (`/api/v1/rucio/staging/`, docs/rucio.md): endpoints and React Query hooks. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { typedApi } from '../../api/client'
import type { StagingCreate, StagingList, StagingRequest, StagingState } from '../rucio/types'

export const stagingApi = {
  list: (query: { page?: number; page_size?: number } = {}, signal?: AbortSignal): Promise<StagingList> =>
    typedApi.get('/api/v1/rucio/staging/', { query, signal }),
  get: (id: string, signal?: AbortSignal) => typedApi.get('/api/v1/rucio/staging/{id}/', { path: { id }, signal }),
  create: (body: StagingCreate) => typedApi.post('/api/v1/rucio/staging/', { body }),
  refresh: (id: string) => typedApi.post('/api/v1/rucio/staging/{id}/refresh/', { path: { id } }),
  cancel: (id: string) => typedApi.post('/api/v1/rucio/staging/{id}/cancel/', { path: { id } }),
}

export const stagingKeys = {
  all: ['staging'] as const,
  /** Keyed by the user too: a sign-out / sign-in never shows someone else's list. */
  list: (params: { page?: number; page_size?: number }, user: string) => ['staging', 'list', user, params] as const,
  one: (id: string) => ['staging', 'one', id] as const,
}

/** States in which the rules are still moving: the page refetches every {@link STAGING_POLL_MS}. */
export const ACTIVE_STATES: readonly StagingState[] = ['submitting', 'replicating']
export const STAGING_POLL_MS = 2000

export function isActive(state: StagingState | undefined): boolean {
  return state !== undefined && ACTIVE_STATES.includes(state)
}

export function useStagingList(params: { page?: number; page_size?: number }, user: string) {
  return useQuery({
    queryKey: stagingKeys.list(params, user),
    queryFn: ({ signal }) => stagingApi.list(params, signal),
    placeholderData: keepPreviousData,
    // Keep the list's progress bars moving while any request is active.
    refetchInterval: (query) =>
      query.state.status !== 'error' && query.state.data?.results.some((r) => isActive(r.state)) ? STAGING_POLL_MS : false,
  })
}

export function useStagingRequest(id: string) {
  return useQuery({
    queryKey: stagingKeys.one(id),
    queryFn: ({ signal }) => stagingApi.get(id, signal),
    refetchInterval: (query) =>
      query.state.status !== 'error' && isActive(query.state.data?.state) ? STAGING_POLL_MS : false,
  })
}

/** Put a fresh answer in the cache (detail) and mark the lists stale. */
function useStagingChanged() {
  const queryClient = useQueryClient()
  return (request: StagingRequest) => {
    queryClient.setQueryData(stagingKeys.one(request.id), request)
    void queryClient.invalidateQueries({ queryKey: ['staging', 'list'] })
  }
}

export function useCreateStaging() {
  const changed = useStagingChanged()
  return useMutation<StagingRequest, unknown, StagingCreate>({
    mutationFn: (body) => stagingApi.create(body),
    onSuccess: changed,
  })
}

export function useRefreshStaging(id: string) {
  const changed = useStagingChanged()
  return useMutation<StagingRequest, unknown, void>({ mutationFn: () => stagingApi.refresh(id), onSuccess: changed })
}

export function useCancelStaging(id: string) {
  const changed = useStagingChanged()
  return useMutation<StagingRequest, unknown, void>({ mutationFn: () => stagingApi.cancel(id), onSuccess: changed })
}
