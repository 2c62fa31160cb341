import type { Dataset } from '../../api/types'

export function supportsAdql(dataset: Dataset): boolean {
  return Boolean(dataset.capabilities?.describe && dataset.capabilities.query_kinds?.includes('adql'))
}

export function defaultAdql(dataset: Dataset | undefined): string {
  if (!dataset) return ''
  return `SELECT TOP 100 *\nFROM ${dataset.resource || 'ivoa.obscore'}\n`
}

/** The ADQL form, filled with the query of search `searchId` (and its error, if the run failed). */
export function adqlEditPath(searchId: string, dataset: string): string {
  return `/search?${new URLSearchParams({ tab: 'adql', dataset, from: searchId }).toString()}`
}
