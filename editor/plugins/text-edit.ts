// Tells whether a transaction only edited text inside text blocks, so plugins that derive
// decorations from the document's structure can map them instead of recomputing them all.
import { ReplaceStep } from 'prosemirror-transform'
import type { Transaction } from 'prosemirror-state'

/**
 * True when every step of `tr` replaced a range inside a single text block with inline
 * content containing none of the node types in `watched` (e.g. typing, deleting text, pasting
 * plain text). Such a transaction cannot change any number, reference target or parameter.
 */
export function isTextEdit(tr: Transaction, watched: ReadonlySet<string> = new Set()): boolean {
  if (!tr.docChanged) return true
  for (let i = 0; i < tr.steps.length; i++) {
    const step = tr.steps[i]
    if (!(step instanceof ReplaceStep)) return false
    const doc = tr.docs[i]!
    const { from, to, slice } = step as unknown as { from: number; to: number; slice: import('prosemirror-model').Slice }
    if (slice.openStart !== 0 || slice.openEnd !== 0) return false
    const $from = doc.resolve(from)
    if (!$from.parent.isTextblock || !$from.sameParent(doc.resolve(to))) return false
    let ok = true
    slice.content.forEach((node) => { if (!node.isInline || watched.has(node.type.name)) ok = false })
    if (watched.size && to > from) doc.nodesBetween(from, to, (node) => { if (watched.has(node.type.name)) ok = false })
    if (!ok) return false
  }
  return true
}
