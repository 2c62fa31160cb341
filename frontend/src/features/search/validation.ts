import type { Constraint, SearchCreate } from '../../api/types'
import { COMMON_PARAMETERS, isConstraintParam, type ConstraintRow } from './constraints'
import { parseDec, parseRa, parseRadius } from './coords'
import type { FormErrors } from './formErrors'

export interface PositionFormValues {
  ra: string
  dec: string
  radius: string
  keyword: string
  constraints: ConstraintRow[]
  rowLimit: string
  name: string
  /** Selected dataset slugs. */
  datasets: string[]
  /** All enabled datasets; when everything is selected `datasets` is omitted (server default). */
  allDatasets: string[]
}

export const MAX_ROW_LIMIT = 1_000_000

export function validateRowLimit(text: string, errors: FormErrors): number | undefined {
  const t = text.trim()
  if (!t) return undefined
  const value = Number(t)
  if (!Number.isInteger(value) || value < 1 || value > MAX_ROW_LIMIT) {
    errors.row_limit = `Row limit must be a whole number between 1 and ${MAX_ROW_LIMIT}`
    return undefined
  }
  return value
}

/** Validate the position/constraints form; `body` is set only when there is no error. */
export function buildPositionSearch(values: PositionFormValues): { errors: FormErrors; body?: SearchCreate } {
  const errors: FormErrors = {}
  const body: SearchCreate = {}

  const anyPosition = [values.ra, values.dec].some((v) => v.trim() !== '')
  if (anyPosition) {
    const ra = parseRa(values.ra)
    const dec = parseDec(values.dec)
    const radius = parseRadius(values.radius)
    if (!ra.ok) errors.ra = ra.error
    if (!dec.ok) errors.dec = dec.error
    if (!radius.ok) errors.radius = radius.error
    if (ra.ok && dec.ok && radius.ok) body.cone = { ra: ra.value, dec: dec.value, radius: radius.value }
  }

  const constraints: Constraint[] = []
  values.constraints.forEach((row, index) => {
    const built = buildConstraint(row, index, errors)
    if (built) constraints.push(built)
  })
  if (constraints.length) body.constraints = constraints

  const keyword = values.keyword.trim()
  if (keyword) {
    body.keyword = keyword
    if (anyPosition || constraints.length) errors.keyword = 'A keyword search cannot be combined with a position or constraints'
  }

  const rowLimit = validateRowLimit(values.rowLimit, errors)
  if (rowLimit !== undefined) body.row_limit = rowLimit

  if (values.allDatasets.length === 0) {
    // The dataset list is unknown (not loaded): let the server use every enabled dataset.
  } else if (values.datasets.length === 0) errors.datasets = 'Select at least one dataset'
  else {
    const all = new Set(values.allDatasets)
    const everything = values.datasets.length === all.size && values.datasets.every((d) => all.has(d))
    if (!everything) body.datasets = values.datasets
  }

  const name = values.name.trim()
  if (name) body.name = name

  if (!anyPosition && !constraints.length && !keyword && !Object.keys(errors).some((k) => k.startsWith('constraints.'))) {
    errors.ra = errors.ra ?? 'Enter a position, a keyword or at least one constraint'
  }

  if (Object.keys(errors).length) return { errors }
  return { errors, body }
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** One editor row → an API constraint; errors are keyed `constraints.<i>.<param|value|high>`. */
export function buildConstraint(row: ConstraintRow, index: number, errors: FormErrors): Constraint | null {
  const param = row.param.trim()
  const value = row.value.trim()
  const high = row.high.trim()
  if (!param && !value && !high) return null // an empty row is ignored
  const key = (part: string) => `constraints.${index}.${part}`
  const known = isConstraintParam(param)
  if (!param) errors[key('param')] = 'Choose a parameter'
  else if (!known) errors[key('param')] = 'Unknown parameter'
  if (!value) errors[key('value')] = 'Value is required'
  if (!known || !value) return null
  const type = COMMON_PARAMETERS[param]

  if (row.op === 'between') {
    if (!NUMBER.test(value)) errors[key('value')] = 'A number is required'
    if (!high) errors[key('high')] = 'Upper value is required'
    else if (!NUMBER.test(high)) errors[key('high')] = 'A number is required'
    if (!NUMBER.test(value) || !NUMBER.test(high)) return null
    const low = Number(value)
    const top = Number(high)
    if (low > top) {
      errors[key('high')] = 'Must not be below the low value'
      return null
    }
    return { param, op: 'between', value: [low, top] }
  }
  if (row.op === 'like') {
    if (type !== 'string') {
      errors[key('value')] = "'like' applies to text parameters"
      return null
    }
    return { param, op: 'like', value }
  }
  if (type === 'number') {
    if (!NUMBER.test(value)) {
      errors[key('value')] = 'A number is required'
      return null
    }
    return { param, op: row.op, value: Number(value) }
  }
  return { param, op: row.op, value }
}
