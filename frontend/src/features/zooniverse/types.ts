/**
 * Types of the Zooniverse (Panoptes) API (docs/zooniverse.md), derived from the generated
 * `schema.d.ts` like src/api/types.ts: aliases of the schema's types, narrowed where the schema
 * is looser than the API (enums typed as strings).
 */
import type { Narrow, QueryOf, ResponseOf } from '../../api/types'
import type { components } from '../../api/schema'

type Schemas = components['schemas']

/** Panoptes ids: positive integers (numbers in answers, strings in paths and queries). */
export type ZooniverseId = number | string

/** `GET /zooniverse/{dataset}/projects/{project_id}/`. */
export type Project = Schemas['ZooniverseProject']
export type Workflow = Schemas['ZooniverseWorkflow']
export type SubjectSet = Schemas['ZooniverseSubjectSet']
export type SubjectLocation = Schemas['ZooniverseLocation']
export type Subject = Schemas['ZooniverseSubject']

/** Pages of Panoptes listings (from Panoptes' `meta`): `next_page` null on the last one; `count` may be null. */
export type WorkflowsPage = Schemas['ZooniverseWorkflowPage']
export type SubjectSetsPage = Schemas['ZooniverseSubjectSetPage']
export type SubjectsPage = Schemas['ZooniverseSubjectPage']

export type PageQuery = QueryOf<'/api/v1/zooniverse/{dataset}/projects/{project_id}/workflows/', 'get'>
/** `GET /zooniverse/{dataset}/subjects/`: by project or by subject set. */
export type SubjectsQuery = QueryOf<'/api/v1/zooniverse/{dataset}/subjects/', 'get'>

/** `GET /zooniverse/{dataset}/account/`. */
export type Account = Schemas['ZooniverseAccount']
/** `POST /zooniverse/{dataset}/account/`. */
export type AccountLogin = Schemas['ZooniverseSignInRequest']

export type ExportKind = 'classifications' | 'subjects' | 'workflows'
export type ExportState = 'pending' | 'ready' | 'failed'

/** An export record (the schema types `kind` and `state` as strings). */
export type ExportRecord = Narrow<Schemas['ZooniverseExport'], { kind: ExportKind; state: ExportState }>
/** `GET /zooniverse/exports/`: a DRF page, newest first. */
export type ExportList = Narrow<Schemas['ZooniverseExportPage'], { results: ExportRecord[] }>
export type ExportCreate = Narrow<Schemas['ZooniverseExportCreateRequest'], { kind: ExportKind }>
/** `POST /zooniverse/exports/{id}/basket/`. */
export type ExportBasketAdd = ResponseOf<'/api/v1/zooniverse/exports/{id}/basket/', 'post'>

/** The basket's item types of Zooniverse (docs/zooniverse.md "Basket"). */
export const ZOONIVERSE_ITEM_TYPES = [
  'zooniverse_project',
  'zooniverse_workflow',
  'zooniverse_subject_set',
  'zooniverse_subject',
] as const satisfies readonly Schemas['ItemTypeEnum'][]
export type ZooniverseItemType = (typeof ZOONIVERSE_ITEM_TYPES)[number]

/** The `fields` of a project row of a search (docs/zooniverse.md "Discovery"). */
export interface ProjectRowFields {
  project_id?: number | null
  slug?: string | null
  description?: string
  subjects_count?: number | null
  classifications_count?: number | null
  classifiers_count?: number | null
  state?: string | null
  completeness?: number | null
  launch_approved?: boolean
}
