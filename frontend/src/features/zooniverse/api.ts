/**
 * The Zooniverse endpoints (`/api/v1/zooniverse/…`, docs/zooniverse.md) and their React Query
 * hooks. Only this feature and the basket use them, so they live here.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { typedApi } from '../../api/client'
import { queryKeys } from '../../api/hooks'
import type {
  Account,
  AccountLogin,
  ExportBasketAdd,
  ExportCreate,
  ExportList,
  ExportRecord,
  PageQuery,
  Project,
  SubjectSetsPage,
  SubjectsPage,
  SubjectsQuery,
  WorkflowsPage,
  ZooniverseId,
} from './types'

const project = (dataset: string, id: ZooniverseId) => ({ dataset, project_id: String(id) })

export const zooniverseApi = {
  project: (dataset: string, id: ZooniverseId, signal?: AbortSignal): Promise<Project> =>
    typedApi.get('/api/v1/zooniverse/{dataset}/projects/{project_id}/', { path: project(dataset, id), signal }),
  workflows: (dataset: string, id: ZooniverseId, query: PageQuery, signal?: AbortSignal): Promise<WorkflowsPage> =>
    typedApi.get('/api/v1/zooniverse/{dataset}/projects/{project_id}/workflows/', { path: project(dataset, id), query, signal }),
  subjectSets: (dataset: string, id: ZooniverseId, query: PageQuery, signal?: AbortSignal): Promise<SubjectSetsPage> =>
    typedApi.get('/api/v1/zooniverse/{dataset}/projects/{project_id}/subject-sets/', { path: project(dataset, id), query, signal }),
  subjects: (dataset: string, query: SubjectsQuery, signal?: AbortSignal): Promise<SubjectsPage> =>
    typedApi.get('/api/v1/zooniverse/{dataset}/subjects/', { path: { dataset }, query, signal }),
  account: (dataset: string, signal?: AbortSignal): Promise<Account> =>
    typedApi.get('/api/v1/zooniverse/{dataset}/account/', { path: { dataset }, signal }),
  connect: (dataset: string, body: AccountLogin): Promise<Account> =>
    typedApi.post('/api/v1/zooniverse/{dataset}/account/', { path: { dataset }, body }),
  disconnect: (dataset: string) => typedApi.delete('/api/v1/zooniverse/{dataset}/account/', { path: { dataset } }),
  /** 202 with the record (the typed client only types 200/201 answers). */
  requestExport: (dataset: string, id: ZooniverseId, body: ExportCreate) =>
    typedApi.post('/api/v1/zooniverse/{dataset}/projects/{project_id}/exports/', { path: project(dataset, id), body }) as Promise<ExportRecord>,
  exports: (query: PageQuery, signal?: AbortSignal) =>
    typedApi.get('/api/v1/zooniverse/exports/', { query, signal }) as Promise<ExportList>,
  export: (id: string, refresh = false, signal?: AbortSignal) =>
    typedApi.get('/api/v1/zooniverse/exports/{id}/', { path: { id }, query: refresh ? { refresh: true } : {}, signal }) as Promise<ExportRecord>,
  exportToBasket: (id: string): Promise<ExportBasketAdd> => typedApi.post('/api/v1/zooniverse/exports/{id}/basket/', { path: { id } }),
  /** The CSV download (a plain link: Django streams it). */
  downloadUrl: (id: string) => typedApi.url('/api/v1/zooniverse/exports/{id}/download/', { path: { id } }),
}

export const zooniverseKeys = {
  all: ['zooniverse'] as const,
  project: (dataset: string, id: ZooniverseId) => ['zooniverse', dataset, 'project', String(id)] as const,
  listing: (dataset: string, id: ZooniverseId, what: 'workflows' | 'subject-sets', params: PageQuery) =>
    ['zooniverse', dataset, 'project', String(id), what, params] as const,
  subjects: (dataset: string, query: SubjectsQuery) => ['zooniverse', dataset, 'subjects', query] as const,
  account: (dataset: string, user: string) => ['zooniverse', dataset, 'account', user] as const,
  /** Keyed by the user too: a sign-out / sign-in never shows someone else's list. */
  exports: (user: string, params: PageQuery) => ['zooniverse-exports', user, params] as const,
}

