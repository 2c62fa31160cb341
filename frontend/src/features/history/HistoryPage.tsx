import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useLocation, useNavigate } from 'react-router'
import { errorMessage } from '../../api/client'
import { searchesApi } from '../../api/endpoints'
import { queryKeys, useSession } from '../../api/hooks'
import type { RunStatus, Search } from '../../api/types'
import { ConfirmButton } from '../../components/ConfirmButton'
import { useNotify } from '../../components/notify'
import { Pager } from '../../components/Pager'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatDateTime } from '../../lib/format'
import { loginPath } from '../auth/api'
import { STATUS_COLOR, STATUS_LABEL } from '../results/status'
import { querySummaryText } from '../search/querySummary'
import { useDeleteSearch, useHistory, useUpdateSearch } from './api'

const STATUS_ORDER: RunStatus[] = ['ok', 'overflow', 'running', 'pending', 'timeout', 'error', 'not_applicable']

export function HistoryPage() {
  const location = useLocation()
  const session = useSession()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(25)
  const history = useHistory({ page, page_size: pageSize })


  return (
    <Stack gap="md" data-testid="history-page">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2} size="h3">
            Search history
          </Title>
          <Text size="sm" c="dimmed">
            Your searches, newest first. Name a search or mark it as saved to find it again.
          </Text>
        </div>
      </Group>
      {session.data && !session.data.authenticated && (
        <Alert color="blue" variant="light" data-testid="history-anonymous">
          These are the searches of this browser session; they expire.{' '}
          <Anchor component={Link} to={loginPath(location)} size="sm">
            Sign in
          </Anchor>{' '}
          to keep a history with your account.
        </Alert>
      )}
      {history.isPending && <LoadingBlock label="Loading your searches…" />}
      {history.error && !history.data && (
        <ErrorAlert error={history.error} title="Could not load your searches" onRetry={() => void history.refetch()} />
      )}
      {history.data && (
        <Stack gap="sm" style={{ opacity: history.isPlaceholderData ? 0.6 : 1 }}>
          {history.data.count === 0 ? (
            <Text c="dimmed" ta="center" py="xl" data-testid="history-empty">
              No searches yet.{' '}
              <Anchor component={Link} to="/search">
                Start one
              </Anchor>
              .
            </Text>
          ) : (
            history.data.results.map((search, _, all) => (
              <HistoryEntry
                key={search.id}
                search={search}
                // The last search of a later page gone: show the page before.
                onDeleted={() => all.length === 1 && page > 1 && setPage(page - 1)}
              />
            ))
          )}
          {history.data.count > 0 && (
            <Pager
              page={page}
              pageSize={pageSize}
              count={history.data.count}
              onPage={setPage}
              onPageSize={(size) => {
                setPageSize(size)
                setPage(1)
              }}
              testId="history-pager"
            />
          )}
        </Stack>
      )}
    </Stack>
  )
}

const MAX_NAMES = 3

function StatusCounts({ search }: { search: Search }) {
  const counts = new Map<RunStatus, string[]>()
  for (const run of search.runs) counts.set(run.status, [...(counts.get(run.status) ?? []), run.dataset_name])
  const names = search.runs.map((r) => r.dataset_name)
  return (
    <Stack gap={2}>
      <Text size="xs" data-testid="history-datasets" lineClamp={1} title={names.join(', ')}>
        {names.slice(0, MAX_NAMES).join(', ')}
        {names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : ''}
      </Text>
      <Group gap={6} wrap="wrap" data-testid="history-status-counts">
        <Text size="xs" c="dimmed">
          {search.totals.datasets} dataset{search.totals.datasets === 1 ? '' : 's'} · {search.totals.rows} rows:
        </Text>
        {STATUS_ORDER.filter((s) => counts.has(s)).map((status) => (
          <Tooltip key={status} label={counts.get(status)!.join(', ')} withinPortal multiline maw={320}>
            <Badge size="xs" variant="light" color={STATUS_COLOR[status]} data-testid={`history-status-${status}`}>
              {counts.get(status)!.length} {STATUS_LABEL[status]}
            </Badge>
          </Tooltip>
        ))}
      </Group>
    </Stack>
  )
}

