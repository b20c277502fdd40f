// Composes one document's editor: the Y.Doc and its sync provider, the ProseMirror view with the
// treaty plugins (editor-state.ts), and the panels around it (toolbar, outline, presence, parameters, connection).
import 'prosemirror-view/style/prosemirror.css'
import 'prosemirror-gapcursor/style/gapcursor.css'
import './ui/base.css'
import './ui/editor.css'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { TextSelection, type Command } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { SCHEMA_VERSION } from './model/schema.js'
import { CONTENT_FRAGMENT, PARAMETERS_MAP } from './model/ydoc.js'
import { ApiError, getDocument, type DocumentInfo } from './api.js'
import { getNumbering } from './plugins/numbering.js'
import { parametersKey } from './plugins/parameters.js'
import { isTextEdit } from './plugins/text-edit.js'
import { createTreatyState } from './editor-state.js'
import { insertParameter, insertXref } from './commands/structure.js'
import { publishUser, savedColor, savedName, type PresenceUser } from './collab/presence.js'
import { watchConnection, type ConnectionStatus } from './collab/status.js'
import { trackDurability } from './collab/durability.js'
import { followRole } from './collab/role.js'
import { h, replaceChildren } from './ui/dom.js'
import { connectionIndicator, showBanner } from './ui/status.js'
import { toolbar } from './ui/toolbar.js'
import { helpButton } from './ui/help.js'
import { outlinePanel } from './ui/outline.js'
import { presenceList } from './ui/presence.js'
import { parametersPanel } from './ui/parameters-panel.js'
import { openParameterDialog, openXrefDialog } from './ui/dialogs.js'
import { askName } from './ui/name-dialog.js'
import { documentAccess } from './ui/document-access.js'
import './ui/people.css'
import { provenanceKey } from './plugins/provenance.js'
import { ClauseCache } from './ui/library-client.js'
import { libraryPanel } from './ui/library-panel.js'
import { openProvenanceDialog } from './ui/provenance.js'
import { openSaveClauseDialog } from './ui/library-save.js'
import { exportMenu } from './ui/toolbar-export.js'

/** The document id from the page address: `/d/<id>` (or `?id=<id>` when served by the Vite dev server). */
function documentId(): string | null {
  const match = /^\/d\/([^/]+)\/?$/.exec(location.pathname)
  if (match) return decodeURIComponent(match[1]!)
  return new URLSearchParams(location.search).get('id')
}

const PARAMETER = new Set(['parameter'])

