import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { ApiError, errorMessage } from '../api/client'

export function LoadingBlock({ label = 'Loading…', testId }: { label?: string; testId?: string }) {
  return (
    <Center py="xl" data-testid={testId ?? 'loading'}>
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">
          {label}
        </Text>
      </Group>
    </Center>
  )
}

export function ErrorAlert({
  error,
  title = 'Something went wrong',
  onRetry,
  testId = 'error-alert',
}: {
  error: unknown
  title?: string
  onRetry?: () => void
  testId?: string
}) {
  const code = error instanceof ApiError ? error.code : undefined
  return (
    <Alert color="red" variant="light" title={title} data-testid={testId} role="alert">
      <Text size="sm">{errorMessage(error)}</Text>
      {code && (
        <Text size="xs" c="dimmed" mt={4}>
          code: {code}
          {error instanceof ApiError && error.status ? ` · HTTP ${error.status}` : ''}
        </Text>
      )}
      {onRetry && (
        <Button size="xs" variant="light" color="red" mt="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  )
}

/**
 * Render loading / error / content for a React Query result. `dimWhilePaging`: for paged
 * listings kept on screen (placeholderData) while the next page loads, dim them meanwhile.
 */
export function QueryState<T>({
  query,
  loadingLabel,
  errorTitle,
  dimWhilePaging = false,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; isPlaceholderData?: boolean; refetch: () => unknown }
  loadingLabel?: string
  errorTitle?: string
  dimWhilePaging?: boolean
  children: (data: T) => ReactNode
}) {
  if (query.isPending) return <LoadingBlock label={loadingLabel} />
  if (query.error && query.data === undefined) {
    return <ErrorAlert error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />
  }
  if (query.data === undefined) return null
  if (dimWhilePaging) return <div style={{ opacity: query.isPlaceholderData ? 0.55 : 1 }}>{children(query.data)}</div>
  return <>{children(query.data)}</>
}
