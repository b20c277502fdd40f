// How a parameter value reads in treaty text: dates as treaties write them, everything else as entered.
import { describe, expect, it } from 'vitest'
import { parameterText, parameterValueError } from '../../editor/model/clauses/index.js'

describe('parameter text', () => {
  it('reads a calendar date kept as YYYY-MM-DD as "30 June 2024"', () => {
    expect(parameterText('2024-06-30')).toBe('30 June 2024')
    expect(parameterText('2026-01-01')).toBe('1 January 2026')
    expect(parameterText(' 2024-02-29 ')).toBe('29 February 2024')
  })

  it('leaves everything else as entered: text, numbers, impossible dates, other date forms', () => {
    for (const value of ['the Secretary-General of the United Nations', '30', '2023-02-29', '2024-13-01', '30/06/2024', '2024-6-30', '']) {
      expect(parameterText(value)).toBe(value)
    }
  })

  it('accepts as a date parameter exactly the values it reads as dates', () => {
    for (const value of ['2024-06-30', '2024-02-29', '2023-02-29', '2024-04-31', '0099-01-01']) {
      const valid = parameterValueError({ type: 'date' }, value) === null
      expect(parameterText(value) !== value).toBe(valid)
    }
  })
})
