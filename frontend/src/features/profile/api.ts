import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiToken, ApiTokenCreate, ApiTokenCreated, Profile, ProfileUpdate } from '../../api/types'
import { analysisApi, profileApi, tokensApi } from '../../api/endpoints'
import { queryKeys } from '../../api/hooks'

export function useProfile(enabled = true) {
  return useQuery({ queryKey: queryKeys.profile, queryFn: ({ signal }) => profileApi.get(signal), enabled })
}

export function useUpdateProfile() {
  const queryClient = useQueryClient()
  return useMutation<Profile, unknown, ProfileUpdate>({
    mutationFn: (body) => profileApi.update(body),
    onSuccess: (profile) => {
      queryClient.setQueryData(queryKeys.profile, profile)
      // The header shows the name.
      void queryClient.invalidateQueries({ queryKey: queryKeys.session })
    },
  })
}

export function useFacilities(enabled = true) {
  return useQuery({
    queryKey: queryKeys.facilities,
    queryFn: ({ signal }) => analysisApi.facilities(signal),
    enabled,
    staleTime: 5 * 60_000,
  })
}

export function useRepositories(enabled = true) {
  return useQuery({
    queryKey: queryKeys.repositories,
    queryFn: ({ signal }) => analysisApi.repositories(signal),
    enabled,
    staleTime: 5 * 60_000,
  })
}

export function useTokens(enabled = true) {
  return useQuery({ queryKey: queryKeys.tokens, queryFn: ({ signal }) => tokensApi.list(signal), enabled })
}

/**
 * Create a token. The answer's secret is handed to the caller (the dialog shows it once) and
 * never put in the query cache: the list is fetched again and has no secrets.
 */
export function useCreateToken() {
  const queryClient = useQueryClient()
  return useMutation<ApiTokenCreated, unknown, ApiTokenCreate>({
    mutationFn: (body) => tokensApi.create(body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  })
}

export function useRevokeToken() {
  const queryClient = useQueryClient()
  return useMutation<void, unknown, ApiToken['id']>({
    mutationFn: (id) => tokensApi.revoke(id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  })
}
