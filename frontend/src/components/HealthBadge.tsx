import { Badge, Tooltip } from '@mantine/core'
import type { DatasetHealth } from '../api/types'
import { formatDateTime, formatMs } from '../lib/format'

export function HealthBadge({ health, testId }: { health: DatasetHealth | null | undefined; testId?: string }) {
  const ok = health?.ok ?? null
  const color = ok === true ? 'green' : ok === false ? 'red' : 'gray'
  const label = ok === true ? 'up' : ok === false ? 'down' : 'unknown'
  const details = [
    health?.checked_at ? `checked ${formatDateTime(health.checked_at)}` : 'never checked',
    health?.latency_ms != null ? `latency ${formatMs(health.latency_ms)}` : null,
    health?.error ? `error: ${health.error}` : null,
  ]
    .filter(Boolean)
    .join(' · ')
  return (
    <Tooltip label={details} multiline maw={360} withArrow>
      <Badge color={color} variant="dot" size="sm" data-testid={testId} data-health={label}>
        {label}
        {ok === true && health?.latency_ms != null ? ` · ${formatMs(health.latency_ms)}` : ''}
      </Badge>
    </Tooltip>
  )
}
