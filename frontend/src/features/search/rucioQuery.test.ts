import { describe, expect, it } from 'vitest'
import { buildDidSearch, dateToIso, didSummaryParts, newMetadataRow, parseMetadataValue, type DidForm } from './rucioQuery'
import { searchCreateFromQuery, querySummaryText } from './querySummary'

const form = (overrides: Partial<DidForm> = {}): DidForm => ({
  pattern: 'user.*:*calib*',
  type: 'dataset',
  metadata: [],
  createdAfter: '',
  createdBefore: '',
  datasets: ['rucio-lake'],
  ...overrides,
})

describe('Rucio DID query', () => {
  it('types metadata values: booleans, numbers, else strings', () => {
    expect(parseMetadataValue('true')).toBe(true)
    expect(parseMetadataValue(' 2024 ')).toBe(2024)
    expect(parseMetadataValue('-1.5e3')).toBe(-1500)
    expect(parseMetadataValue('LOFAR')).toBe('LOFAR')
    expect(parseMetadataValue('2024-01')).toBe('2024-01')
    expect(dateToIso('2024-01-31')).toBe('2024-01-31T00:00:00Z')
    expect(dateToIso(' ')).toBeNull()
  })

  it('builds the did body; empty filter rows are dropped', () => {
    const { body, errors } = buildDidSearch(
      form({
        metadata: [
          { ...newMetadataRow(), key: 'telescope', value: 'LOFAR' },
          { ...newMetadataRow(), key: 'obs_year', op: 'ge', value: '2024' },
          newMetadataRow(),
        ],
        createdAfter: '2024-01-01',
      }),
    )
    expect(errors).toEqual({})
    expect(body).toEqual({
      datasets: ['rucio-lake'],
      did: {
        pattern: 'user.*:*calib*',
        type: 'dataset',
        metadata: [
          { key: 'telescope', op: 'eq', value: 'LOFAR' },
          { key: 'obs_year', op: 'ge', value: 2024 },
        ],
        created_after: '2024-01-01T00:00:00Z',
      },
    })
  })

  it('names the bad fields as the API does', () => {
    const { body, errors } = buildDidSearch(
      form({
        pattern: ' ',
        metadata: [{ ...newMetadataRow(), key: '', value: 'x' }, { ...newMetadataRow(), key: 'k', value: '' }],
        createdAfter: '2024-02-01',
        createdBefore: '2024-01-01',
        datasets: [],
      }),
    )
    expect(body).toBeNull()
    expect(Object.keys(errors).sort()).toEqual([
      'datasets',
      'did.created_before',
      'did.metadata.0.key',
      'did.metadata.1.value',
      'did.pattern',
    ])
    expect(buildDidSearch(form({ pattern: 'a:b:c' })).errors['did.pattern']).toMatch(/One colon/)
  })

  it('summarises a did query and runs it again', () => {
    const did = { pattern: 'user.*:*calib*', type: 'dataset' as const, metadata: [{ key: 'obs_year', op: 'ge' as const, value: 2024 }], created_after: '2024-01-01T00:00:00Z' }
    expect(didSummaryParts(did)).toEqual(['DID user.*:*calib* (dataset)', 'obs_year ≥ 2024', 'created after 2024-01-01'])
    const query = { kind: 'did', cone: null, constraints: null, adql: null, keyword: null, did } as never
    expect(querySummaryText(query)).toBe('DID user.*:*calib* (dataset) · obs_year ≥ 2024 · created after 2024-01-01')
    expect(searchCreateFromQuery(query, ['rucio-lake'])).toEqual({ datasets: ['rucio-lake'], did })
  })
})
