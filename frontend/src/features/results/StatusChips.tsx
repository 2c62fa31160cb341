import { Badge, Code, Group, Loader, Paper, Stack, Text, Tooltip } from '@mantine/core'
import { useState } from 'react'
import type { DatasetRun } from '../../api/types'
import { formatMs } from '../../lib/format'
import { STATUS_COLOR, STATUS_LABEL } from './status'

const OVERFLOW_TEXT = 'More rows exist: export for the full result'

function chipText(run: DatasetRun): string {
  const parts = [STATUS_LABEL[run.status]]
  if (run.status === 'ok' || run.status === 'overflow') {
    parts.push(`${run.row_count}${run.overflow ? '+' : ''} row${run.row_count === 1 && !run.overflow ? '' : 's'}`)
  }
  if (run.elapsed_ms != null) parts.push(formatMs(run.elapsed_ms))
  return parts.join(' · ')
}

function tooltipText(run: DatasetRun): string {
  if (run.error) return `${run.error.code}: ${run.error.message}`
  if (run.overflow) return `${OVERFLOW_TEXT}. Only the first ${run.row_count} rows (the row limit) are kept here.`
  if (run.status === 'not_applicable') return 'This dataset cannot answer this kind of query.'
  if (run.status === 'pending' || run.status === 'running') return 'Waiting for the archive…'
  return `${run.archive_name} · ${run.connector_type}`
}

/** One chip per dataset run, coloured by status; click a chip to see its details. */
export function StatusChips({ runs }: { runs: DatasetRun[] }) {
  const [open, setOpen] = useState<string | null>(null)
  const openRun = runs.find((r) => r.dataset === open)

  return (
    <Stack gap="xs" data-testid="status-chips">
      <Group gap="xs" wrap="wrap">
        {runs.map((run) => {
          const busy = run.status === 'pending' || run.status === 'running'
          return (
            <Tooltip key={run.dataset} label={tooltipText(run)} multiline maw={420} withArrow>
              <Badge
                component="button"
                type="button"
                size="lg"
                radius="sm"
                variant={run.status === 'not_applicable' ? 'outline' : 'light'}
                color={STATUS_COLOR[run.status]}
                tt="none"
                style={{ cursor: 'pointer' }}
                leftSection={busy ? <Loader size={12} color={STATUS_COLOR[run.status]} /> : undefined}
                rightSection={
                  run.overflow ? (
                    <Text span size="xs" fw={600} inherit data-testid={`overflow-note-${run.dataset}`}>
                      ⚠ more rows exist: export for the full result
                    </Text>
                  ) : undefined
                }
                onClick={() => setOpen(open === run.dataset ? null : run.dataset)}
                aria-expanded={open === run.dataset}
                data-testid={`status-chip-${run.dataset}`}
                data-status={run.status}
                data-rows={run.row_count}
              >
                <Text span fw={600} size="sm" inherit>
                  {run.dataset_name}
                </Text>
                <Text span size="sm" inherit fw={400}>
                  {' '}
                  · {chipText(run)}
                </Text>
              </Badge>
            </Tooltip>
          )
        })}
      </Group>
      {openRun && (
        <Paper withBorder p="sm" data-testid={`status-detail-${openRun.dataset}`}>
          <Text size="sm" fw={600}>
            {openRun.archive_name} / {openRun.dataset_name}{' '}
            <Text span c={STATUS_COLOR[openRun.status]} inherit>
              ({STATUS_LABEL[openRun.status]})
            </Text>
          </Text>
          {openRun.error && (
            <Text size="sm" c="red" mt={4} data-testid="status-error-message">
              {openRun.error.message} <Text span c="dimmed" size="xs">[{openRun.error.code}]</Text>
            </Text>
          )}
          {openRun.overflow && (
            <Text size="sm" c="yellow.9" mt={4} data-testid="status-overflow-message">
              ⚠ {OVERFLOW_TEXT} — only the first {openRun.row_count} rows (the row limit) are kept here.
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            {openRun.connector_type} · {openRun.row_count} rows · {formatMs(openRun.elapsed_ms)}
          </Text>
          {openRun.query_text && (
            <Code block mt="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {openRun.query_text}
            </Code>
          )}
        </Paper>
      )}
    </Stack>
  )
}
