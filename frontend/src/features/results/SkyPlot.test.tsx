import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Position, Positions } from '../../api/types'
import { renderPlain } from '../../test/utils'
import { SkyPlot } from './SkyPlot'
import { computeGeometry, dotRadius, niceTicks, unwrapRa } from './skyGeometry'

function positions(points: Position[], datasets = ['dachs-cat', 'dachs-scs'], truncated = false): Positions {
  return { datasets, truncated, positions: points }
}

/** The points of a dataset's path: `M x y h0` sub-paths. */
function pathPoints(slug: string): { x: number; y: number }[] {
  const d = screen.getByTestId(`sky-points-${slug}`).getAttribute('d') ?? ''
  return [...d.matchAll(/M(-?[\d.]+) (-?[\d.]+)h0/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]) }))
}

describe('SkyPlot', () => {
  it('draws one path per dataset with its colour, a legend with counts, and the total in data-count', () => {
    renderPlain(
      <SkyPlot
        data={positions([
          [155.01, -0.19, 0],
          [155.02, -0.18, 0],
          [155.03, -0.17, 1],
        ])}
        colors={{ 'dachs-cat': '#ff0000', 'dachs-scs': '#0000ff' }}
        names={{ 'dachs-cat': 'Cat', 'dachs-scs': 'SCS' }}
        totalRows={4}
      />,
    )
    expect(screen.getByTestId('sky-plot')).toHaveAttribute('data-count', '3')
    expect(screen.getByTestId('sky-plot')).toHaveAttribute('data-truncated', 'false')
    expect(screen.getByTestId('sky-points-dachs-cat')).toHaveAttribute('data-count', '2')
    expect(screen.getByTestId('sky-points-dachs-cat')).toHaveAttribute('stroke', '#ff0000')
    expect(screen.getByTestId('sky-points-dachs-scs')).toHaveAttribute('stroke', '#0000ff')
    expect(pathPoints('dachs-cat')).toHaveLength(2)
    expect(screen.getByTestId('sky-legend-dachs-cat')).toHaveTextContent('Cat (2)')
    expect(screen.getByTestId('sky-legend-dachs-scs')).toHaveTextContent('SCS (1)')
    expect(screen.getByTestId('sky-missing')).toHaveTextContent('1 row without position')
    expect(screen.queryByTestId('sky-truncated')).toBeNull()
    expect(screen.getByText(/Right Ascension \(deg\)/)).toBeInTheDocument()
    expect(screen.getByText('Declination (deg)')).toBeInTheDocument()
  })

  it('hides and shows a dataset when its legend entry is clicked', async () => {
    renderPlain(
      <SkyPlot data={positions([[10, 10, 0], [10.1, 10.1, 1]])} colors={{}} names={{ 'dachs-cat': 'Cat', 'dachs-scs': 'SCS' }} />,
    )
    const cat = screen.getByTestId('sky-legend-dachs-cat')
    expect(cat).toHaveAttribute('aria-pressed', 'true')
    fireEvent.click(cat)
    expect(cat).toHaveAttribute('aria-pressed', 'false')
    expect(screen.queryByTestId('sky-points-dachs-cat')).toBeNull()
    expect(screen.getByTestId('sky-points-dachs-scs')).toBeInTheDocument()
    fireEvent.click(cat)
    expect(screen.getByTestId('sky-points-dachs-cat')).toBeInTheDocument()
  })

  it('leaves datasets without positions out of the plot and the legend', () => {
    renderPlain(<SkyPlot data={positions([[10, 10, 1]])} colors={{}} names={{}} />)
    expect(screen.queryByTestId('sky-points-dachs-cat')).toBeNull()
    expect(screen.queryByTestId('sky-legend-dachs-cat')).toBeNull()
    expect(screen.getByTestId('sky-legend-dachs-scs')).toHaveTextContent('dachs-scs (1)')
  })

  it('says when only the first positions are shown', () => {
    renderPlain(
      <SkyPlot data={positions([[1, 1, 0], [2, 2, 0]], ['big'], true)} colors={{}} names={{ big: 'Big' }} totalRows={50_000} />,
    )
    expect(screen.getByTestId('sky-plot')).toHaveAttribute('data-truncated', 'true')
    expect(screen.getByTestId('sky-truncated')).toHaveTextContent('Showing the first 2 positions of 50,000 rows')
    expect(screen.queryByTestId('sky-missing')).toBeNull()
  })

  it('puts larger RA to the left and larger Dec to the top', () => {
    renderPlain(<SkyPlot data={positions([[150, 1, 0], [151, 2, 0]])} colors={{}} names={{}} />)
    const [a, b] = pathPoints('dachs-cat')
    expect(b.x).toBeLessThan(a.x)
    expect(b.y).toBeLessThan(a.y)
  })

  it('draws the search cone and handles the RA 0/360 seam', () => {
    renderPlain(
      <SkyPlot data={positions([[359.9, 0, 0], [0.1, 0, 0]])} colors={{}} names={{}} cone={{ ra: 0, dec: 0, radius: 0.2 }} />,
    )
    expect(screen.getByTestId('sky-cone')).toBeInTheDocument()
    const [a, b] = pathPoints('dachs-cat')
    // 0.1 is "larger" than 359.9 across the seam: to the left, and both close together.
    expect(b.x).toBeLessThan(a.x)
    expect(a.x - b.x).toBeLessThan(400)
  })

  it('renders 20,000 points as a few paths, quickly', () => {
    const many: Position[] = Array.from({ length: 20_000 }, (_, i) => [150 + (i % 200) * 0.01, (i / 200) * 0.01, i % 2])
    const start = performance.now()
    const { container } = renderPlain(<SkyPlot data={positions(many, ['a', 'b'], true)} colors={{}} names={{}} />)
    expect(performance.now() - start).toBeLessThan(2000)
    expect(screen.getByTestId('sky-plot')).toHaveAttribute('data-count', '20000')
    expect(container.querySelectorAll('circle[data-testid], path[data-dataset]')).toHaveLength(2)
    expect(screen.getByTestId('sky-points-a')).toHaveAttribute('data-count', '10000')
    expect(screen.getByTestId('sky-truncated')).toHaveTextContent('Showing the first 20,000 positions')
  })

  it('emphasises the highlighted row and reads out the nearest point on hover', () => {
    const { container } = renderPlain(
      <SkyPlot
        data={positions([[155, 0, 0], [155.2, 0.2, 1]])}
        colors={{ 'dachs-cat': '#ff0000' }}
        names={{ 'dachs-cat': 'Cat', 'dachs-scs': 'SCS' }}
        highlight={{ ra: 155, dec: 0, dataset: 'dachs-cat' }}
      />,
    )
    expect(screen.getByTestId('sky-highlight')).toHaveAttribute('fill', '#ff0000')

    const svg = container.querySelector('svg[role="img"]') as SVGSVGElement
    // jsdom has no layout: the SVG is drawn at its viewBox size.
    svg.getBoundingClientRect = () => ({ left: 0, top: 0, width: 560, height: 420, right: 560, bottom: 420, x: 0, y: 0, toJSON: () => ({}) })
    const [p] = pathPoints('dachs-scs')
    fireEvent.mouseMove(svg, { clientX: p.x + 2, clientY: p.y - 1 })
    expect(screen.getByTestId('sky-readout')).toHaveTextContent('SCS: RA 155.20000°, Dec 0.20000°')
    fireEvent.mouseMove(svg, { clientX: 70, clientY: 20 })
    expect(screen.getByTestId('sky-readout')).toHaveTextContent(/^cursor: RA [\d.]+°, Dec -?[\d.]+°$/)
  })

  it('renders an empty plot without positions', () => {
    renderPlain(<SkyPlot data={positions([])} colors={{}} names={{}} totalRows={0} />)
    expect(screen.getByTestId('sky-plot')).toHaveAttribute('data-count', '0')
    expect(screen.getByText('No positions to plot')).toBeInTheDocument()
  })

  it('helpers: unwrap RA, nice ticks, geometry, dot size', () => {
    expect(unwrapRa(359, 1)).toBe(-1)
    expect(unwrapRa(10, 350)).toBe(370)
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    const g = computeGeometry([[10, 0], [11, 1]], null, 400, 400)
    expect(g.raMin).toBeLessThan(10)
    expect(g.raMax).toBeGreaterThan(11)
    expect(g.decMin).toBeLessThan(0)
    expect(g.decMax).toBeGreaterThan(1)
    const empty = computeGeometry([], null, 400, 400)
    expect(empty.raMax).toBeGreaterThan(empty.raMin)
    expect(dotRadius(20_000)).toBeLessThan(dotRadius(10))
  })
})
