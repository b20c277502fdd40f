// Request shapes of the clause library API, as zod schemas with the messages clients see.
import { z } from 'zod'
import { CATEGORIES, TAGS } from '../../../editor/model/clauses/vocabulary.js'

const objectError = { error: 'request body must be a JSON object' }
const text = (field: string, max: number) => z
  .string({ error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`) })
  .transform((s) => s.trim())
  .refine((s) => s.length >= 1 && s.length <= max, { error: `${field} must be 1 to ${max} characters` })

/** GET /api/library/clauses query: free text, category and tag filters, result limit. */
export const ClauseSearchQuery = z.object({
  q: z.string({ error: 'q must be given once' }).max(200, { error: 'q must be at most 200 characters' }).optional(),
  category: z.string({ error: 'category must be given once' }).refine((c) => c === '' || c in CATEGORIES, { error: `unknown category (known: ${Object.keys(CATEGORIES).join(', ')})` }).optional(),
  tag: z.string({ error: 'tag must be given once' }).refine((t) => t === '' || TAGS.has(t), { error: 'unknown tag: use a PA-X code or a pacta- tag' }).optional(),
  limit: z.string({ error: 'limit must be given once' }).regex(/^\d{1,3}$/, { error: 'limit must be a whole number from 0 to 500' }).optional(),
})

/**
 * POST /api/library/clauses: the clause's metadata, and its text either as `content` (the
 * ProseMirror JSON of whole articles or of paragraphs, as selected in the editor) or as `body`
 * (clause Markdown, see clauses/README.md). Deeper checks (known category and tags, parameter
 * declarations, the text itself) are the clause validator's, which names the field at fault.
 */
export const SaveClauseBody = z.object({
  id: text('id', 80),
  title: text('title', 200),
  category: text('category', 60),
  tags: z.array(z.string({ error: 'each tag must be a string' }), { error: 'tags must be a list of tags' }).max(20, { error: 'at most 20 tags' }),
  summary: text('summary', 1000),
  notes: z.string({ error: 'notes must be a string' }).max(5000).optional(),
  sources: z.array(z.unknown(), { error: 'sources must be a list of citations' }).max(50).optional(),
  parameters: z.array(z.unknown(), { error: 'parameters must be a list' }).max(100).optional(),
  content: z.array(z.unknown(), { error: 'content must be a list of ProseMirror nodes (articles or paragraphs)' }).optional(),
  body: z.string({ error: 'body must be the clause text' }).max(200_000).optional(),
  inserts: z.enum(['article', 'paragraphs'], { error: 'inserts must be "article" or "paragraphs"' }).optional(),
  documentTitle: z.string().max(200).optional(),
  /** The document the selection came from: saving needs a drafter's or convener's role in it. */
  documentId: z.string().max(100).optional(),
}, objectError).refine((b) => b.content !== undefined || b.body !== undefined, { error: 'the clause has no text: send the selection as "content" or the Markdown text as "body"', path: ['body'] })
  .refine((b) => b.content === undefined || b.body === undefined, { error: 'send either "content" or "body", not both', path: ['body'] })
export type SaveClauseBody = z.infer<typeof SaveClauseBody>
