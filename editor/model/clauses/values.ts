// Checks a parameter value against its type: the same rule for defaults in clause files,
// values chosen in the parameter form and values given to a template.
import type { ParameterType } from './vocabulary.js'

/** Why `value` does not suit a parameter of this type, or null when it does. */
export function parameterValueError(param: { type: ParameterType; options?: string[] }, value: string): string | null {
  if (value.trim() === '') return 'the value is empty'
  switch (param.type) {
    case 'number':
      return /^-?\d+(?:\.\d+)?$/.test(value.trim()) ? null : 'expected a number such as 30 or 2.5'
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim())
      if (!m) return 'expected a date written YYYY-MM-DD'
      const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
      return d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) ? null : 'no such calendar date'
    }
    case 'choice':
      return param.options?.includes(value) ? null : `expected one of: ${(param.options ?? []).join(' | ')}`
    case 'text':
    case 'party':
      return null
  }
}
