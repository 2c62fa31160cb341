/**
 * TypeScript types for the ESAP REST API (/api/v1/...).
 *
 * Written by hand from the API contract. When `docs/openapi.json` exists, `npm run gen:api`
 * generates `src/api/schema.d.ts` with openapi-typescript; these names can then be aligned with
 * (or re-exported from) `components['schemas'][...]` in that file, keeping the names below
 * stable for the rest of the app.
 */

/** Every error answer: `{"error": {"code", "message", "field"?, "details"?}}`. */
export interface ApiErrorBody {
  error: {
    code: string
    message: string
    field?: string
    details?: unknown
  }
}

/** A paginated list: `?page=&page_size=`. */
export interface Paginated<T> {
  count: number
  next: string | null
  previous: string | null
  results: T[]
}

export interface PageParams {
  page?: number
  page_size?: number
}

// ---------------------------------------------------------------------------- archives, datasets

export interface Archive {
  slug: string
  name: string
  institute: string
  short_description: string
  long_description: string
  documentation_url: string
  logo_url: string
  ordering?: number
  visible?: boolean
  /** Dataset slugs. */
  datasets: string[]
}

export type QueryKind = 'adql' | 'cone' | 'constraints' | 'keyword'
export type ExportFormat = 'votable' | 'csv'

export interface DatasetCapabilities {
  query_kinds: QueryKind[]
  export_formats: ExportFormat[]
  async_jobs: boolean
  describe: boolean
  staging: boolean
}

export interface DatasetHealth {
  /** null: never checked. */
  ok: boolean | null
  checked_at: string | null
  latency_ms: number | null
  /** '' when healthy. */
  error: string | null
}

export interface Dataset {
  slug: string
  name: string
  description: string
  archive: string
  archive_name: string
  connector_type: string
  service_url: string
  resource: string
  category: string
  level: string
  collection: string
  enabled: boolean
  timeout: number
  row_limit: number
  ordering?: number
  parameter_mapping?: Record<string, string>
  result_hints?: Record<string, string>
  options?: Record<string, unknown>
  /** null when the dataset's connector is not installed. */
  capabilities: DatasetCapabilities | null
  health: DatasetHealth
}

export interface DatasetFilters extends PageParams {
  archive?: string
  connector_type?: string
  category?: string
  level?: string
  collection?: string
  enabled?: boolean
  search?: string
}

export interface ColumnInfo {
  name: string
  datatype: string | null
  unit: string | null
  ucd: string | null
  description: string | null
}

export interface TableInfo {
  name: string
  description: string | null
  columns: ColumnInfo[]
}

export interface DatasetTables {
  tables: TableInfo[]
}

// ---------------------------------------------------------------------------------- searches

export interface Cone {
  /** Degrees. */
  ra: number
  dec: number
  radius: number
}

/** Operators of the API (query/connectors/base.py CONSTRAINT_OPERATORS). */
export type ConstraintOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'between' | 'like'

export interface Constraint {
  /** One of ESAP's common parameters (id, name, target, collection, magnitude, …). */
  param: string
  op: ConstraintOp
  /** A number or a string by parameter type; [low, high] for `between`; a % / _ pattern for `like`. */
  value: string | number | [number, number]
}

export interface SearchCreate {
  /** Default: every enabled dataset. */
  datasets?: string[]
  cone?: Cone
  constraints?: Constraint[]
  /** Exactly one dataset. */
  adql?: string
  keyword?: string
  row_limit?: number
  timeout?: number
  /** Seconds the server may wait for results before answering. */
  wait?: number
  name?: string
}

export type RunStatus =
  | 'pending'
  | 'running'
  | 'ok'
  | 'overflow'
  | 'timeout'
  | 'error'
  | 'not_applicable'

export const FINISHED_STATUSES: readonly RunStatus[] = [
  'ok',
  'overflow',
  'timeout',
  'error',
  'not_applicable',
]

/** Statuses whose rows can be listed and exported. */
export const STATUSES_WITH_ROWS: readonly RunStatus[] = ['ok', 'overflow']

export interface RunError {
  code: string
  message: string
}

export interface DatasetRun {
  dataset: string
  dataset_name: string
  archive: string
  archive_name: string
  connector_type: string
  status: RunStatus
  row_count: number
  overflow: boolean
  error: RunError | null
  query_text: string
  columns: ColumnInfo[]
  started_at: string | null
  finished_at: string | null
  elapsed_ms: number | null
  timings?: Record<string, number>
  export_formats: ExportFormat[]
}

export interface SearchQuery {
  kind: string
  cone: Cone | null
  constraints: Constraint[] | null
  adql: string | null
  keyword: string | null
}

export interface Search {
  id: string
  name: string
  created: string
  expires_at: string | null
  query: SearchQuery
  row_limit: number | null
  timeout: number | null
  complete: boolean
  totals: { datasets: number; finished: number; rows: number; failed?: number }
  runs: DatasetRun[]
}

export const RESULT_ORDERING_FIELDS = [
  'dataset',
  'title',
  'ra',
  'dec',
  'size',
  'format',
  'dataproduct_type',
  'id',
] as const
export type ResultOrderingField = (typeof RESULT_ORDERING_FIELDS)[number]
/** `field` ascending, `-field` descending. */
export type ResultOrdering = ResultOrderingField | `-${ResultOrderingField}`

export interface ResultParams extends PageParams {
  dataset?: string
  ordering?: ResultOrdering
}

export interface ResultRow {
  dataset: string
  archive: string
  id: string
  title: string
  ra: number | null
  dec: number | null
  access_url: string | null
  format: string | null
  size: number | null
  dataproduct_type: string | null
  thumbnail: string | null
  fields: Record<string, unknown>
}

// ---------------------------------------------------------------------------------- registry

export type RegistryServiceType = 'tap' | 'scs' | 'sia' | 'ssa'
/** Service types that can be imported as datasets. */
export const IMPORTABLE_SERVICE_TYPES = ['tap', 'scs', 'sia'] as const

export interface RegistryParams extends PageParams {
  /** Slug of an ivoa-registry dataset; default: the first enabled one. */
  registry?: string
  keyword?: string
  servicetype?: RegistryServiceType
  waveband?: string
}

export interface RegistryService {
  service_type: string
  access_url: string
  standard_id: string
}

export interface RegistryResource {
  ivoid: string
  title: string | null
  short_name: string | null
  description: string | null
  publisher: string | null
  waveband: string[]
  service_type: string | null
  access_url: string | null
  reference_url?: string | null
  services?: RegistryService[]
  already_imported?: boolean
}

/** Registry search answer: page-number based, without next/previous links. */
export interface RegistryPage {
  registry?: string
  count: number
  page?: number
  page_size?: number
  next?: string | null
  previous?: string | null
  results: RegistryResource[]
}

export interface RegistryImport {
  ivoid: string
  access_url: string
  service_type: 'tap' | 'scs' | 'sia'
  title: string
  archive?: string
}

export interface ImportedDataset {
  id?: number
  slug: string
  name: string
  archive: string
  connector_type: string
  service_url: string
  enabled: boolean
}
