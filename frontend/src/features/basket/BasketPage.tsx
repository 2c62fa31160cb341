import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Select, SegmentedControl, Stack, Table, Text, Textarea, Title } from '@mantine/core'
import { useCallback, useMemo, useState } from 'react'
import { Link, useLocation, useSearchParams } from 'react-router'
import type { BasketExportFormat, BasketItem, BasketItemType } from '../../api/types'
import { errorMessage } from '../../api/client'
import { basketApi } from '../../api/endpoints'
import { useDatasets, useSession } from '../../api/hooks'
import { ConfirmButton } from '../../components/ConfirmButton'
import { useNotify } from '../../components/notify'
import { Pager } from '../../components/Pager'
import { ErrorAlert, LoadingBlock } from '../../components/QueryState'
import { formatDateTime } from '../../lib/format'
import { loginPath } from '../auth/api'
import { useBasketItems, useClearBasket, useRemoveItem, useUpdateNotes } from './api'
import { BasketItemView, RemoveButton } from './BasketItemView'
import { ITEM_TYPE_COLOR, ITEM_TYPE_LABEL } from './itemTypes'
import { StageFromBasket } from './StageFromBasket'

const TYPE_FILTERS: { value: '' | BasketItemType; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'catalogue_row', label: 'Catalogue rows' },
  { value: 'data_product', label: 'Data products' },
  { value: 'query', label: 'Queries' },
  { value: 'rucio_did', label: 'Data-lake DIDs' },
  { value: 'zooniverse_project', label: 'Zooniverse projects' },
  { value: 'zooniverse_subject', label: 'Zooniverse subjects' },
]

const EXPORTS: { format: BasketExportFormat; label: string }[] = [
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
  { format: 'votable', label: 'VOTable' },
]

function isItemType(value: string | null): value is BasketItemType {
  return TYPE_FILTERS.some((t) => t.value && t.value === value)
}

