/** `scope:name` helpers and the SPA paths of the Rucio pages. */

/** `user.alice:a/b` → `{scope: 'user.alice', name: 'a/b'}` (the first `:` separates them). */
export function splitDid(did: string): { scope: string; name: string } | null {
  const at = did.indexOf(':')
  if (at <= 0 || at === did.length - 1) return null
  return { scope: did.slice(0, at), name: did.slice(at + 1) }
}

/** The DID page: `/rucio/<dataset>/did/<scope>/<name>` (each part URL-encoded, `/` as `%2F`). */
export function didPagePath(dataset: string, scope: string, name: string): string {
  return `/rucio/${encodeURIComponent(dataset)}/did/${encodeURIComponent(scope)}/${encodeURIComponent(name)}`
}

/** The DID page of `scope:name`; null when it is not a DID. */
export function didPagePathOf(dataset: string, did: string): string | null {
  const parts = splitDid(did)
  return parts ? didPagePath(dataset, parts.scope, parts.name) : null
}

export function stagingPath(id: string): string {
  return `/staging/${encodeURIComponent(id)}`
}
