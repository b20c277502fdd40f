// The editor's keyboard shortcuts: the keys of the action table (actions.ts), then the editing keys.
import { keydownHandler, keymap } from 'prosemirror-keymap'
import { baseKeymap, chainCommands } from 'prosemirror-commands'
import { Plugin, type Command, type EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ACTIONS, type PageCommands } from './actions.js'
import { backspace, collapseInlineSelection, deleteAcrossContainers, deleteForward, enter } from './editing.js'
import { unitAt } from './units.js'

const inUnit = (state: EditorState) => unitAt(state.selection.$from) !== null

/**
 * Whether `event` types a character with AltGr, which Windows reports as Ctrl+Alt: "ł" and "ń" on
 * a Polish keyboard, "@", "€" and "µ" on a German one. ProseMirror's keymap reads such a key by
 * its key code as Ctrl+Alt and the letter, so without this check a Polish drafter pressing AltGr+L
 * for "ł" would run the check (Ctrl+Alt+L) instead. The character is left to be typed.
 */
export function isAltGrCharacter(event: KeyboardEvent): boolean {
  return event.ctrlKey && event.altKey && !event.metaKey && [...event.key].length === 1 && !/^[a-z0-9]$/i.test(event.key)
}

/** A plugin that runs `handler` on every key but the characters typed with AltGr. */
const shortcuts = (handler: (view: EditorView, event: KeyboardEvent) => boolean) =>
  new Plugin({ props: { handleKeyDown: (view, event) => !isAltGrCharacter(event) && handler(view, event) } })

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
    shortcuts(keydownHandler(bindings)),
    // a handled key is kept from the browser too (Ctrl+F would open the browser's own find bar)
    new Plugin({ props: { handleDOMEvents: { keydown: (view, event) => !isAltGrCharacter(event) && readOnlyKeys(view, event) && (event.preventDefault(), true) } } }),
    keymap({
      Enter: enter,
      Home: collapseInlineSelection(-1),
      End: collapseInlineSelection(1),
      Backspace: chainCommands(deleteAcrossContainers, backspace), Delete: chainCommands(deleteAcrossContainers, deleteForward) }),
    keymap(baseKeymap),
  ]
}
