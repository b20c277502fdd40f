// The editor's actions: one table that the keymap, the toolbar and the help popover all read.
import { toggleMark } from 'prosemirror-commands'
import type { Command } from 'prosemirror-state'
import { redoCommand, undoCommand } from 'y-prosemirror'
import { schema } from '../model/schema.js'
import { addArticle, addParagraph, addPart, indent, moveArticleDown, moveArticleUp, outdent } from './structure.js'
import { findNext, findPrevious } from './find.js'
import { insertFootnote } from './footnotes.js'

/** Identifies an action shared by a shortcut, a toolbar button and the help popover. */
export type ActionName =
  | 'undo' | 'redo' | 'bold' | 'italic' | 'underline'
  | 'addPart' | 'addArticle' | 'addParagraph' | 'indent' | 'outdent' | 'moveUp' | 'moveDown'
  | 'insertXref' | 'insertParameter' | 'insertFootnote' | 'nextUnfilled' | 'comment' | 'check' | 'suggestInsert'
  | 'find' | 'replace' | 'findNext' | 'findPrevious'

/** The toolbar's groups of buttons, in the order they appear. */
export const TOOLBAR_GROUPS = ['history', 'marks', 'structure', 'level', 'move', 'insert', 'review', 'find'] as const
export type ToolbarGroup = (typeof TOOLBAR_GROUPS)[number]

/** The commands only the page can supply: the cross-reference and parameter actions open dialogs. */
export interface PageCommands {
  insertXref: Command
  insertParameter: Command
  /** Selects the next parameter without a value and opens its field (absent where there is no parameters panel). */
  nextUnfilled?: Command
  /** Opens the comment composer on the selection (absent where there is no review sidebar). */
  comment?: Command
  /** Opens the Check panel: what the pre-export check finds (absent where there is none). */
  check?: Command
  /** Opens the composer to suggest inserting text at the cursor (absent where there is no review sidebar). */
  suggestInsert?: Command
  /** Opens the find bar (absent where there is none). */
  find?: Command
  /** Opens the find bar with its replace row (absent where there is none). */
  replace?: Command
}

/** One action and everything that presents it. */
export interface Action {
  name: ActionName
  /** What the help popover says the shortcut does. */
  label: string
  /** The toolbar button's accessible name; its tooltip adds the shortcut. */
  title: string
  /** Key bindings in ProseMirror's notation ("Mod" is Ctrl, or Cmd on a Mac), the first shown first. */
  keys: string[]
  /** The action's command; a dry run (no dispatch) says whether it applies, which enables its button. */
  command: (page: PageCommands) => Command
  /** Where the action's button sits on the toolbar, and its text (none: keys and help only). */
  toolbar?: { group: ToolbarGroup; text: string }
  /**
   * The keys are kept from the browser wherever the cursor is in a numbered unit, even where the
   * command does not apply: Tab there means indenting, never moving focus out of the text.
   */
  keysStayInUnits?: true
  /** The action works where the text cannot be edited (a reviewer comments on text they cannot change). */
  readOnlyToo?: true
}

