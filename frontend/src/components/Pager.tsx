import { Group, Pagination, Select, Text } from '@mantine/core'

const PAGE_SIZES = [10, 25, 50, 100, 250, 500]

/** Pagination + page size + "x–y of n". */
export function Pager({
  page,
  pageSize,
  count,
  onPage,
  onPageSize,
  pageSizes = PAGE_SIZES,
  testId = 'pager',
}: {
  page: number
  pageSize: number
  count: number
  onPage: (page: number) => void
  onPageSize?: (size: number) => void
  pageSizes?: number[]
  testId?: string
}) {
  const pages = Math.max(1, Math.ceil(count / pageSize))
  const first = count === 0 ? 0 : (page - 1) * pageSize + 1
  const last = Math.min(count, page * pageSize)
  return (
    <Group justify="space-between" gap="sm" wrap="wrap" data-testid={testId}>
      <Text size="sm" c="dimmed" data-testid={`${testId}-summary`}>
        {count === 0 ? 'No rows' : `${first}–${last} of ${count}`}
      </Text>
      <Group gap="sm" wrap="wrap">
        {onPageSize && (
          <Select
            aria-label="Rows per page"
            data-testid={`${testId}-size`}
            size="xs"
            w={90}
            allowDeselect={false}
            data={pageSizes.map((s) => ({ value: String(s), label: String(s) }))}
            value={String(pageSize)}
            onChange={(value) => value && onPageSize(Number(value))}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        <Pagination
          size="sm"
          total={pages}
          value={Math.min(page, pages)}
          onChange={onPage}
          siblings={1}
          data-testid={`${testId}-pages`}
          getControlProps={(control) => ({ 'aria-label': `${control} page` })}
          getItemProps={(p) => ({ 'aria-label': `Page ${p}`, 'data-testid': `${testId}-page-${p}` } as Record<string, string>)}
        />
      </Group>
    </Group>
  )
}
