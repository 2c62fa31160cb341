import type { Dataset } from '../../api/types'
import type { DidMetadataFilter, DidQuery, DidSearchType, MetadataOp, MetadataValue } from '../rucio/types'

export const DID_TYPES: { value: DidSearchType; label: string }[] = [
  { value: 'all', label: 'All types' },
  { value: 'collection', label: 'Collections (datasets and containers)' },
  { value: 'container', label: 'Containers' },
  { value: 'dataset', label: 'Datasets' },
  { value: 'file', label: 'Files' },
]

export const METADATA_OPS: { value: MetadataOp; label: string }[] = [
  { value: 'eq', label: '=' },
  { value: 'ne', label: '≠' },
  { value: 'lt', label: '<' },
  { value: 'le', label: '≤' },
  { value: 'gt', label: '>' },
  { value: 'ge', label: '≥' },
]

export interface MetadataRow {
  key: string
  op: MetadataOp
  value: string
  /** React key. */
  id: number
}

let nextId = 1
export function newMetadataRow(): MetadataRow {
  return { key: '', op: 'eq', value: '', id: nextId++ }
}

/** `true`/`false` → boolean, a plain number → number, anything else (trimmed) → string. */
export function parseMetadataValue(text: string): MetadataValue {
  const value = text.trim()
  if (value === 'true') return true
  if (value === 'false') return false
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value)) return Number(value)
  return value
}

/** `2024-01-31` (a date input) → `2024-01-31T00:00:00Z`; '' → null; anything else as typed. */
export function dateToIso(text: string): string | null {
  const value = text.trim()
  if (!value) return null
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00Z`
  return value
}

export interface DidForm {
  pattern: string
  type: DidSearchType
  metadata: MetadataRow[]
  createdAfter: string
  createdBefore: string
  datasets: string[]
}

/**
 * The `POST /searches/` body of the form, or the form's errors (keys as the API names its fields:
 * `did.pattern`, `did.metadata.0.key`, …, `datasets`).
 */
export function buildDidSearch(form: DidForm): { errors: Record<string, string>; body: { datasets: string[]; did: DidQuery } | null } {
  const errors: Record<string, string> = {}
  const pattern = form.pattern.trim()
  if (!pattern) errors['did.pattern'] = 'A pattern is needed, e.g. user.*:*calib* or *calib*.'
  else if (/\s/.test(pattern)) errors['did.pattern'] = 'No spaces in a DID pattern.'
  else if (pattern.split(':').length > 2) errors['did.pattern'] = 'One colon at most, between scope and name.'
  const metadata: DidMetadataFilter[] = []
  form.metadata.forEach((row, index) => {
    const key = row.key.trim()
    if (!key && !row.value.trim()) return
    if (!key) errors[`did.metadata.${index}.key`] = 'A metadata key is needed.'
    else if (!/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(key)) errors[`did.metadata.${index}.key`] = 'A letter, then letters, digits or _.'
    if (!row.value.trim()) errors[`did.metadata.${index}.value`] = 'A value is needed.'
    metadata.push({ key, op: row.op, value: parseMetadataValue(row.value) })
  })
  const after = dateToIso(form.createdAfter)
  const before = dateToIso(form.createdBefore)
  if (after && before && after > before) errors['did.created_before'] = 'Must be after “created after”.'
  if (form.datasets.length === 0) errors.datasets = 'Select at least one data lake.'
  if (Object.keys(errors).length) return { errors, body: null }
  const did: DidQuery = { pattern, type: form.type }
  if (metadata.length) did.metadata = metadata
  if (after) did.created_after = after
  if (before) did.created_before = before
  return { errors, body: { datasets: form.datasets, did } }
}

/** `DID user.*:*calib* (datasets) · telescope = LOFAR · created after 2024-01-01`. */
export function didSummaryParts(did: DidQuery | null | undefined): string[] {
  if (!did) return []
  const parts = [`DID ${did.pattern}${did.type && did.type !== 'all' ? ` (${did.type})` : ''}`]
  for (const m of did.metadata ?? []) {
    parts.push(`${m.key} ${METADATA_OPS.find((o) => o.value === m.op)?.label ?? m.op} ${String(m.value)}`)
  }
  if (did.created_after) parts.push(`created after ${did.created_after.replace(/T00:00:00Z$/, '')}`)
  if (did.created_before) parts.push(`created before ${did.created_before.replace(/T00:00:00Z$/, '')}`)
  return parts
}

/** The Rucio datasets among `datasets`. */
export function rucioDatasets(datasets: Dataset[]): Dataset[] {
  return datasets.filter((d) => d.connector_type === 'rucio')
}