function HistoryEntry({ search, onDeleted }: { search: Search; onDeleted: () => void }) {
  const navigate = useNavigate()
  const notify = useNotify()
  const queryClient = useQueryClient()
  const update = useUpdateSearch()
  const remove = useDeleteSearch()
  const [renaming, setRenaming] = useState(false)
  const [name, setName] = useState(search.name)
  const rerun = useMutation({
    mutationFn: () => searchesApi.rerun(search.id),
    onSuccess: (fresh) => {
      queryClient.setQueryData(queryKeys.search(fresh.id), fresh)
      void queryClient.invalidateQueries({ queryKey: queryKeys.history })
      void navigate(`/searches/${fresh.id}`)
    },
    onError: (error) => notify({ title: 'Could not re-run the search', message: errorMessage(error), color: 'red' }),
  })

  const fail = (title: string) => (error: unknown) => notify({ title, message: errorMessage(error), color: 'red' })
  const saveName = () =>
    update.mutate(
      { id: search.id, body: { name: name.trim() } },
      { onSuccess: () => setRenaming(false), onError: fail('Could not rename the search') },
    )
  const summary = querySummaryText(search.query, search.row_limit)

  return (
    <Card withBorder padding="sm" data-testid="history-entry" data-search-id={search.id} data-saved={search.saved}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Group gap="xs" align="flex-start" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
          <Tooltip label={search.saved ? 'Saved: click to unsave' : 'Save this search'} withinPortal>
            <ActionIcon
              variant="subtle"
              color={search.saved ? 'yellow' : 'gray'}
              aria-label={search.saved ? 'Unsave' : 'Save'}
              aria-pressed={search.saved}
              onClick={() =>
                update.mutate({ id: search.id, body: { saved: !search.saved } }, { onError: fail('Could not save the search') })
              }
              loading={update.isPending && update.variables?.body.saved !== undefined}
              data-testid="history-save"
            >
              <StarIcon filled={search.saved} />
            </ActionIcon>
          </Tooltip>
          <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
            {renaming ? (
              <Group gap="xs" wrap="nowrap">
                <TextInput
                  size="xs"
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') saveName()
                    if (e.key === 'Escape') setRenaming(false)
                  }}
                  placeholder="A name for this search"
                  aria-label="Search name"
                  maxLength={200}
                  autoFocus
                  style={{ flex: 1 }}
                  data-testid="history-name-input"
                />
                <Button size="compact-xs" onClick={saveName} loading={update.isPending} data-testid="history-name-save">
                  Save
                </Button>
                <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setRenaming(false)}>
                  Cancel
                </Button>
              </Group>
            ) : (
              <Group gap="xs" wrap="nowrap">
                <Anchor component={Link} to={`/searches/${search.id}`} fw={600} size="sm" truncate="end" data-testid="history-open">
                  {search.name || summary}
                </Anchor>
                <Anchor
                  component="button"
                  type="button"
                  size="xs"
                  c="dimmed"
                  onClick={() => {
                    setName(search.name)
                    setRenaming(true)
                  }}
                  data-testid="history-rename"
                >
                  {search.name ? 'rename' : 'name it'}
                </Anchor>
              </Group>
            )}
            {search.name && (
              <Text size="sm" data-testid="history-summary" style={{ overflowWrap: 'anywhere' }}>
                {summary}
              </Text>
            )}
            <StatusCounts search={search} />
            <Text size="xs" c="dimmed">
              {formatDateTime(search.created)}
              {search.expires_at ? ` · kept until ${formatDateTime(search.expires_at)}` : ''}
              {!search.complete ? ' · running' : ''}
            </Text>
          </Stack>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Button component={Link} to={`/searches/${search.id}`} size="compact-sm" variant="default">
            Open
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => rerun.mutate()} loading={rerun.isPending} data-testid="history-rerun">
            Re-run
          </Button>
          <ConfirmButton
            size="compact-sm"
            variant="subtle"
            color="red"
            loading={remove.isPending}
            title="Delete this search?"
            message="The search and its results are deleted. Items you added to your basket stay there."
            confirmLabel="Delete"
            onConfirm={() => remove.mutate(search.id, { onSuccess: onDeleted, onError: fail('Could not delete the search') })}
            testId="history-delete"
          >
            Delete
          </ConfirmButton>
        </Group>
      </Group>
    </Card>
  )
}

function StarIcon({ filled }: { filled: boolean }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="2" strokeLinejoin="round" aria-hidden>
      <path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />
    </svg>
  )
}
