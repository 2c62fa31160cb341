import { Alert, Button, Code, Grid, Group, Spoiler, Stack, Switch, Text } from '@mantine/core'
import { useCallback, useMemo, useState } from 'react'
import { Link } from 'react-router'
import { searchesApi } from '../../api/endpoints'
import { usePositions, useResults } from '../../api/hooks'
import type { DatasetRun, ExportFormat, ResultOrdering, ResultRow, Search } from '../../api/types'
import { Pager } from '../../components/Pager'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { AddDatasetButtons, AddSelectedButton, type SelectedRow } from '../basket/AddToBasket'
import { didPagePathOf } from '../rucio/did'
import { adqlEditPath } from '../search/adql'
import { ZOONIVERSE, isZooniverseRun, projectPathOfRow } from '../zooniverse/paths'
import { ProjectTileGrid, ProjectTileStrips } from '../zooniverse/ProjectTiles'
import { archiveColumns } from './columns'
import { ResultsTable, type RowSelection } from './ResultsTable'
import { SkyPlot } from './SkyPlot'
import { STATUS_LABEL, hasRows } from './status'

/** Export formats in button order (`json` is NDJSON, offered by Rucio datasets); a run shows those it offers. */
const EXPORT_LABEL: Record<ExportFormat, string> = { votable: 'VOTable', csv: 'CSV', json: 'JSON' }
const EXPORT_ORDER: ExportFormat[] = ['votable', 'csv', 'json']

export function ExportButtons({ search, run }: { search: Search; run: DatasetRun }) {
  if (!hasRows(run)) return null
  const formats = EXPORT_ORDER.filter((f) => run.export_formats?.includes(f))
  if (!formats.length) return null
  return (
    <Group gap="xs" data-testid={`export-${run.dataset}`}>
      <Text size="sm" c="dimmed">
        Export:
      </Text>
      {formats.map((format) => (
        <Button
          key={format}
          component="a"
          href={searchesApi.exportUrl(search.id, run.dataset, format)}
          download
          size="compact-sm"
          variant="light"
          data-testid={`export-${format}-${run.dataset}`}
        >
          {EXPORT_LABEL[format]}
        </Button>
      ))}
    </Group>
  )
}

const selectionKey = (row: { dataset: string; id: string }) => `${row.dataset}\u0000${row.id}`

/** Selected rows (kept across pages and orderings of the tab), for the basket. */
function useRowSelection() {
  const [selected, setSelected] = useState<Map<string, SelectedRow>>(() => new Map())
  const isSelected = useCallback((row: ResultRow) => selected.has(selectionKey(row)), [selected])
  const set = useCallback((rows: ResultRow[], on: boolean) => {
    setSelected((current) => {
      const next = new Map(current)
      for (const row of rows) {
        if (on) next.set(selectionKey(row), { dataset: row.dataset, id: row.id })
        else next.delete(selectionKey(row))
      }
      return next
    })
  }, [])
  const clear = useCallback(() => setSelected(new Map()), [])
  const selection: RowSelection = useMemo(() => ({ isSelected, set }), [isSelected, set])
  const rows = useMemo(() => [...selected.values()], [selected])
  return { selection, selected: rows, clear }
}

/** A row to emphasise on the sky plot. */
type Highlight = { ra: number | null; dec: number | null; dataset: string } | null

