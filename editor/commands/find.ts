// The find commands: open and close the search, move between matches, replace one or all. They
// act on the find plugin's state (plugins/find.ts); replacing is DOM-free (model/find.ts).
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import { yUndoPluginKey } from 'y-prosemirror'
import { replaceMatch, replaceMatches, type FindQuery, type FindScope } from '../model/find.js'
import { findKey, type FindAction } from '../plugins/find.js'

const act = (action: FindAction) => action

/** Opens the search (or re-scopes an open one) at the selection; the page's find bar shows it. */
export const openSearch: Command = (state, dispatch) => {
  if (dispatch) dispatch(state.tr.setMeta(findKey, act({ open: true })))
  return true
}

/** Closes the search, selecting the current match so the text is taken up where the search left it. */
export const closeSearch: Command = (state, dispatch) => {
  const s = findKey.getState(state)
  if (!s?.open) return false
  if (dispatch) {
    const tr = state.tr.setMeta(findKey, act({ close: true }))
    const m = s.matches[s.current]
    if (m) tr.setSelection(TextSelection.create(state.doc, m.from, m.to))
    dispatch(tr)
  }
  return true
}

/** Changes what the open search looks for, or where; the current match becomes the first from the selection. */
export function setSearch(query: Partial<FindQuery>, scope?: FindScope['kind']): Command {
  return (state, dispatch) => {
    if (!findKey.getState(state)?.open) return false
    if (dispatch) dispatch(state.tr.setMeta(findKey, act({ query, scope, currentFrom: state.selection.from })))
    return true
  }
}

/** Moves the current match by `step` (1 next, -1 previous), wrapping round, and selects it. */
function step(by: 1 | -1): Command {
  return (state, dispatch) => {
    const s = findKey.getState(state)
    if (!s?.open || s.matches.length === 0) return false
    if (dispatch) {
      const n = s.matches.length
      const index = s.current < 0 ? (by > 0 ? 0 : n - 1) : (s.current + by + n) % n
      const m = s.matches[index]!
      dispatch(state.tr.setSelection(TextSelection.create(state.doc, m.from, m.to)).setMeta(findKey, act({ currentFrom: m.from })))
    }
    return true
  }
}

/** Makes the next match current (after the last, the first). */
export const findNext: Command = step(1)
/** Makes the previous match current (before the first, the last). */
export const findPrevious: Command = step(-1)

/** Keeps the undo history's current step from merging with edits just before or after. */
function separateUndoStep(state: EditorState): void {
  yUndoPluginKey.getState(state)?.undoManager?.stopCapturing()
}

/**
 * Replaces the current match with `replacement` and makes the next match current. Applies only
 * where the text can be edited and there is a current match.
 */
export function replaceCurrent(replacement: string): Command {
  return (state, dispatch, view) => {
    const s = findKey.getState(state)
    const m = s?.matches[s.current]
    if (!m || (view && !view.editable)) return false
    if (dispatch) {
      const tr = state.tr
      const end = replaceMatch(tr, m, replacement)
      tr.setSelection(TextSelection.create(tr.doc, end)).setMeta(findKey, act({ currentFrom: end }))
      separateUndoStep(state)
      dispatch(tr)
      separateUndoStep(state)
    }
    return true
  }
}

/**
 * Replaces every match with `replacement` in one transaction, so one undo takes back all of it.
 * Applies only where the text can be edited and there is a match.
 */
export function replaceAll(replacement: string): Command {
  return (state, dispatch, view) => {
    const s = findKey.getState(state)
    if (!s?.open || s.matches.length === 0 || (view && !view.editable)) return false
    if (dispatch) {
      const tr = state.tr
      replaceMatches(tr, s.matches, replacement)
      separateUndoStep(state)
      dispatch(tr.setMeta(findKey, act({ currentFrom: tr.mapping.map(s.matches[s.current]?.from ?? state.selection.from, -1) })))
      separateUndoStep(state)
    }
    return true
  }
}
