import { Anchor, Badge, Button, Card, Center, Group, Image, ScrollArea, SimpleGrid, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { errorMessage } from '../../api/client'
import { useResults } from '../../api/hooks'
import type { DatasetRun, ResultRow, Search } from '../../api/types'
import { Pager } from '../../components/Pager'
import { useNotify } from '../../components/notify'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { addedMessage, useAddFromSearch } from '../basket/api'
import { formatCount, projectIdOfRow, projectPathOfRow, zooniverseRuns } from './paths'
import type { ProjectRowFields } from './types'

/** A picture, or a neutral block when there is none (or it fails to load). */
export function Thumb({ src, alt, height, testId }: { src: string | null | undefined; alt: string; height: number; testId?: string }) {
  const [failed, setFailed] = useState(false)
  if (!src || failed) {
    return (
      <Center h={height} bg="var(--mantine-color-gray-1)" data-testid={testId} data-empty="true">
        <Text size="xs" c="dimmed">
          no image
        </Text>
      </Center>
    )
  }
  return <Image src={src} alt={alt} h={height} fit="cover" loading="lazy" onError={() => setFailed(true)} data-testid={testId} />
}

/** Subjects / classifications / volunteers (those known: Panoptes' project cards leave some out). */
export function Counts({ subjects, classifications, volunteers, size = 'xs' }: { subjects: unknown; classifications: unknown; volunteers: unknown; size?: 'xs' | 'sm' }) {
  const counts = [
    { value: subjects, label: 'subjects', testId: 'count-subjects' },
    { value: classifications, label: 'classifications', testId: 'count-classifications' },
    { value: volunteers, label: 'volunteers', testId: 'count-volunteers' },
  ].filter((c) => typeof c.value === 'number')
  if (!counts.length) return null
  return (
    <Group gap={6} wrap="wrap" data-testid="zooniverse-counts">
      {counts.map((c) => (
        <Badge key={c.label} size={size} variant="light" color="gray" tt="none" data-testid={c.testId}>
          {formatCount(c.value)} {c.label}
        </Badge>
      ))}
    </Group>
  )
}

/** One project of a search's results: picture, name, description, counts, links, add to basket. */
export function ProjectTile({ row, searchId, width }: { row: ResultRow; searchId: string; width?: number }) {
  const fields = (row.fields ?? {}) as ProjectRowFields
  const page = projectPathOfRow(row)
  const add = useAddFromSearch()
  const notify = useNotify()
  const addToBasket = () =>
    add.mutate([{ search: searchId, dataset: row.dataset, rows: [row.id] }], {
      onSuccess: (result) => notify({ title: 'Basket', message: addedMessage(result), color: 'green', testId: 'basket-added' }),
      onError: (error) =>
        notify({ title: 'Could not add to the basket', message: errorMessage(error), color: 'red', testId: 'basket-add-error' }),
    })
  return (
    <Card
      withBorder
      padding="sm"
      radius="md"
      w={width}
      style={{ flex: width ? '0 0 auto' : undefined, display: 'flex', flexDirection: 'column' }}
      data-testid="zooniverse-tile"
      data-project={projectIdOfRow(row) ?? row.id}
      data-dataset={row.dataset}
    >
      <Card.Section>
        {page ? (
          <Link to={page} aria-label={`Open ${row.title}`} tabIndex={-1}>
            <Thumb src={row.thumbnail} alt={row.title} height={140} testId="zooniverse-tile-image" />
          </Link>
        ) : (
          <Thumb src={row.thumbnail} alt={row.title} height={140} testId="zooniverse-tile-image" />
        )}
      </Card.Section>
      <Stack gap={6} mt="sm" style={{ flex: 1 }}>
        {page ? (
          <Anchor component={Link} to={page} fw={600} size="sm" lineClamp={2} data-testid="zooniverse-tile-title">
            {row.title}
          </Anchor>
        ) : (
          <Text fw={600} size="sm" lineClamp={2} data-testid="zooniverse-tile-title">
            {row.title}
          </Text>
        )}
        {fields.description && (
          <Text size="xs" c="dimmed" lineClamp={3} title={fields.description} data-testid="zooniverse-tile-description">
            {fields.description}
          </Text>
        )}
        <Counts subjects={fields.subjects_count} classifications={fields.classifications_count} volunteers={fields.classifiers_count} />
      </Stack>
      <Group gap={6} mt="sm" wrap="wrap">
        {page && (
          <Button component={Link} to={page} size="compact-xs" variant="light" data-testid="zooniverse-tile-open">
            Open
          </Button>
        )}
        {row.access_url && (
          <Button component="a" href={row.access_url} target="_blank" rel="noreferrer" size="compact-xs" variant="subtle" data-testid="zooniverse-tile-external">
            Zooniverse ↗
          </Button>
        )}
        <Button size="compact-xs" variant="default" onClick={addToBasket} loading={add.isPending} data-testid="zooniverse-tile-add">
          Add to basket
        </Button>
      </Group>
    </Card>
  )
}

/** Same refetch trigger as the results table: the run's status and row count. */
function runVersion(run: DatasetRun) {
  return `${run.status}:${run.row_count}`
}

/** A Zooniverse dataset's tab: its projects as a paged tile grid. */
export function ProjectTileGrid({ search, run }: { search: Search; run: DatasetRun }) {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(24)
  const results = useResults(search.id, { dataset: run.dataset, page, page_size: pageSize }, runVersion(run))
  if (results.isPending) return <LoadingBlock label="Loading projects…" />
  if (results.error && !results.data) {
    return <ErrorAlert error={results.error} title="Could not load the projects" onRetry={() => void results.refetch()} />
  }
  const data = results.data
  if (!data) return null
  if (data.count === 0) {
    return (
      <Text c="dimmed" ta="center" py="xl" data-testid="zooniverse-tiles-empty">
        No projects matched.
      </Text>
    )
  }
  return (
    <Stack gap="sm">
      <SimpleGrid
        cols={{ base: 1, xs: 2, md: 3, lg: 4, xl: 6 }}
        spacing="md"
        data-testid={`zooniverse-tiles-${run.dataset}`}
        style={{ opacity: results.isPlaceholderData ? 0.55 : 1 }}
      >
        {data.results.map((row) => (
          <ProjectTile key={row.id} row={row} searchId={search.id} />
        ))}
      </SimpleGrid>
      <Pager
        page={page}
        pageSize={pageSize}
        count={data.count}
        onPage={setPage}
        onPageSize={(size) => {
          setPageSize(size)
          setPage(1)
        }}
        pageSizes={[12, 24, 48, 96]}
        testId="zooniverse-tiles-pager"
      />
    </Stack>
  )
}

/** How many projects of each Zooniverse dataset the "All" tab's strip shows. */
const STRIP_SIZE = 12

/** The "All" tab: each Zooniverse dataset's projects as a strip of tiles, above the table. */
export function ProjectTileStrips({ search }: { search: Search }) {
  const [params, setParams] = useSearchParams()
  const showAll = (dataset: string) => {
    const next = new URLSearchParams(params)
    next.set('tab', dataset)
    setParams(next, { replace: true })
  }
  const runs = zooniverseRuns(search).filter((r) => (r.status === 'ok' || r.status === 'overflow') && r.row_count > 0)
  if (!runs.length) return null
  return (
    <Stack gap="sm">
      {runs.map((run) => (
        <ProjectTileStrip key={run.dataset} search={search} run={run} onShowAll={() => showAll(run.dataset)} />
      ))}
    </Stack>
  )
}

function ProjectTileStrip({ search, run, onShowAll }: { search: Search; run: DatasetRun; onShowAll: () => void }) {
  const results = useResults(search.id, { dataset: run.dataset, page: 1, page_size: STRIP_SIZE }, runVersion(run))
  return (
    <Card withBorder padding="sm" data-testid={`zooniverse-strip-${run.dataset}`}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} size="sm">
          Citizen-science projects
          <Text span size="xs" c="dimmed" fw={400} ml={6}>
            {run.dataset_name} · {run.row_count}
            {run.overflow ? '+' : ''} project{run.row_count === 1 ? '' : 's'}
          </Text>
        </Text>
        {run.row_count > STRIP_SIZE && (
          <Button size="compact-xs" variant="subtle" onClick={onShowAll} data-testid={`zooniverse-strip-all-${run.dataset}`}>
            Show all {run.row_count}
          </Button>
        )}
      </Group>
      {results.isPending && <LoadingBlock label="Loading projects…" />}
      {results.error && !results.data && (
        <ErrorAlert error={results.error} title="Could not load the projects" onRetry={() => void results.refetch()} />
      )}
      {results.data && (
        <ScrollArea type="auto" offsetScrollbars>
          <Group gap="sm" wrap="nowrap" align="stretch" pb={4}>
            {results.data.results.map((row) => (
              <ProjectTile key={row.id} row={row} searchId={search.id} width={240} />
            ))}
          </Group>
        </ScrollArea>
      )}
    </Card>
  )
}
