import { describe, expect, it } from 'vitest'
import { parseDec, parsePosition, parseRa, parseRadius } from './coords'

describe('coordinate parsing', () => {
  it('reads decimal degrees', () => {
    expect(parseRa('155')).toEqual({ ok: true, value: 155 })
    expect(parseDec('-0.5')).toEqual({ ok: true, value: -0.5 })
    expect(parseRadius('0.5')).toEqual({ ok: true, value: 0.5 })
  })

  it('reads sexagesimal RA in hours and Dec in degrees', () => {
    expect(parseRa('10:00:00')).toEqual({ ok: true, value: 150 })
    expect(parseRa('10h20m00s')).toEqual({ ok: true, value: 155 })
    expect(parseRa('10 20 00')).toEqual({ ok: true, value: 155 })
    const dec = parseDec('+02:30:00')
    expect(dec.ok && dec.value).toBeCloseTo(2.5)
    const south = parseDec('-00 30 00')
    expect(south.ok && south.value).toBeCloseTo(-0.5)
  })

  it('rejects out-of-range and malformed values', () => {
    expect(parseRa('400').ok).toBe(false)
    expect(parseRa('-1').ok).toBe(false)
    expect(parseRa('abc').ok).toBe(false)
    expect(parseRa('25:00:00').ok).toBe(false)
    expect(parseRa('10:61:00').ok).toBe(false)
    expect(parseDec('91').ok).toBe(false)
    expect(parseDec('').ok).toBe(false)
    expect(parseRadius('0').ok).toBe(false)
    expect(parseRadius('x').ok).toBe(false)
  })

  it('splits a pasted position', () => {
    expect(parsePosition('10:00:00 +02:00:00')).toEqual({ ra: '10:00:00', dec: '+02:00:00' })
    expect(parsePosition('155.0, 0.0')).toEqual({ ra: '155.0', dec: '0.0' })
    expect(parsePosition('10 00 00 02 00 00')).toEqual({ ra: '10 00 00', dec: '02 00 00' })
    expect(parsePosition('10 30')).toBeNull()
    expect(parsePosition('155')).toBeNull()
  })
})
