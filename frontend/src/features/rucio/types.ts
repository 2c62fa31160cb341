/**
 * Types of the Rucio data-lake API (docs/rucio.md), derived from the generated `schema.d.ts`
 * like src/api/types.ts: aliases of the schema's types, narrowed where the schema is looser
 * than the API (free-form values, answers it documents wrongly).
 */
import type { Narrow, QueryOf, ResponseOf } from '../../api/types'
import type { components } from '../../api/schema'

type Schemas = components['schemas']

// ---------------------------------------------------------------------------------- discovery

/** The `did` query of `POST /searches/`. */
export type DidQuery = Narrow<Schemas['DidQueryRequest'], { metadata?: DidMetadataFilter[] }>
/** DID types of a search (`did.type`). */
export type DidSearchType = Schemas['DidQueryTypeEnum']
export type MetadataOp = Schemas['MetadataFilterOpEnum']
export type MetadataValue = string | number | boolean
export type DidMetadataFilter = Narrow<Schemas['MetadataFilterRequest'], { op: MetadataOp; value: MetadataValue }>

/** `GET /rucio/{dataset}/dids/{scope}/{name}/`. */
export type Did = Schemas['DidDetail']
export type DidContent = Schemas['DidContent']
export type DidFile = Schemas['DidFile']
/** Rucio's listings: `next_page` null at the end; `count` up to the listing cap (`count_capped`). */
export type ContentsPage = Schemas['ContentsPage']
export type FilesPage = Schemas['FilesPage']
/** Replicas: the per-RSE summary of all files (`rses`) and a page of files with their replicas. */
export type DidReplicas = Schemas['ReplicasPage']
export type RseSummary = Schemas['RseSummary']
export type FileReplicas = Schemas['FileReplicas']
export type FileReplica = Schemas['RucioReplica']
export type DidRule = Schemas['RucioRule']
export type DidRules = Schemas['RucioRules']
export type PageQuery = QueryOf<'/api/v1/rucio/{dataset}/files/{scope}/{name}/', 'get'>

// ------------------------------------------------------------------------------------ staging

export type Destination = Schemas['RucioDestination']
/** `GET /rucio/{dataset}/destinations/`. */
export type Destinations = ResponseOf<'/api/v1/rucio/{dataset}/destinations/', 'get'>

/** `POST /rucio/staging/`: `dids` xor `basket_items`. */
export type StagingCreate = Schemas['StagingCreateRequest']
export type StagingState = Schemas['StagingStateEnum']
/** `{code, message, rucio}`: `rucio` is Rucio's exception name ('' when none). */
export type StagingError = Schemas['StagingError']
export type StagingTotals = Schemas['StagingTotals']
export type StagingItem = Schemas['StagedItem']
export type StagingRequest = Schemas['StagingRequest']
/** `GET /api/v1/rucio/staging/`: a DRF page of staging requests. */
export type StagingList = Schemas['StagingPage']

/** The basket's item type of a Rucio DID. */
export const RUCIO_DID_ITEM = 'rucio_did' satisfies Schemas['ItemTypeEnum']

/** What a `rucio_did` basket item's metadata holds (docs/rucio.md). */
export interface RucioDidItemMetadata {
  did_type?: string
  bytes?: number | null
  length?: number | null
}
