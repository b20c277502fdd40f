// Query parameters of the export endpoints.
import { z } from 'zod'

/** `?clean=1` (default) leaves drafting notes out; `?clean=0` keeps them. `true`/`false` are accepted too. */
const clean = z
  .enum(['1', '0', 'true', 'false'], { error: 'clean must be 1 or 0' })
  .optional()
  .transform((v) => v === undefined || v === '1' || v === 'true')

/** `?comments=1` adds the comment threads beside their text; `?comments=0` (default) leaves them out. */
const comments = z
  .enum(['1', '0', 'true', 'false'], { error: 'comments must be 1 or 0' })
  .optional()
  .transform((v) => v === '1' || v === 'true')

/** The HTML export's query. */
export const HtmlExportQuery = z.object({ clean, comments })
