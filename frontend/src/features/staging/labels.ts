/** Labels, colours and progress arithmetic of staging requests. */
import type { Destination, StagingRequest, StagingState } from '../rucio/types'

export const STATE_COLOR: Record<StagingState, string> = {
  submitting: 'indigo',
  replicating: 'blue',
  done: 'green',
  failed: 'red',
  cancelled: 'gray',
}

export const STATE_LABEL: Record<StagingState, string> = {
  submitting: 'submitting',
  replicating: 'replicating',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
}

/** Rucio rule states. */
export const RULE_COLOR: Record<string, string> = {
  OK: 'green',
  REPLICATING: 'blue',
  STUCK: 'red',
  SUSPENDED: 'orange',
  WAITING_APPROVAL: 'yellow',
  INJECT: 'indigo',
}

/** 0..1 → a whole percent, 99 until really complete. */
export function percent(fraction: number | null | undefined): number {
  if (fraction == null || Number.isNaN(fraction)) return 0
  const value = Math.max(0, Math.min(1, fraction)) * 100
  return value >= 100 ? 100 : Math.min(99, Math.floor(value))
}

export interface LockCounts {
  locks_ok: number
  locks_replicating: number
  locks_stuck: number
}

/** Share of the locks (files at the destination) that are OK. */
export function lockFraction({ locks_ok, locks_replicating, locks_stuck }: LockCounts): number | null {
  const total = locks_ok + locks_replicating + locks_stuck
  return total > 0 ? locks_ok / total : null
}

/** "user.alice:x", "user.alice:x and 2 more", or the request's name. */
export function requestTitle(request: StagingRequest): string {
  if (request.name) return request.name
  const first = request.items[0]?.did
  if (!first) return `${request.totals.dids} DIDs`
  const more = Math.max(request.totals.dids, request.items.length) - 1
  return more > 0 ? `${first} and ${more} more` : first
}

export function destinationLabel(d: Destination): string {
  return `${d.label} — ${d.rse_expression}${d.facility ? ` · ${d.facility}` : ''}`
}
