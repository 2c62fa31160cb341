import { Alert, Anchor, Button, Stack, Table, Text, Title } from '@mantine/core'
import { Link, useLocation } from 'react-router'
import { useSession } from '../../api/hooks'
import { usePaging } from '../../components/usePaging'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatDateTime } from '../../lib/format'
import { loginPath } from '../auth/api'
import { stagingPath } from '../rucio/did'
import { isActive, useStagingList } from './api'
import { requestTitle } from './labels'
import { LockProgress, StateBadge } from './StagingBits'

/** `/staging`: the signed-in user's staging requests, newest first. */
export function StagingListPage() {
  const session = useSession()
  const location = useLocation()
  if (session.isPending) return <LoadingBlock />
  if (session.data && !session.data.authenticated) {
    return (
      <Stack gap="md" data-testid="staging-list-page">
        <Title order={2} size="h3">
          Staging
        </Title>
        <Alert color="blue" variant="light" data-testid="staging-sign-in">
          Staging copies data-lake files next to a compute facility, under your account.{' '}
          <Anchor component={Link} to={loginPath(location)} size="sm">
            Sign in
          </Anchor>{' '}
          to see your requests.
        </Alert>
      </Stack>
    )
  }
  return <StagingList user={session.data?.user?.username ?? ''} />
}

function StagingList({ user }: { user: string }) {
  const { params, pager } = usePaging(25)
  const list = useStagingList(params, user)
  return (
    <Stack gap="md" data-testid="staging-list-page">
      <div>
        <Title order={2} size="h3">
          Staging
        </Title>
        <Text size="sm" c="dimmed">
          Your requests to copy data-lake DIDs to a destination (Rucio replication rules), newest first. Start one from a
          DID page or from your{' '}
          <Anchor component={Link} to="/basket" size="sm">
            basket
          </Anchor>
          .
        </Text>
      </div>
      {list.isPending && <LoadingBlock label="Loading your staging requests…" />}
      {list.error && !list.data && (
        <ErrorAlert error={list.error} title="Could not load the staging requests" onRetry={() => void list.refetch()} />
      )}
      {list.data && list.data.count === 0 && (
        <Text c="dimmed" ta="center" py="xl" data-testid="staging-empty">
          No staging requests yet.
        </Text>
      )}
      {list.data && list.data.count > 0 && (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="xs" striped highlightOnHover data-testid="staging-table" style={{ opacity: list.isPlaceholderData ? 0.55 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Request</Table.Th>
                  <Table.Th>Destination</Table.Th>
                  <Table.Th w={110}>State</Table.Th>
                  <Table.Th w="24%">Progress</Table.Th>
                  <Table.Th w={160}>Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.results.map((request) => (
                  <Table.Tr key={request.id} data-testid="staging-row" data-id={request.id} data-state={request.state}>
                    <Table.Td>
                      <Anchor component={Link} to={stagingPath(request.id)} size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="staging-open">
                        {requestTitle(request)}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {request.dataset_name || request.dataset}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{request.destination.label}</Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {request.destination.rse_expression}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <StateBadge state={request.state} size="sm" testId="staging-row-state" />
                    </Table.Td>
                    <Table.Td>
                      <LockProgress
                        counts={request.totals}
                        bytes={request.totals.bytes}
                        bytesDone={request.totals.bytes_done}
                        value={request.totals.progress}
                        size="sm"
                        active={isActive(request.state)}
                        testId="staging-row-progress"
                      />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(request.created)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pager(list.data.count, 'staging-pager')}
        </>
      )}
      <Button component={Link} to="/basket" variant="subtle" w="fit-content" size="xs">
        Go to the basket
      </Button>
    </Stack>
  )
}
