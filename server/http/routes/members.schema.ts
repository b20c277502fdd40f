// Request bodies of the members endpoints, as zod schemas with the messages clients see.
import { z } from 'zod'
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
