// Rule: a parameter used in the text has no value. An error when a library clause in the
// document declares it required, a warning otherwise (the text still shows a blank).
import { inPlace, locate, quoted, type LintFinding, type LintRule } from './finding.js'

export const unfilledParameter: LintRule = {
  id: 'unfilled-parameter',
  run(ctx) {
    const findings: LintFinding[] = []
    const reported = new Set<string>()
    ctx.doc.descendants((node, pos) => {
      if (node.type.name !== 'parameter') return true
      const name = String(node.attrs.name ?? '')
      const value = Object.prototype.hasOwnProperty.call(ctx.parameters, name) ? ctx.parameters[name] : undefined
      if ((value ?? '').trim() !== '' || reported.has(name)) return false
      reported.add(name)
      const declared = ctx.declarations?.get(name)
      const location = locate(ctx, pos)
      const label = declared ? `${quoted(declared.label)} (${name || 'unnamed'})` : quoted(name || 'unnamed')
      findings.push(declared?.required
        ? { rule: 'unfilled-parameter', severity: 'error', message: `Required parameter ${label} has no value${inPlace(location)}`, location }
        : { rule: 'unfilled-parameter', severity: 'warning', message: `Parameter ${label} has no value${inPlace(location)}`, location })
      return false
    })
    return findings
  },
}
