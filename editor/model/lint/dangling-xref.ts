// Rule: a cross-reference whose target no longer exists (it shows BROKEN_XREF_TEXT).
import { xrefText } from '../numbering.js'
import { inPlace, locate, quoted, type LintFinding, type LintRule } from './finding.js'

export const danglingXref: LintRule = {
  id: 'dangling-xref',
  run(ctx) {
    const findings: LintFinding[] = []
    ctx.doc.descendants((node, pos) => {
      if (node.type.name !== 'xref') return true
      const target = String(node.attrs.target ?? '')
      if (target !== '' && xrefText(ctx.numbering, target) !== null) return false
      const location = locate(ctx, pos)
      const what = target === '' ? 'A cross-reference points nowhere' : `The cross-reference to ${quoted(target)} points to a unit that no longer exists`
      findings.push({ rule: 'dangling-xref', severity: 'error', message: `${what}${inPlace(location)}`, location })
      return false
    })
    return findings
  },
}