/** While any export is pending, lists refetch every {@link EXPORT_POLL_MS}. */
export const EXPORT_POLL_MS = 5000

export function useProject(dataset: string, id: ZooniverseId) {
  return useQuery({ queryKey: zooniverseKeys.project(dataset, id), queryFn: ({ signal }) => zooniverseApi.project(dataset, id, signal) })
}

export function useWorkflows(dataset: string, id: ZooniverseId, params: PageQuery, enabled = true) {
  return useQuery({
    queryKey: zooniverseKeys.listing(dataset, id, 'workflows', params),
    queryFn: ({ signal }) => zooniverseApi.workflows(dataset, id, params, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useSubjectSets(dataset: string, id: ZooniverseId, params: PageQuery, enabled = true) {
  return useQuery({
    queryKey: zooniverseKeys.listing(dataset, id, 'subject-sets', params),
    queryFn: ({ signal }) => zooniverseApi.subjectSets(dataset, id, params, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useSubjects(dataset: string, query: SubjectsQuery, enabled = true) {
  return useQuery({
    queryKey: zooniverseKeys.subjects(dataset, query),
    queryFn: ({ signal }) => zooniverseApi.subjects(dataset, query, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useAccount(dataset: string, user: string, enabled = true) {
  return useQuery({
    queryKey: zooniverseKeys.account(dataset, user),
    queryFn: ({ signal }) => zooniverseApi.account(dataset, signal),
    enabled,
  })
}

/** After connecting / disconnecting: the account, and the projects' `owner` flags. */
function useAccountChanged(dataset: string) {
  const queryClient = useQueryClient()
  return () => void queryClient.invalidateQueries({ queryKey: ['zooniverse', dataset] })
}

export function useConnectAccount(dataset: string) {
  const changed = useAccountChanged(dataset)
  return useMutation<Account, unknown, AccountLogin>({ mutationFn: (body) => zooniverseApi.connect(dataset, body), onSuccess: changed })
}

export function useDisconnectAccount(dataset: string) {
  const changed = useAccountChanged(dataset)
  return useMutation<void, unknown, void>({ mutationFn: () => zooniverseApi.disconnect(dataset), onSuccess: changed })
}

export function useExports(params: PageQuery, user: string, enabled = true) {
  return useQuery({
    queryKey: zooniverseKeys.exports(user, params),
    queryFn: ({ signal }) => zooniverseApi.exports(params, signal),
    enabled,
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.status !== 'error' && query.state.data?.results.some((e) => e.state === 'pending') ? EXPORT_POLL_MS : false,
  })
}

/** Replace one record in the cached lists (after "Check now"), then mark them stale. */
function useExportChanged() {
  const queryClient = useQueryClient()
  return (record: ExportRecord) => {
    queryClient.setQueriesData<ExportList>({ queryKey: ['zooniverse-exports'] }, (list) =>
      list ? { ...list, results: list.results.map((e) => (e.id === record.id ? record : e)) } : list,
    )
    void queryClient.invalidateQueries({ queryKey: ['zooniverse-exports'] })
  }
}

export function useRequestExport(dataset: string, id: ZooniverseId) {
  const changed = useExportChanged()
  return useMutation<ExportRecord, unknown, ExportCreate>({
    mutationFn: (body) => zooniverseApi.requestExport(dataset, id, body),
    onSuccess: changed,
  })
}

/** "Check now": `GET exports/{id}/?refresh=true`. */
export function useRefreshExport() {
  const changed = useExportChanged()
  return useMutation<ExportRecord, unknown, string>({ mutationFn: (id) => zooniverseApi.export(id, true), onSuccess: changed })
}

export function useExportToBasket() {
  const queryClient = useQueryClient()
  return useMutation<ExportBasketAdd, unknown, string>({
    mutationFn: (id) => zooniverseApi.exportToBasket(id),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.basket })
      void queryClient.invalidateQueries({ queryKey: queryKeys.session })
    },
  })
}
