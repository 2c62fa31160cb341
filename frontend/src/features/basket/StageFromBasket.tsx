import { Button, Group, Text } from '@mantine/core'
import { useMemo, useState } from 'react'
import type { BasketItem } from '../../api/types'
import { StageDialog } from '../staging/StageDialog'
import { itemBytes, useRucioBasketItems } from './api'

interface Group_ {
  dataset: string
  items: BasketItem[]
}

/**
 * "Stage…" for the basket's Rucio DIDs: the selected ones, or all of them — one button per Rucio
 * dataset (a staging request is of one dataset), opening the staging dialog.
 */
export function StageFromBasket({ selected, datasetNames }: { selected: ReadonlySet<number>; datasetNames: Record<string, string> }) {
  const rucio = useRucioBasketItems()
  const [open, setOpen] = useState<string | null>(null)
  const all = useMemo(() => rucio.data ?? [], [rucio.data])
  const chosen = useMemo(() => {
    const picked = all.filter((item) => selected.has(item.id))
    return picked.length ? picked : all
  }, [all, selected])
  const groups = useMemo(() => {
    const map = new Map<string, Group_>()
    for (const item of chosen) {
      const group = map.get(item.dataset) ?? { dataset: item.dataset, items: [] }
      group.items.push(item)
      map.set(item.dataset, group)
    }
    return [...map.values()]
  }, [chosen])

  if (!groups.length) return null
  const some = chosen.length < all.length
  const current = groups.find((g) => g.dataset === open)
  const known = current?.items.map(itemBytes) ?? []
  const bytes = known.length && known.every((b) => b !== null) ? known.reduce<number>((sum, b) => sum + (b ?? 0), 0) : null

  return (
    <Group gap="xs" data-testid="basket-stage-actions">
      <Text size="sm" c="dimmed">
        {some ? `Data lake (${chosen.length} selected):` : 'Data lake:'}
      </Text>
      {groups.map((group) => (
        <Button
          key={group.dataset}
          size="compact-sm"
          onClick={() => setOpen(group.dataset)}
          data-testid="basket-stage"
          data-dataset={group.dataset}
        >
          Stage{groups.length > 1 ? ` ${datasetNames[group.dataset] ?? group.dataset}` : ''}… ({group.items.length})
        </Button>
      ))}
      {current && (
        <StageDialog
          opened
          onClose={() => setOpen(null)}
          dataset={current.dataset}
          datasetName={datasetNames[current.dataset] ?? current.dataset}
          target={{ basketItems: current.items.map((item) => item.id) }}
          count={current.items.length}
          bytes={bytes}
        />
      )}
    </Group>
  )
}
