// Dates typed into a field are read in the forms people write them and kept as YYYY-MM-DD; the
// field and the text both show them as the treaty writes them.
import { describe, expect, it } from 'vitest'
import { isoDate, readDate, writtenDate } from '../../editor/model/dates.js'
import { enteredValue, fieldText } from '../../editor/model/clauses/values.js'

const read = (text: string) => { const r = readDate(text); return r.date ? isoDate(r.date) : r.error }

describe('reading a typed date', () => {
  it('reads the treaty form, its abbreviations, the US word order and ISO dates', () => {
    for (const text of ['1 March 2027', '1 march 2027', '1st of March, 2027', '1 Mar 2027', '1 Mar. 2027', 'March 1, 2027', 'Mar 1 2027', '2027-03-01', '  1  March   2027 '])
      expect(read(text), text).toBe('2027-03-01')
    expect(read('30 Sept 2024')).toBe('2024-09-30')
  })

  it('reads day/month/year in figures only when the day and month cannot be swapped', () => {
    expect(read('13/3/2027')).toBe('2027-03-13')
    expect(read('3/13/2027')).toBe('2027-03-13')
    expect(read('01.01.2027')).toBe('2027-01-01')
    expect(read('1/3/2027')).toMatch(/could be day\/month or month\/day; write the month as a word, e.g. 1 March 2027/)
  })

  it('refuses what is not a date, saying how to write one', () => {
    expect(read('')).toBe('the date is empty')
    expect(read('soon')).toBe('"soon" is not a date; write it as 1 March 2027')
    expect(read('1 Marsh 2027')).toBe('"Marsh" is not a month; write it as 1 March 2027')
    expect(read('31 April 2027')).toBe('April 2027 has no day 31')
    expect(read('29 February 2027')).toBe('February 2027 has no day 29')
    expect(read('2027-13-01')).toMatch(/there is no month 13/)
  })

  it('writes a day as treaties do', () => {
    expect(writtenDate({ year: 2027, month: 3, day: 1 })).toBe('1 March 2027')
  })
})

describe('a parameter field', () => {
  const date = { type: 'date' as const }
  it('keeps a typed date as YYYY-MM-DD and shows it as the text prints it', () => {
    expect(enteredValue(date, '1 March 2027')).toEqual({ value: '2027-03-01' })
    expect(fieldText(date, '2027-03-01')).toBe('1 March 2027')
    expect(enteredValue(date, '')).toEqual({ value: '' })
    expect(enteredValue(date, 'tomorrow').error).toMatch(/not a date/)
  })

  it('checks other types as before and shows them as kept', () => {
    expect(enteredValue({ type: 'number' }, 'ten').error).toBe('expected a number such as 30 or 2.5')
    expect(enteredValue({ type: 'text' }, ' the Parties ')).toEqual({ value: 'the Parties' })
    expect(fieldText({ type: 'text' }, '2027-03-01')).toBe('2027-03-01')
  })
})
