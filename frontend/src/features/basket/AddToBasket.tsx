import { Button, Group, Text } from '@mantine/core'
import type { BasketFromSearch } from '../../api/types'
import { errorMessage } from '../../api/client'
import { useNotify } from '../../components/notify'
import { addedMessage, useAddFromSearch } from './api'

/** A selected result row: its dataset and row id. */
export interface SelectedRow {
  dataset: string
  id: string
}

function useAddWithNotification() {
  const add = useAddFromSearch()
  const notify = useNotify()
  const run = (bodies: BasketFromSearch[], onDone?: () => void) =>
    add.mutate(bodies, {
      onSuccess: (result) => {
        notify({ title: 'Basket', message: addedMessage(result), color: 'green', testId: 'basket-added' })
        onDone?.()
      },
      onError: (error) =>
        notify({ title: 'Could not add to the basket', message: errorMessage(error), color: 'red', testId: 'basket-add-error' }),
    })
  return { run, isPending: add.isPending, variables: add.variables }
}

/** "Add selected to basket (n)": one `from-search` POST per dataset of the selected rows. */
export function AddSelectedButton({
  searchId,
  selected,
  onAdded,
  onClear,
}: {
  searchId: string
  selected: SelectedRow[]
  onAdded?: () => void
  onClear?: () => void
}) {
  const { run, isPending } = useAddWithNotification()
  const add = () => {
    const byDataset = new Map<string, string[]>()
    for (const row of selected) byDataset.set(row.dataset, [...(byDataset.get(row.dataset) ?? []), row.id])
    run(
      [...byDataset].map(([dataset, rows]) => ({ search: searchId, dataset, rows })),
      onAdded,
    )
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Button
        size="compact-sm"
        onClick={add}
        disabled={selected.length === 0}
        loading={isPending}
        data-testid="basket-add-selected"
      >
        Add selected to basket{selected.length ? ` (${selected.length})` : ''}
      </Button>
      {selected.length > 0 && onClear && (
        <Button size="compact-sm" variant="subtle" color="gray" onClick={onClear} data-testid="basket-clear-selection">
          Clear selection
        </Button>
      )}
    </Group>
  )
}

/** Per-dataset tab: add every row of the dataset's result, or the query itself. */
export function AddDatasetButtons({ searchId, dataset, rowCount }: { searchId: string; dataset: string; rowCount: number }) {
  const { run, isPending, variables } = useAddWithNotification()
  const pendingKind = isPending ? (variables?.[0] && 'as_query' in variables[0] ? 'query' : 'rows') : null
  return (
    <Group gap="xs" wrap="wrap" data-testid={`basket-actions-${dataset}`}>
      <Text size="sm" c="dimmed">
        Basket:
      </Text>
      <Button
        size="compact-sm"
        variant="light"
        onClick={() => run([{ search: searchId, dataset, all_rows: true }])}
        loading={pendingKind === 'rows'}
        disabled={rowCount === 0 || pendingKind === 'query'}
        data-testid={`basket-add-all-${dataset}`}
      >
        Add all rows of this dataset ({rowCount})
      </Button>
      <Button
        size="compact-sm"
        variant="light"
        onClick={() => run([{ search: searchId, dataset, as_query: true }])}
        loading={pendingKind === 'query'}
        disabled={pendingKind === 'rows'}
        data-testid={`basket-add-query-${dataset}`}
      >
        Save this query to basket
      </Button>
    </Group>
  )
}
