// Checks a parameter value against its type: the same rule for defaults in clause files,
// values chosen in the parameter form and values given to a template. And how a value reads in
// the treaty text, the same in the editor, the library preview and every export.
import type { ParameterType } from './vocabulary.js'

/** Why `value` does not suit a parameter of this type, or null when it does. */
export function parameterValueError(param: { type: ParameterType; options?: string[] }, value: string): string | null {
  if (value.trim() === '') return 'the value is empty'
  switch (param.type) {
    case 'number':
      return /^-?\d+(?:\.\d+)?$/.test(value.trim()) ? null : 'expected a number such as 30 or 2.5'
    case 'date': {
      if (!ISO_DATE.test(value.trim())) return 'expected a date written YYYY-MM-DD'
      return calendarDate(value) ? null : 'no such calendar date'
    }
    case 'choice':
      return param.options?.includes(value) ? null : `expected one of: ${(param.options ?? []).join(' | ')}`
    case 'text':
    case 'party':
      return null
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const

/** The day `value` names when it is a real calendar date written YYYY-MM-DD, else null. */
function calendarDate(value: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(value.trim())
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const d = new Date(Date.UTC(year, month - 1, day))
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? { year, month, day } : null
}

/**
 * A parameter value as it reads in treaty text: as entered, except a calendar date (date
 * parameters are kept as YYYY-MM-DD), which reads as treaties write it: "30 June 2024".
 */
export function parameterText(value: string): string {
  const date = calendarDate(value)
  return date ? writtenDate(date) : value
}

/**
 * What an unfilled parameter reads as in a document: its label in brackets, as a drafter reads it
 * in a draft ("[date on which signature closes]"; a label's capital first letter lowered unless it
 * starts an abbreviation or a name), or its name when no label is known ("[party_a]").
 */
export function placeholderText(name: string, label?: string): string {
  const shown = label?.trim() ?? ''
  if (shown === '') return `[${name || 'parameter'}]`
  const lowered = /^[A-Z][a-z]/.test(shown) ? shown[0]!.toLowerCase() + shown.slice(1) : shown
  return `[${lowered}]`
}

/** A day as treaties write it: "30 June 2024" (month 1 is January). */
export function writtenDate({ year, month, day }: { year: number; month: number; day: number }): string {
  return `${day} ${MONTHS[month - 1]} ${year}`
}
