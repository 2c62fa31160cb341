import { Group, Text, UnstyledButton } from '@mantine/core'
import { useId, useMemo, useRef, useState, type MouseEvent } from 'react'
import type { Cone, Positions } from '../../api/types'
import { computeGeometry, dotRadius, niceTicks, unwrapRa, type PlotGeometry } from './skyGeometry'

const WIDTH = 560
const HEIGHT = 420
const MARGIN = { top: 16, right: 20, bottom: 48, left: 64 }
const PLOT_W = WIDTH - MARGIN.left - MARGIN.right
const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom
/** Hover picks the nearest point within this many plot units. */
const PICK_RADIUS = 8

/** Enough decimals to tell ticks `step` apart. */
function tickLabel(value: number, step: number): string {
  let digits = 0
  while (digits < 6 && Math.abs(Math.round(step * 10 ** digits) - step * 10 ** digits) > 1e-6) digits += 1
  return value.toFixed(digits)
}

function projector(geo: PlotGeometry) {
  const sx = PLOT_W / (geo.raMax - geo.raMin)
  const sy = PLOT_H / (geo.decMax - geo.decMin)
  return {
    x: (ra: number) => MARGIN.left + (geo.raMax - unwrapRa(ra, geo.raCenter)) * sx,
    y: (dec: number) => MARGIN.top + (geo.decMax - dec) * sy,
    ra: (x: number) => ((((geo.raMax - (x - MARGIN.left) / sx) % 360) + 360) % 360),
    dec: (y: number) => geo.decMax - (y - MARGIN.top) / sy,
  }
}

interface Layer {
  index: number
  slug: string
  count: number
  /** One zero-length sub-path per point, drawn as a dot by the round line cap. */
  d: string
}

interface Hover {
  /** Cursor position on the sky. */
  ra: number
  dec: number
  /** Index in `data.positions` of the nearest point, if close enough. */
  point: number | null
}

const fmt = (value: number) => value.toFixed(5)

/**
 * Sky plot of a search's positions (`GET /searches/{id}/positions/`): RA increasing to the left,
 * equal angular scale on both axes, one colour per dataset. Each dataset is a single SVG `<path>`
 * of zero-length round-capped segments, so tens of thousands of points stay fast.
 */
