// The drafter's writes to the document's parameter values, undoable like text, and the way to the
// next parameter still without a value.
//
// Values live in the content Y.Doc's parameters map, beside the fragment that holds the text.
// The editor writes them only through `writeParameters`: one Yjs transaction with the origin
// PARAMETER_EDIT, which the editor's undo manager tracks (editor-state.ts), so Ctrl-Z takes back a
// value as it takes back typing. A command that changes the text as well (a clause inserted with
// its values, a parameter with its value) dispatches its ProseMirror transaction inside that Yjs
// transaction: collaborators receive text and values as one update, and one undo step takes back
// both, as moving an article does (structure.ts).
import { NodeSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state'
import { yUndoPluginKey } from 'y-prosemirror'
import { parametersKey } from '../plugins/parameters.js'

/** Yjs origin of the drafter's own writes to parameter values; the undo manager tracks it. */
export const PARAMETER_EDIT = Symbol('parameter-edit')

/** Parameter values to write: name → value, where '' clears the value. */
export type ParameterValues = Readonly<Record<string, string>>

/** A ProseMirror transaction to dispatch in the same edit as the values. */
export interface TextChange {
  tr: Transaction
  dispatch: (tr: Transaction) => void
}

/** The document's current value of parameter `name` ('' when it has none). */
export function parameterValue(state: EditorState, name: string): string {
  const plugin = parametersKey.getState(state)
  return (plugin?.map ? plugin.map.get(name) : plugin?.values.get(name)) ?? ''
}

/**
 * Writes `values` into the document's parameter values as one edit of the drafter's, an undo
 * step of its own; with `text`, dispatches `text.tr` in that same edit. Returns the names whose
 * value changed. In a state without the shared map (a bare test state) only the text changes.
 */
export function writeParameters(state: EditorState, values: ParameterValues, text?: TextChange): string[] {
  const map = parametersKey.getState(state)?.map ?? null
  const changed = map ? Object.entries(values).filter(([name, value]) => parameterValue(state, name) !== value) : []
  const edit = () => {
    if (text) text.dispatch(text.tr)
    for (const [name, value] of changed) {
      if (value === '') map!.delete(name)
      else map!.set(name, value)
    }
  }
  const undo = yUndoPluginKey.getState(state)?.undoManager
  // the undo manager merges edits less than 500 ms apart: keep this one apart from typing around it
  undo?.stopCapturing()
  if (map?.doc) map.doc.transact(edit, PARAMETER_EDIT)
  else edit()
  undo?.stopCapturing()
  return changed.map(([name]) => name)
}

/** Sets the document-wide value of parameter `name` (an empty value clears it), as an undoable edit. */
export function setParameterValue(state: EditorState, name: string, value: string): void {
  if (!parametersKey.getState(state)?.map) throw new Error('parameter values cannot be set: the editor has no parameters map')
  writeParameters(state, { [name]: value })
}

/**
 * The first parameter at or after the cursor (after a selected parameter) whose value is empty,
 * else the first such parameter from the start of the text; null when every parameter has a value.
 */
export function nextUnfilledParameter(state: EditorState): { pos: number; name: string } | null {
  const values = parametersKey.getState(state)?.values ?? new Map<string, string>()
  const from = state.selection.to
  let first: { pos: number; name: string } | null = null
  let next: { pos: number; name: string } | null = null
  state.doc.descendants((node, pos) => {
    if (next) return false
    if (node.type.name === 'parameter' && !values.get(String(node.attrs.name))) {
      const found = { pos, name: String(node.attrs.name) }
      first ??= found
      if (pos >= from) next = found
    }
    return node.isBlock
  })
  return next ?? first
}

/**
 * Selects the next parameter without a value (nextUnfilledParameter) and scrolls to it, then
 * calls `found` with its name (the page focuses its field); calls `none` when every parameter has
 * a value. Always applies: the search runs only when it is dispatched.
 */
export function goToNextUnfilled(found: (name: string) => void, none: () => void): Command {
  return (state, dispatch) => {
    if (!dispatch) return true
    const next = nextUnfilledParameter(state)
    if (!next) { none(); return true }
    dispatch(state.tr.setSelection(NodeSelection.create(state.doc, next.pos)).scrollIntoView())
    found(next.name)
    return true
  }
}
