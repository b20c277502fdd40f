// Request bodies of the documents API, as zod schemas with the messages clients see.
import { z } from 'zod'

/** Longest title accepted, in characters (code points). */
export const MAX_TITLE_LENGTH = 200

/** A document title: a string of 1 to 200 characters after trimming, on one line. */
export const Title = z
  .string({ error: (issue) => (issue.input === undefined ? 'title is required' : 'title must be a string') })
  .refine((s) => {
    const length = [...s.trim()].length
    return length >= 1 && length <= MAX_TITLE_LENGTH
  }, { error: `title must be 1 to ${MAX_TITLE_LENGTH} characters` })
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: 'title must not contain control characters or line breaks' })
  .transform((s) => s.trim())

const objectError = { error: 'request body must be a JSON object' }

/** POST /api/documents; `template` (optional) names the template the content is built from (GET /api/templates). */
export const CreateDocumentBody = z.object({
  title: Title,
  template: z.string({ error: 'template must be a template id' }).min(1, { error: 'template must be a template id' }).max(100, { error: 'template must be a template id' }).optional(),
}, objectError)
export type CreateDocumentBody = z.infer<typeof CreateDocumentBody>

/** PATCH /api/documents/:id */
export const RenameDocumentBody = z.object({ title: Title }, objectError)
export type RenameDocumentBody = z.infer<typeof RenameDocumentBody>