/** The table, pager and sky plot of one tab: all datasets merged (`run` undefined) or one run. */
export function ResultsView({
  search,
  run,
  colors,
  names,
}: {
  search: Search
  run?: DatasetRun
  colors: Record<string, string>
  names: Record<string, string>
}) {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(25)
  const [ordering, setOrdering] = useState<ResultOrdering | undefined>(undefined)
  const [showFields, setShowFields] = useState(true)
  const [hovered, setHovered] = useState<Highlight>(null)
  const { selection, selected, clear: clearSelection } = useRowSelection()
  // Rows of Rucio datasets are DIDs: their title links to the DID page (the backend makes them `rucio_did` basket items);
  // rows of Zooniverse datasets are projects: their title links to the project page (`zooniverse_project` items).
  const linkedDatasets = useMemo(
    () => new Map(search.runs.filter((r) => r.connector_type === 'rucio' || r.connector_type === ZOONIVERSE).map((r) => [r.dataset, r.connector_type])),
    [search.runs],
  )
  const rowLink = useCallback(
    (row: ResultRow) => {
      const type = linkedDatasets.get(row.dataset)
      if (type === 'rucio') return didPagePathOf(row.dataset, row.id)
      if (type === ZOONIVERSE) return projectPathOfRow(row)
      return null
    },
    [linkedDatasets],
  )

  const ready = run ? hasRows(run) : search.totals.finished > 0
  // Refetch the page (and the positions) whenever more rows can have arrived.
  const version = run ? `${run.status}:${run.row_count}` : `${search.totals.finished}:${search.totals.rows}`
  // A Zooniverse tab shows tiles (ProjectTileGrid loads its own pages); so does "All" when only
  // Zooniverse datasets have rows (the table would repeat the tiles).
  const zooniverseRows = search.runs.filter((r) => isZooniverseRun(r) && hasRows(r)).reduce((n, r) => n + r.row_count, 0)
  const tilesOnly = !run && zooniverseRows > 0 && zooniverseRows === search.totals.rows
  const tiles = isZooniverseRun(run) || tilesOnly
  const results = useResults(
    search.id,
    { dataset: run?.dataset, page, page_size: pageSize, ordering },
    version,
    ready && !tiles,
  )
  // Searches without a position (keyword, data identifiers, ADQL) show the sky plot (and the
  // RA/Dec columns) only when their rows have positions.
  const positional = Boolean(search.query.cone)
  const positions = usePositions(search.id, run ? { dataset: run.dataset } : {}, version, ready && !tiles)
  const showSky = positional || (positions.data?.positions.length ?? 0) > 0
  const adql = search.query.adql
  const data = results.data
  const fieldColumns = useMemo(
    () => (run && showFields ? archiveColumns(run.columns, data?.results ?? []) : []),
    [run, showFields, data],
  )

  if (run && (run.status === 'pending' || run.status === 'running')) {
    return <LoadingBlock label={`Waiting for ${run.archive_name} (${STATUS_LABEL[run.status]})…`} testId="run-waiting" />
  }
  if (run && (run.status === 'error' || run.status === 'timeout')) {
    return (
      <Stack gap="sm">
        <Alert color={run.status === 'timeout' ? 'orange' : 'red'} title={`${run.dataset_name}: ${STATUS_LABEL[run.status]}`} data-testid="run-error">
          {run.error?.message ?? 'The archive did not answer.'}
          {run.error?.code && (
            <Text size="xs" c="dimmed" mt={4}>
              code: {run.error.code}
            </Text>
          )}
          {adql && (
            <Button component={Link} to={adqlEditPath(search.id, run.dataset)} size="xs" variant="light" mt="sm" data-testid="edit-adql">
              Edit the ADQL
            </Button>
          )}
        </Alert>
        <QueryText text={run.query_text} />
      </Stack>
    )
  }
  if (run && run.status === 'not_applicable') {
    return (
      <Alert color="gray" title="Not applicable" data-testid="run-not-applicable">
        {run.error?.message ?? `${run.dataset_name} cannot answer this kind of query.`}
      </Alert>
    )
  }
  if (!run && !ready) {
    return <LoadingBlock label="Waiting for the first archive to answer…" testId="run-waiting" />
  }
  if (tilesOnly) {
    return (
      <Stack gap="sm" data-testid="results-view-all" data-tiles-only="true">
        <ProjectTileStrips search={search} />
      </Stack>
    )
  }
  if (run && tiles) {
    return (
      <Stack gap="sm" data-testid={`results-view-${run.dataset}`}>
        {run.overflow && (
          <Alert color="yellow" variant="light" data-testid="overflow-warning">
            ⚠ More projects exist: only the first {run.row_count} are kept here. Narrow the keywords or raise the row limit.
          </Alert>
        )}
        <Group justify="space-between" wrap="wrap" gap="xs">
          <AddDatasetButtons searchId={search.id} dataset={run.dataset} rowCount={run.row_count} />
          <ExportButtons search={search} run={run} />
        </Group>
        <ProjectTileGrid search={search} run={run} />
        <QueryText text={run.query_text} />
      </Stack>
    )
  }

  return (
    <Stack gap="sm" data-testid={`results-view-${run?.dataset ?? 'all'}`}>
      {run?.overflow && (
        <Alert color="yellow" variant="light" data-testid="overflow-warning">
          ⚠ More rows exist: the archive matched more than the row limit, and only the first {run.row_count} are kept
          here. Export for the full result, or narrow the query / raise the row limit.
        </Alert>
      )}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="md">
          {run && run.columns.length > 0 && (
            <Switch
              label={`Archive columns (${run.columns.length})`}
              checked={showFields}
              onChange={(e) => setShowFields(e.currentTarget.checked)}
              data-testid="toggle-fields"
            />
          )}
          {results.isFetching && !results.isPending && (
            <Text size="xs" c="dimmed">
              updating…
            </Text>
          )}
        </Group>
        {run && <ExportButtons search={search} run={run} />}
      </Group>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <AddSelectedButton searchId={search.id} selected={selected} onAdded={clearSelection} onClear={clearSelection} />
        {run && <AddDatasetButtons searchId={search.id} dataset={run.dataset} rowCount={run.row_count} />}
      </Group>

      {!run && <ProjectTileStrips search={search} />}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: showSky ? 8 : 12 }}>
          {results.error && !data && (
            <ErrorAlert error={results.error} title="Could not load the rows" onRetry={() => void results.refetch()} />
          )}
          {results.error && data && <ErrorAlert error={results.error} title="Could not refresh the rows" />}
          {results.isPending && <LoadingBlock label="Loading rows…" />}
          {data && (
            <Stack gap="xs">
              <ResultsTable
                rows={data.results}
                ordering={ordering}
                onOrderingChange={(value) => {
                  setOrdering(value)
                  setPage(1)
                }}
                showDataset={!run}
                datasetNames={names}
                datasetColors={colors}
                fieldColumns={fieldColumns}
                hideEmptyCommon={Boolean(run) || !positional}
                onHover={(row) => setHovered(row && { ra: row.ra, dec: row.dec, dataset: row.dataset })}
                loading={results.isPlaceholderData}
                selection={selection}
                rowLink={linkedDatasets.size ? rowLink : undefined}
              />
              <Pager
                page={page}
                pageSize={pageSize}
                count={data.count}
                onPage={setPage}
                onPageSize={(size) => {
                  setPageSize(size)
                  setPage(1)
                }}
              />
            </Stack>
          )}
        </Grid.Col>
        {showSky && (
          <Grid.Col span={{ base: 12, xl: 4 }}>
            <SkyPanel search={search} run={run} positions={positions} colors={colors} names={names} highlight={hovered} />
          </Grid.Col>
        )}
      </Grid>
      {run && <QueryText text={run.query_text} />}
    </Stack>
  )
}