export function BasketPage() {
  const [params, setParams] = useSearchParams()
  const location = useLocation()
  const rawType = params.get('item_type')
  const itemType = isItemType(rawType) ? rawType : ''
  const dataset = params.get('dataset') ?? ''
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(25)

  const session = useSession()
  const datasets = useDatasets({})
  const items = useBasketItems({ item_type: itemType || undefined, dataset: dataset || undefined, page, page_size: pageSize })
  const clear = useClearBasket()
  const notify = useNotify()
  // Selected Rucio items (for "Stage…"); none selected: all of them.
  const [stageSelection, setStageSelection] = useState<Set<number>>(() => new Set())
  const toggleStage = useCallback((id: number, on: boolean) => {
    setStageSelection((current) => {
      const next = new Set(current)
      if (on) next.add(id)
      else next.delete(id)
      return next
    })
  }, [])

  const names = useMemo(
    () => Object.fromEntries((datasets.data ?? []).map((d) => [d.slug, d.name])) as Record<string, string>,
    [datasets.data],
  )
  const datasetOptions = useMemo(
    () => (datasets.data ?? []).map((d) => ({ value: d.slug, label: d.name })).sort((a, b) => a.label.localeCompare(b.label)),
    [datasets.data],
  )

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params)
    if (value) next.set(key, value)
    else next.delete(key)
    setParams(next, { replace: true })
    setPage(1)
  }


  const total = session.data?.basket_count ?? items.data?.count ?? 0
  const filtered = Boolean(itemType || dataset)
  const anonymous = session.data && !session.data.authenticated

  return (
    <Stack gap="md" data-testid="basket-page">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2} size="h3">
            Basket
          </Title>
          <Text size="sm" c="dimmed">
            Rows, data products and queries kept for later: export them, or use them in analysis and staging.
          </Text>
        </div>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {filtered ? 'Export the filtered items:' : 'Export:'}
          </Text>
          {EXPORTS.map(({ format, label }) => (
            <Button
              key={format}
              component="a"
              href={basketApi.exportUrl({ format, item_type: itemType || undefined, dataset: dataset || undefined })}
              download
              size="compact-sm"
              variant="light"
              disabled={total === 0}
              data-testid={`basket-export-${format}`}
            >
              {label}
            </Button>
          ))}
          <ConfirmButton
            size="compact-sm"
            variant="light"
            color="red"
            disabled={total === 0}
            loading={clear.isPending}
            title="Clear the basket?"
            message={`All ${total} item${total === 1 ? '' : 's'} will be removed from your basket. This cannot be undone.`}
            confirmLabel="Clear basket"
            onConfirm={() =>
              clear.mutate(undefined, {
                onSuccess: () => {
                  setPage(1)
                  notify({ message: 'Your basket is empty now.', color: 'gray', testId: 'basket-cleared' })
                },
                onError: (error) => notify({ title: 'Could not clear the basket', message: errorMessage(error), color: 'red' }),
              })
            }
            testId="basket-clear"
          >
            Clear basket
          </ConfirmButton>
        </Group>
      </Group>

      <StageFromBasket selected={stageSelection} datasetNames={names} />

      {anonymous && (
        <Alert color="blue" variant="light" data-testid="basket-anonymous">
          Your basket is kept in this browser session.{' '}
          <Anchor component={Link} to={loginPath(location)} size="sm">
            Sign in
          </Anchor>{' '}
          to keep it with your account: what is here now is added to it.
        </Alert>
      )}

      <Card withBorder padding="sm">
        <Group gap="md" wrap="wrap">
          <SegmentedControl
            size="xs"
            value={itemType}
            onChange={(value) => setFilter('item_type', value)}
            data={TYPE_FILTERS}
            data-testid="basket-filter-type"
          />
          <Select
            size="xs"
            w={260}
            placeholder="All datasets"
            aria-label="Dataset"
            clearable
            searchable
            data={datasetOptions}
            value={dataset || null}
            onChange={(value) => setFilter('dataset', value)}
            data-testid="basket-filter-dataset"
            comboboxProps={{ withinPortal: true }}
          />
          {items.isFetching && !items.isPending && (
            <Text size="xs" c="dimmed">
              updating…
            </Text>
          )}
        </Group>
      </Card>

      {items.isPending && <LoadingBlock label="Loading your basket…" />}
      {items.error && !items.data && (
        <ErrorAlert error={items.error} title="Could not load the basket" onRetry={() => void items.refetch()} />
      )}
      {clear.error ? <ErrorAlert error={clear.error} title="Could not clear the basket" /> : null}
      {items.data && (
        <Stack gap="xs">
          {items.data.count === 0 ? (
            <Text c="dimmed" ta="center" py="xl" data-testid="basket-empty">
              {filtered ? (
                'Nothing in your basket matches these filters.'
              ) : (
                <>
                  Your basket is empty. Add rows or whole results from a{' '}
                  <Anchor component={Link} to="/search">
                    search
                  </Anchor>
                  .
                </>
              )}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="xs" striped data-testid="basket-table" style={{ opacity: items.isPlaceholderData ? 0.55 : 1 }}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={175}>Type</Table.Th>
                    <Table.Th>Item</Table.Th>
                    <Table.Th w="28%">Notes</Table.Th>
                    <Table.Th w={150}>Added</Table.Th>
                    <Table.Th w={90} />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.data.results.map((item, _, all) => (
                    <BasketRow
                      key={item.id}
                      item={item}
                      datasetName={names[item.dataset] ?? item.dataset}
                      stageSelected={stageSelection.has(item.id)}
                      onStageSelect={toggleStage}
                      // The last item of a later page gone: show the page before.
                      onRemoved={() => all.length === 1 && page > 1 && setPage(page - 1)}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          {items.data.count > 0 && (
            <Pager
              page={page}
              pageSize={pageSize}
              count={items.data.count}
              onPage={setPage}
              onPageSize={(size) => {
                setPageSize(size)
                setPage(1)
              }}
              testId="basket-pager"
            />
          )}
        </Stack>
      )}
    </Stack>
  )
}

function BasketRow({
  item,
  datasetName,
  onRemoved,
  stageSelected,
  onStageSelect,
}: {
  item: BasketItem
  datasetName: string
  onRemoved: () => void
  stageSelected: boolean
  onStageSelect: (id: number, on: boolean) => void
}) {
  const remove = useRemoveItem()
  const notify = useNotify()
  return (
    <Table.Tr data-testid="basket-item" data-item-type={item.item_type} data-identifier={item.identifier}>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Group gap={6} wrap="nowrap">
          {item.item_type === 'rucio_did' && (
            <Checkbox
              size="xs"
              aria-label={`Select ${item.identifier} for staging`}
              checked={stageSelected}
              onChange={(e) => onStageSelect(item.id, e.currentTarget.checked)}
              data-testid="basket-item-select"
            />
          )}
          <Badge size="sm" variant="light" tt="none" color={ITEM_TYPE_COLOR[item.item_type] ?? 'gray'} data-testid="basket-item-type">
            {ITEM_TYPE_LABEL[item.item_type] ?? item.item_type}
          </Badge>
        </Group>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <BasketItemView item={item} datasetName={datasetName} />
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <NotesEditor item={item} />
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <Text size="xs" c="dimmed">
          {formatDateTime(item.added)}
        </Text>
      </Table.Td>
      <Table.Td style={{ verticalAlign: 'top' }}>
        <RemoveButton
          loading={remove.isPending}
          onClick={() =>
            remove.mutate(item.id, {
              onSuccess: onRemoved,
              onError: (error) => notify({ title: 'Could not remove the item', message: errorMessage(error), color: 'red' }),
            })
          }
        />
      </Table.Td>
    </Table.Tr>
  )
}

/** The notes of an item, edited in place (PATCH on save). */
function NotesEditor({ item }: { item: BasketItem }) {
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(item.notes)
  const update = useUpdateNotes()

  if (!editing) {
    return (
      <Group gap={6} align="flex-start" wrap="nowrap">
        {item.notes ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', flex: 1 }} data-testid="basket-notes">
            {item.notes}
          </Text>
        ) : null}
        <Anchor
          component="button"
          type="button"
          size="xs"
          c={item.notes ? undefined : 'dimmed'}
          onClick={() => {
            setText(item.notes)
            update.reset()
            setEditing(true)
          }}
          data-testid="basket-notes-edit"
        >
          {item.notes ? 'Edit' : 'Add a note'}
        </Anchor>
      </Group>
    )
  }
  const save = () =>
    update.mutate({ id: item.id, notes: text }, { onSuccess: () => setEditing(false) })
  return (
    <Stack gap={4}>
      <Textarea
        size="xs"
        autosize
        minRows={2}
        maxRows={6}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setEditing(false)
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save()
        }}
        aria-label="Notes"
        autoFocus
        data-testid="basket-notes-input"
        error={update.error ? errorMessage(update.error) : undefined}
      />
      <Group gap="xs">
        <Button size="compact-xs" onClick={save} loading={update.isPending} data-testid="basket-notes-save">
          Save
        </Button>
        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setEditing(false)} data-testid="basket-notes-cancel">
          Cancel
        </Button>
      </Group>
    </Stack>
  )
}
