import type { SearchCreate, SearchQuery } from '../../api/types'
import type { DidQuery } from '../rucio/types'
import { CONSTRAINT_OPS } from './constraints'
import { didSummaryParts } from './rucioQuery'

/** The Rucio `did` query of a search (api/types.ts `SearchQuery` does not list it). */
export function didOf(query: Partial<SearchQuery> | null | undefined): DidQuery | null {
  return ((query as { did?: DidQuery | null } | null | undefined)?.did ?? null)
}

/** A search's query in words: `cone RA 155°, Dec 0°, r 0.5°`, `magnitude > 19.9`, … (ADQL not included). */
export function querySummaryParts(query: Partial<SearchQuery> | null | undefined, rowLimit?: number | null): string[] {
  const parts: string[] = []
  if (!query) return parts
  if (query.cone) parts.push(`cone RA ${query.cone.ra}°, Dec ${query.cone.dec}°, r ${query.cone.radius}°`)
  if (query.keyword) parts.push(`keyword “${query.keyword}”`)
  parts.push(...didSummaryParts(didOf(query)))
  for (const c of query.constraints ?? []) {
    const label = CONSTRAINT_OPS.find((op) => op.value === c.op)?.label ?? c.op
    parts.push(Array.isArray(c.value) ? `${c.param} between ${c.value[0]} and ${c.value[1]}` : `${c.param} ${label} ${c.value}`)
  }
  if (rowLimit) parts.push(`row limit ${rowLimit}`)
  return parts
}

/** One line: the summary, or the ADQL (shortened) when the query is ADQL. */
export function querySummaryText(query: Partial<SearchQuery> | null | undefined, rowLimit?: number | null, maxAdql = 120): string {
  const parts = querySummaryParts(query, rowLimit)
  if (query?.adql) {
    const adql = query.adql.replace(/\s+/g, ' ').trim()
    parts.unshift(`ADQL: ${adql.length > maxAdql ? `${adql.slice(0, maxAdql - 1)}…` : adql}`)
  }
  return parts.join(' · ') || 'all rows'
}

/** The `POST /searches/` body that runs `query` again on `datasets`; null when there is nothing to run. */
export function searchCreateFromQuery(
  query: Partial<SearchQuery> | null | undefined,
  datasets: string[],
  extra: Pick<SearchCreate, 'row_limit' | 'name'> = {},
): SearchCreate | null {
  if (!query) return null
  const body: SearchCreate = { datasets, ...extra }
  if (query.adql) body.adql = query.adql
  if (query.cone) body.cone = query.cone
  if (query.constraints?.length) body.constraints = query.constraints
  if (query.keyword) body.keyword = query.keyword
  const did = didOf(query)
  if (did) Object.assign(body, { did })
  if (!body.adql && !body.cone && !body.constraints && !body.keyword && !did) return null
  if (body.row_limit == null) delete body.row_limit
  return body
}
