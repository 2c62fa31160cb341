import type { ConstraintOp, ConstraintParam } from '../../api/types'

/**
 * ESAP's common query parameters and their value type (mirrors COMMON_PARAMETERS in
 * query/connectors/base.py; each dataset maps them to its own columns).
 */
export const COMMON_PARAMETERS: Record<ConstraintParam, 'string' | 'number'> = {
  id: 'string',
  name: 'string',
  target: 'string',
  collection: 'string',
  dataproduct_type: 'string',
  calib_level: 'number',
  magnitude: 'number',
  t_min: 'number',
  t_max: 'number',
  em_min: 'number',
  em_max: 'number',
  size: 'number',
}

/** A parameter the API knows (the schema's `ParamEnum`). */
export function isConstraintParam(name: string): name is ConstraintParam {
  return Object.hasOwn(COMMON_PARAMETERS, name)
}

export const PARAM_HINTS: Record<string, string> = {
  t_min: 'MJD',
  t_max: 'MJD',
  em_min: 'metres',
  em_max: 'metres',
  magnitude: 'mag',
  size: 'bytes',
}

export const CONSTRAINT_OPS: { value: ConstraintOp; label: string; types: ('string' | 'number')[] }[] = [
  { value: 'eq', label: '=', types: ['string', 'number'] },
  { value: 'ne', label: '≠', types: ['string', 'number'] },
  { value: 'lt', label: '<', types: ['number'] },
  { value: 'le', label: '≤', types: ['number'] },
  { value: 'gt', label: '>', types: ['number'] },
  { value: 'ge', label: '≥', types: ['number'] },
  { value: 'between', label: 'between', types: ['number'] },
  { value: 'like', label: 'like', types: ['string'] },
]

export function opsFor(param: string) {
  const type = isConstraintParam(param) ? COMMON_PARAMETERS[param] : undefined
  return type ? CONSTRAINT_OPS.filter((op) => op.types.includes(type)) : CONSTRAINT_OPS
}

export interface ConstraintRow {
  key: number
  param: string
  op: ConstraintOp
  value: string
  /** Upper bound for `between`. */
  high: string
}

let nextKey = 1
export function newConstraintRow(): ConstraintRow {
  nextKey += 1
  return { key: nextKey, param: '', op: 'eq', value: '', high: '' }
}