/** The sky plot of every row of the tab (not just the page), from the positions endpoint. */
function SkyPanel({
  search,
  run,
  positions,
  colors,
  names,
  highlight,
}: {
  search: Search
  run?: DatasetRun
  positions: ReturnType<typeof usePositions>
  colors: Record<string, string>
  names: Record<string, string>
  highlight: Highlight
}) {
  const totalRows = run ? run.row_count : search.totals.rows
  return (
    <Stack gap={4} data-testid="sky-panel">
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600}>
          Sky positions
          <Text span size="xs" c="dimmed" fw={400} ml={6}>
            {run ? `all rows of ${run.dataset_name}` : 'all rows, all datasets'}
          </Text>
        </Text>
        {positions.isFetching && !positions.isPending && (
          <Text size="xs" c="dimmed">
            updating…
          </Text>
        )}
      </Group>
      {positions.isPending && <LoadingBlock label="Loading positions…" testId="sky-loading" />}
      {positions.error && !positions.data && (
        <ErrorAlert error={positions.error} title="Could not load the positions" onRetry={() => void positions.refetch()} testId="sky-error" />
      )}
      {positions.data && (
        <SkyPlot data={positions.data} colors={colors} names={names} cone={search.query.cone} totalRows={totalRows} highlight={highlight} />
      )}
    </Stack>
  )
}

function QueryText({ text }: { text: string }) {
  if (!text) return null
  return (
    <Spoiler maxHeight={0} showLabel="Show the query sent to the archive" hideLabel="Hide the query" styles={{ control: { fontSize: 13 } }}>
      <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {text}
      </Code>
    </Spoiler>
  )
}
