import type { Dataset } from '../../api/types'

export function supportsAdql(dataset: Dataset): boolean {
  return Boolean(dataset.capabilities?.describe && dataset.capabilities.query_kinds?.includes('adql'))
}

export function defaultAdql(dataset: Dataset | undefined): string {
  if (!dataset) return ''
  return `SELECT TOP 100 *\nFROM ${dataset.resource || 'ivoa.obscore'}\n`
}
