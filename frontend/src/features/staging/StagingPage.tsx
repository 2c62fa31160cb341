import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { Link, useLocation, useParams } from 'react-router'
import { ApiError, errorMessage } from '../../api/client'
import { ConfirmButton } from '../../components/ConfirmButton'
import { useNotify } from '../../components/notify'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatBytes, formatDateTime } from '../../lib/format'
import { loginPath } from '../auth/api'
import { didPagePathOf } from '../rucio/did'
import type { StagingError, StagingItem, StagingRequest } from '../rucio/types'
import { isActive, useCancelStaging, useRefreshStaging, useStagingRequest } from './api'
import { LockProgress, RuleStateBadge, StateBadge } from './StagingBits'

/** `/staging/:id`: one staging request, refreshed every 2 s while its rules are moving. */
export function StagingPage() {
  const { id = '' } = useParams()
  const location = useLocation()
  const request = useStagingRequest(id)

  if (request.isPending) return <LoadingBlock label="Loading the staging request…" />
  if (request.error && !request.data) {
    const status = request.error instanceof ApiError ? request.error.status : 0
    const notFound = status === 404
    const signIn = status === 401 || status === 403
    return (
      <Stack>
        <ErrorAlert
          error={request.error}
          title={notFound ? 'Staging request not found' : signIn ? 'Sign in to see your staging requests' : 'Could not load the staging request'}
          onRetry={notFound || signIn ? undefined : () => void request.refetch()}
        />
        {signIn && (
          <Button component={Link} to={loginPath(location)} w="fit-content" data-testid="staging-sign-in">
            Sign in
          </Button>
        )}
        <Button component={Link} to="/staging" variant="light" w="fit-content">
          All staging requests
        </Button>
      </Stack>
    )
  }
  if (!request.data) return null
  return <StagingDetail request={request.data} pollError={request.error} fetching={request.isFetching} />
}

export function ItemError({ error, testId = 'staging-item-error' }: { error: StagingError; testId?: string }) {
  return (
    <Text size="xs" c="red" data-testid={testId} style={{ overflowWrap: 'anywhere' }}>
      {error.message}
      {error.rucio ? ` (${error.rucio})` : ''}
      {error.code ? (
        <Text span size="xs" c="dimmed">
          {' '}
          · {error.code}
        </Text>
      ) : null}
    </Text>
  )
}