export function SkyPlot({
  data,
  colors,
  names,
  cone,
  totalRows,
  highlight,
}: {
  data: Positions
  /** Colour per dataset slug. */
  colors: Record<string, string>
  /** Display name per dataset slug (legend, hover). */
  names: Record<string, string>
  cone?: Cone | null
  /** Rows of the search (or dataset) in total; when larger than the points, the rest has no position. */
  totalRows?: number
  /** A row to emphasise (e.g. hovered in the table). */
  highlight?: { ra: number | null; dec: number | null; dataset: string } | null
}) {
  const clipId = `sky-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`
  const svgRef = useRef<SVGSVGElement>(null)
  const [hover, setHover] = useState<Hover | null>(null)
  /** Datasets switched off in the legend. */
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set())
  const toggle = (slug: string) =>
    setHidden((current) => {
      const next = new Set(current)
      if (next.has(slug)) next.delete(slug)
      else next.add(slug)
      return next
    })

  const points = useMemo(
    () => data.positions.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])),
    [data.positions],
  )
  const geo = useMemo(() => computeGeometry(points, cone, PLOT_W, PLOT_H), [points, cone])
  const project = useMemo(() => projector(geo), [geo])
  const radius = dotRadius(points.length)

  // Projected coordinates (for hover picking) and one path per dataset.
  const { xy, layers } = useMemo(() => {
    const coords = new Float64Array(points.length * 2)
    const parts: string[][] = data.datasets.map(() => [])
    points.forEach((p, i) => {
      const x = project.x(p[0])
      const y = project.y(p[1])
      coords[2 * i] = x
      coords[2 * i + 1] = y
      parts[p[2]]?.push(`M${x.toFixed(1)} ${y.toFixed(1)}h0`)
    })
    const built: Layer[] = data.datasets.map((slug, index) => ({
      index,
      slug,
      count: parts[index].length,
      d: parts[index].join(''),
    }))
    return { xy: coords, layers: built.filter((layer) => layer.count > 0) }
  }, [points, data.datasets, project])

  const raTicks = niceTicks(geo.raMin, geo.raMax, 6)
  const decTicks = niceTicks(geo.decMin, geo.decMax, 5)
  const raStep = raTicks.length > 1 ? raTicks[1] - raTicks[0] : 1
  const decStep = decTicks.length > 1 ? decTicks[1] - decTicks[0] : 1

  const onMove = (event: MouseEvent<SVGSVGElement>) => {
    const box = svgRef.current?.getBoundingClientRect()
    if (!box || !box.width || !box.height) return
    const px = ((event.clientX - box.left) / box.width) * WIDTH
    const py = ((event.clientY - box.top) / box.height) * HEIGHT
    if (px < MARGIN.left || px > MARGIN.left + PLOT_W || py < MARGIN.top || py > MARGIN.top + PLOT_H) {
      setHover(null)
      return
    }
    let best: number | null = null
    let bestDistance = PICK_RADIUS * PICK_RADIUS
    const skip = data.datasets.map((slug) => hidden.has(slug))
    for (let i = 0; i < points.length; i += 1) {
      if (skip[points[i][2]]) continue
      const dx = xy[2 * i] - px
      const dy = xy[2 * i + 1] - py
      const distance = dx * dx + dy * dy
      if (distance <= bestDistance) {
        bestDistance = distance
        best = i
      }
    }
    setHover({ ra: project.ra(px), dec: project.dec(py), point: best })
  }

  let coneShape = null
  if (cone) {
    const cosDec = Math.max(Math.cos((cone.dec * Math.PI) / 180), 0.05)
    coneShape = (
      <ellipse
        cx={project.x(cone.ra)}
        cy={project.y(cone.dec)}
        rx={(cone.radius / cosDec / (geo.raMax - geo.raMin)) * PLOT_W}
        ry={(cone.radius / (geo.decMax - geo.decMin)) * PLOT_H}
        fill="none"
        stroke="#868e96"
        strokeDasharray="4 3"
        data-testid="sky-cone"
      />
    )
  }

  const hoveredPoint = hover?.point != null ? points[hover.point] : null
  const hoveredSlug = hoveredPoint ? data.datasets[hoveredPoint[2]] : null
  const emphasised =
    highlight && typeof highlight.ra === 'number' && typeof highlight.dec === 'number'
      ? { x: project.x(highlight.ra), y: project.y(highlight.dec), color: colors[highlight.dataset] ?? '#495057' }
      : hoveredPoint && hoveredSlug
        ? { x: xy[2 * (hover?.point ?? 0)], y: xy[2 * (hover?.point ?? 0) + 1], color: colors[hoveredSlug] ?? '#495057' }
        : null
  const missing = !data.truncated && totalRows !== undefined ? Math.max(totalRows - points.length, 0) : 0

  return (
    <div data-testid="sky-plot" data-count={points.length} data-truncated={data.truncated}>
      <svg
        ref={svgRef}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH, display: 'block', background: 'white', cursor: 'crosshair' }}
        role="img"
        aria-label={`Sky plot of ${points.length} positions`}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
      >
        <defs>
          <clipPath id={clipId}>
            <rect x={MARGIN.left} y={MARGIN.top} width={PLOT_W} height={PLOT_H} />
          </clipPath>
        </defs>
        <rect x={MARGIN.left} y={MARGIN.top} width={PLOT_W} height={PLOT_H} fill="#f8f9fa" stroke="#adb5bd" />
        {raTicks.map((t) => (
          <g key={`ra-${t}`} data-testid="ra-tick">
            <line x1={project.x(t)} x2={project.x(t)} y1={MARGIN.top} y2={MARGIN.top + PLOT_H} stroke="#e9ecef" />
            <line x1={project.x(t)} x2={project.x(t)} y1={MARGIN.top + PLOT_H} y2={MARGIN.top + PLOT_H + 5} stroke="#495057" />
            <text x={project.x(t)} y={MARGIN.top + PLOT_H + 18} textAnchor="middle" fontSize={11} fill="#495057">
              {tickLabel(((t % 360) + 360) % 360, raStep)}
            </text>
          </g>
        ))}
        {decTicks.map((t) => (
          <g key={`dec-${t}`} data-testid="dec-tick">
            <line x1={MARGIN.left} x2={MARGIN.left + PLOT_W} y1={project.y(t)} y2={project.y(t)} stroke="#e9ecef" />
            <line x1={MARGIN.left - 5} x2={MARGIN.left} y1={project.y(t)} y2={project.y(t)} stroke="#495057" />
            <text x={MARGIN.left - 8} y={project.y(t) + 4} textAnchor="end" fontSize={11} fill="#495057">
              {tickLabel(t, decStep)}
            </text>
          </g>
        ))}
        <text x={MARGIN.left + PLOT_W / 2} y={HEIGHT - 8} textAnchor="middle" fontSize={12} fill="#212529">
          Right Ascension (deg) ← increases
        </text>
        <text
          x={16}
          y={MARGIN.top + PLOT_H / 2}
          textAnchor="middle"
          fontSize={12}
          fill="#212529"
          transform={`rotate(-90 16 ${MARGIN.top + PLOT_H / 2})`}
        >
          Declination (deg)
        </text>
        <g clipPath={`url(#${clipId})`}>
          {coneShape}
          {layers.filter((layer) => !hidden.has(layer.slug)).map((layer) => (
            <path
              key={layer.slug}
              d={layer.d}
              fill="none"
              stroke={colors[layer.slug] ?? '#495057'}
              strokeOpacity={0.75}
              strokeWidth={radius * 2}
              strokeLinecap="round"
              data-testid={`sky-points-${layer.slug}`}
              data-dataset={layer.slug}
              data-count={layer.count}
            />
          ))}
          {emphasised && (
            <circle
              cx={emphasised.x}
              cy={emphasised.y}
              r={Math.max(radius + 3, 6)}
              fill={emphasised.color}
              fillOpacity={0.35}
              stroke="#000"
              strokeWidth={1.5}
              pointerEvents="none"
              data-testid="sky-highlight"
            />
          )}
        </g>
        {points.length === 0 && (
          <text x={MARGIN.left + PLOT_W / 2} y={MARGIN.top + PLOT_H / 2} textAnchor="middle" fontSize={13} fill="#868e96">
            No positions to plot
          </text>
        )}
      </svg>
      <Text size="xs" c="dimmed" mt={2} style={{ fontVariantNumeric: 'tabular-nums', minHeight: '1.5em' }} data-testid="sky-readout">
        {hoveredPoint && hoveredSlug
          ? `${names[hoveredSlug] ?? hoveredSlug}: RA ${fmt(hoveredPoint[0])}°, Dec ${fmt(hoveredPoint[1])}°`
          : hover
            ? `cursor: RA ${fmt(hover.ra)}°, Dec ${fmt(hover.dec)}°`
            : '\u00a0'}
      </Text>
      <Group gap="md" mt={2} data-testid="sky-legend">
        {layers.map((layer) => {
          const off = hidden.has(layer.slug)
          return (
            <UnstyledButton
              key={layer.slug}
              onClick={() => toggle(layer.slug)}
              aria-pressed={!off}
              title={off ? 'Show on the plot' : 'Hide from the plot'}
              data-testid={`sky-legend-${layer.slug}`}
              data-hidden={off}
              style={{ opacity: off ? 0.45 : 1 }}
            >
              <Group gap={6} wrap="nowrap">
                <svg width={12} height={12} aria-hidden>
                  <circle
                    cx={6}
                    cy={6}
                    r={5}
                    fill={off ? 'none' : (colors[layer.slug] ?? '#495057')}
                    stroke={colors[layer.slug] ?? '#495057'}
                  />
                </svg>
                <Text size="xs" td={off ? 'line-through' : undefined}>
                  {names[layer.slug] ?? layer.slug} ({layer.count.toLocaleString('en-US')})
                </Text>
              </Group>
            </UnstyledButton>
          )
        })}
        {data.truncated && (
          <Text size="xs" c="orange.8" data-testid="sky-truncated">
            Showing the first {points.length.toLocaleString('en-US')} positions
            {totalRows !== undefined && totalRows > points.length ? ` of ${totalRows.toLocaleString('en-US')} rows` : ''}
          </Text>
        )}
        {missing > 0 && (
          <Text size="xs" c="dimmed" data-testid="sky-missing">
            {missing.toLocaleString('en-US')} row{missing === 1 ? '' : 's'} without position
          </Text>
        )}
      </Group>
    </div>
  )
}
