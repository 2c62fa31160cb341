/** Answers of the Rucio API for the tests (docs/rucio.md shapes). */
import type { Destinations, Did, StagingItem, StagingRequest } from './types'

export function did(overrides: Partial<Did> = {}): Did {
  return {
    scope: 'user.alice',
    name: 'alice_calib_flats_2024',
    did: 'user.alice:alice_calib_flats_2024',
    type: 'DATASET',
    bytes: 4_194_304,
    length: 4,
    account: 'alice',
    created_at: '2024-03-01T10:00:00Z',
    updated_at: '2024-03-02T10:00:00Z',
    open: false,
    metadata: { telescope: 'LOFAR', obs_year: 2024 },
    webui_url: 'http://rucio-ui.test/did?scope=user.alice&name=alice_calib_flats_2024',
    ...overrides,
  }
}

export function destinations(overrides: Partial<Destinations> = {}): Destinations {
  return {
    destinations: [
      { key: 'compute-near', label: 'Disk next to the compute cluster', rse_expression: 'COMPUTE-NEAR-DISK', facility: 'esap-jhub' },
      { key: 'tape', label: 'Archive tape', rse_expression: 'SITE-B-TAPE', facility: '' },
    ],
    default_lifetime_days: 7,
    max_lifetime_days: 30,
    ...overrides,
  }
}

export function stagingItem(overrides: Partial<StagingItem> = {}): StagingItem {
  return {
    did: 'user.alice:alice_calib_flats_2024',
    type: 'dataset',
    bytes: 1200,
    files: 4,
    rule_id: 'rule-1',
    reused: false,
    rule_state: 'REPLICATING',
    locks_ok: 1,
    locks_replicating: 3,
    locks_stuck: 0,
    bytes_done: 300,
    error: null,
    ...overrides,
  }
}

export function stagingRequest(overrides: Partial<StagingRequest> = {}): StagingRequest {
  return {
    id: 'req-1',
    name: '',
    dataset: 'rucio-lake',
    dataset_name: 'ESCAPE data lake',
    destination: { key: 'compute-near', label: 'Disk next to the compute cluster', rse_expression: 'COMPUTE-NEAR-DISK', facility: '' },
    account: 'esap',
    lifetime_days: 7,
    state: 'replicating',
    created: '2024-04-01T10:00:00Z',
    refreshed_at: '2024-04-01T10:00:05Z',
    finished_at: null,
    expires_at: '2024-04-08T10:00:00Z',
    error: null,
    totals: { dids: 2, files: 7, bytes: 2000, bytes_done: 800, locks_ok: 3, locks_replicating: 4, locks_stuck: 0, progress: 0.43 },
    items: [
      stagingItem(),
      stagingItem({
        did: 'user.bob:bob_calib_bias',
        bytes: 800,
        files: 3,
        rule_id: 'rule-2',
        reused: true,
        rule_state: 'OK',
        locks_ok: 2,
        locks_replicating: 1,
        bytes_done: 500,
      }),
    ],
    ...overrides,
  }
}

/** A done request (every lock OK). */
export function doneRequest(overrides: Partial<StagingRequest> = {}): StagingRequest {
  const base = stagingRequest()
  return {
    ...base,
    state: 'done',
    totals: { ...base.totals, bytes_done: 2000, locks_ok: 7, locks_replicating: 0, progress: 1 },
    items: base.items.map((item) => ({ ...item, rule_state: 'OK', locks_ok: item.files ?? 0, locks_replicating: 0, bytes_done: item.bytes ?? 0 })),
    ...overrides,
  }
}
