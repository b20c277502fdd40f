// The query of the import endpoints (the file itself is the raw request body), as a zod schema.
import { z } from 'zod'
import { Title } from './documents.schema.js'

const text = (field: string, max: number) =>
  z.string({ error: `${field} must be a string` }).min(1, { error: `${field} is required` }).max(max, { error: `${field} must be at most ${max} characters` })

/** POST /api/documents/import[/preview]?filename=&format=&title= */
export const ImportQuery = z.object({
  /** The file's name: its extension tells the format when `format` is not given. */
  filename: z.string({ error: (issue) => (issue.input === undefined ? 'filename is required' : 'filename must be a string') })
    .min(1, { error: 'filename is required' }).max(255, { error: 'filename must be at most 255 characters' }),
  /** docx, akn, markdown or text (also xml, md, txt). */
  format: text('format', 40).optional(),
  /** The new document's title; default the file's title, else its name. */
  title: Title.optional(),
}, { error: 'query must name the file' })
export type ImportQuery = z.infer<typeof ImportQuery>
