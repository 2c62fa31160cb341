/**
 * Parsing of sky coordinates typed by users.
 *
 * RA: decimal degrees ("150.5") or sexagesimal hours ("10:02:00", "10 02 00", "10h02m00s").
 * Dec: decimal degrees ("-2.5") or sexagesimal degrees ("-02:30:00", "-2 30 0", "-2d30m0s").
 * A pasted pair ("10:00:00 +02:00:00", "150.0, 2.0") can be split with {@link parsePosition}.
 */

export type Parsed = { ok: true; value: number } | { ok: false; error: string }

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

function parseNumber(text: string): number | null {
  const t = text.trim()
  if (!NUMBER.test(t)) return null
  const value = Number(t)
  return Number.isFinite(value) ? value : null
}

/** Split "10:02:03.5", "10 02 03.5", "10h02m03.5s", "-2d30m" into sign and up to 3 parts. */
function splitSexagesimal(text: string): { sign: number; parts: number[] } | null {
  let t = text.trim().toLowerCase()
  let sign = 1
  if (t.startsWith('-') || t.startsWith('−')) {
    sign = -1
    t = t.slice(1)
  } else if (t.startsWith('+')) {
    t = t.slice(1)
  }
  t = t.replace(/[hd°:'′"″ms]/g, ' ').trim()
  if (!t) return null
  const tokens = t.split(/\s+/)
  if (tokens.length < 2 || tokens.length > 3) return null
  const parts: number[] = []
  for (const [index, token] of tokens.entries()) {
    // Only the last part may have decimals.
    const isLast = index === tokens.length - 1
    if (!(isLast ? /^(\d+(\.\d*)?|\.\d+)$/ : /^\d+$/).test(token)) return null
    parts.push(Number(token))
  }
  if (parts.slice(1).some((p) => p >= 60)) return null
  return { sign, parts }
}

function looksSexagesimal(text: string): boolean {
  return /[:hdms°'′"″]/i.test(text) || /\d\s+\d/.test(text.trim())
}

export function parseRa(text: string): Parsed {
  const t = text.trim()
  if (!t) return { ok: false, error: 'RA is required' }
  const plain = parseNumber(t)
  if (plain !== null) {
    if (plain < 0 || plain >= 360) return { ok: false, error: 'RA must be between 0 and 360 degrees' }
    return { ok: true, value: plain }
  }
  if (looksSexagesimal(t)) {
    const split = splitSexagesimal(t)
    if (!split || split.sign < 0) return { ok: false, error: 'RA must be degrees or hh:mm:ss' }
    const [h, m = 0, s = 0] = split.parts
    if (h >= 24) return { ok: false, error: 'RA hours must be below 24' }
    return { ok: true, value: (h + m / 60 + s / 3600) * 15 }
  }
  return { ok: false, error: 'RA must be a number of degrees or hh:mm:ss' }
}

export function parseDec(text: string): Parsed {
  const t = text.trim()
  if (!t) return { ok: false, error: 'Dec is required' }
  const plain = parseNumber(t)
  if (plain !== null) {
    if (plain < -90 || plain > 90) return { ok: false, error: 'Dec must be between -90 and +90 degrees' }
    return { ok: true, value: plain }
  }
  if (looksSexagesimal(t)) {
    const split = splitSexagesimal(t)
    if (!split) return { ok: false, error: 'Dec must be degrees or ±dd:mm:ss' }
    const [d, m = 0, s = 0] = split.parts
    const value = split.sign * (d + m / 60 + s / 3600)
    if (value < -90 || value > 90) return { ok: false, error: 'Dec must be between -90 and +90 degrees' }
    return { ok: true, value }
  }
  return { ok: false, error: 'Dec must be a number of degrees or ±dd:mm:ss' }
}

export const MAX_RADIUS_DEG = 90

export function parseRadius(text: string): Parsed {
  const t = text.trim()
  if (!t) return { ok: false, error: 'Radius is required' }
  const value = parseNumber(t)
  if (value === null) return { ok: false, error: 'Radius must be a number of degrees' }
  if (value <= 0) return { ok: false, error: 'Radius must be greater than 0' }
  if (value > MAX_RADIUS_DEG) return { ok: false, error: `Radius must be at most ${MAX_RADIUS_DEG} degrees` }
  return { ok: true, value }
}

/**
 * A whole position typed into one field, e.g. "10:00:00 +02:00:00", "10 00 00 +02 00 00",
 * "150.0 +2.0" or "150.0, 2.0". Returns null when the text is not a pair.
 */
export function parsePosition(text: string): { ra: string; dec: string } | null {
  const t = text.trim()
  if (!t) return null
  const byComma = t.split(',').map((s) => s.trim())
  if (byComma.length === 2 && byComma[0] && byComma[1]) return { ra: byComma[0], dec: byComma[1] }
  // A sign marks the start of Dec: "10 00 00 +02 00 00", "150.0 -2.5".
  const signed = t.match(/^(.+?)\s+([+\-−].*)$/)
  if (signed) return { ra: signed[1].trim(), dec: signed[2].trim() }
  const tokens = t.split(/\s+/)
  // Two sexagesimal tokens ("10:00:00 02:00:00"); "10 30" stays a single RA (10h30m).
  if (tokens.length === 2 && tokens.every((tok) => /[:hdms°]/i.test(tok))) return { ra: tokens[0], dec: tokens[1] }
  if (tokens.length === 6) return { ra: tokens.slice(0, 3).join(' '), dec: tokens.slice(3).join(' ') }
  return null
}
