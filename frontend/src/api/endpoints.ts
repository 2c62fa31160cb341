/**
 * One typed function per API endpoint. Features call these (through React Query hooks).
 *
 * Each goes through {@link typedApi} with the path as written in the OpenAPI schema, so paths,
 * parameters, bodies and answers are checked against `schema.d.ts`. Where the schema is looser
 * than the API (free-form objects, `string` for enums, undocumented answers), the answer is cast to
 * the narrowed type of `types.ts`, which is itself checked to be compatible with the schema's.
 */
import { api, toRelativeUrl, typedApi } from './client'
import type {
  AnalysisChoice,
  ApiPath,
  ApiTokenCreate,
  BasketAdd,
  BasketExportParams,
  BasketFilters,
  BasketFromSearch,
  BasketItem,
  LoginRequest,
  ProfileUpdate,
  Session,
  ArchiveFilters,
  Archive,
  DatasetFilters,
  DatasetTables,
  ExportFormat,
  PaginatedArchiveList,
  PaginatedDatasetList,
  PaginatedList,
  PaginatedResultRowList,
  PositionParams,
  Positions,
  RegistryImport,
  RegistryParams,
  ResultParams,
  Search,
  SearchCreate,
  SearchCreated,
  SearchListParams,
  SearchUpdate,
  PaginatedSearchList,
  Dataset,
} from './types'

/** Upper bound of `page_size` accepted by the API. */
export const MAX_PAGE_SIZE = 1000

/** Upper bound of `limit` of `GET /searches/{id}/positions/` (its default). */
export const MAX_POSITIONS = 20_000

/** Follow `next` links to gather every item of a (small) list, with a safety cap on pages. */
export async function fetchAll<T>(
  path: ApiPath,
  query: Record<string, string | number | boolean | undefined>,
  signal?: AbortSignal,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = []
  let page = await api.get<PaginatedList<T>>(path, { ...query, page_size: MAX_PAGE_SIZE }, signal)
  items.push(...page.results)
  for (let i = 1; page.next && i < maxPages; i += 1) {
    page = await api.get<PaginatedList<T>>(toRelativeUrl(page.next), undefined, signal)
    items.push(...page.results)
  }
  return items
}

export const archivesApi = {
  list: (params: ArchiveFilters = {}, signal?: AbortSignal) =>
    // The schema does not document this answer yet (see `Archive` in types.ts).
    typedApi.get('/api/v1/archives/', { query: params, signal }) as Promise<PaginatedArchiveList>,
  all: (signal?: AbortSignal) => fetchAll<Archive>('/api/v1/archives/', {}, signal),
}

export const datasetsApi = {
  list: (filters: DatasetFilters = {}, signal?: AbortSignal) =>
    typedApi.get('/api/v1/datasets/', { query: filters, signal }) as Promise<PaginatedDatasetList>,
  all: (filters: Omit<DatasetFilters, 'page' | 'page_size'> = {}, signal?: AbortSignal) =>
    fetchAll<Dataset>('/api/v1/datasets/', { ...filters }, signal),
  tables: (slug: string, signal?: AbortSignal) =>
    typedApi.get('/api/v1/datasets/{slug}/tables/', { path: { slug }, signal }) as Promise<DatasetTables>,
}

