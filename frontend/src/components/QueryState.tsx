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

/** Render loading / error / content for a React Query result. */
export function QueryState<T>({
  query,
  loadingLabel,
  errorTitle,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown }
  loadingLabel?: string
  errorTitle?: string
  children: (data: T) => ReactNode
}) {
  if (query.isPending) return <LoadingBlock label={loadingLabel} />
  if (query.error && query.data === undefined) {
    return <ErrorAlert error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />
  }
  if (query.data === undefined) return null
  return <>{children(query.data)}</>
}