/** Every action, in the order the help popover lists them; within a toolbar group, in button order. */
export const ACTIONS: readonly Action[] = [
  { name: 'addPart', keys: ['Mod-Alt-p'], label: 'Add a part', title: 'Add a part',
    command: () => addPart, toolbar: { group: 'structure', text: '+ Part' } },
  { name: 'addArticle', keys: ['Mod-Shift-Enter'], label: 'Add an article after this one', title: 'Add an article',
    command: () => addArticle, toolbar: { group: 'structure', text: '+ Article' } },
  { name: 'addParagraph', keys: ['Mod-Enter'], label: 'Add a paragraph after this one', title: 'Add a paragraph',
    command: () => addParagraph, toolbar: { group: 'structure', text: '+ Paragraph' } },
  { name: 'indent', keys: ['Tab', 'Mod-]'], label: 'Indent: paragraph → (a) → (i)', title: 'Indent (paragraph → (a) → (i))',
    command: () => indent, toolbar: { group: 'level', text: 'Indent →' }, keysStayInUnits: true },
  { name: 'outdent', keys: ['Shift-Tab', 'Mod-['], label: 'Outdent: (i) → (a) → paragraph', title: 'Outdent ((i) → (a) → paragraph)',
    command: () => outdent, toolbar: { group: 'level', text: '← Outdent' }, keysStayInUnits: true },
  { name: 'moveUp', keys: ['Alt-ArrowUp'], label: 'Move the article up', title: 'Move the article up',
    command: () => moveArticleUp, toolbar: { group: 'move', text: 'Article ↑' } },
  { name: 'moveDown', keys: ['Alt-ArrowDown'], label: 'Move the article down', title: 'Move the article down',
    command: () => moveArticleDown, toolbar: { group: 'move', text: 'Article ↓' } },
  { name: 'insertXref', keys: ['Mod-k'], label: 'Insert a cross-reference', title: 'Insert a cross-reference',
    command: (page) => page.insertXref, toolbar: { group: 'insert', text: 'Cross-ref' } },
  { name: 'insertParameter', keys: ['Mod-Shift-k'], label: 'Insert a parameter', title: 'Insert a parameter',
    command: (page) => page.insertParameter, toolbar: { group: 'insert', text: 'Parameter' } },
  { name: 'insertFootnote', keys: ['Mod-Alt-f'], label: 'Insert a footnote at the cursor', title: 'Insert a footnote',
    command: () => insertFootnote, toolbar: { group: 'insert', text: 'Footnote' } },
  { name: 'nextUnfilled', keys: ['Mod-Alt-n'], label: 'Go to the next parameter without a value and fill it', title: 'Next unfilled parameter',
    command: (page) => page.nextUnfilled ?? (() => false), toolbar: { group: 'insert', text: 'Next unfilled' }, readOnlyToo: true },
  { name: 'comment', keys: ['Mod-Alt-m'], label: 'Comment on the selected text', title: 'Comment on the selected text',
    command: (page) => page.comment ?? (() => false), toolbar: { group: 'review', text: 'Comment' }, readOnlyToo: true },
  { name: 'check', keys: ['Mod-Alt-l'], label: 'Check the document before export', title: 'Check the document: what an export would find to fix',
    command: (page) => page.check ?? (() => false), toolbar: { group: 'review', text: 'Check' }, readOnlyToo: true },
  { name: 'suggestInsert', keys: ['Mod-Alt-i'], label: 'Suggest inserting text at the cursor', title: 'Suggest inserting text at the cursor',
    command: (page) => page.suggestInsert ?? (() => false), toolbar: { group: 'review', text: 'Suggest insertion' }, readOnlyToo: true },
  { name: 'find', keys: ['Mod-f'], label: 'Find in the treaty', title: 'Find',
    command: (page) => page.find ?? (() => false), toolbar: { group: 'find', text: 'Find' }, readOnlyToo: true },
  { name: 'replace', keys: ['Mod-h', 'Mod-Shift-h'], label: 'Find and replace', title: 'Find and replace',
    command: (page) => page.replace ?? (() => false), toolbar: { group: 'find', text: 'Replace' }, readOnlyToo: true },
  { name: 'findNext', keys: ['F3', 'Mod-g'], label: 'Go to the next match of the search', title: 'Next match',
    command: () => findNext, readOnlyToo: true },
  { name: 'findPrevious', keys: ['Shift-F3', 'Mod-Shift-g'], label: 'Go to the previous match of the search', title: 'Previous match',
    command: () => findPrevious, readOnlyToo: true },
  { name: 'bold', keys: ['Mod-b'], label: 'Bold', title: 'Bold',
    command: () => toggleMark(schema.marks.strong), toolbar: { group: 'marks', text: 'B' } },
  { name: 'italic', keys: ['Mod-i'], label: 'Italic', title: 'Italic',
    command: () => toggleMark(schema.marks.em), toolbar: { group: 'marks', text: 'I' } },
  { name: 'underline', keys: ['Mod-u'], label: 'Underline', title: 'Underline',
    command: () => toggleMark(schema.marks.underline), toolbar: { group: 'marks', text: 'U' } },
  { name: 'undo', keys: ['Mod-z'], label: 'Undo', title: 'Undo',
    command: () => undoCommand, toolbar: { group: 'history', text: '↶' } },
  { name: 'redo', keys: ['Mod-y', 'Mod-Shift-z'], label: 'Redo', title: 'Redo',
    command: () => redoCommand, toolbar: { group: 'history', text: '↷' } },
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
export function shortcutText(action: Action): string {
  return action.keys.map(displayKeys).join(' or ')
}
