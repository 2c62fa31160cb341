import { Group, Text } from '@mantine/core'
import { useId, useMemo } from 'react'
import type { Cone, ResultRow } from '../../api/types'
import { computeGeometry, niceTicks, unwrapRa } from './skyGeometry'

const WIDTH = 560
const HEIGHT = 420
const MARGIN = { top: 16, right: 20, bottom: 48, left: 64 }

/** Enough decimals to tell ticks `step` apart. */
function tickLabel(value: number, step: number): string {
  let digits = 0
  while (digits < 6 && Math.abs(Math.round(step * 10 ** digits) - step * 10 ** digits) > 1e-6) digits += 1
  return value.toFixed(digits)
}

export function SkyPlot({
  rows,
  colors,
  names,
  cone,
  highlight,
}: {
  rows: ResultRow[]
  /** Colour per dataset slug. */
  colors: Record<string, string>
  /** Display name per dataset slug (legend). */
  names: Record<string, string>
  cone?: Cone | null
  /** `dataset/id` of a row to emphasise. */
  highlight?: string | null
}) {
  const clipId = `sky-clip-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`
  const plotW = WIDTH - MARGIN.left - MARGIN.right
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom
  const points = useMemo(
    () =>
      rows.filter(
        (r): r is ResultRow & { ra: number; dec: number } =>
          typeof r.ra === 'number' && typeof r.dec === 'number' && Number.isFinite(r.ra) && Number.isFinite(r.dec),
      ),
    [rows],
  )
  const geo = useMemo(() => computeGeometry(points, cone, plotW, plotH), [points, cone, plotW, plotH])

  const x = (ra: number) => MARGIN.left + ((geo.raMax - unwrapRa(ra, geo.raCenter)) / (geo.raMax - geo.raMin)) * plotW
  const y = (dec: number) => MARGIN.top + ((geo.decMax - dec) / (geo.decMax - geo.decMin)) * plotH

  const raTicks = niceTicks(geo.raMin, geo.raMax, 6)
  const decTicks = niceTicks(geo.decMin, geo.decMax, 5)
  const raStep = raTicks.length > 1 ? raTicks[1] - raTicks[0] : 1
  const decStep = decTicks.length > 1 ? decTicks[1] - decTicks[0] : 1

  const legend = useMemo(() => {
    const counts = new Map<string, number>()
    for (const p of points) counts.set(p.dataset, (counts.get(p.dataset) ?? 0) + 1)
    return [...counts.entries()]
  }, [points])

  const missing = rows.length - points.length

  let coneShape = null
  if (cone) {
    const cosDec = Math.max(Math.cos((cone.dec * Math.PI) / 180), 0.05)
    const rx = (cone.radius / cosDec / (geo.raMax - geo.raMin)) * plotW
    const ry = (cone.radius / (geo.decMax - geo.decMin)) * plotH
    coneShape = (
      <ellipse
        cx={x(cone.ra)}
        cy={y(cone.dec)}
        rx={rx}
        ry={ry}
        fill="none"
        stroke="#868e96"
        strokeDasharray="4 3"
        data-testid="sky-cone"
      />
    )
  }

  return (
    <div data-testid="sky-plot">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        style={{ maxWidth: WIDTH, display: 'block', background: 'white' }}
        role="img"
        aria-label={`Sky plot of ${points.length} positions`}
      >
        <defs>
          <clipPath id={clipId}>
            <rect x={MARGIN.left} y={MARGIN.top} width={plotW} height={plotH} />
          </clipPath>
        </defs>
        <rect x={MARGIN.left} y={MARGIN.top} width={plotW} height={plotH} fill="#f8f9fa" stroke="#adb5bd" />
        {raTicks.map((t) => (
          <g key={`ra-${t}`} data-testid="ra-tick">
            <line x1={x(t)} x2={x(t)} y1={MARGIN.top} y2={MARGIN.top + plotH} stroke="#e9ecef" />
            <line x1={x(t)} x2={x(t)} y1={MARGIN.top + plotH} y2={MARGIN.top + plotH + 5} stroke="#495057" />
            <text x={x(t)} y={MARGIN.top + plotH + 18} textAnchor="middle" fontSize={11} fill="#495057">
              {tickLabel(((t % 360) + 360) % 360, raStep)}
            </text>
          </g>
        ))}
        {decTicks.map((t) => (
          <g key={`dec-${t}`} data-testid="dec-tick">
            <line x1={MARGIN.left} x2={MARGIN.left + plotW} y1={y(t)} y2={y(t)} stroke="#e9ecef" />
            <line x1={MARGIN.left - 5} x2={MARGIN.left} y1={y(t)} y2={y(t)} stroke="#495057" />
            <text x={MARGIN.left - 8} y={y(t) + 4} textAnchor="end" fontSize={11} fill="#495057">
              {tickLabel(t, decStep)}
            </text>
          </g>
        ))}
        <text x={MARGIN.left + plotW / 2} y={HEIGHT - 8} textAnchor="middle" fontSize={12} fill="#212529">
          Right Ascension (deg) ← increases
        </text>
        <text
          x={16}
          y={MARGIN.top + plotH / 2}
          textAnchor="middle"
          fontSize={12}
          fill="#212529"
          transform={`rotate(-90 16 ${MARGIN.top + plotH / 2})`}
        >
          Declination (deg)
        </text>
        <g clipPath={`url(#${clipId})`}>
          {coneShape}
          {points.map((p, index) => {
            const key = `${p.dataset}/${p.id}`
            const active = highlight === key
            return (
              <circle
                key={`${key}-${index}`}
                cx={x(p.ra)}
                cy={y(p.dec)}
                r={active ? 6 : 3.5}
                fill={colors[p.dataset] ?? '#495057'}
                fillOpacity={active ? 1 : 0.75}
                stroke={active ? '#000' : 'white'}
                strokeWidth={active ? 1.5 : 0.5}
                data-testid="sky-point"
                data-dataset={p.dataset}
              >
                <title>{`${p.title || p.id} (${names[p.dataset] ?? p.dataset})\nRA ${p.ra.toFixed(5)}°, Dec ${p.dec.toFixed(5)}°`}</title>
              </circle>
            )
          })}
        </g>
        {points.length === 0 && (
          <text x={MARGIN.left + plotW / 2} y={MARGIN.top + plotH / 2} textAnchor="middle" fontSize={13} fill="#868e96">
            No positions to plot
          </text>
        )}
      </svg>
      <Group gap="md" mt={6} data-testid="sky-legend">
        {legend.map(([dataset, count]) => (
          <Group key={dataset} gap={6} wrap="nowrap" data-testid={`sky-legend-${dataset}`}>
            <svg width={12} height={12} aria-hidden>
              <circle cx={6} cy={6} r={5} fill={colors[dataset] ?? '#495057'} />
            </svg>
            <Text size="xs">
              {names[dataset] ?? dataset} ({count})
            </Text>
          </Group>
        ))}
        {missing > 0 && (
          <Text size="xs" c="dimmed">
            {missing} row{missing === 1 ? '' : 's'} without position
          </Text>
        )}
      </Group>
    </div>
  )
}
