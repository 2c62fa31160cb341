import type { ColumnInfo, ResultRow } from '../../api/types'

const NUMERIC_DATATYPES = /^(double|float|real|int|integer|long|short|smallint|bigint|unsignedbyte|decimal|numeric)$/i

/** The archive's columns to show for `rows`: the run's `columns` (in their order) plus any other key of `fields`. */
export function archiveColumns(columns: ColumnInfo[], rows: ResultRow[]): ColumnInfo[] {
  const seen = new Set(columns.map((c) => c.name))
  const extra: ColumnInfo[] = []
  for (const row of rows) {
    for (const name of Object.keys(row.fields ?? {})) {
      if (seen.has(name)) continue
      seen.add(name)
      extra.push({ name, datatype: null, unit: null, ucd: null, description: null })
    }
  }
  return [...columns, ...extra]
}

/** Numbers are right-aligned. */
export function isNumericColumn(column: ColumnInfo): boolean {
  return NUMERIC_DATATYPES.test(column.datatype ?? '')
}
