import type { TableInfo } from '../../api/types'

export function filterTables(tables: TableInfo[], filter: string): TableInfo[] {
  const f = filter.trim().toLowerCase()
  if (!f) return tables
  const result: TableInfo[] = []
  for (const table of tables) {
    if (table.name.toLowerCase().includes(f) || (table.description ?? '').toLowerCase().includes(f)) {
      result.push(table)
      continue
    }
    const columns = table.columns.filter(
      (c) => c.name.toLowerCase().includes(f) || (c.description ?? '').toLowerCase().includes(f) || (c.ucd ?? '').toLowerCase().includes(f),
    )
    if (columns.length) result.push({ ...table, columns })
  }
  return result
}
