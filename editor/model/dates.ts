// Dates as the treaty writes them ("1 March 2027") and as they are kept (YYYY-MM-DD): one format
// for the text, the exports and every date field, and the reading of what people type into one.

/** A day of the Gregorian calendar (month 1 is January). */
export interface CalendarDate {
  year: number
  month: number
  day: number
}

/** Month names as treaties write them. */
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const

/** What a date field shows when it is empty: an example in the treaty's format. */
export const DATE_EXAMPLE = '1 March 2027'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** The day named by year, month and day when it exists in the calendar, else null. */
function realDate(year: number, month: number, day: number): CalendarDate | null {
  const d = new Date(Date.UTC(year, month - 1, day))
  d.setUTCFullYear(year)
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : null
}

/** The day `value` names when it is a real calendar date written YYYY-MM-DD (how dates are kept), else null. */
export function isoCalendarDate(value: string): CalendarDate | null {
  const m = ISO_DATE.exec(value.trim())
  return m ? realDate(Number(m[1]), Number(m[2]), Number(m[3])) : null
}

/** A day as treaties write it: "30 June 2024". */
export function writtenDate({ year, month, day }: CalendarDate): string {
  return `${day} ${MONTHS[month - 1]} ${year}`
}

/** A day as it is kept: "2024-06-30". */
export function isoDate({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The month a word names: a full English name or its first three letters, any case ("Mar", "march"). */
function monthOf(word: string): number | null {
  const w = word.toLowerCase().replace(/\.$/, '')
  if (w.length < 3) return null
  const i = MONTHS.findIndex((m) => m.toLowerCase() === w || (w.length === 3 && m.toLowerCase().startsWith(w)) || (w === 'sept' && m === 'September'))
  return i < 0 ? null : i + 1
}

/** The outcome of reading a typed date: the day, or why it cannot be read. */
export type DateReading = { date: CalendarDate; error?: undefined } | { date?: undefined; error: string }

const FORMAT_HINT = `write it as ${DATE_EXAMPLE}`

/**
 * Reads a date typed by a person: "1 March 2027" (the treaty's form), "1st of March 2027",
 * "March 1, 2027", "1 Mar 2027", "2027-03-01", or day/month/year in figures ("1/3/2027",
 * "01.03.2027") when the day and month cannot be mistaken for each other. Anything else is
 * refused with a reason that says how to write it.
 */
export function readDate(text: string): DateReading {
  const t = text.trim().replace(/\s+/g, ' ')
  if (t === '') return { error: 'the date is empty' }
  const check = (year: number, month: number, day: number): DateReading => {
    if (month < 1 || month > 12) return { error: `there is no month ${month}; ${FORMAT_HINT}` }
    const date = realDate(year, month, day)
    return date ? { date } : { error: `${MONTHS[month - 1]} ${year} has no day ${day}` }
  }
  let m = ISO_DATE.exec(t)
  if (m) return check(Number(m[1]), Number(m[2]), Number(m[3]))
  // 1 March 2027 · 1st of March, 2027
  m = /^(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([A-Za-z]+\.?),? (\d{4})$/i.exec(t)
  if (m) {
    const month = monthOf(m[2]!)
    return month ? check(Number(m[3]), month, Number(m[1])) : { error: `"${m[2]}" is not a month; ${FORMAT_HINT}` }
  }
  // March 1, 2027
  m = /^([A-Za-z]+\.?) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/i.exec(t)
  if (m) {
    const month = monthOf(m[1]!)
    return month ? check(Number(m[3]), month, Number(m[2])) : { error: `"${m[1]}" is not a month; ${FORMAT_HINT}` }
  }
  // 1/3/2027, 01.03.2027, 1-3-2027: day first, unless that is impossible
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t)
  if (m) {
    const [a, b, year] = [Number(m[1]), Number(m[2]), Number(m[3])]
    if (a !== b && a <= 12 && b <= 12) return { error: `"${t}" could be day/month or month/day; write the month as a word, e.g. ${DATE_EXAMPLE}` }
    return a > 12 || a === b ? check(year, b, a) : check(year, a, b)
  }
  return { error: `"${t}" is not a date; ${FORMAT_HINT}` }
}
