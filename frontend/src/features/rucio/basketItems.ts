import type { BasketItemCreate } from '../../api/types'
import { RUCIO_DID_ITEM, type RucioDidItemMetadata } from './types'

/** A `rucio_did` basket item (docs/rucio.md: identifier `scope:name`, metadata did_type/bytes/length). */
export function rucioDidItem(
  dataset: string,
  did: string,
  metadata: RucioDidItemMetadata,
  title = did,
): BasketItemCreate {
  return { item_type: RUCIO_DID_ITEM, dataset, identifier: did, title, metadata: { ...metadata } }
}
