// The editor's keyboard shortcuts: one table that the keymap, the toolbar's titles and the help popover all read.
import { keymap } from 'prosemirror-keymap'
import { baseKeymap, chainCommands, toggleMark } from 'prosemirror-commands'
import type { Command, Plugin } from 'prosemirror-state'
import { redoCommand, undoCommand } from 'y-prosemirror'
import { schema } from '../model/schema.js'
import { addArticle, addParagraph, addPart, indent, moveArticleDown, moveArticleUp, outdent } from './structure.js'
import { backspace, deleteForward, enter } from './editing.js'
import { unitAt } from './units.js'

/** Identifies an action shared by a shortcut, a toolbar button and the help popover. */
export type ActionName =
  | 'undo' | 'redo' | 'bold' | 'italic' | 'underline'
  | 'addPart' | 'addArticle' | 'addParagraph' | 'indent' | 'outdent' | 'moveUp' | 'moveDown'
  | 'insertXref' | 'insertParameter'

/** One documented shortcut. `keys` uses ProseMirror's notation ("Mod" is Ctrl, or Cmd on a Mac). */
export interface Shortcut {
  action: ActionName
  keys: string[]
  label: string
}

/** Every shortcut, in the order the help popover lists them. */
export const SHORTCUTS: Shortcut[] = [
  { action: 'addArticle', keys: ['Mod-Shift-Enter'], label: 'Add an article after this one' },
  { action: 'addParagraph', keys: ['Mod-Enter'], label: 'Add a paragraph after this one' },
  { action: 'addPart', keys: ['Mod-Alt-p'], label: 'Add a part' },
  { action: 'indent', keys: ['Tab', 'Mod-]'], label: 'Indent: paragraph → (a) → (i)' },
  { action: 'outdent', keys: ['Shift-Tab', 'Mod-['], label: 'Outdent: (i) → (a) → paragraph' },
  { action: 'moveUp', keys: ['Alt-ArrowUp'], label: 'Move the article up' },
  { action: 'moveDown', keys: ['Alt-ArrowDown'], label: 'Move the article down' },
  { action: 'insertXref', keys: ['Mod-k'], label: 'Insert a cross-reference' },
  { action: 'insertParameter', keys: ['Mod-Shift-k'], label: 'Insert a parameter' },
  { action: 'bold', keys: ['Mod-b'], label: 'Bold' },
  { action: 'italic', keys: ['Mod-i'], label: 'Italic' },
  { action: 'underline', keys: ['Mod-u'], label: 'Underline' },
  { action: 'undo', keys: ['Mod-z'], label: 'Undo' },
  { action: 'redo', keys: ['Mod-y', 'Mod-Shift-z'], label: 'Redo' },
]

const isMac = typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform)

/** A key binding as people read it: "Ctrl+Shift+Enter" (or "⌘⇧Enter" on a Mac). */
export function displayKeys(keys: string): string {
  const parts = keys.split('-')
  const names: Record<string, string> = isMac
    ? { Mod: '⌘', Shift: '⇧', Alt: '⌥', ArrowUp: '↑', ArrowDown: '↓' }
    : { Mod: 'Ctrl', ArrowUp: '↑', ArrowDown: '↓' }
  const shown = parts.map((p) => names[p] ?? (p.length === 1 ? p.toUpperCase() : p))
  return isMac ? shown.join('') : shown.join('+')
}

/** The shortcut text for an action, e.g. "Ctrl+Shift+Enter", or '' when it has none. */
export function shortcutFor(action: ActionName): string {
  const found = SHORTCUTS.find((s) => s.action === action)
  return found ? found.keys.map(displayKeys).join(' or ') : ''
}

/** Commands bound to keys; the cross-reference and parameter actions open dialogs, so the caller supplies them. */
export function treatyKeymaps(actions: { insertXref: Command; insertParameter: Command }): Plugin[] {
  const byAction: Record<ActionName, Command> = {
    undo: undoCommand,
    redo: redoCommand,
    bold: toggleMark(schema.marks.strong),
    italic: toggleMark(schema.marks.em),
    underline: toggleMark(schema.marks.underline),
    addPart,
    addArticle,
    addParagraph,
    // Tab is kept inside the editor only where indenting means something; elsewhere it moves focus on
    indent: chainCommands(indent, (state) => unitAt(state.selection.$from) !== null),
    outdent: chainCommands(outdent, (state) => unitAt(state.selection.$from) !== null),
    moveUp: moveArticleUp,
    moveDown: moveArticleDown,
    insertXref: actions.insertXref,
    insertParameter: actions.insertParameter,
  }
  const bindings: Record<string, Command> = {}
  for (const s of SHORTCUTS) for (const key of s.keys) bindings[key] = byAction[s.action]
  return [
    keymap(bindings),
    keymap({ Enter: enter, Backspace: backspace, Delete: deleteForward }),
    keymap(baseKeymap),
  ]
}
