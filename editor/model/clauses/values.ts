// Checks a parameter value against its type: the same rule for defaults in clause files,
// values chosen in the parameter form and values given to a template. And how a value reads in
// the treaty text, the same in the editor, the library preview and every export.
import type { ParameterType } from './vocabulary.js'
import { isoCalendarDate as calendarDate, readDate, writtenDate, isoDate } from '../dates.js'

/** Why `value` does not suit a parameter of this type, or null when it does. */
export function parameterValueError(param: { type: ParameterType; options?: string[] }, value: string): string | null {
  if (value.trim() === '') return 'the value is empty'
  switch (param.type) {
    case 'number':
      return /^-?\d+(?:\.\d+)?$/.test(value.trim()) ? null : 'expected a number such as 30 or 2.5'
    case 'date': {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return 'expected a date written YYYY-MM-DD'
      return calendarDate(value) ? null : 'no such calendar date'
    }
    case 'choice':
      return param.options?.includes(value) ? null : `expected one of: ${(param.options ?? []).join(' | ')}`
    case 'text':
    case 'party':
      return null
  }
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

/** A day as treaties write it: "30 June 2024" (month 1 is January); defined in ../dates.ts. */
export { writtenDate }

/** What a person typed into a parameter's field, read: the value to keep, or why it cannot be kept. */
export type EnteredValue = { value: string; error?: undefined } | { value?: undefined; error: string }

/**
 * Reads what a person typed into the field of a parameter of type `param.type`: a date in any
 * form `readDate` accepts is kept as YYYY-MM-DD; other types are checked by `parameterValueError`.
 * An empty entry is the empty value (the parameter unfilled).
 */
export function enteredValue(param: { type: ParameterType; options?: string[] }, text: string): EnteredValue {
  const value = text.trim()
  if (value === '') return { value: '' }
  if (param.type === 'date') {
    const read = readDate(value)
    return read.date ? { value: isoDate(read.date) } : { error: read.error }
  }
  const problem = parameterValueError(param, value)
  return problem ? { error: problem } : { value }
}

/** A kept value as a parameter's field shows it: a date as the treaty writes it, anything else as kept. */
export function fieldText(param: { type: ParameterType } | undefined, value: string): string {
  return param?.type === 'date' ? parameterText(value) : value
}
