import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { searchesApi } from '../../api/endpoints'
import { queryKeys } from '../../api/hooks'
import type { Search, SearchListParams, SearchUpdate } from '../../api/types'

/** The caller's searches, newest first. */
export function useHistory(params: SearchListParams) {
  return useQuery({
    queryKey: queryKeys.historyPage(params),
    queryFn: ({ signal }) => searchesApi.list(params, signal),
    placeholderData: keepPreviousData,
  })
}

export function useUpdateSearch() {
  const queryClient = useQueryClient()
  return useMutation<Search, unknown, { id: string; body: SearchUpdate }>({
    mutationFn: ({ id, body }) => searchesApi.update(id, body),
    onSuccess: (search) => {
      queryClient.setQueryData(queryKeys.search(search.id), search)
      void queryClient.invalidateQueries({ queryKey: queryKeys.history })
    },
  })
}

export function useDeleteSearch() {
  const queryClient = useQueryClient()
  return useMutation<void, unknown, string>({
    mutationFn: (id) => searchesApi.delete(id),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.search(id) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.history })
    },
  })
}
