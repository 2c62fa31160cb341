import type { ApiToken, TokenScope } from '../../api/types'

export const SCOPE_LABEL: Record<TokenScope, string> = { read: 'read only', 'read-write': 'read & write' }

export function tokenState(token: ApiToken, now = Date.now()): { label: string; color: string } {
  if (token.revoked) return { label: 'revoked', color: 'gray' }
  if (token.expires_at && Date.parse(token.expires_at) <= now) return { label: 'expired', color: 'orange' }
  return { label: 'active', color: 'green' }
}

/** The Python example, with a placeholder: the real secret is only ever in the creation dialog. */
export function pythonSnippet(origin: string): string {
  return `import requests

ESAP = "${origin}"
TOKEN = "esap_…"  # your token; keep it secret (e.g. in an environment variable)

session = requests.Session()
session.headers["Authorization"] = f"Bearer {TOKEN}"

# your basket, as JSON and as a VOTable
basket = session.get(f"{ESAP}/api/v1/basket/items/").json()
for item in basket["results"]:
    print(item["item_type"], item["dataset"], item["title"])
votable = session.get(f"{ESAP}/api/v1/basket/export/", params={"format": "votable"}).content

# a search (a read-write token): cone of 0.5° around RA 155°, Dec 0°
search = session.post(f"{ESAP}/api/v1/searches/",
                      json={"cone": {"ra": 155, "dec": 0, "radius": 0.5}, "wait": 30}).json()
rows = session.get(f"{ESAP}/api/v1/searches/{search['id']}/results/").json()["results"]`
}