function StagingDetail({ request, pollError, fetching }: { request: StagingRequest; pollError: unknown; fetching: boolean }) {
  const refresh = useRefreshStaging(request.id)
  const cancel = useCancelStaging(request.id)
  const notify = useNotify()
  const active = isActive(request.state)
  const { totals } = request

  return (
    <Stack gap="md" data-testid="staging-page" data-state={request.state}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Anchor component={Link} to="/staging" size="sm" data-testid="staging-back">
            ← Staging requests
          </Anchor>
          <Group gap="sm" mt={4}>
            <Title order={2} size="h3" data-testid="staging-title">
              {request.name || `Staging of ${totals.dids} DID${totals.dids === 1 ? '' : 's'}`}
            </Title>
            <StateBadge state={request.state} size="lg" />
          </Group>
          <Text size="sm" c="dimmed">
            {request.dataset_name || request.dataset} → {request.destination.label}{' '}
            <Text span ff="monospace" size="xs">
              ({request.destination.rse_expression})
            </Text>
            {request.destination.facility ? ` · ${request.destination.facility}` : ''}
          </Text>
        </div>
        <Group gap="xs">
          <Button
            variant="light"
            onClick={() =>
              refresh.mutate(undefined, {
                onError: (error) => notify({ title: 'Could not refresh', message: errorMessage(error), color: 'red' }),
              })
            }
            loading={refresh.isPending}
            data-testid="staging-refresh"
          >
            Refresh now
          </Button>
          <ConfirmButton
            variant="light"
            color="red"
            disabled={request.state === 'cancelled'}
            loading={cancel.isPending}
            title="Cancel this staging request?"
            message="The Rucio rules this request created are deleted (rules that existed before, or that another request uses, are kept). The copies at the destination may disappear."
            confirmLabel="Cancel the request"
            onConfirm={() =>
              cancel.mutate(undefined, {
                onSuccess: () => notify({ message: 'Staging request cancelled.', color: 'gray', testId: 'staging-cancelled' }),
                onError: (error) => notify({ title: 'Could not cancel', message: errorMessage(error), color: 'red' }),
              })
            }
            testId="staging-cancel"
          >
            Cancel
          </ConfirmButton>
        </Group>
      </Group>

      {request.state === 'done' && (
        <Alert color="green" variant="light" data-testid="staging-done">
          All data is at {request.destination.label}
          {request.expires_at ? `, kept until ${formatDateTime(request.expires_at)}` : ''}.
        </Alert>
      )}
      {request.state === 'failed' && (
        <Alert color="red" variant="light" title="Staging failed" data-testid="staging-failed">
          {request.error ? <ItemError error={request.error} testId="staging-error" /> : 'Some items could not be staged; see below.'}
        </Alert>
      )}
      {request.state === 'cancelled' && (
        <Alert color="gray" variant="light" data-testid="staging-cancelled-note">
          This request was cancelled.
        </Alert>
      )}
      {pollError ? <ErrorAlert error={pollError} title="Could not refresh the status" testId="staging-poll-error" /> : null}

      <Card withBorder padding="md">
        <Stack gap="sm">
          <Group justify="space-between">
            <Text fw={600}>Progress</Text>
            {active && (
              <Text size="xs" c="dimmed" data-testid="staging-polling">
                {fetching ? 'updating…' : 'updates every 2 s'}
              </Text>
            )}
          </Group>
          <LockProgress
            counts={totals}
            bytes={totals.bytes}
            bytesDone={totals.bytes_done}
            value={totals.progress}
            size="xl"
            active={active}
            testId="staging-progress"
          />
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
            <Fact label="DIDs" value={String(totals.dids)} />
            <Fact label="Files" value={String(totals.files)} />
            <Fact label="Size" value={formatBytes(totals.bytes) || '0 B'} />
            <Fact label="Locks" value={`${totals.locks_ok} OK · ${totals.locks_replicating} replicating · ${totals.locks_stuck} stuck`} />
            <Fact label="Created" value={formatDateTime(request.created)} />
            <Fact label="Checked" value={formatDateTime(request.refreshed_at) || '–'} />
            <Fact label="Lifetime" value={`${request.lifetime_days} day${request.lifetime_days === 1 ? '' : 's'}`} />
            <Fact label="Expires" value={formatDateTime(request.expires_at) || '–'} />
          </SimpleGrid>
        </Stack>
      </Card>

      <Table.ScrollContainer minWidth={820}>
        <Table verticalSpacing="xs" striped data-testid="staging-items">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>DID</Table.Th>
              <Table.Th w={120}>Rule</Table.Th>
              <Table.Th w="34%">Progress</Table.Th>
              <Table.Th w={80}>Files</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {request.items.map((item) => (
              <ItemRow key={item.did} item={item} dataset={request.dataset} active={active} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  )
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  )
}

function ItemRow({ item, dataset, active }: { item: StagingItem; dataset: string; active: boolean }) {
  const link = didPagePathOf(dataset, item.did)
  return (
    <Table.Tr data-testid="staging-item" data-did={item.did} data-rule-state={item.rule_state ?? ''}>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Stack gap={2}>
          <Group gap={6} wrap="nowrap">
            {link ? (
              <Anchor component={Link} to={link} size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }} data-testid="staging-item-did">
                {item.did}
              </Anchor>
            ) : (
              <Text size="sm" ff="monospace">
                {item.did}
              </Text>
            )}
            {item.type && (
              <Badge size="xs" variant="outline" color="gray" tt="none">
                {item.type}
              </Badge>
            )}
          </Group>
          <Group gap={6}>
            {item.rule_id && (
              <Text size="xs" c="dimmed" ff="monospace" data-testid="staging-item-rule">
                rule {item.rule_id}
              </Text>
            )}
            {item.reused && (
              <Badge size="xs" variant="light" color="grape" data-testid="staging-item-reused">
                existing rule reused
              </Badge>
            )}
          </Group>
          {item.error && <ItemError error={item.error} />}
        </Stack>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <RuleStateBadge state={item.rule_state} testId="staging-item-rule-state" />
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <LockProgress
          counts={item}
          bytes={item.bytes}
          bytesDone={item.bytes_done}
          size="md"
          active={active && item.rule_state === 'REPLICATING'}
          testId="staging-item-progress"
        />
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Text size="sm">{item.files}</Text>
      </Table.Td>
    </Table.Tr>
  )
}
