// Request bodies of the admin's account endpoints, as zod schemas with the messages clients see.
import { z } from 'zod'

const objectError = { error: 'request body must be a JSON object' }

/** A username: 2 to 32 letters, digits, dots, hyphens or underscores (unique regardless of case). */
export const Username = z
  .string({ error: (issue) => (issue.input === undefined ? 'username is required' : 'username must be a string') })
  .transform((s) => s.trim())
  .refine((s) => /^[A-Za-z0-9._-]{2,32}$/.test(s), { error: 'username must be 2 to 32 letters, digits, dots, hyphens or underscores' })

/** A display name: 1 to 80 characters on one line. */
export const DisplayName = z
  .string({ error: 'displayName must be a string' })
  .transform((s) => s.trim())
  // eslint-disable-next-line no-control-regex
  .refine((s) => [...s].length >= 1 && [...s].length <= 80 && !/[\u0000-\u001f\u007f\u2028\u2029]/.test(s), { error: 'displayName must be 1 to 80 characters on one line' })

/** POST /api/users */
export const CreateUserBody = z.object({
  username: Username,
  displayName: DisplayName.optional(),
  isAdmin: z.boolean({ error: 'isAdmin must be true or false' }).optional(),
}, objectError)

/** PATCH /api/users/:id */
export const UpdateUserBody = z.object({
  disabled: z.boolean({ error: (issue) => (issue.input === undefined ? 'disabled is required' : 'disabled must be true or false') }),
}, objectError)
