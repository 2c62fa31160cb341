/** Geometry of the sky plot: RA wrap-around, extent with equal angular scale, ticks. */
import type { Cone } from '../../api/types'

export interface PlotGeometry {
  /** RA centre (degrees, 0–360); RA values are unwrapped around it to handle the 0/360 seam. */
  raCenter: number
  raMin: number
  raMax: number
  decMin: number
  decMax: number
}

/** `[ra, dec, ...]` in degrees (the positions endpoint's triples). */
export type SkyPoint = readonly [ra: number, dec: number, ...rest: number[]]

function circularMeanDeg(values: Iterable<number>): number {
  let x = 0
  let y = 0
  let first: number | undefined
  for (const v of values) {
    first ??= v
    x += Math.cos((v * Math.PI) / 180)
    y += Math.sin((v * Math.PI) / 180)
  }
  if (Math.abs(x) < 1e-12 && Math.abs(y) < 1e-12) return first ?? 0
  return ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360
}

function* rasOf(points: readonly SkyPoint[], cone: Cone | null | undefined) {
  for (const p of points) yield p[0]
  if (cone) yield cone.ra
}

/** RA unwrapped near `center`: the result lies in [center-180, center+180). */
export function unwrapRa(ra: number, center: number): number {
  return center + ((((ra - center + 180) % 360) + 360) % 360) - 180
}

/** Data extent with padding, stretched so that a degree on the sky has the same length on both axes. */
export function computeGeometry(
  points: readonly SkyPoint[],
  cone: Cone | null | undefined,
  plotWidth: number,
  plotHeight: number,
): PlotGeometry {
  const raCenter = points.length || cone ? circularMeanDeg(rasOf(points, cone)) : 0
  // Loops, not Math.min(...xs): there can be tens of thousands of points.
  let raMin = Infinity
  let raMax = -Infinity
  let decMin = Infinity
  let decMax = -Infinity
  const extend = (x: number, y: number) => {
    if (x < raMin) raMin = x
    if (x > raMax) raMax = x
    if (y < decMin) decMin = y
    if (y > decMax) decMax = y
  }
  for (const p of points) extend(unwrapRa(p[0], raCenter), p[1])
  if (cone) {
    const cosDec = Math.max(Math.cos((cone.dec * Math.PI) / 180), 0.05)
    const c = unwrapRa(cone.ra, raCenter)
    extend(c - cone.radius / cosDec, cone.dec - cone.radius)
    extend(c + cone.radius / cosDec, cone.dec + cone.radius)
  }
  if (raMin > raMax) {
    raMin = raCenter - 1
    raMax = raCenter + 1
    decMin = -1
    decMax = 1
  }
  const minSpan = 1 / 60 // one arcminute
  const raMid = (raMin + raMax) / 2
  const decMid = (decMin + decMax) / 2
  const cosDec = Math.max(Math.cos((decMid * Math.PI) / 180), 0.05)
  let raSpan = Math.max(raMax - raMin, minSpan) * 1.1
  let decSpan = Math.max(decMax - decMin, minSpan) * 1.1
  // Equal angular scale on both axes: degrees of RA shrink by cos(dec).
  const scale = Math.min(plotWidth / (raSpan * cosDec), plotHeight / decSpan)
  raSpan = plotWidth / (scale * cosDec)
  decSpan = plotHeight / scale
  raSpan = Math.min(raSpan, 360)
  decSpan = Math.min(decSpan, 180)
  raMin = raMid - raSpan / 2
  raMax = raMid + raSpan / 2
  decMin = decMid - decSpan / 2
  decMax = decMid + decSpan / 2
  return { raCenter, raMin, raMax, decMin, decMax }
}

/** About `count` round tick values between min and max. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min
  if (!(span > 0) || !Number.isFinite(span)) return [min]
  const raw = span / count
  const power = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power
  const ticks: number[] = []
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    ticks.push(Number(v.toFixed(10)))
  }
  return ticks
}

/** Dot radius in plot units: smaller when there are many points. */
export function dotRadius(count: number): number {
  if (count > 5000) return 1.4
  if (count > 1000) return 2
  if (count > 200) return 2.8
  return 3.5
}
