// Query parameters of the export endpoints.
import { z } from 'zod'

/** `?clean=1` (default) leaves drafting notes out; `?clean=0` keeps them. `true`/`false` are accepted too. */
/** A flag given as 1 or 0 (or true/false), named in the error when it is anything else. */
const flag = (name: string, byDefault: boolean) => z
  .enum(['1', '0', 'true', 'false'], { error: `${name} must be 1 or 0` })
  .optional()
  .transform((v) => (v === undefined ? byDefault : v === '1' || v === 'true'))

/**
 * `?clean=1|0`; `?final=1` for a final export (conveners; clean, refused while the check finds
 * errors); `?comments=1` adds the comment threads (HTML: beside their text; Word: as Word comments on their words; a working copy).
 */
export const ExportQuery = z.object({ clean: flag('clean', true), final: flag('final', false), comments: flag('comments', false) })
