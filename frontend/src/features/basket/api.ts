import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { BasketAddResult, BasketFilters, BasketFromSearch, BasketItem, BasketItemCreate } from '../../api/types'
import { basketApi, fetchAll } from '../../api/endpoints'
import { RUCIO_DID_ITEM } from '../rucio/types'
import { queryKeys } from '../../api/hooks'

export function useBasketItems(filters: BasketFilters) {
  return useQuery({
    queryKey: queryKeys.basketPage(filters),
    queryFn: ({ signal }) => basketApi.list(filters, signal),
    placeholderData: keepPreviousData,
  })
}

/** After any basket change: its pages and the header's count (from the session). */
function useBasketChanged() {
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.basket })
    void queryClient.invalidateQueries({ queryKey: queryKeys.session })
  }
}

/** One or more `from-search` POSTs (one per dataset), with the counts summed. */
export function useAddFromSearch() {
  const changed = useBasketChanged()
  return useMutation<BasketAddResult, unknown, BasketFromSearch[]>({
    mutationFn: async (bodies) => {
      const total: BasketAddResult = { added: 0, existing: 0 }
      for (const body of bodies) {
        const result = await basketApi.addFromSearch(body)
        total.added += result.added
        total.existing += result.existing
      }
      return total
    },
    onSettled: changed,
  })
}

export function useUpdateNotes() {
  const queryClient = useQueryClient()
  return useMutation<BasketItem, unknown, { id: BasketItem['id']; notes: string }>({
    mutationFn: ({ id, notes }) => basketApi.updateNotes(id, notes),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.basket }),
  })
}

export function useRemoveItem() {
  const changed = useBasketChanged()
  return useMutation<void, unknown, BasketItem['id']>({
    mutationFn: (id) => basketApi.remove(id),
    onSettled: changed,
  })
}

export function useClearBasket() {
  const changed = useBasketChanged()
  return useMutation<void, unknown, void>({
    mutationFn: () => basketApi.clear(),
    onSettled: changed,
  })
}

/** "3 added to your basket (2 were already in it)." */
export function addedMessage({ added, existing }: BasketAddResult): string {
  const what = (n: number) => `${n} item${n === 1 ? '' : 's'}`
  const first = added ? `${what(added)} added to your basket` : 'Nothing new added to your basket'
  return existing ? `${first} (${existing} ${existing === 1 ? 'was' : 'were'} already in it).` : `${first}.`
}

/** `POST /basket/items/` with explicit items (e.g. Rucio DIDs), then the usual refreshes. */
export function useAddItems() {
  const changed = useBasketChanged()
  return useMutation<BasketAddResult, unknown, BasketItemCreate[]>({
    mutationFn: (items) => basketApi.add({ items }),
    onSettled: changed,
  })
}

/** All `rucio_did` items of the basket (under the basket's query key: refetched on every change). */
export function useRucioBasketItems() {
  return useQuery({
    queryKey: [...queryKeys.basket, 'rucio-items'] as const,
    queryFn: ({ signal }) => fetchAll<BasketItem>('/api/v1/basket/items/', { item_type: RUCIO_DID_ITEM }, signal),
  })
}

export function itemBytes(item: BasketItem): number | null {
  const bytes = (item.metadata as { bytes?: unknown }).bytes
  return typeof bytes === 'number' && Number.isFinite(bytes) ? bytes : null
}