/** The sync endpoint on the page's own host. */
const syncUrl = () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`

/** The page's fixed regions. */
function layout() {
  const app = document.getElementById('app')!
  const indicator = connectionIndicator()
  const title = h('h1', { class: 'doc-title' }, 'Loading…')
  const header = h('header', { class: 'app-header' },
    h('a', { class: 'back', href: '/', title: 'All documents' }, '← Documents'), title, indicator.el)
  const banner = h('div', { class: 'banner-host', hidden: true })
  const toolbarHost = h('div', { class: 'toolbar-host' })
  const page = h('div', { class: 'page' }, h('p', { class: 'page-message' }, 'Opening the document…'))
  const sidebar = h('aside', { class: 'sidebar' })
  replaceChildren(app, header, banner, toolbarHost, h('main', { class: 'workspace' }, h('div', { class: 'page-scroll' }, page), sidebar))
  return { title, indicator, banner, toolbarHost, page, sidebar }
}

/** Shows a whole-page message instead of the editor (document missing, server unreachable). */
function pageMessage(page: HTMLElement, heading: string, text: string) {
  replaceChildren(page, h('div', { class: 'page-message', role: 'alert', 'data-kind': 'not-found' },
    h('h2', {}, heading), h('p', {}, text), h('p', {}, h('a', { href: '/' }, 'Back to the document list'))))
}

/** Moves the cursor into the unit with stable id `id` and scrolls it into view; false when it no longer exists. */
function goToUnit(view: EditorView, id: string): boolean {
  for (const [pos, label] of getNumbering(view.state).byPos) {
    if (label.id !== id) continue
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 1))).scrollIntoView())
    view.focus()
    return true
  }
  return false
}

async function main() {
  const ui = layout()
  const id = documentId()
  if (!id) return pageMessage(ui.page, 'No document', 'The address names no document.')

  let info: DocumentInfo
  try {
    info = await getDocument(id)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return pageMessage(ui.page, 'Document not found', 'This document does not exist or has been deleted.')
    return pageMessage(ui.page, 'Cannot open the document', e instanceof Error ? e.message : String(e))
  }
  ui.title.textContent = info.title
  document.title = `${info.title} — Pacta`
  // the role decides whether the text is editable here (the server enforces it regardless)
  const access = await documentAccess(id, info.role)
  ui.indicator.el.after(access.el)

  const ydoc = new Y.Doc()
  const provider = new WebsocketProvider(syncUrl(), id, ydoc, { params: { schema: String(SCHEMA_VERSION) } })
  // a convener's change of this user's role shows at once, and a reconnect brings any missed
  followRole(provider, access.setRole)
  const user: PresenceUser = { name: access.user()?.displayName ?? savedName() ?? `Guest ${Math.floor(100 + Math.random() * 900)}`, color: savedColor() }
  publishUser(provider.awareness, user)

  let view: EditorView | null = null
  let readOnly = false
  let refreshToolbar = () => {}
  const stopEditing = () => { readOnly = true; view?.setProps({}); refreshToolbar() }
  const toList = { label: 'Back to the document list', run: () => { location.href = '/' } }
  const reload = { label: 'Reload', run: () => location.reload() }
  const onStatus = (status: ConnectionStatus) => {
    ui.indicator.update(status)
    const final = {
      outdated: ['This editor is out of date — reload to keep editing.', reload, 'This editor is out of date'],
      deleted: ['This document has been deleted.', toList, 'Document deleted'],
      'not-found': ['This document no longer exists.', toList, 'Document not found'],
      refused: [`The server closed the connection: ${status.reason ?? 'no reason given'}. Reload to try again.`, reload, 'Disconnected'],
    } as const
    if (!(status.state in final)) return
    const [message, action, heading] = final[status.state as keyof typeof final]
    stopEditing()
    showBanner(ui.banner, status.state as keyof typeof final, message, action)
    // before the editor is mounted the page would otherwise keep saying "Opening the document…"
    if (!view) pageMessage(ui.page, heading, status.state === 'outdated' ? 'A newer version of Pacta is running on the server. Reload the page to load it.' : message)
  }
  const connection = watchConnection(provider, onStatus)

  // The server confirms which local edits it has stored; until it has, they live only in this
  // page (offline, or in flight): ask before the page is closed or reloaded with such edits.
  const durability = trackDurability(provider)
  durability.onChange((state, reason) => {
    ui.indicator.save(state)
    if (state === 'refused') {
      stopEditing()
      showBanner(ui.banner, 'refused', `The server refused an edit: ${reason ?? 'no reason given'}. Reload to continue.`, reload)
    }
  })
  window.addEventListener('beforeunload', (e) => { if (durability.state === 'saving') e.preventDefault() })

  // A refused upgrade (the document is unknown) looks like any failed connection; ask the API.
  provider.on('connection-close', (event) => {
    if (event && event.code === 1006 && navigator.onLine) {
      getDocument(id).catch((e) => {
        if (e instanceof ApiError && e.status === 404) connection.finish({ state: 'not-found' })
      })
    }
  })

  // Mount only after the first sync: an editor on the still-empty document would "repair" it into
  // a new treaty shape and send that to everyone.
  await new Promise<void>((resolve) => {
    if (provider.synced) return resolve()
    const onSync = (synced: boolean) => { if (synced) { provider.off('sync', onSync); resolve() } }
    provider.on('sync', onSync)
  })

  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  const parameters = ydoc.getMap<string>(PARAMETERS_MAP)
  // library clauses named by the document's provenance records, fetched once each
  const clauses = new ClauseCache()
  const canInsertClauses = () => !readOnly && !!view?.editable
  const openProvenance = (articlePos: number, index: number) => {
    if (view) openProvenanceDialog(view, articlePos, index, (cid) => clauses.get(cid), canInsertClauses)
  }
  // the dialogs open only when the command runs for real, not on the toolbar's dry run
  const openXref: Command = (state, dispatch) => {
    if (!insertXref()(state)) return false
    if (dispatch && view) openXrefDialog(view)
    return true
  }
  const openParameter: Command = (state, dispatch) => {
    if (!insertParameter()(state)) return false
    if (dispatch && view) openParameterDialog(view)
    return true
  }

  const state = createTreatyState({
    fragment,
    parameters,
    awareness: provider.awareness,
    clauses,
    openProvenance,
    insertXref: openXref,
    insertParameter: openParameter,
  })

  replaceChildren(ui.page)
  let tb: ReturnType<typeof toolbar> | null = null
  let outline: ReturnType<typeof outlinePanel> | null = null
  let params: ReturnType<typeof parametersPanel> | null = null
  let library: ReturnType<typeof libraryPanel> | null = null
  let panelsPending = 0
  view = new EditorView(ui.page, {
    state,
    attributes: { class: 'treaty', spellcheck: 'true', 'aria-label': 'Treaty text' },
    editable: () => !readOnly && access.canWrite(),
    // a click on a parameter opens its value in the panel; Ctrl/Cmd-click on a reference goes to its target
    handleClickOn(v, _pos, node, _nodePos, event) {
      if (node.type.name === 'parameter') {
        // after the editor has selected the atom (which focuses the editor), move to the value field
        setTimeout(() => params?.focus(String(node.attrs.name)), 0)
        return false
      }
      if (node.type.name === 'xref' && (event.ctrlKey || event.metaKey)) return goToUnit(v, String(node.attrs.target))
      return false
    },
    dispatchTransaction(tr) {
      const v = view!
      v.updateState(v.state.apply(tr))
      tb?.update(v.state)
      outline?.update(tr.docChanged)
      // the parameters panel changes only when parameters are added, removed or given values
      const paramsChanged = tr.getMeta(parametersKey) !== undefined || tr.getMeta(provenanceKey) !== undefined || (tr.docChanged && !isTextEdit(tr, PARAMETER))
      library?.update()
      if (paramsChanged && !panelsPending) panelsPending = requestAnimationFrame(() => { panelsPending = 0; params?.update() })
    },
  })
  const v = view
  tb = toolbar(v, { insertXref: openXref, insertParameter: openParameter }, [
    h('div', { class: 'toolbar-group' },
      h('button', { type: 'button', class: 'tb tb-library', title: 'Search the clause library and insert a clause', onmousedown: (e: Event) => e.preventDefault(), onclick: () => library?.toggle() }, 'Library'),
      h('button', { type: 'button', class: 'tb tb-saveClause', title: 'Save the selected articles or paragraphs as a clause of this library', onmousedown: (e: Event) => e.preventDefault(),
        onclick: () => { if (canInsertClauses()) openSaveClauseDialog(v, { documentId: id, documentTitle: info.title, onSaved: (c) => { clauses.put(c); library?.refresh() } }) } }, 'Save as clause')),
    exportMenu(id),
    helpButton(),
  ])
  ui.toolbarHost.appendChild(tb.el)
  outline = outlinePanel(v)
  params = parametersPanel(v)
  ui.sidebar.append(presenceList(provider.awareness, user).el, outline.el, params.el, access.auditEl)
  access.onChange(() => { v.setProps({}); refreshToolbar() })
  library = libraryPanel(v, { cache: clauses, canInsert: canInsertClauses })
  ui.sidebar.before(library.el)
  tb.update(v.state)
  // saving a clause needs what inserting one needs: a drafter's or convener's role in an editable document
  const syncSaveClause = () => {
    const button = tb?.el.querySelector<HTMLButtonElement>('.tb-saveClause')
    if (button) button.disabled = !canInsertClauses()
  }
  refreshToolbar = () => { tb?.update(v.state); syncSaveClause() }
  syncSaveClause()

  // Exposed for debugging from the console and for the browser tests.
  Object.assign(window, { pacta: { view: v, ydoc, provider, library } })
  if (!savedName() && !access.user()) askName(provider.awareness, user)
}

main().catch((e: unknown) => {
  console.error(e)
  const app = document.getElementById('app')
  if (app) replaceChildren(app, h('p', { class: 'page-message', role: 'alert' }, `The editor failed to start: ${e instanceof Error ? e.message : String(e)}`))
})
