// Request bodies of the members endpoints, as zod schemas with the messages clients see.
import { z } from 'zod'
import { MAX_ACCOUNT_MATCHES, MAX_ACCOUNT_QUERY } from '../../../editor/model/api-views.js'
import { ROLES } from '../../../editor/model/permissions.js'

const objectError = { error: 'request body must be a JSON object' }

/** One of the four roles. */
export const RoleField = z.enum(ROLES as readonly ['convener', 'drafter', 'reviewer', 'observer'], {
  error: (issue) => (issue.input === undefined ? 'role is required' : `role must be one of ${ROLES.join(', ')}`),
})

/** POST /api/documents/:id/members */
export const AddMemberBody = z.object({
  username: z.string({ error: (issue) => (issue.input === undefined ? 'username is required' : 'username must be a string') })
    .transform((s) => s.trim()).refine((s) => s.length >= 1 && s.length <= 100, { error: 'username must be 1 to 100 characters' }),
  role: RoleField,
}, objectError)

/** PATCH /api/documents/:id/members/:userId */
export const ChangeRoleBody = z.object({ role: RoleField }, objectError)

/** GET /api/documents/:id/members/candidates?q=&limit=: one text to look for, and at most how many accounts. */
export const CandidatesQuery = z.object({
  q: z.string({ error: (issue) => (issue.input === undefined ? 'q is required: the name or username to look for' : 'q must be given once, as text') })
    .transform((s) => s.trim())
    .refine((s) => [...s].length >= 1 && [...s].length <= MAX_ACCOUNT_QUERY, { error: `q must be 1 to ${MAX_ACCOUNT_QUERY} characters` }),
  limit: z.string({ error: 'limit must be given once, as a whole number' })
    .regex(/^\d{1,3}$/, { error: `limit must be a whole number from 1 to ${MAX_ACCOUNT_MATCHES}` })
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_ACCOUNT_MATCHES, { error: `limit must be a whole number from 1 to ${MAX_ACCOUNT_MATCHES}` })
    .optional(),
})
