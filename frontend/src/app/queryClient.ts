import { QueryClient } from '@tanstack/react-query'
import { shouldRetry } from '../api/hooks'

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  })
}