export const searchesApi = {
  /** The caller's searches, newest first (by owner when signed in, else by browser session). */
  list: (params: SearchListParams = {}, signal?: AbortSignal) =>
    typedApi.get('/api/v1/searches/', { query: params, signal }) as Promise<PaginatedSearchList>,
  update: (id: string, body: SearchUpdate) =>
    typedApi.patch('/api/v1/searches/{id}/', { path: { id }, body }) as Promise<Search>,
  delete: (id: string) => typedApi.delete('/api/v1/searches/{id}/', { path: { id } }),
  create: (body: SearchCreate) => typedApi.post('/api/v1/searches/', { body }) as Promise<SearchCreated>,
  get: (id: string, signal?: AbortSignal) =>
    typedApi.get('/api/v1/searches/{id}/', { path: { id }, signal }) as Promise<Search>,
  results: (id: string, params: ResultParams = {}, signal?: AbortSignal): Promise<PaginatedResultRowList> =>
    typedApi.get('/api/v1/searches/{id}/results/', { path: { id }, query: params, signal }),
  /** Sky positions of all rows (of one dataset with `dataset`), at most `limit` (default and max 20,000). */
  positions: (id: string, params: PositionParams = {}, signal?: AbortSignal) =>
    typedApi.get('/api/v1/searches/{id}/positions/', { path: { id }, query: params, signal }) as Promise<Positions>,
  rerun: (id: string) => typedApi.post('/api/v1/searches/{id}/rerun/', { path: { id } }) as Promise<Search>,
  /** A plain link (the browser downloads the file). */
  exportUrl: (id: string, dataset: string, format: ExportFormat) =>
    typedApi.url('/api/v1/searches/{id}/export/', { path: { id }, query: { dataset, format } }),
}

export const registryApi = {
  search: (params: RegistryParams, signal?: AbortSignal) =>
    typedApi.get('/api/v1/ivoa/registry/', { query: params, signal }),
  import: (body: RegistryImport) => typedApi.post('/api/v1/ivoa/registry/import/', { body }),
}

// ------------------------------------------------------------------------------------ accounts

export const authApi = {
  session: (signal?: AbortSignal) => typedApi.get('/api/v1/auth/session/', { signal }) as Promise<Session>,
  login: (body: LoginRequest) => typedApi.post('/api/v1/auth/login/', { body }) as Promise<Session>,
  /** Resolves to the provider's end-session URL after an OIDC sign-in (null for local ones). */
  logout: (): Promise<string | null> =>
    typedApi
      .post('/api/v1/auth/logout/', {})
      .then((body) => (body as { end_session_url?: string } | undefined)?.end_session_url ?? null),
}

export const tokensApi = {
  list: (signal?: AbortSignal) => typedApi.get('/api/v1/tokens/', { signal }),
  create: (body: ApiTokenCreate) => typedApi.post('/api/v1/tokens/', { body }),
  revoke: (id: number) => typedApi.delete('/api/v1/tokens/{id}/', { path: { id: String(id) } }),
}

export const basketApi = {
  list: (filters: BasketFilters = {}, signal?: AbortSignal) =>
    typedApi.get('/api/v1/basket/items/', { query: filters, signal }),
  add: (body: BasketAdd) => typedApi.post('/api/v1/basket/items/', { body }),
  addFromSearch: (body: BasketFromSearch) => typedApi.post('/api/v1/basket/items/from-search/', { body }),
  updateNotes: (id: BasketItem['id'], notes: string) =>
    typedApi.patch('/api/v1/basket/items/{id}/', { path: { id: String(id) }, body: { notes } }),
  remove: (id: BasketItem['id']) => typedApi.delete('/api/v1/basket/items/{id}/', { path: { id: String(id) } }),
  clear: () => typedApi.delete('/api/v1/basket/items/', {}),
  /** A plain link (the browser downloads the file): the whole basket, or only the filtered items. */
  exportUrl: (params: BasketExportParams) => typedApi.url('/api/v1/basket/export/', { query: params }),
}

export const profileApi = {
  get: (signal?: AbortSignal) => typedApi.get('/api/v1/profile/', { signal }),
  update: (body: ProfileUpdate) => typedApi.patch('/api/v1/profile/', { body }),
}

/** The admin-configured choices of the profile (enabled ones only). */
export const analysisApi = {
  facilities: (signal?: AbortSignal) => fetchAll<AnalysisChoice>('/api/v1/analysis/facilities/', {}, signal),
  repositories: (signal?: AbortSignal) => fetchAll<AnalysisChoice>('/api/v1/analysis/repositories/', {}, signal),
}
