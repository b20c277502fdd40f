// Request bodies of the session and own-account endpoints, as zod schemas with the messages clients see.
import { z } from 'zod'
import { MIN_PASSWORD_LENGTH } from '../../config.js'

/** Longest password accepted (scrypt takes any length; this bounds the work per request). */
export const MAX_PASSWORD_LENGTH = 200

const objectError = { error: 'request body must be a JSON object' }

/** A required string field: the message names the field when it is missing or not a string. */
export const requiredString = (field: string, max: number) => z
  .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
  .min(1, { error: `${field} is required` })
  .max(max, { error: `${field} must be at most ${max} characters` })

/** A new password: 10 to 200 characters. */
export const NewPassword = z
  .string({ error: (issue) => (issue.input === undefined ? 'newPassword is required' : 'newPassword must be a string') })
  .refine((s) => [...s].length >= MIN_PASSWORD_LENGTH, { error: `newPassword must be at least ${MIN_PASSWORD_LENGTH} characters` })
  .refine((s) => [...s].length <= MAX_PASSWORD_LENGTH, { error: `newPassword must be at most ${MAX_PASSWORD_LENGTH} characters` })

/** POST /api/session */
export const LoginBody = z.object({
  username: requiredString('username', 100).transform((s) => s.trim()),
  password: requiredString('password', MAX_PASSWORD_LENGTH),
}, objectError)

/** POST /api/account/password */
export const ChangePasswordBody = z.object({
  currentPassword: requiredString('currentPassword', MAX_PASSWORD_LENGTH),
  newPassword: NewPassword,
}, objectError)
