import { describe, expect, it } from 'vitest'
import type { ConstraintRow } from './constraints'
import { buildConstraint, buildPositionSearch, type PositionFormValues } from './validation'

function values(overrides: Partial<PositionFormValues> = {}): PositionFormValues {
  return {
    ra: '155',
    dec: '0',
    radius: '0.5',
    keyword: '',
    constraints: [],
    rowLimit: '',
    name: '',
    datasets: ['a', 'b'],
    allDatasets: ['a', 'b'],
    ...overrides,
  }
}

const c = (param: string, op: ConstraintRow['op'], value: string, high = ''): ConstraintRow => ({ key: 1, param, op, value, high })

describe('search form validation', () => {
  it('builds a cone search and omits datasets when all are selected', () => {
    expect(buildPositionSearch(values())).toEqual({ errors: {}, body: { cone: { ra: 155, dec: 0, radius: 0.5 } } })
    expect(buildPositionSearch(values({ datasets: ['b'] })).body?.datasets).toEqual(['b'])
  })

  it('requires something to search for and at least one dataset', () => {
    expect(buildPositionSearch(values({ ra: '', dec: '' })).errors.ra).toMatch(/position, a keyword or at least one constraint/)
    expect(buildPositionSearch(values({ datasets: [] })).errors.datasets).toBe('Select at least one dataset')
  })

  it('rejects a keyword combined with a cone, and bad row limits', () => {
    expect(buildPositionSearch(values({ keyword: 'm31' })).errors.keyword).toBeDefined()
    expect(buildPositionSearch(values({ ra: '', dec: '', keyword: 'm31' })).body).toEqual({ keyword: 'm31' })
    expect(buildPositionSearch(values({ rowLimit: '0' })).errors.row_limit).toBeDefined()
    expect(buildPositionSearch(values({ rowLimit: '2.5' })).errors.row_limit).toBeDefined()
    expect(buildPositionSearch(values({ rowLimit: '100' })).body?.row_limit).toBe(100)
  })

  it('types constraint values by parameter', () => {
    const errors: Record<string, string> = {}
    expect(buildConstraint(c('magnitude', 'gt', '19.9'), 0, errors)).toEqual({ param: 'magnitude', op: 'gt', value: 19.9 })
    expect(buildConstraint(c('id', 'eq', '123'), 0, errors)).toEqual({ param: 'id', op: 'eq', value: '123' })
    expect(buildConstraint(c('name', 'like', 'SRC-00%'), 0, errors)).toEqual({ param: 'name', op: 'like', value: 'SRC-00%' })
    expect(buildConstraint(c('t_min', 'between', '50000', '60000'), 0, errors)).toEqual({
      param: 't_min',
      op: 'between',
      value: [50000, 60000],
    })
    expect(errors).toEqual({})
  })

  it('reports constraint errors on the row', () => {
    const errors: Record<string, string> = {}
    expect(buildConstraint(c('magnitude', 'gt', 'bright'), 2, errors)).toBeNull()
    expect(buildConstraint(c('', 'eq', 'x'), 3, errors)).toBeNull()
    expect(buildConstraint(c('size', 'between', '10', '1'), 4, errors)).toBeNull()
    expect(buildConstraint(c('', 'eq', ''), 5, errors)).toBeNull()
    expect(errors).toEqual({
      'constraints.2.value': 'A number is required',
      'constraints.3.param': 'Choose a parameter',
      'constraints.4.high': 'Must not be below the low value',
    })
    const form = buildPositionSearch(values({ constraints: [c('magnitude', 'gt', 'bright')] }))
    expect(form.body).toBeUndefined()
    expect(form.errors['constraints.0.value']).toBe('A number is required')
  })
})
