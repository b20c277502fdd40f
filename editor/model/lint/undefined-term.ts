// Rule: a defined term is used (a `term` mark, written [[term]] in clauses) but nowhere defined
// in the document (no `term` mark with `defining` and the same key). Where the library has a
// clause defining the term, the finding offers it, to go where a treaty defines its terms.
import type { Node } from 'prosemirror-model'
import { inPlace, locate, quoted, type LintFinding, type LintRule } from './finding.js'

/** A `term` mark on a run of text: its key, whether it defines the term, the text and where it is. */
export interface TermMark { key: string; defining: boolean; text: string; pos: number }

/** Every `term` mark in `node`, in document order (positions relative to `node`'s content). */
export function termMarks(node: Node): TermMark[] {
  const marks: TermMark[] = []
  node.descendants((child, pos) => {
    if (!child.isText) return true
    for (const mark of child.marks) {
      if (mark.type.name === 'term') marks.push({ key: String(mark.attrs.key ?? ''), defining: mark.attrs.defining === true, text: child.text ?? '', pos })
    }
    return false
  })
  return marks
}

/** The keys of the terms `node` defines. */
export const definedTerms = (node: Node): Set<string> => new Set(termMarks(node).filter((m) => m.defining).map((m) => m.key))

export const undefinedTerm: LintRule = {
  id: 'undefined-term',
  run(ctx) {
    const marks = termMarks(ctx.doc)
    const defined = new Set(marks.filter((m) => m.defining).map((m) => m.key))
    const findings: LintFinding[] = []
    const reported = new Set<string>()
    for (const use of marks) {
      if (use.defining || defined.has(use.key) || reported.has(use.key)) continue
      reported.add(use.key)
      const location = locate(ctx, use.pos)
      const fix = ctx.library?.term(use.key)
      findings.push({
        rule: 'undefined-term', severity: 'error', location,
        message: `The term ${quoted(use.text)} is used${inPlace(location)} but never defined in the document${fix ? ` (library clause “${fix.clause}” defines it)` : ''}`,
        ...(fix ? { fix: { clause: fix.clause, variant: fix.variant, place: 'definitions' as const } } : {}),
      })
    }
    return findings
  },
}
