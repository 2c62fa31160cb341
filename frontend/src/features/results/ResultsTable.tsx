import { Anchor, Checkbox, Group, Image, Table, Text, UnstyledButton } from '@mantine/core'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { ColumnInfo, ResultOrdering, ResultOrderingField, ResultRow } from '../../api/types'
import { formatBytes, formatCell, formatDeg } from '../../lib/format'
import classes from './ResultsTable.module.css'
import { isNumericColumn } from './columns'
import { accessLabel, nextOrdering } from './ordering'

/** Common fields that may be left out when no row on the page has a value. */
const OPTIONAL_COMMON = new Set(['ra', 'dec', 'format', 'size', 'dataproduct_type', 'access', 'thumbnail'])

/** Row selection (checkboxes), e.g. to add rows to the basket. */
export interface RowSelection {
  isSelected: (row: ResultRow) => boolean
  /** Select or unselect these rows (one row's checkbox, or all rows of the page). */
  set: (rows: ResultRow[], selected: boolean) => void
}

interface Column {
  key: string
  label: ReactNode
  /** Tooltip of the header. */
  title?: string
  /** Server-side ordering field, when sortable. */
  sort?: ResultOrderingField
  align?: 'left' | 'right'
  render: (row: ResultRow) => ReactNode
}

