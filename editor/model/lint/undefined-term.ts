// Rule: a defined term is used (a `term` mark, written [[term]] in clauses) but nowhere defined
// in the document (no `term` mark with `defining` and the same key).
import { inPlace, locate, quoted, type LintFinding, type LintRule } from './finding.js'

export const undefinedTerm: LintRule = {
  id: 'undefined-term',
  run(ctx) {
    const defined = new Set<string>()
    const uses: Array<{ key: string; text: string; pos: number }> = []
    ctx.doc.descendants((node, pos) => {
      if (!node.isText) return true
      for (const mark of node.marks) {
        if (mark.type.name !== 'term') continue
        const key = String(mark.attrs.key ?? '')
        if (mark.attrs.defining === true) defined.add(key)
        else uses.push({ key, text: node.text ?? '', pos })
      }
      return false
    })
    const findings: LintFinding[] = []
    const reported = new Set<string>()
    for (const use of uses) {
      if (defined.has(use.key) || reported.has(use.key)) continue
      reported.add(use.key)
      const location = locate(ctx, use.pos)
      findings.push({
        rule: 'undefined-term', severity: 'error', location,
        message: `The term ${quoted(use.text)} is used${inPlace(location)} but never defined in the document`,
      })
    }
    return findings
  },
}
