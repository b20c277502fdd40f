// Rule (warning): the text refers to a capitalised institution ("the Committee", "the Conference
// of the Parties") that no article establishes. An article establishes a body when one of its
// sentences says "establish…" and names it, or when its heading names it.
import type { Node } from 'prosemirror-model'
import { inPlace, locate, quoted, type LintFinding, type LintRule } from './finding.js'

/** The words that end an institution's name. */
const BODIES = [
  'Conference of the Parties', 'Meeting of the Parties', 'Assembly of States Parties', 'Committee', 'Commission', 'Council',
  'Board', 'Secretariat', 'Tribunal', 'Court', 'Panel', 'Mechanism', 'Assembly', 'Authority', 'Bureau', 'Fund', 'Agency', 'Office',
]

/** "the Committee", "the Joint Verification Commission", "the Conference of the Parties". */
const REFERENCE = new RegExp(`\\b[Tt]he ((?:[A-Z][\\w’'-]*\\s+(?:(?:of|on|for|and)\\s+)?)*?(?:${BODIES.join('|')}))\\b`, 'g')

/** Bodies a treaty refers to without establishing them: they exist already. */
const EXISTING = new Set([
  'Security Council', 'General Assembly', 'International Court of Justice', 'International Criminal Court', 'Economic and Social Council',
  'Human Rights Council', 'Trusteeship Council', 'Peacebuilding Commission', 'International Law Commission', 'Court',
])

/** Text of a block with its parameters and cross-references left out. */
const textOf = (node: Node): string => node.textContent

export const unestablishedInstitution: LintRule = {
  id: 'unestablished-institution',
  run(ctx) {
    const establishing: string[] = []
    const uses: Array<{ name: string; pos: number }> = []
    ctx.doc.descendants((node, pos) => {
      if (node.type.name === 'drafting_note') return false
      if (node.type.name === 'article') {
        node.forEach((child) => {
          const text = textOf(child)
          if (child.type.name === 'heading') establishing.push(text)
          else for (const sentence of text.split(/(?<=[.;:])\s+/)) if (/establish/i.test(sentence)) establishing.push(sentence)
        })
        return true
      }
      if (!node.isTextblock) return true
      const text = textOf(node)
      for (const match of text.matchAll(REFERENCE)) {
        const name = match[1]!
        const start = match.index + match[0].length - name.length
        // "the International Court of Justice": the name runs on past the word the pattern stops at
        const existing = EXISTING.has(name) || [...EXISTING].some((e) => e.startsWith(`${name} `) && text.startsWith(e, start))
        if (!existing && !/ of the United Nations$/.test(name)) uses.push({ name, pos: pos + 1 })
      }
      return false
    })
    const findings: LintFinding[] = []
    const reported = new Set<string>()
    for (const use of uses) {
      if (reported.has(use.name)) continue
      const named = new RegExp(`\\b${use.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)
      if (establishing.some((text) => named.test(text))) continue
      reported.add(use.name)
      const location = locate(ctx, use.pos)
      findings.push({
        rule: 'unestablished-institution', severity: 'warning', location,
        message: `${quoted(`the ${use.name}`)} is referred to${inPlace(location)} but no article establishes it`,
      })
    }
    return findings
  },
}
