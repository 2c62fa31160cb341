import type { ResultOrdering, ResultOrderingField, ResultRow } from '../../api/types'

/** Clicking a header: ascending, then descending, then ascending again. */
export function nextOrdering(current: ResultOrdering | undefined, field: ResultOrderingField): ResultOrdering {
  return current === field ? (`-${field}` as ResultOrdering) : field
}

export function accessLabel(row: ResultRow): 'Download' | 'Open' {
  const format = (row.format ?? '').toLowerCase()
  if (!format || format.includes('html') || format.includes('datalink') || format.includes('text/plain')) return 'Open'
  return 'Download'
}
