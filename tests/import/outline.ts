// What a round trip must keep: every title, recital, heading, paragraph and conclusion line of a
// treaty with the number the numbering module gives it and its text as an export shows it.
import type { Node } from 'prosemirror-model'
import { parameterText } from '../../editor/model/clauses/values.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { citeReferences, type Citations } from '../../editor/model/citation.js'

/** The text of a text block as exports write it: parameter values (or "[name]"), cross-references as the citation module writes them. */
function shownText(block: Node, params: Record<string, string>, refs: Citations): string {
  let out = ''
  block.forEach((n) => {
    if (n.isText) out += n.text
    else if (n.type.name === 'parameter') {
      const name = String(n.attrs.name)
      const value = Object.prototype.hasOwnProperty.call(params, name) ? params[name]! : ''
      out += value.trim() ? parameterText(value) : `[${name}]`
    } else if (n.type.name === 'xref') out += refs.of(n) ?? '?'
    else if (n.type.name === 'hard_break') out += ' '
  })
  return out.replace(/\s+/g, ' ').trim()
}

/**
 * One line per block of `doc` (drafting notes left out): its kind, the number shown at it or at
 * the container it heads ("Article 3", "2.", "(a)"), and its text.
 */
export function treatyOutline(doc: Node, params: Record<string, string>): string[] {
  const numbering = numberTreaty(doc)
  const refs = citeReferences(doc, numbering, 'compact')
  const lines: string[] = []
  doc.descendants((node, pos, parent) => {
    if (!node.isTextblock) return true
    const kind = node.type.name
    if (kind === 'drafting_note') return false
    let marker = ''
    if (kind === 'paragraph') marker = node.attrs.continues ? '…' : numbering.byPos.get(pos)?.marker ?? ''
    if (kind === 'heading' && parent) {
      // the heading's container starts one position before the heading
      const $pos = doc.resolve(pos)
      marker = `${parent.type.name} ${numbering.byPos.get($pos.before())?.marker ?? ''}`.trim()
    }
    lines.push(`${kind} ${marker} | ${shownText(node, params, refs)}`)
    return false
  })
  return lines
}
