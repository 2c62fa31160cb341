import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Link, useNavigate } from 'react-router'
import type { BasketItem, QueryItemMetadata } from '../../api/types'
import { errorMessage } from '../../api/client'
import { searchesApi } from '../../api/endpoints'
import { queryKeys } from '../../api/hooks'
import type { SearchQuery } from '../../api/types'
import { useNotify } from '../../components/notify'
import { formatBytes, formatDeg } from '../../lib/format'
import { didPagePathOf } from '../rucio/did'
import { querySummaryText, searchCreateFromQuery } from '../search/querySummary'
import { isZooniverseItemType } from '../zooniverse/basketItems'
import { BasketZooniverseItem } from '../zooniverse/BasketZooniverseItem'

function num(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return null
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value == null ? '' : String(value)
}

/** An item's main line and its type-specific details. */
export function BasketItemView({ item, datasetName }: { item: BasketItem; datasetName: string }) {
  const title = item.title || item.identifier
  if (isZooniverseItemType(item.item_type)) return <BasketZooniverseItem item={item} datasetName={datasetName} />
  switch (item.item_type) {
    case 'catalogue_row':
      return <CatalogueRow item={item} title={title} datasetName={datasetName} />
    case 'data_product':
      return <DataProduct item={item} title={title} datasetName={datasetName} />
    case 'query':
      return <QueryItem item={item} datasetName={datasetName} />
    case 'rucio_did':
      return <RucioDid item={item} datasetName={datasetName} />
    default:
      return (
        <Stack gap={2} data-testid="basket-item-other">
          <Text size="sm" fw={500}>
            {title}
          </Text>
          <Text size="xs" c="dimmed">
            {item.item_type} · {item.identifier} · {datasetName}
          </Text>
        </Stack>
      )
  }
}

function DatasetLine({ datasetName, archive }: { datasetName: string; archive: string }) {
  return (
    <Text size="xs" c="dimmed" data-testid="basket-item-dataset">
      {datasetName}
      {archive ? ` · ${archive}` : ''}
    </Text>
  )
}

function CatalogueRow({ item, title, datasetName }: { item: BasketItem; title: string; datasetName: string }) {
  const ra = num(item.metadata.ra)
  const dec = num(item.metadata.dec)
  return (
    <Stack gap={2} data-testid="basket-item-catalogue-row">
      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }} data-testid="basket-item-title">
        {title}
      </Text>
      {ra !== null && dec !== null && (
        <Text size="xs" ff="monospace" data-testid="basket-item-position">
          RA {formatDeg(ra)}° · Dec {formatDeg(dec)}°
        </Text>
      )}
      <DatasetLine datasetName={datasetName} archive={item.archive} />
    </Stack>
  )
}

function DataProduct({ item, title, datasetName }: { item: BasketItem; title: string; datasetName: string }) {
  const url = str(item.metadata.access_url)
  const format = str(item.metadata.format)
  const size = num(item.metadata.size)
  return (
    <Stack gap={2} data-testid="basket-item-data-product">
      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }} data-testid="basket-item-title">
        {title}
      </Text>
      <Group gap="xs">
        {format && (
          <Badge size="xs" variant="outline" color="gray" tt="none" data-testid="basket-item-format">
            {format}
          </Badge>
        )}
        {size !== null && (
          <Text size="xs" data-testid="basket-item-size">
            {formatBytes(size)}
          </Text>
        )}
        {url && (
          <Anchor href={url} size="xs" target="_blank" rel="noreferrer" download="" data-testid="basket-item-download">
            Download
          </Anchor>
        )}
      </Group>
      <DatasetLine datasetName={datasetName} archive={item.archive} />
    </Stack>
  )
}

function QueryItem({ item, datasetName }: { item: BasketItem; datasetName: string }) {
  const meta = item.metadata as QueryItemMetadata
  const query = (meta.query ?? (item.metadata as Partial<SearchQuery>)) as Partial<SearchQuery>
  const body = searchCreateFromQuery(query, [item.dataset], meta.row_limit ? { row_limit: meta.row_limit } : {})
  const navigate = useNavigate()
  const notify = useNotify()
  const queryClient = useQueryClient()
  const runAgain = useMutation({
    mutationFn: () => searchesApi.create(body!),
    onSuccess: (search) => {
      queryClient.setQueryData(queryKeys.search(search.id), search)
      void navigate(`/searches/${search.id}`)
    },
    onError: (error) => notify({ title: 'Could not run the query', message: errorMessage(error), color: 'red' }),
  })
  return (
    <Stack gap={2} data-testid="basket-item-query">
      <Text size="sm" fw={500} data-testid="basket-item-title">
        {item.title || `Query on ${datasetName}`}
      </Text>
      <Text size="xs" data-testid="basket-item-query-summary" style={{ overflowWrap: 'anywhere' }}>
        {querySummaryText(query, meta.row_limit)}
      </Text>
      <Group gap="xs">
        <DatasetLine datasetName={datasetName} archive={item.archive} />
        {body && (
          <Anchor
            component="button"
            type="button"
            size="xs"
            onClick={() => runAgain.mutate()}
            disabled={runAgain.isPending}
            data-testid="basket-item-run-again"
          >
            {runAgain.isPending ? 'Starting…' : 'Run again'}
          </Anchor>
        )}
        {meta.search && (
          <Anchor component={Link} to={`/searches/${meta.search}?tab=${encodeURIComponent(item.dataset)}`} size="xs" data-testid="basket-item-open-search">
            Original search
          </Anchor>
        )}
      </Group>
    </Stack>
  )
}

function RucioDid({ item, datasetName }: { item: BasketItem; datasetName: string }) {
  const link = didPagePathOf(item.dataset, item.identifier)
  const didType = str(item.metadata.did_type)
  const bytes = num(item.metadata.bytes)
  const length = num(item.metadata.length)
  return (
    <Stack gap={2} data-testid="basket-item-rucio-did">
      {link ? (
        <Anchor component={Link} to={link} size="sm" fw={500} ff="monospace" style={{ overflowWrap: 'anywhere' }} data-testid="basket-item-title">
          {item.identifier}
        </Anchor>
      ) : (
        <Text size="sm" fw={500} ff="monospace" data-testid="basket-item-title">
          {item.identifier}
        </Text>
      )}
      <Group gap="xs">
        {didType && (
          <Badge size="xs" variant="outline" color="gray" tt="none" data-testid="basket-item-did-type">
            {didType}
          </Badge>
        )}
        {bytes !== null && (
          <Text size="xs" data-testid="basket-item-size">
            {formatBytes(bytes)}
          </Text>
        )}
        {length !== null && (
          <Text size="xs" c="dimmed" data-testid="basket-item-length">
            {length} file{length === 1 ? '' : 's'}
          </Text>
        )}
      </Group>
      <DatasetLine datasetName={datasetName} archive={item.archive} />
    </Stack>
  )
}

/** Button-sized "Remove". */
export function RemoveButton({ onClick, loading }: { onClick: () => void; loading: boolean }) {
  return (
    <Button size="compact-xs" variant="subtle" color="red" onClick={onClick} loading={loading} data-testid="basket-remove">
      Remove
    </Button>
  )
}
