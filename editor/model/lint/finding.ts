// What a lint rule reports, and where: the types every rule shares, and the one way a document
// position becomes a place the editor can link to (the innermost numbered unit around it).
import type { Node } from 'prosemirror-model'
import type * as Y from 'yjs'
import type { Clause, ClauseParameter } from '../clauses/clause.js'
import type { Numbering } from '../numbering.js'

/** How serious a finding is: an error stops a final export, a warning only informs. */
export type LintSeverity = 'error' | 'warning'

/** Where a finding is: a document position, and the numbered unit holding it. */
export interface LintLocation {
  /** Position in the linted document (the start of the offending node or text). */
  pos: number
  /** Stable id of the innermost numbered unit holding it ('' outside any: title, preamble, conclusion). */
  id: string
  /** How that unit is cited ("Article 3(2)(a)", "Annex I"), or where else it is ("Preamble", "Title"). */
  ref: string
}

/** One problem found by a rule. */
export interface LintFinding {
  /** The rule's id, e.g. "dangling-xref". */
  rule: string
  severity: LintSeverity
  /** What is wrong, naming the thing (the parameter, the reference, the term …) and where. */
  message: string
  /** Where it is; null for a problem with no place in the text (a thread whose text was deleted). */
  location: LintLocation | null
  /** A library clause that supplies what is missing: the Check panel offers to insert it. */
  fix?: LintFix
}

/**
 * A library clause (by id, in one of its variants) that mends a finding, and where it goes:
 * `article` (the default), its paragraphs added at the end of the article at the finding's
 * location; `definitions`, into the document's definitions article (a new "Use of terms" article
 * near the start when it has none); `body`, as new articles at the end of the body, before the
 * final provisions.
 */
export interface LintFix {
  clause: string
  variant?: string
  place?: 'article' | 'definitions' | 'body'
}

/** A library clause (and variant) that defines a term or establishes a body. */
export interface ClauseRef { clause: string; variant: string }

/** What the library can supply to the rules (see library-fixes.ts). */
export interface LibraryLookup {
  /** A clause defining the term with key `key`. */
  term(key: string): ClauseRef | undefined
  /** A clause establishing the body `name`, its parameters read with the document's `values` (else their defaults). */
  institution(name: string, values: Readonly<Record<string, string>>): ClauseRef | undefined
}

/** Everything a rule may read about one document. */
export interface LintInput {
  /** The treaty. */
  doc: Node
  /** Parameter values, name → value. */
  parameters: Readonly<Record<string, string>>
  /** Parameter declarations of the library clauses the document's text came from, by name. */
  declarations?: ReadonlyMap<string, ClauseParameter>
  /**
   * The document's review threads: the annotations Y.Doc, and the content fragment its anchors
   * point into (the one `doc` was read from), to say where each thread is.
   */
  annotations?: { doc: Y.Doc; fragment?: Y.XmlFragment }
  /** The library's current clauses by id, for whether a clause the text came from has been revised. */
  clauses?: (id: string) => Pick<Clause, 'title' | 'version' | 'standards'> | undefined
  /** The library's clauses that define terms and establish bodies, for the fixes findings offer. */
  library?: LibraryLookup
}

/** What rules get: the input and the document's numbering, computed once. */
export interface LintContext extends LintInput {
  numbering: Numbering
}

/** One lint rule: an id, and a function from a document to its findings. */
export interface LintRule {
  id: string
  run(ctx: LintContext): LintFinding[]
}

/** Names of top-level blocks outside any numbered unit, as a location says them. */
const PLACE_NAMES: Record<string, string> = {
  title: 'Title', preamble: 'Preamble', conclusion: 'Conclusion', final_provisions: 'Final provisions', drafting_note: 'Drafting note',
}

/** The location of document position `pos`: the innermost numbered unit around it, else the top-level block. */
export function locate(ctx: Pick<LintContext, 'doc' | 'numbering'>, pos: number): LintLocation {
  const clamped = Math.max(0, Math.min(pos, ctx.doc.content.size))
  const $pos = ctx.doc.resolve(clamped)
  // the node starting at pos counts too (an article's own position)
  const after = $pos.nodeAfter
  if (after) {
    const label = ctx.numbering.byPos.get(clamped)
    if (label) return { pos: clamped, id: label.id, ref: label.ref }
  }
  for (let depth = $pos.depth; depth > 0; depth--) {
    const label = ctx.numbering.byPos.get($pos.before(depth))
    if (label) return { pos: clamped, id: label.id, ref: label.ref }
  }
  const top = $pos.depth > 0 ? $pos.node(1) : after
  return { pos: clamped, id: '', ref: (top && PLACE_NAMES[top.type.name]) ?? 'Document' }
}

/** "in Article 3(2)" for a message, or '' when the place has no citation. */
export const inPlace = (location: LintLocation | null): string => (location ? ` in ${location.ref}` : '')

/** Quotes user text in a message, shortened to `max` characters. */
export const quoted = (text: string, max = 60): string => `“${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`
