// Moving the cursor to a numbered unit named by its stable id (a cross-reference's target).
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { getNumbering } from '../plugins/numbering.js'

/** Moves the cursor into the unit with stable id `id` and scrolls it into view; false when it no longer exists. */
export function goToUnit(view: EditorView, id: string): boolean {
  for (const [pos, label] of getNumbering(view.state).byPos) {
    if (label.id !== id) continue
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 1))).scrollIntoView())
    view.focus()
    return true
  }
  return false
}
