// Query parameters of the export endpoints.
import { z } from 'zod'

/** `?clean=1` (default) leaves drafting notes out; `?clean=0` keeps them. `true`/`false` are accepted too. */
export const HtmlExportQuery = z.object({
  clean: z
    .enum(['1', '0', 'true', 'false'], { error: 'clean must be 1 or 0' })
    .optional()
    .transform((v) => v === undefined || v === '1' || v === 'true'),
})

/** `?clean=1|0` as for HTML, and `?final=1` for a final export (conveners; refused while the check finds errors). */
export const ExportQuery = HtmlExportQuery.extend({
  final: z
    .enum(['1', '0', 'true', 'false'], { error: 'final must be 1 or 0' })
    .optional()
    .transform((v) => v === '1' || v === 'true'),
})
