import type { DatasetRun, RunStatus } from '../../api/types'
import { FINISHED_STATUSES, STATUSES_WITH_ROWS } from '../../api/types'

export const STATUS_COLOR: Record<RunStatus, string> = {
  pending: 'gray',
  running: 'blue',
  ok: 'green',
  overflow: 'yellow',
  timeout: 'orange',
  error: 'red',
  not_applicable: 'gray',
}

export const STATUS_LABEL: Record<RunStatus, string> = {
  pending: 'pending',
  running: 'running',
  ok: 'ok',
  overflow: 'overflow',
  timeout: 'timed out',
  error: 'error',
  not_applicable: 'not applicable',
}

export function isFinished(run: DatasetRun): boolean {
  return FINISHED_STATUSES.includes(run.status)
}

export function hasRows(run: DatasetRun): boolean {
  return STATUSES_WITH_ROWS.includes(run.status)
}

/** Distinct colours for datasets (sky plot, legend, tab dots). */
export const DATASET_PALETTE = [
  '#4263eb', '#e8590c', '#2f9e44', '#c2255c', '#1098ad', '#7048e8', '#f08c00', '#5c940d', '#d6336c', '#0b7285',
]

export function datasetColors(datasets: string[]): Record<string, string> {
  return Object.fromEntries(datasets.map((slug, i) => [slug, DATASET_PALETTE[i % DATASET_PALETTE.length]]))
}
