import type { Dataset, DatasetRun, Positions, ResultRow, Search } from '../api/types'

export function dataset(slug: string, overrides: Partial<Dataset> = {}): Dataset {
  return {
    slug,
    name: slug.toUpperCase(),
    description: '',
    archive: 'dachs',
    archive_name: 'DaCHS',
    connector_type: 'ivoa-tap',
    service_url: 'http://127.0.0.1:28080/tap',
    resource: 'tapstudy.cat',
    category: 'catalogue',
    level: '',
    collection: '',
    enabled: true,
    timeout: 30,
    row_limit: 1000,
    capabilities: { query_kinds: ['adql', 'cone', 'constraints'], export_formats: ['votable', 'csv'], async_jobs: false, describe: true, staging: false },
    health: { ok: true, checked_at: '2024-01-01T00:00:00Z', latency_ms: 12, error: '' },
    ...overrides,
  }
}

export function run(slug: string, overrides: Partial<DatasetRun> = {}): DatasetRun {
  return {
    dataset: slug,
    dataset_name: slug.toUpperCase(),
    archive: 'dachs',
    archive_name: 'DaCHS',
    connector_type: 'ivoa-tap',
    status: 'ok',
    row_count: 3,
    overflow: false,
    error: null,
    query_text: 'SELECT * FROM x',
    columns: [{ name: 'mag', datatype: 'double', unit: 'mag', ucd: 'phot.mag', description: 'Magnitude' }],
    started_at: null,
    finished_at: null,
    elapsed_ms: 42,
    export_formats: ['votable', 'csv'],
    ...overrides,
  }
}

export function search(runs: DatasetRun[], overrides: Partial<Search> = {}): Search {
  return {
    id: 'abc',
    name: '',
    saved: false,
    created: '2024-01-01T00:00:00Z',
    expires_at: null,
    query: { kind: 'cone', cone: { ra: 155, dec: 0, radius: 0.5 }, constraints: null, adql: null, keyword: null },
    row_limit: null,
    timeout: null,
    complete: true,
    totals: { datasets: runs.length, finished: runs.length, rows: runs.reduce((n, r) => n + r.row_count, 0), failed: 0 },
    runs,
    ...overrides,
  }
}

export function row(i: number, overrides: Partial<ResultRow> = {}): ResultRow {
  return {
    dataset: 'dachs-cat',
    archive: 'dachs',
    id: `SRC-${i}`,
    title: `Source ${i}`,
    ra: 155 + i * 0.01,
    dec: -0.2 + i * 0.01,
    access_url: '',
    format: '',
    size: null,
    dataproduct_type: '',
    thumbnail: '',
    fields: { mag: 12 + i },
    ...overrides,
  }
}

/** The positions endpoint's answer for `rows` (datasets indexed in `datasets` order). */
export function positionsOf(rows: ResultRow[], datasets: string[], truncated = false): Positions {
  return {
    datasets,
    truncated,
    positions: rows
      .filter((r) => r.ra !== null && r.dec !== null)
      .map((r) => [r.ra as number, r.dec as number, datasets.indexOf(r.dataset)]),
  }
}
