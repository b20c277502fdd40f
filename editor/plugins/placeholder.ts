// Shows a hint in each empty text block ("Article heading", "Text of the paragraph" …), so a
// new article or an empty recital is visible and says what belongs there.
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import { clampLevel } from '../model/schema.js'
import { changeOf } from './text-edit.js'

/** Key of the placeholder plugin. */
export const placeholderKey = new PluginKey<DecorationSet>('placeholder')

/** The hint for an empty text block, by its type and its container's type. */
function hint(block: Node, parent: Node): string | null {
  switch (block.type.name) {
    case 'title': return 'Title of the treaty'
    case 'recital': return 'Recital, e.g. “Recognizing that …”'
    case 'heading': return parent.type.name === 'article' ? 'Article heading' : `Heading of the ${parent.type.name.replace('_', ' ')}`
    case 'drafting_note': return 'Drafting note'
    case 'paragraph':
      if (block.attrs.continues) return 'Text after the list'
      return clampLevel(block.attrs.level) === 0 ? 'Text of the paragraph' : 'Text of the sub-paragraph'
    case 'prose': return 'Text'
    default: return null
  }
}

/** The hint decorations of the empty text blocks of `doc` between `from` and `to`. */
function hintsBetween(doc: Node, from: number, to: number): Decoration[] {
  const decorations: Decoration[] = []
  doc.nodesBetween(from, to, (node, pos, parent) => {
    if (!node.isTextblock) return true
    if (node.content.size === 0 && parent) {
      const text = hint(node, parent)
      if (text) decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'is-empty', 'data-placeholder': text }))
    }
    return false
  })
  return decorations
}

/**
 * The hints after `tr`: those of the text blocks it touched are recomputed, the others mapped.
 * A block's hint depends only on the block and its parent, so nothing else can change.
 */
function update(tr: Transaction, set: DecorationSet): DecorationSet {
  const { mapping, ranges } = changeOf(tr)
  if (!ranges) return DecorationSet.create(tr.doc, hintsBetween(tr.doc, 0, tr.doc.content.size))
  let next = set.map(mapping, tr.doc)
  // each step's range in the final document: the text blocks it touches get their hints again
  for (let i = 0; i < ranges.length; i++) {
    const { from, slice } = ranges[i]!
    const rest = mapping.slice(i + 1)
    const size = tr.doc.content.size
    const a = Math.max(0, Math.min(rest.map(from, -1), size))
    const b = Math.max(a, Math.min(rest.map(from + slice.size, 1), size))
    next = next.remove(next.find(a, b)).add(tr.doc, hintsBetween(tr.doc, a, b))
  }
  return next
}

/** Creates the placeholder plugin; hints are drawn with CSS from the `data-placeholder` attribute. */
export function placeholderPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: placeholderKey,
    state: {
      init: (_, state) => DecorationSet.create(state.doc, hintsBetween(state.doc, 0, state.doc.content.size)),
      apply: (tr, value) => (tr.docChanged ? update(tr, value) : value),
    },
    props: { decorations: (state) => placeholderKey.getState(state) },
  })
}
