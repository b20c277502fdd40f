// The one way the review sidebar runs an operation of the annotation model: what a refusal says.
import { AnnotationError } from '../model/annotations/index.js'

/**
 * Runs `op` on the context `context()` gives (which may itself refuse, e.g. before the role is
 * known); the message of a refusal (an AnnotationError, or a position outside the text), or null
 * when it was done. Anything else is a bug and is thrown.
 */
export function refusalOf<C>(context: () => C, op: (c: C) => void): string | null {
  try {
    op(context())
    return null
  } catch (e) {
    if (e instanceof AnnotationError || e instanceof RangeError) return e.message
    throw e
  }
}
