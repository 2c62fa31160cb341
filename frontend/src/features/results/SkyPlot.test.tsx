import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { row } from '../../test/fixtures'
import { renderPlain } from '../../test/utils'
import { SkyPlot } from './SkyPlot'
import { computeGeometry, niceTicks, unwrapRa } from './skyGeometry'

describe('SkyPlot', () => {
  it('renders one point per row with a position', () => {
    const rows = [row(1), row(2), row(3, { dataset: 'dachs-scs' }), row(4, { ra: null, dec: null })]
    renderPlain(
      <SkyPlot rows={rows} colors={{ 'dachs-cat': '#ff0000', 'dachs-scs': '#0000ff' }} names={{ 'dachs-cat': 'Cat', 'dachs-scs': 'SCS' }} />,
    )
    const points = screen.getAllByTestId('sky-point')
    expect(points).toHaveLength(3)
    expect(points[2]).toHaveAttribute('fill', '#0000ff')
    expect(screen.getByTestId('sky-legend-dachs-cat')).toHaveTextContent('Cat (2)')
    expect(screen.getByTestId('sky-legend-dachs-scs')).toHaveTextContent('SCS (1)')
    expect(screen.getByText('1 row without position')).toBeInTheDocument()
    expect(screen.getByText(/Right Ascension \(deg\)/)).toBeInTheDocument()
    expect(screen.getByText('Declination (deg)')).toBeInTheDocument()
  })

  it('puts larger RA to the left and larger Dec to the top', () => {
    renderPlain(
      <SkyPlot rows={[row(1, { ra: 150, dec: 1 }), row(2, { ra: 151, dec: 2 })]} colors={{}} names={{}} />,
    )
    const [a, b] = screen.getAllByTestId('sky-point')
    expect(Number(b.getAttribute('cx'))).toBeLessThan(Number(a.getAttribute('cx')))
    expect(Number(b.getAttribute('cy'))).toBeLessThan(Number(a.getAttribute('cy')))
  })

  it('draws the search cone and handles the RA 0/360 seam', () => {
    renderPlain(
      <SkyPlot
        rows={[row(1, { ra: 359.9, dec: 0 }), row(2, { ra: 0.1, dec: 0 })]}
        colors={{}}
        names={{}}
        cone={{ ra: 0, dec: 0, radius: 0.2 }}
      />,
    )
    expect(screen.getByTestId('sky-cone')).toBeInTheDocument()
    const [a, b] = screen.getAllByTestId('sky-point')
    // 0.1 is "larger" than 359.9 across the seam: to the left, and both close together.
    expect(Number(b.getAttribute('cx'))).toBeLessThan(Number(a.getAttribute('cx')))
    expect(Number(a.getAttribute('cx')) - Number(b.getAttribute('cx'))).toBeLessThan(400)
  })

  it('renders an empty plot without rows', () => {
    renderPlain(<SkyPlot rows={[]} colors={{}} names={{}} />)
    expect(screen.queryAllByTestId('sky-point')).toHaveLength(0)
    expect(screen.getByText('No positions to plot')).toBeInTheDocument()
  })

  it('helpers: unwrap RA, nice ticks, geometry', () => {
    expect(unwrapRa(359, 1)).toBe(-1)
    expect(unwrapRa(10, 350)).toBe(370)
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    const g = computeGeometry([{ ra: 10, dec: 0 }, { ra: 11, dec: 1 }], null, 400, 400)
    expect(g.raMin).toBeLessThan(10)
    expect(g.raMax).toBeGreaterThan(11)
    expect(g.decMin).toBeLessThan(0)
    expect(g.decMax).toBeGreaterThan(1)
  })
})
