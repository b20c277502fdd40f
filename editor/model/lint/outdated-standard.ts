// Rule: an article inserted from a library clause that the library has since revised, where the
// clause carries pieces of the legal standard (clauses/standards.yaml). A piece's text changes only
// with a new version of every clause including it, so the document may hold safeguards the library
// no longer stands behind. A warning: the drafter reviews the update the article's clause mark
// offers (a deliberate deviation stays the drafter's call).
import type { Node } from 'prosemirror-model'
import { readProvenance } from '../clauses/provenance.js'
import { inPlace, locate, type LintFinding, type LintRule } from './finding.js'

export const outdatedStandard: LintRule = {
  id: 'outdated-standard',
  run(ctx) {
    const findings: LintFinding[] = []
    const lookup = ctx.clauses
    if (!lookup) return findings
    ctx.doc.descendants((node: Node, pos: number) => {
      if (node.type.name !== 'article') return true
      const seen = new Set<string>()
      for (const record of readProvenance(node.attrs.clause)) {
        const current = lookup(record.id)
        if (!current || seen.has(record.id) || current.version <= record.version || current.standards.length === 0) continue
        seen.add(record.id)
        const location = locate(ctx, pos)
        findings.push({
          rule: 'outdated-standard', severity: 'warning', location,
          message: `The text${inPlace(location)} comes from “${current.title}” version ${record.version}; the library's version ${current.version} carries the current legal standard (${current.standards.map((p) => p.label.toLowerCase()).join('; ')}): review the update its clause mark offers`,
        })
      }
      return false
    })
    return findings
  },
}
