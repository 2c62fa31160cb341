import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Spoiler,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useArchives, useDatasets } from '../../api/hooks'
import type { Archive, Dataset } from '../../api/types'
import { HealthBadge } from '../../components/HealthBadge'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'

function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^[A-Za-z0-9]/.test(w))
  return (words.length > 1 ? words[0][0] + words[1][0] : name.slice(0, 2)).toUpperCase()
}

function distinct(values: string[]): string[] {
  return [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b))
}

export function ArchivesPage() {
  const [params, setParams] = useSearchParams()
  const connectorType = params.get('connector_type') ?? ''
  const category = params.get('category') ?? ''
  const [text, setText] = useState(params.get('search') ?? '')
  const [debouncedText] = useDebouncedValue(text.trim(), 300)

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    setParams(next, { replace: true })
  }

  const archives = useArchives()
  const allDatasets = useDatasets({})
  const filtersActive = Boolean(connectorType || category || debouncedText)
  const filtered = useDatasets({
    connector_type: connectorType || undefined,
    category: category || undefined,
    search: debouncedText || undefined,
  })

  const connectorOptions = useMemo(
    () => distinct((allDatasets.data ?? []).map((d) => d.connector_type)),
    [allDatasets.data],
  )
  const categoryOptions = useMemo(
    () => distinct((allDatasets.data ?? []).map((d) => d.category)),
    [allDatasets.data],
  )

  const byArchive = useMemo(() => {
    const map = new Map<string, Dataset[]>()
    for (const dataset of filtered.data ?? []) {
      const list = map.get(dataset.archive) ?? []
      list.push(dataset)
      map.set(dataset.archive, list)
    }
    return map
  }, [filtered.data])

  const visibleArchives = (archives.data ?? []).filter((a) => !filtersActive || byArchive.has(a.slug))

  return (
    <Stack gap="md" data-testid="archives-page">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>Archives &amp; datasets</Title>
          <Text c="dimmed" size="sm">
            The archives ESAP searches, their datasets and the latest health check of each service.
          </Text>
        </div>
      </Group>

      <Card withBorder padding="sm">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label="Search"
            placeholder="Name, description…"
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value)
              setParam('search', e.currentTarget.value.trim() || null)
            }}
            data-testid="filter-text"
            w={260}
          />
          <Select
            label="Connector type"
            placeholder="Any"
            clearable
            data={connectorOptions}
            value={connectorType || null}
            onChange={(v) => setParam('connector_type', v)}
            data-testid="filter-connector"
            w={200}
          />
          <Select
            label="Category"
            placeholder="Any"
            clearable
            data={categoryOptions}
            value={category || null}
            onChange={(v) => setParam('category', v)}
            data-testid="filter-category"
            w={200}
          />
          {filtersActive && (
            <Button
              variant="subtle"
              onClick={() => {
                setText('')
                setParams(new URLSearchParams(), { replace: true })
              }}
            >
              Clear filters
            </Button>
          )}
          {filtered.isFetching && !filtered.isPending && (
            <Text size="xs" c="dimmed">
              updating…
            </Text>
          )}
        </Group>
      </Card>

      {(archives.isPending || filtered.isPending) && <LoadingBlock label="Loading archives…" />}
      {archives.error && <ErrorAlert error={archives.error} title="Could not load archives" onRetry={() => void archives.refetch()} />}
      {filtered.error && <ErrorAlert error={filtered.error} title="Could not load datasets" onRetry={() => void filtered.refetch()} />}

      {archives.data && filtered.data && (
        <>
          <Text size="sm" c="dimmed" data-testid="archives-summary">
            {visibleArchives.length} archive{visibleArchives.length === 1 ? '' : 's'}, {filtered.data.length} dataset
            {filtered.data.length === 1 ? '' : 's'}
            {filtersActive ? ' match the filters' : ''}
          </Text>
          {visibleArchives.length === 0 && (
            <Card withBorder>
              <Text c="dimmed" data-testid="archives-empty">
                No archive has a dataset matching these filters.
              </Text>
            </Card>
          )}
          {visibleArchives.map((archive) => (
            <ArchiveCard key={archive.slug} archive={archive} datasets={byArchive.get(archive.slug) ?? []} />
          ))}
        </>
      )}
    </Stack>
  )
}

function ArchiveCard({ archive, datasets }: { archive: Archive; datasets: Dataset[] }) {
  return (
    <Card withBorder padding="md" data-testid={`archive-${archive.slug}`}>
      <Group align="flex-start" wrap="nowrap" gap="md">
        <Avatar src={archive.logo_url || null} alt="" radius="sm" size="lg" color="indigo">
          {initials(archive.name)}
        </Avatar>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <Title order={3} size="h4">
              {archive.name}
            </Title>
            {archive.institute && (
              <Text size="sm" c="dimmed">
                {archive.institute}
              </Text>
            )}
            {archive.documentation_url && (
              <Anchor href={archive.documentation_url} target="_blank" rel="noreferrer" size="sm">
                documentation
              </Anchor>
            )}
          </Group>
          {archive.short_description && <Text size="sm">{archive.short_description}</Text>}
          {archive.long_description && (
            <Spoiler maxHeight={0} showLabel="More about this archive" hideLabel="Hide" styles={{ control: { fontSize: 13 } }}>
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-line' }}>
                {archive.long_description}
              </Text>
            </Spoiler>
          )}
        </Stack>
      </Group>
      {datasets.length === 0 ? (
        <Text size="sm" c="dimmed" mt="sm">
          No datasets.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720} mt="sm">
          <Table verticalSpacing="xs" striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Dataset</Table.Th>
                <Table.Th>Type</Table.Th>
                <Table.Th>Category</Table.Th>
                <Table.Th>Queries</Table.Th>
                <Table.Th>Health</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {datasets.map((dataset) => (
                <DatasetRow key={dataset.slug} dataset={dataset} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  )
}

function DatasetRow({ dataset }: { dataset: Dataset }) {
  const caps = dataset.capabilities
  const canAdql = caps?.describe && caps.query_kinds.includes('adql')
  return (
    <Table.Tr data-testid={`dataset-${dataset.slug}`} style={{ opacity: dataset.enabled ? 1 : 0.6 }}>
      <Table.Td maw={360}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={600}>
            {dataset.name}
          </Text>
          {!dataset.enabled && (
            <Badge size="xs" color="gray">
              disabled
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" className="mono">
          {dataset.slug}
          {dataset.resource ? ` · ${dataset.resource}` : ''}
        </Text>
        {dataset.description && (
          <Text size="xs" c="dimmed" lineClamp={2} title={dataset.description}>
            {dataset.description}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="light" size="sm" data-testid="connector-type">
          {dataset.connector_type}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="xs">{[dataset.category, dataset.level, dataset.collection].filter(Boolean).join(' · ') || '–'}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {(caps?.query_kinds ?? []).map((kind) => (
            <Badge key={kind} size="xs" variant="outline">
              {kind}
            </Badge>
          ))}
          {caps?.async_jobs && (
            <Badge size="xs" variant="outline" color="grape">
              async
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <HealthBadge health={dataset.health} testId={`health-${dataset.slug}`} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          <Button
            size="compact-xs"
            variant="light"
            component={Link}
            to={`/search?datasets=${encodeURIComponent(dataset.slug)}`}
            disabled={!dataset.enabled}
          >
            Search
          </Button>
          {canAdql && (
            <Button
              size="compact-xs"
              variant="default"
              component={Link}
              to={`/search?tab=adql&dataset=${encodeURIComponent(dataset.slug)}`}
              disabled={!dataset.enabled}
            >
              ADQL
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  )
}
