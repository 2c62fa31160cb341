import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core'
import { Link, useLocation } from 'react-router'
import { errorMessage } from '../../api/client'
import { useSession } from '../../api/hooks'
import { usePaging } from '../../components/usePaging'
import { useNotify } from '../../components/notify'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatDateTime } from '../../lib/format'
import { loginPath } from '../auth/api'
import { addedMessage } from '../basket/api'
import { useExportToBasket, useExports, useRefreshExport, zooniverseApi } from './api'
import { projectPagePath } from './paths'
import type { ExportRecord, ExportState } from './types'

const STATE_COLOR: Record<ExportState, string> = { pending: 'blue', ready: 'green', failed: 'red' }

export function ExportStateBadge({ state }: { state: ExportState }) {
  return (
    <Badge color={STATE_COLOR[state] ?? 'gray'} variant={state === 'pending' ? 'light' : 'filled'} data-testid="zooniverse-export-state" data-state={state}>
      {state}
    </Badge>
  )
}

/** `/zooniverse/exports`: the signed-in user's export records, newest first (refetched every 5 s while one is pending). */
export function ExportsPage() {
  const session = useSession()
  const location = useLocation()
  if (session.isPending) return <LoadingBlock />
  if (session.data && !session.data.authenticated) {
    return (
      <Stack gap="md" data-testid="zooniverse-exports-page">
        <Title order={2} size="h3">
          Zooniverse exports
        </Title>
        <Alert color="blue" variant="light" data-testid="zooniverse-exports-sign-in">
          Classification exports of your own Zooniverse projects.{' '}
          <Anchor component={Link} to={loginPath(location)} size="sm">
            Sign in
          </Anchor>{' '}
          to see yours.
        </Alert>
      </Stack>
    )
  }
  return <Exports user={session.data?.user?.username ?? ''} />
}

function Exports({ user }: { user: string }) {
  const { params, pager } = usePaging(25)
  const list = useExports(params, user)
  return (
    <Stack gap="md" data-testid="zooniverse-exports-page">
      <div>
        <Title order={2} size="h3">
          Zooniverse exports
        </Title>
        <Text size="sm" c="dimmed">
          Exports you asked Zooniverse for, newest first. Zooniverse builds them in the background (it can take hours); this
          page checks again every few seconds while one is pending. Request one from the page of a project you own.
        </Text>
      </div>
      {list.isPending && <LoadingBlock label="Loading your exports…" />}
      {list.error && !list.data && <ErrorAlert error={list.error} title="Could not load the exports" onRetry={() => void list.refetch()} />}
      {list.data && list.data.count === 0 && (
        <Text c="dimmed" ta="center" py="xl" data-testid="zooniverse-exports-empty">
          No exports yet.
        </Text>
      )}
      {list.data && list.data.count > 0 && (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="xs" striped data-testid="zooniverse-exports" style={{ opacity: list.isPlaceholderData ? 0.55 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Project</Table.Th>
                  <Table.Th w={130}>Kind</Table.Th>
                  <Table.Th w={100}>State</Table.Th>
                  <Table.Th w={170}>Requested</Table.Th>
                  <Table.Th w={170}>Checked</Table.Th>
                  <Table.Th w={320} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.results.map((record) => (
                  <ExportRow key={String(record.id)} record={record} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pager(list.data.count, 'zooniverse-exports-pager')}
        </>
      )}
    </Stack>
  )
}

function ExportRow({ record }: { record: ExportRecord }) {
  const refresh = useRefreshExport()
  const toBasket = useExportToBasket()
  const notify = useNotify()
  return (
    <Table.Tr data-testid="zooniverse-export-row" data-id={String(record.id)} data-state={record.state}>
      <Table.Td>
        <Anchor component={Link} to={projectPagePath(record.dataset, record.project_id)} size="sm" data-testid="zooniverse-export-project">
          {record.project_name || `Project ${record.project_id}`}
        </Anchor>
        {record.error && (
          <Text size="xs" c="red" data-testid="zooniverse-export-error-text">
            {record.error}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{record.kind}</Table.Td>
      <Table.Td>
        <ExportStateBadge state={record.state} />
      </Table.Td>
      <Table.Td>
        <Text size="xs">{formatDateTime(record.requested_at)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {formatDateTime(record.checked_at) || '–'}
        </Text>
      </Table.Td>
      <Table.Td>
        <Group gap={6} justify="flex-end" wrap="nowrap">
          {record.state === 'ready' && (
            <>
              <Button component="a" href={zooniverseApi.downloadUrl(record.id)} download size="compact-xs" data-testid="zooniverse-export-download">
                Download CSV
              </Button>
              <Button
                size="compact-xs"
                variant="light"
                loading={toBasket.isPending}
                onClick={() =>
                  toBasket.mutate(record.id, {
                    onSuccess: (result) => notify({ title: 'Basket', message: addedMessage(result), color: 'green', testId: 'basket-added' }),
                    onError: (error) => notify({ title: 'Could not add to the basket', message: errorMessage(error), color: 'red', testId: 'basket-add-error' }),
                  })
                }
                data-testid="zooniverse-export-basket"
              >
                Add to basket
              </Button>
            </>
          )}
          {record.state === 'pending' && (
            <Tooltip label="Ask Zooniverse now instead of waiting for the next background check" withArrow>
              <Button
                size="compact-xs"
                variant="light"
                loading={refresh.isPending}
                onClick={() =>
                  refresh.mutate(record.id, {
                    onError: (error) => notify({ title: 'Could not check the export', message: errorMessage(error), color: 'red' }),
                  })
                }
                data-testid="zooniverse-export-refresh"
              >
                Check now
              </Button>
            </Tooltip>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  )
}
