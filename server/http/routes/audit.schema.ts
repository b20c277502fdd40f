// Query parameters of the audit log endpoints.
import { z } from 'zod'
import { MAX_AUDIT_PAGE } from '../../services/audit.js'

const whole = (field: string, max: number) => z
  .string({ error: `${field} must be a whole number` })
  .regex(/^\d{1,15}$/, { error: `${field} must be a whole number` })
  .transform(Number)
  .refine((n) => n >= 1 && n <= max, { error: `${field} must be between 1 and ${max}` })

/** `?before=<seq>&limit=<n>`: a page of entries older than `before`, newest first. */
export const AuditQuery = z.object({
  before: whole('before', Number.MAX_SAFE_INTEGER).optional(),
  limit: whole('limit', MAX_AUDIT_PAGE).optional(),
})