export function ResultsTable({
  rows,
  ordering,
  onOrderingChange,
  showDataset,
  datasetNames,
  datasetColors,
  fieldColumns = [],
  hideEmptyCommon = false,
  onHover,
  loading,
  selection,
  rowLink,
}: {
  rows: ResultRow[]
  ordering?: ResultOrdering
  onOrderingChange: (ordering: ResultOrdering) => void
  showDataset?: boolean
  datasetNames?: Record<string, string>
  datasetColors?: Record<string, string>
  /** The archive's own columns (values from `fields`), shown after the common ones with their units. */
  fieldColumns?: ColumnInfo[]
  /** Leave out the common columns (format, size, …) that no row on the page has. */
  hideEmptyCommon?: boolean
  onHover?: (row: ResultRow | null) => void
  loading?: boolean
  selection?: RowSelection
  /** An SPA page for a row (e.g. a Rucio DID's), linked from its title; null: no link. */
  rowLink?: (row: ResultRow) => string | null
}) {
  const columns: Column[] = []
  if (selection) {
    const selectedOnPage = rows.filter((row) => selection.isSelected(row)).length
    columns.push({
      key: 'select',
      label: (
        <Checkbox
          size="xs"
          aria-label="Select all rows of this page"
          checked={rows.length > 0 && selectedOnPage === rows.length}
          indeterminate={selectedOnPage > 0 && selectedOnPage < rows.length}
          disabled={rows.length === 0}
          onChange={(e) => selection.set(rows, e.currentTarget.checked)}
          data-testid="select-page"
        />
      ),
      render: (row) => (
        <Checkbox
          size="xs"
          aria-label={`Select ${row.title || row.id}`}
          checked={selection.isSelected(row)}
          onChange={(e) => selection.set([row], e.currentTarget.checked)}
          data-testid="select-row"
        />
      ),
    })
  }
  if (showDataset) {
    columns.push({
      key: 'dataset',
      label: 'Dataset',
      sort: 'dataset',
      render: (row) => (
        <Group gap={6} wrap="nowrap" miw={140} maw={240}>
          <span
            aria-hidden
            style={{ flex: 'none', width: 8, height: 8, borderRadius: 4, background: datasetColors?.[row.dataset] ?? '#868e96' }}
          />
          <Text size="xs" lineClamp={2} title={row.dataset}>
            {datasetNames?.[row.dataset] ?? row.dataset}
          </Text>
        </Group>
      ),
    })
  }
  if (rows.some((row) => row.thumbnail)) {
    columns.push({
      key: 'thumbnail',
      label: '',
      render: (row) =>
        row.thumbnail ? (
          <Image src={row.thumbnail} alt="" w={40} h={40} fit="contain" loading="lazy" radius="xs" />
        ) : null,
    })
  }
  columns.push(
    {
      key: 'title',
      label: 'Title',
      sort: 'title',
      render: (row) => {
        const to = rowLink?.(row)
        return to ? (
          <Anchor component={Link} to={to} size="sm" lineClamp={2} title={row.id} miw={120} maw={320} style={{ overflowWrap: 'anywhere' }} data-testid="row-link">
            {row.title || row.id}
          </Anchor>
        ) : (
          <Text size="sm" lineClamp={2} title={row.id} miw={120} maw={320} style={{ overflowWrap: 'anywhere' }}>
            {row.title || row.id}
          </Text>
        )
      },
    },
    { key: 'ra', label: 'RA (deg)', sort: 'ra', align: 'right', render: (row) => formatDeg(row.ra) },
    { key: 'dec', label: 'Dec (deg)', sort: 'dec', align: 'right', render: (row) => formatDeg(row.dec) },
    { key: 'format', label: 'Format', sort: 'format', render: (row) => row.format },
    { key: 'size', label: 'Size', sort: 'size', align: 'right', render: (row) => formatBytes(row.size) },
    { key: 'dataproduct_type', label: 'Product type', sort: 'dataproduct_type', render: (row) => row.dataproduct_type },
    {
      key: 'access',
      label: 'Access',
      render: (row) =>
        row.access_url ? (
          <Anchor
            href={row.access_url}
            target="_blank"
            rel="noreferrer"
            size="sm"
            data-testid="access-link"
            {...(accessLabel(row) === 'Download' ? { download: '' } : {})}
          >
            {accessLabel(row)}
          </Anchor>
        ) : null,
    },
  )
  if (hideEmptyCommon) {
    const has = (key: string) =>
      rows.some((row) => {
        const value = key === 'access' ? row.access_url : row[key as keyof ResultRow]
        return value !== null && value !== undefined && value !== ''
      })
    for (let i = columns.length - 1; i >= 0; i -= 1) {
      if (OPTIONAL_COMMON.has(columns[i].key) && !has(columns[i].key)) columns.splice(i, 1)
    }
  }
  for (const column of fieldColumns) {
    const numeric = isNumericColumn(column)
    columns.push({
      key: `field:${column.name}`,
      label: (
        <>
          {column.name}
          {column.unit ? (
            <span className={classes.unit} data-testid="column-unit">
              [{column.unit}]
            </span>
          ) : null}
        </>
      ),
      title: [column.description, column.ucd ? `UCD: ${column.ucd}` : null, column.datatype ? `type: ${column.datatype}` : null]
        .filter(Boolean)
        .join('\n') || undefined,
      align: numeric ? 'right' : 'left',
      render: (row) => {
        const text = formatCell(row.fields?.[column.name])
        return text.length > 40 ? (
          <Text size="sm" truncate="end" maw={320} title={text}>
            {text}
          </Text>
        ) : (
          text
        )
      },
    })
  }

  return (
    <Table.ScrollContainer minWidth={showDataset ? 860 : Math.min(760, 120 * columns.length)}>
      <Table
        striped
        highlightOnHover
        verticalSpacing={4}
        fz="sm"
        data-testid="results-table"
        style={{ opacity: loading ? 0.55 : 1, transition: 'opacity 120ms' }}
        aria-busy={loading || undefined}
      >
        <Table.Thead>
          <Table.Tr>
            {columns.map((col) => {
              const direction =
                col.sort && ordering === col.sort ? 'ascending' : col.sort && ordering === `-${col.sort}` ? 'descending' : undefined
              return (
                <Table.Th
                  key={col.key}
                  aria-sort={col.sort ? (direction ?? 'none') : undefined}
                  style={{ textAlign: col.align ?? 'left', whiteSpace: 'nowrap' }}
                  className={col.key.startsWith('field:') ? classes.extraHeader : undefined}
                  title={col.title}
                  data-testid={col.key.startsWith('field:') ? `column-${col.key.slice('field:'.length)}` : undefined}
                >
                  {col.sort ? (
                    <UnstyledButton
                      className={classes.sortButton}
                      onClick={() => onOrderingChange(nextOrdering(ordering, col.sort as ResultOrderingField))}
                      data-testid={`sort-${col.sort}`}
                      data-direction={direction ?? 'none'}
                    >
                      {col.label}
                      <span className={classes.sortIcon} aria-hidden>
                        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
                      </span>
                    </UnstyledButton>
                  ) : (
                    col.label
                  )}
                </Table.Th>
              )
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={columns.length}>
                <Text c="dimmed" size="sm" ta="center" py="md" data-testid="results-empty">
                  No rows.
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            rows.map((row, index) => {
              const key = `${row.dataset}/${row.id}`
              return (
                <Table.Tr
                  key={`${key}-${index}`}
                  data-testid="result-row"
                  data-dataset={row.dataset}
                  data-selected={selection?.isSelected(row) || undefined}
                  onMouseEnter={onHover ? () => onHover(row) : undefined}
                  onMouseLeave={onHover ? () => onHover(null) : undefined}
                >
                  {columns.map((col) => (
                    <Table.Td
                      key={col.key}
                      data-col={col.key}
                      style={{ textAlign: col.align ?? 'left', fontVariantNumeric: col.align === 'right' ? 'tabular-nums' : undefined }}
                    >
                      {col.render(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
              )
            })
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
