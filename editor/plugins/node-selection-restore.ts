// Keeps a selected node selected through collaborators' edits, and keeps the editor following the
// shared document when a collaborator deletes the selected node (y-prosemirror 1.3.7, its issue #202).
//
// After a remote update the binding restores the selection it noted before the update; a noted
// node selection is rebuilt as a NodeSelection at the node's old place, which throws where no node
// is left (a footnote, a parameter or a reference that a collaborator deleted while it was
// selected here), inside the Yjs observer — and that page stops showing the shared document. So
// the noted selection is restored as a text range (which cannot throw), and the node selection is
// made again, in the same update, where the range still spans exactly one node.
import { NodeSelection, Plugin, Selection, TextSelection } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'

/** The part of y-prosemirror's binding this plugin reads and corrects. */
interface Binding { doc: Y.Doc; beforeTransactionSelection: { type: string } | null }

/** Creates the plugin; it must come after the Yjs binding (ySyncPlugin). */
export function nodeSelectionRestorePlugin(): Plugin {
  return new Plugin({
    view: (view) => {
      const binding = (ySyncPluginKey.getState(view.state) as { binding?: Binding } | undefined)?.binding
      if (!binding) return {}
      // 'beforeTransaction' comes after the binding has noted the selection ('beforeAllTransactions')
      // and before it restores it (its deep observer)
      const relax = () => {
        const noted = binding.beforeTransactionSelection
        if (noted?.type === 'node') noted.type = 'text'
      }
      binding.doc.on('beforeTransaction', relax)
      return { destroy: () => binding.doc.off('beforeTransaction', relax) }
    },
    appendTransaction: (trs, before, state) => {
      const remote = trs.some((tr) => (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin)
      if (!remote || !(before.selection instanceof NodeSelection) || state.selection instanceof NodeSelection) return null
      const { from, to } = state.selection
      const node = state.doc.nodeAt(from)
      if (node && from + node.nodeSize === to && NodeSelection.isSelectable(node)) return state.tr.setSelection(NodeSelection.create(state.doc, from))
      // the node is gone: a caret where it was
      if (!state.selection.$from.parent.inlineContent || !state.selection.$to.parent.inlineContent) return state.tr.setSelection(Selection.near(state.doc.resolve(from)))
      return from === to ? null : state.tr.setSelection(TextSelection.create(state.doc, from))
    },
  })
}
