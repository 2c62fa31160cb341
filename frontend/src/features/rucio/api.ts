/**
 * The Rucio data-lake endpoints (`/api/v1/rucio/…`, docs/rucio.md) and their React Query hooks.
 * Only this feature, the staging feature and the basket use them, so they live here rather than
 * in src/api/endpoints.ts.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { typedApi } from '../../api/client'
import type { PageQuery } from './types'

export interface DidRef {
  dataset: string
  scope: string
  name: string
}

/**
 * DID routes are `/rucio/<dataset>/<view>/<scope>/<name>/` (the name, which may hold '/', last;
 * `fillPath` encodes it as %2F).
 */
export const rucioApi = {
  did: (path: DidRef, signal?: AbortSignal) => typedApi.get('/api/v1/rucio/{dataset}/dids/{scope}/{name}/', { path: { ...path }, signal }),
  contents: (path: DidRef, query: PageQuery, signal?: AbortSignal) =>
    typedApi.get('/api/v1/rucio/{dataset}/contents/{scope}/{name}/', { path: { ...path }, query, signal }),
  files: (path: DidRef, query: PageQuery, signal?: AbortSignal) =>
    typedApi.get('/api/v1/rucio/{dataset}/files/{scope}/{name}/', { path: { ...path }, query, signal }),
  replicas: (path: DidRef, query: PageQuery, signal?: AbortSignal) =>
    typedApi.get('/api/v1/rucio/{dataset}/replicas/{scope}/{name}/', { path: { ...path }, query, signal }),
  rules: (path: DidRef, signal?: AbortSignal) => typedApi.get('/api/v1/rucio/{dataset}/rules/{scope}/{name}/', { path: { ...path }, signal }),
  destinations: (dataset: string, signal?: AbortSignal) =>
    typedApi.get('/api/v1/rucio/{dataset}/destinations/', { path: { dataset }, signal }),
}

export const rucioKeys = {
  did: (ref: DidRef) => ['rucio-did', ref.dataset, ref.scope, ref.name] as const,
  listing: (ref: DidRef, what: 'contents' | 'files' | 'replicas' | 'rules', params: PageQuery = {}) =>
    ['rucio-did', ref.dataset, ref.scope, ref.name, what, params] as const,
  destinations: (dataset: string) => ['rucio-destinations', dataset] as const,
}

export function useDid(ref: DidRef) {
  return useQuery({ queryKey: rucioKeys.did(ref), queryFn: ({ signal }) => rucioApi.did(ref, signal) })
}

export function useDidContents(ref: DidRef, params: PageQuery, enabled = true) {
  return useQuery({
    queryKey: rucioKeys.listing(ref, 'contents', params),
    queryFn: ({ signal }) => rucioApi.contents(ref, params, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useDidFiles(ref: DidRef, params: PageQuery, enabled = true) {
  return useQuery({
    queryKey: rucioKeys.listing(ref, 'files', params),
    queryFn: ({ signal }) => rucioApi.files(ref, params, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useDidReplicas(ref: DidRef, params: PageQuery, enabled = true) {
  return useQuery({
    queryKey: rucioKeys.listing(ref, 'replicas', params),
    queryFn: ({ signal }) => rucioApi.replicas(ref, params, signal),
    enabled,
    placeholderData: keepPreviousData,
  })
}

export function useDidRules(ref: DidRef, enabled = true) {
  return useQuery({
    queryKey: rucioKeys.listing(ref, 'rules'),
    queryFn: ({ signal }) => rucioApi.rules(ref, signal),
    enabled,
  })
}

export function useDestinations(dataset: string | null, enabled = true) {
  return useQuery({
    queryKey: rucioKeys.destinations(dataset ?? ''),
    queryFn: ({ signal }) => rucioApi.destinations(dataset as string, signal),
    enabled: enabled && Boolean(dataset),
    staleTime: 5 * 60_000,
  })
}
