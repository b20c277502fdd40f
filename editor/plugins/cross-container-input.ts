// Typing or pasting over a selection that reaches from one article (or annex, part …) into
// another deletes the selection as Backspace does there (`deleteAcrossContainers`): nothing is
// joined, so no block is rewritten as a new element of another container in the shared document
// and nothing a collaborator types meanwhile goes with the old one. The text then goes where the
// selection started.
import { Plugin, TextSelection } from 'prosemirror-state'
import { deleteAcrossContainers } from '../commands/editing.js'

/** The plugin; install it before the default input handling (any place among the plugins does). */
export function crossContainerInputPlugin(): Plugin {
  return new Plugin({
    props: {
      handleTextInput(view, from, to, text) {
        const sel = view.state.selection
        if (!(sel instanceof TextSelection) || sel.from !== from || sel.to !== to) return false
        let handled = false
        deleteAcrossContainers(view.state, (tr) => {
          handled = true
          view.dispatch(tr.insertText(text, tr.selection.from).scrollIntoView())
        })
        return handled
      },
      // the deletion goes first; the default paste then puts the content at the caret
      handlePaste(view) {
        deleteAcrossContainers(view.state, view.dispatch)
        return false
      },
    },
  })
}
