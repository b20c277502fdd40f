// The editor's keyboard shortcuts: the keys of the action table (actions.ts), then the editing keys.
import { keydownHandler, keymap } from 'prosemirror-keymap'
import { baseKeymap, chainCommands } from 'prosemirror-commands'
import { Plugin, type Command, type EditorState } from 'prosemirror-state'
import { ACTIONS, type PageCommands } from './actions.js'
import { backspace, collapseInlineSelection, deleteAcrossContainers, deleteForward, enter } from './editing.js'
import { unitAt } from './units.js'

const inUnit = (state: EditorState) => unitAt(state.selection.$from) !== null

/** Commands bound to keys; the cross-reference and parameter actions open dialogs, so the caller supplies them. */
export function treatyKeymaps(page: PageCommands): Plugin[] {
  const bindings: Record<string, Command> = {}
  const readOnlyBindings: Record<string, Command> = {}
  for (const action of ACTIONS) {
    if (action.readOnlyToo) {
      for (const key of action.keys) readOnlyBindings[key] = action.command(page)
      continue
    }
    const command = action.command(page)
    // Tab is kept inside the editor only where indenting means something; elsewhere it moves focus on
    const bound = action.keysStayInUnits ? chainCommands(command, inUnit) : command
    for (const key of action.keys) bindings[key] = bound
  }
  // ProseMirror hands keys to keymaps only in an editable view; DOM handlers run in any view
  const readOnlyKeys = keydownHandler(readOnlyBindings)
  return [
    keymap(bindings),
    // a handled key is kept from the browser too (Ctrl+F would open the browser's own find bar)
    new Plugin({ props: { handleDOMEvents: { keydown: (view, event) => readOnlyKeys(view, event) && (event.preventDefault(), true) } } }),
    keymap({
      Enter: enter,
      Home: collapseInlineSelection(-1),
      End: collapseInlineSelection(1),
      Backspace: chainCommands(deleteAcrossContainers, backspace), Delete: chainCommands(deleteAcrossContainers, deleteForward) }),
    keymap(baseKeymap),
  ]
}
