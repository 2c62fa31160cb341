/** One typed function per API endpoint. Features call these (through React Query hooks). */
import { API_ROOT, api, buildQuery, request, toRelativeUrl } from './client'
import type {
  Archive,
  Dataset,
  DatasetFilters,
  DatasetTables,
  ExportFormat,
  PageParams,
  Paginated,
  ImportedDataset,
  RegistryImport,
  RegistryPage,
  RegistryParams,
  ResultParams,
  ResultRow,
  Search,
  SearchCreate,
} from './types'

/** Upper bound of `page_size` accepted by the API. */
export const MAX_PAGE_SIZE = 1000

/** Follow `next` links to gather every item of a (small) list, with a safety cap on pages. */
export async function fetchAll<T>(
  path: string,
  query: Record<string, string | number | boolean | undefined>,
  signal?: AbortSignal,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = []
  let page = await api.get<Paginated<T>>(path, { ...query, page_size: MAX_PAGE_SIZE }, signal)
  items.push(...page.results)
  for (let i = 1; page.next && i < maxPages; i += 1) {
    page = await api.get<Paginated<T>>(toRelativeUrl(page.next), undefined, signal)
    items.push(...page.results)
  }
  return items
}

export const archivesApi = {
  list: (params: PageParams = {}, signal?: AbortSignal) =>
    api.get<Paginated<Archive>>(`${API_ROOT}/archives/`, { ...params }, signal),
  all: (signal?: AbortSignal) => fetchAll<Archive>(`${API_ROOT}/archives/`, {}, signal),
}

export const datasetsApi = {
  list: (filters: DatasetFilters = {}, signal?: AbortSignal) =>
    api.get<Paginated<Dataset>>(`${API_ROOT}/datasets/`, { ...filters }, signal),
  all: (filters: Omit<DatasetFilters, 'page' | 'page_size'> = {}, signal?: AbortSignal) =>
    fetchAll<Dataset>(`${API_ROOT}/datasets/`, { ...filters }, signal),
  tables: (slug: string, signal?: AbortSignal) =>
    api.get<DatasetTables>(`${API_ROOT}/datasets/${encodeURIComponent(slug)}/tables/`, undefined, signal),
}

export const searchesApi = {
  create: (body: SearchCreate) => api.post<Search>(`${API_ROOT}/searches/`, body),
  get: (id: string, signal?: AbortSignal) =>
    api.get<Search>(`${API_ROOT}/searches/${encodeURIComponent(id)}/`, undefined, signal),
  results: (id: string, params: ResultParams = {}, signal?: AbortSignal) =>
    api.get<Paginated<ResultRow>>(
      `${API_ROOT}/searches/${encodeURIComponent(id)}/results/`,
      { ...params },
      signal,
    ),
  rerun: (id: string) => request<Search>(`${API_ROOT}/searches/${encodeURIComponent(id)}/rerun/`, { method: 'POST' }),
  /** A plain link (the browser downloads the file). */
  exportUrl: (id: string, dataset: string, format: ExportFormat) =>
    `${API_ROOT}/searches/${encodeURIComponent(id)}/export/${buildQuery({ dataset, format })}`,
}

export const registryApi = {
  search: (params: RegistryParams, signal?: AbortSignal) =>
    api.get<RegistryPage>(`${API_ROOT}/ivoa/registry/`, { ...params }, signal),
  import: (body: RegistryImport) => api.post<ImportedDataset>(`${API_ROOT}/ivoa/registry/import/`, body),
}
