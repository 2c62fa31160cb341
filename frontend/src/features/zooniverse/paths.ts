/** SPA paths of the Zooniverse pages and helpers to read project rows of a search. */
import type { DatasetRun, ResultRow, Search } from '../../api/types'
import type { ProjectRowFields, ZooniverseId } from './types'

/** `/zooniverse/<dataset>/projects/<id>` (optionally on a tab, e.g. `subjects`). */
export function projectPagePath(dataset: string, id: ZooniverseId, tab?: string): string {
  const base = `/zooniverse/${encodeURIComponent(dataset)}/projects/${encodeURIComponent(String(id))}`
  return tab ? `${base}?tab=${encodeURIComponent(tab)}` : base
}

export const EXPORTS_PATH = '/zooniverse/exports'

/** A project row's id is `project:<id>`; its `fields.project_id` is the Panoptes id. */
export function projectIdOfRow(row: Pick<ResultRow, 'id' | 'fields'>): string | null {
  const fromFields = (row.fields as ProjectRowFields | undefined)?.project_id
  if (fromFields !== undefined && fromFields !== null && String(fromFields) !== '') return String(fromFields)
  const match = /^project:(\d+)$/.exec(row.id)
  return match ? match[1] : null
}

/** The ESAP project page of a row of a Zooniverse dataset; null when the row is not a project. */
export function projectPathOfRow(row: Pick<ResultRow, 'id' | 'fields' | 'dataset'>): string | null {
  const id = projectIdOfRow(row)
  return id ? projectPagePath(row.dataset, id) : null
}

/** A whole number for the counts (`12 345`); '–' when unknown. */
export function formatCount(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toLocaleString('en-US') : '–'
}

/** Panoptes' completeness (0..1) as a percentage. */
export function formatCompleteness(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 100)} %` : '–'
}

export const ZOONIVERSE = 'zooniverse'

/** Runs of Zooniverse datasets (their rows are projects, shown as tiles). */
export function zooniverseRuns(search: Search): DatasetRun[] {
  return search.runs.filter((r) => r.connector_type === ZOONIVERSE)
}

export function isZooniverseRun(run: DatasetRun | undefined): boolean {
  return run?.connector_type === ZOONIVERSE
}

/**
 * The row count for the pager of a Panoptes listing: its `count`, or (when Panoptes gave none)
 * what the pages seen so far imply, one more page while `next_page` is set.
 */
export function listingCount(data: { count: number | null; next_page: number | null; results: unknown[] }, page: number, pageSize: number): number {
  if (data.count !== null) return data.count
  const seen = (page - 1) * pageSize + data.results.length
  return data.next_page ? seen + 1 : seen
}
