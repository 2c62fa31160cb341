import { Badge, Group, Progress, Text, Tooltip } from '@mantine/core'
import { formatBytes } from '../../lib/format'
import type { StagingState } from '../rucio/types'
import { RULE_COLOR, STATE_COLOR, STATE_LABEL, lockFraction, percent, type LockCounts } from './labels'

export function StateBadge({ state, size = 'md', testId = 'staging-state' }: { state: StagingState; size?: 'sm' | 'md' | 'lg'; testId?: string }) {
  return (
    <Badge color={STATE_COLOR[state] ?? 'gray'} size={size} variant={state === 'done' || state === 'failed' ? 'filled' : 'light'} data-testid={testId} data-state={state}>
      {STATE_LABEL[state] ?? state}
    </Badge>
  )
}

/** A Rucio rule state (OK, REPLICATING, STUCK, …). */
export function RuleStateBadge({ state, testId = 'rule-state' }: { state: string | null | undefined; testId?: string }) {
  if (!state) return <Text size="xs" c="dimmed">–</Text>
  return (
    <Badge size="sm" variant="light" color={RULE_COLOR[state.toUpperCase()] ?? 'gray'} data-testid={testId} data-state={state}>
      {state}
    </Badge>
  )
}

/**
 * A progress bar split into the locks that are OK (green), replicating (blue, animated) and
 * stuck (red), with the bytes done of all. `value` is the whole's progress in 0..1 (from the
 * API; else the locks' share).
 */
export function LockProgress({
  counts,
  bytes,
  bytesDone,
  value,
  size = 'lg',
  testId,
  active,
}: {
  counts: LockCounts
  bytes: number | null | undefined
  bytesDone: number | null | undefined
  value?: number | null
  size?: 'sm' | 'md' | 'lg' | 'xl'
  testId: string
  active?: boolean
}) {
  const total = counts.locks_ok + counts.locks_replicating + counts.locks_stuck
  const fraction = value ?? lockFraction(counts) ?? (bytes ? (bytesDone ?? 0) / bytes : 0)
  const pct = percent(fraction)
  const share = (n: number) => (total > 0 ? (n / total) * 100 : 0)
  return (
    <div data-testid={testId} data-value={pct}>
      <Tooltip
        label={`${counts.locks_ok} OK · ${counts.locks_replicating} replicating · ${counts.locks_stuck} stuck`}
        withArrow
      >
        <Progress.Root size={size} aria-label={`${pct}% staged`}>
          {total > 0 ? (
            <>
              <Progress.Section value={share(counts.locks_ok)} color="green" data-testid={`${testId}-ok`} />
              <Progress.Section value={share(counts.locks_replicating)} color="blue" striped animated={active} />
              <Progress.Section value={share(counts.locks_stuck)} color="red" />
            </>
          ) : (
            <Progress.Section value={pct} color={pct >= 100 ? 'green' : 'blue'} striped={active} animated={active} />
          )}
        </Progress.Root>
      </Tooltip>
      <Group justify="space-between" gap="xs" mt={2}>
        <Text size="xs" c="dimmed" data-testid={`${testId}-percent`}>
          {pct} %
        </Text>
        <Text size="xs" c="dimmed" data-testid={`${testId}-bytes`}>
          {formatBytes(bytesDone ?? 0) || '0 B'} of {formatBytes(bytes ?? 0) || '0 B'}
        </Text>
      </Group>
    </div>
  )
}
