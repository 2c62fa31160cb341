import { Anchor, Badge, Button, Card, Code, Group, Progress, Stack, Tabs, Text, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useMemo } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { ApiError } from '../../api/client'
import { searchesApi } from '../../api/endpoints'
import { queryKeys, useSearch } from '../../api/hooks'
import type { Search } from '../../api/types'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatDateTime } from '../../lib/format'
import { adqlEditPath } from '../search/adql'
import { querySummaryParts } from '../search/querySummary'
import { ResultsView } from './ResultsView'
import { StatusChips } from './StatusChips'
import { STATUS_COLOR, datasetColors } from './status'

export function ResultsPage() {
  const { id = '' } = useParams()
  const search = useSearch(id)

  if (search.isPending) return <LoadingBlock label="Loading search…" />
  if (search.error && !search.data) {
    const notFound = search.error instanceof ApiError && search.error.status === 404
    return (
      <Stack>
        <ErrorAlert
          error={search.error}
          title={notFound ? 'Search not found (it may have expired)' : 'Could not load the search'}
          onRetry={notFound ? undefined : () => void search.refetch()}
        />
        <Button component={Link} to="/search" variant="light" w="fit-content">
          New search
        </Button>
      </Stack>
    )
  }
  if (!search.data) return null
  return <SearchResults key={search.data.id} search={search.data} pollError={search.error} />
}

function QuerySummary({ search }: { search: Search }) {
  const q = search.query
  const parts = querySummaryParts(q, search.row_limit)
  return (
    <Stack gap={4}>
      {parts.length > 0 && (
        <Text size="sm" data-testid="query-summary">
          {parts.join(' · ')}
        </Text>
      )}
      {q.adql && (
        <Code block style={{ whiteSpace: 'pre-wrap' }}>
          {q.adql}
        </Code>
      )}
      {q.adql && search.runs[0] && (
        <Anchor component={Link} to={adqlEditPath(search.id, search.runs[0].dataset)} size="sm" data-testid="edit-query">
          Edit this query
        </Anchor>
      )}
    </Stack>
  )
}

function SearchResults({ search, pollError }: { search: Search; pollError: unknown }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [params, setParams] = useSearchParams()
  const tab = params.get('tab') ?? 'all'

  const colors = useMemo(() => datasetColors(search.runs.map((r) => r.dataset)), [search.runs])
  const names = useMemo(() => Object.fromEntries(search.runs.map((r) => [r.dataset, r.dataset_name])), [search.runs])

  const rerun = useMutation({
    mutationFn: () => searchesApi.rerun(search.id),
    onSuccess: (fresh) => {
      queryClient.setQueryData(queryKeys.search(fresh.id), fresh)
      void navigate(`/searches/${fresh.id}`)
    },
  })

  const setTab = (value: string | null) => {
    const next = new URLSearchParams(params)
    if (!value || value === 'all') next.delete('tab')
    else next.set('tab', value)
    setParams(next, { replace: true })
  }

  const { datasets, finished, rows } = search.totals
  const activeRun = search.runs.find((r) => r.dataset === tab)

  return (
    <Stack gap="md" data-testid="results-page" data-complete={search.complete}>
      <Card withBorder padding="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
          <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
            <Group gap="xs">
              <Title order={2} size="h3">
                {search.name || 'Search results'}
              </Title>
              <Badge color={search.complete ? 'green' : 'blue'} variant="light" data-testid="search-state">
                {search.complete ? 'complete' : 'running'}
              </Badge>
            </Group>
            <QuerySummary search={search} />
            <Text size="xs" c="dimmed">
              created {formatDateTime(search.created)}
              {search.expires_at ? ` · kept until ${formatDateTime(search.expires_at)}` : ''}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button
              variant="light"
              onClick={() => rerun.mutate()}
              loading={rerun.isPending}
              data-testid="rerun"
            >
              Re-run
            </Button>
            <Button component={Link} to="/search" variant="default">
              New search
            </Button>
          </Group>
        </Group>
        <Group gap="sm" mt="sm" wrap="nowrap">
          <Progress
            value={datasets ? (finished / datasets) * 100 : 100}
            animated={!search.complete}
            style={{ flex: 1 }}
            aria-label="Datasets finished"
          />
          <Text size="sm" c="dimmed" data-testid="totals" style={{ whiteSpace: 'nowrap' }}>
            {finished}/{datasets} datasets · {rows} rows
          </Text>
        </Group>
        {rerun.error && <ErrorAlert error={rerun.error} title="Could not re-run the search" />}
        {pollError ? <ErrorAlert error={pollError} title="Lost contact with the server; showing the last known state" /> : null}
      </Card>

      <StatusChips runs={search.runs} />

      <Tabs value={activeRun ? tab : 'all'} onChange={setTab} keepMounted={false}>
        <Tabs.List style={{ flexWrap: 'wrap' }}>
          <Tabs.Tab value="all" data-testid="results-tab-all">
            All <Badge size="xs" variant="light" ml={4}>{rows}</Badge>
          </Tabs.Tab>
          {search.runs.map((run) => (
            <Tabs.Tab
              key={run.dataset}
              value={run.dataset}
              data-testid={`results-tab-${run.dataset}`}
              leftSection={
                <span
                  aria-hidden
                  style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: colors[run.dataset] }}
                />
              }
              rightSection={
                <Badge size="xs" variant="light" color={STATUS_COLOR[run.status]}>
                  {run.status === 'ok' || run.status === 'overflow'
                    ? `${run.row_count}${run.overflow ? '+' : ''}`
                    : run.status === 'not_applicable'
                      ? 'n/a'
                      : run.status}
                </Badge>
              }
            >
              {run.dataset_name}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="all" pt="md">
          <ResultsView search={search} colors={colors} names={names} />
        </Tabs.Panel>
        {search.runs.map((run) => (
          <Tabs.Panel key={run.dataset} value={run.dataset} pt="md">
            <ResultsView search={search} run={run} colors={colors} names={names} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  )
}
