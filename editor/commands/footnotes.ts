// Inserting a footnote: its marker at the cursor, its text typed next (see plugins/footnotes.ts).
import { NodeSelection, type Command } from 'prosemirror-state'
import { schema } from '../model/schema.js'
import { newId } from '../model/ids.js'
import { footnotesKey, type FootnotesAction } from '../plugins/footnotes.js'

/**
 * Inserts an empty footnote at the cursor (in place of a selection inside one text block; after a
 * selected parameter, reference or footnote) and selects it, asking its view to put the caret in
 * its text. Applies where the cursor is in a text block.
 */
export const insertFootnote: Command = (state, dispatch) => {
  const sel = state.selection
  const { $from, $to } = sel
  if (!$from.parent.isTextblock || !$from.sameParent($to)) return false
  const type = schema.nodes.footnote
  const atom = sel instanceof NodeSelection
  if (!$from.parent.canReplaceWith(atom ? $to.index() : $from.index(), $to.index(), type)) return false
  if (dispatch) {
    const node = type.create({ id: newId('footnote') })
    const tr = state.tr
    if (atom) tr.insert(sel.to, node)
    else tr.replaceSelectionWith(node, false)
    const pos = atom ? sel.to : tr.mapping.map(sel.from, -1)
    const action: FootnotesAction = { type: 'edit', pos }
    dispatch(tr.setSelection(NodeSelection.create(tr.doc, pos)).setMeta(footnotesKey, action).scrollIntoView())
  }
  return true
}
