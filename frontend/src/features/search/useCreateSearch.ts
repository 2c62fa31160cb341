import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { searchesApi } from '../../api/endpoints'
import { queryKeys } from '../../api/hooks'
import type { Search, SearchCreate } from '../../api/types'

/**
 * POST /searches/ then go to the results page (the new search is put in the cache first) —
 * unless `shouldOpen` says otherwise for the answer (e.g. the ADQL form stays when its run failed).
 */
export function useCreateSearch({ shouldOpen }: { shouldOpen?: (search: Search) => boolean } = {}) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  return useMutation<Search, unknown, SearchCreate>({
    mutationFn: (body) => searchesApi.create(body),
    onSuccess: (search) => {
      queryClient.setQueryData(queryKeys.search(search.id), search)
      if (shouldOpen?.(search) ?? true) void navigate(`/searches/${search.id}`)
    },
  })
}
