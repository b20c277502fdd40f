// Turns a zod validation failure into the API's 400 error naming the field at fault.
import type { z } from 'zod'
import { AppError } from '../errors.js'

/** Parses `input` with `schema`, or throws a 400 AppError with the first problem and its field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const field = issue?.path.length ? issue.path.map(String).join('.') : undefined
  throw AppError.badInput(issue?.message ?? 'invalid request', field)
}
