// Shows a hint in each empty text block ("Article heading", "Text of the paragraph" …), so a
// new article or an empty recital is visible and says what belongs there.
import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import { clampLevel } from '../model/schema.js'

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

function compute(doc: Node): DecorationSet {
  const decorations: Decoration[] = []
  doc.descendants((node, pos, parent) => {
    if (!node.isTextblock) return true
    if (node.content.size === 0 && parent) {
      const text = hint(node, parent)
      if (text) decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'is-empty', 'data-placeholder': text }))
    }
    return false
  })
  return DecorationSet.create(doc, decorations)
}

/** Creates the placeholder plugin; hints are drawn with CSS from the `data-placeholder` attribute. */
export function placeholderPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: placeholderKey,
    state: {
      init: (_, state) => compute(state.doc),
      apply: (tr, value) => (tr.docChanged ? compute(tr.doc) : value),
    },
    props: { decorations: (state) => placeholderKey.getState(state) },
  })
}
