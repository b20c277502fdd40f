// Rule: an article with no text in any of its paragraphs (a heading alone is not an article).
import type { LintFinding, LintRule } from './finding.js'

export const emptyArticle: LintRule = {
  id: 'empty-article',
  run(ctx) {
    const findings: LintFinding[] = []
    ctx.doc.descendants((node, pos) => {
      if (node.type.name !== 'article') return !node.isTextblock
      let text = false
      node.forEach((child) => { if (child.type.name === 'paragraph' && (child.textContent.trim() !== '' || hasAtom(child))) text = true })
      if (!text) {
        const label = ctx.numbering.byPos.get(pos)
        const location = { pos, id: label?.id ?? String(node.attrs.id ?? ''), ref: label?.ref ?? 'Article' }
        const heading = node.firstChild?.type.name === 'heading' ? node.firstChild.textContent.trim() : ''
        findings.push({ rule: 'empty-article', severity: 'error', message: `${location.ref}${heading ? ` (${heading})` : ''} has no text`, location })
      }
      return false
    })
    return findings
  },
}

/** Whether a text block holds an inline atom (a parameter or a cross-reference counts as text). */
function hasAtom(block: import('prosemirror-model').Node): boolean {
  let found = false
  block.forEach((n) => { if (n.type.name === 'parameter' || n.type.name === 'xref') found = true })
  return found
}
