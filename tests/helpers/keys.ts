// Presses keys in a ProseMirror view as the view's own keydown handler does: the event goes to
// every handleKeyDown prop (the editor's keymaps) in order until one takes it.
import type { EditorView } from 'prosemirror-view'

/** Presses `combo` ("Tab", "Shift-Tab", "Mod-z", "Enter": KeyboardEvent.key names with modifiers); whether a keymap took it. */
export function press(view: EditorView, combo: string): boolean {
  const parts = combo.split('-')
  const key = parts.pop()!
  const mods = new Set(parts)
  const mod = mods.has('Mod')
  // A browser reports Shift with a letter as the capital ("Z", keyCode 90): Mod-Shift-z must not
  // reach a binding of Mod-z, which prosemirror-keymap tries for a lower-case key with Shift
  const letter = key.length === 1 && /[a-z]/i.test(key)
  const event = new KeyboardEvent('keydown', {
    key: letter && mods.has('Shift') ? key.toUpperCase() : key,
    keyCode: letter ? key.toUpperCase().charCodeAt(0) : 0,
    shiftKey: mods.has('Shift'),
    ctrlKey: mods.has('Ctrl') || mod,
    altKey: mods.has('Alt'),
    metaKey: mods.has('Meta'),
    bubbles: true,
    cancelable: true,
  })
  let handled = false
  view.someProp('handleKeyDown', (f) => { if (!handled && f(view, event)) handled = true; return handled })
  return handled
}
