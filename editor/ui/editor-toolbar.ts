// The editor page's toolbar: the action buttons (toolbar.ts), then the clause library, saving a
// selection as a clause, the Export menu and the shortcut help.
import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type { PageCommands } from '../commands/actions.js'
import { h } from './dom.js'
import { helpButton } from './help.js'
import type { ClauseDetail } from '../api.js'
import { toolbar } from './toolbar.js'
import { exportMenu, type ExportMenuOptions } from './toolbar-export.js'

/** What the toolbar's own buttons act on besides the view. */
export interface EditorToolbarOptions {
  documentId: string
  documentTitle: string
  /** The dialogs behind the cross-reference and parameter buttons. */
  page: PageCommands
  /** Whether clauses may be inserted or saved: a drafter's or convener's role in an editable document. */
  canInsertClauses: () => boolean
  /** Shows the library panel (its sidebar tab), the search field focused. */
  openLibrary: () => void
  /** A clause was saved from the selection. */
  onClauseSaved: (clause: ClauseDetail) => void
  /** What the Export menu shows of the pre-export check. */
  exports?: ExportMenuOptions
}

/** Builds the toolbar; `update` re-enables its buttons for a new state or a change of role. */
export function editorToolbar(view: EditorView, options: EditorToolbarOptions) {
  const keepSelection = (e: Event) => e.preventDefault()
  let loadingDialog = false
  const saveClause = h('button', {
    type: 'button', class: 'tb tb-saveClause', title: 'Save the selected articles or paragraphs as a clause of this library', onmousedown: keepSelection,
    onclick: () => {
      if (!options.canInsertClauses() || loadingDialog) return
      // the dialog's code is loaded when it is first opened, not with the editor (one dialog per click, as before)
      loadingDialog = true
      void import('./library-save.js').then(({ openSaveClauseDialog }) =>
        openSaveClauseDialog(view, { documentId: options.documentId, documentTitle: options.documentTitle, onSaved: options.onClauseSaved }))
        .finally(() => { loadingDialog = false })
    },
  }, 'Save as clause')
  const actions = toolbar(view, options.page, [
    h('div', { class: 'toolbar-group' },
      h('button', { type: 'button', class: 'tb tb-library', title: 'Search the clause library and insert a clause', onmousedown: keepSelection, onclick: options.openLibrary }, 'Library'),
      saveClause),
    exportMenu(options.documentId, options.exports),
    helpButton(),
  ])
  return {
    el: actions.el,
    update(state: EditorState) {
      actions.update(state)
      saveClause.disabled = !options.canInsertClauses()
    },
  }
}
