// Composes one document's editor: the Y.Doc and its sync provider, the ProseMirror view with the
// treaty plugins (editor-state.ts), and the page around it (ui/: layout, banners, toolbar, panels).
import 'prosemirror-view/style/prosemirror.css'
import 'prosemirror-gapcursor/style/gapcursor.css'
import './ui/base.css'
import './ui/editor.css'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { EditorView } from 'prosemirror-view'
import type { Command } from 'prosemirror-state'
import { SCHEMA_VERSION } from './model/schema.js'
import { CONTENT_FRAGMENT, META_MAP, PARAMETERS_MAP } from './model/ydoc.js'
import { ApiError, getDocument, type DocumentInfo } from './api.js'
import { currentSession } from './account-api.js'
import { parametersKey } from './plugins/parameters.js'
import { isTextEdit } from './plugins/text-edit.js'
import { createTreatyState } from './editor-state.js'
import { ownColour, presenceColours, publishUser, savedName, type PresenceUser } from './collab/presence.js'
import { recolourCursors } from './ui/cursor-label.js'
import { watchConnection } from './collab/status.js'
import { trackDurability } from './collab/durability.js'
import { followRole } from './collab/role.js'
import { batchRemoteUpdates } from './collab/remote-batch.js'
import { keepAlive } from './collab/heartbeat.js'
import { h, replaceChildren } from './ui/dom.js'
import { pageLayout, pageMessage } from './ui/layout.js'
import { editingBanners } from './ui/banners.js'
import { editorToolbar } from './ui/editor-toolbar.js'
import { goToUnit } from './ui/navigation.js'
import { outlinePanel } from './ui/outline.js'
import { presenceList } from './ui/presence.js'
import { parametersPanel } from './ui/parameters-panel.js'
import { settingsPanel } from './ui/settings-panel.js'
import { dialogCommands } from './ui/dialogs.js'
import { askName } from './ui/name-dialog.js'
import { documentAccess } from './ui/document-access.js'
import './ui/people.css'
import { provenanceKey } from './plugins/provenance.js'
import { ClauseCache } from './ui/library-client.js'
import { libraryPanel } from './ui/library-panel.js'
import { AnnotationsChannel } from './collab/annotations.js'
import { reviewPanel } from './ui/review-panel.js'
import { checkDocument, checkPanel, selectFinding } from './ui/check-panel.js'
import { listMembers, type MemberInfo } from './account-api.js'
import { findBar } from './ui/find-bar.js'
import { footnotesList } from './ui/footnotes-list.js'
import { sidebarTabs } from './ui/sidebar-tabs.js'
import { SIDEBAR_PANELS, type SidebarPanelId } from './ui/sidebar-panels.js'
import { toast } from './ui/toast.js'
import { goToNextUnfilled } from './commands/parameters.js'

/** The document id from the page address: `/d/<id>` (or `?id=<id>` when served by the Vite dev server). */
function documentId(): string | null {
  const match = /^\/d\/([^/]+)\/?$/.exec(location.pathname)
  if (match) return decodeURIComponent(match[1]!)
  return new URLSearchParams(location.search).get('id')
}

const PARAMETER = new Set(['parameter'])

/** The sync endpoint on the page's own host. */
const syncUrl = () => `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`

async function main() {
  const ui = pageLayout()
  const id = documentId()
  if (!id) return pageMessage(ui.page, 'No document', 'The address names no document.')

  // The document's description, the session and the shared document are asked for at once: the
  // sync connection does not wait for the two answers (the server refuses it by itself when the
  // document does not exist or the user may not open it).
  const described = getDocument(id)
  const session = currentSession().catch(() => null)
  const ydoc = new Y.Doc()
  const provider = new WebsocketProvider(syncUrl(), id, ydoc, { params: { schema: String(SCHEMA_VERSION) } })
  // collaborators' edits arriving within one frame are shown in one render
  batchRemoteUpdates(provider)
  // a connection that stopped carrying anything shows as offline within seconds
  keepAlive(provider)

  let view: EditorView | null = null
  let readOnly = false
  let refreshToolbar = () => {}
  let params: ReturnType<typeof parametersPanel> | null = null
  let settings: ReturnType<typeof settingsPanel> | null = null
  const stopEditing = () => { readOnly = true; view?.setProps({}); refreshToolbar(); params?.update(); settings?.update() }
  const banners = editingBanners(ui, { stopEditing, mounted: () => view !== null })
  const connection = watchConnection(provider, (status) => {
    ui.indicator.update(status)
    banners.connection(status)
  })

  // The server confirms which local edits it has stored; until it has, they live only in this
  // page (offline, or in flight): ask before the page is closed or reloaded with such edits.
  const durability = trackDurability(provider)
  durability.onChange((state, reason) => {
    ui.indicator.save(state)
    banners.saveState(state, reason)
  })
  window.addEventListener('beforeunload', (e) => { if (durability.state === 'saving') e.preventDefault() })

  // A refused upgrade (the document is unknown) looks like any failed connection; ask the API
  // (unless the page already shows why it could not open the document).
  let abandoned = false
  provider.on('connection-close', (event) => {
    if (event && event.code === 1006 && navigator.onLine) {
      getDocument(id).catch((e) => {
        if (e instanceof ApiError && e.status === 404 && !abandoned) connection.finish({ state: 'not-found' })
      })
    }
  })

  let info: DocumentInfo
  try {
    info = await described
  } catch (e) {
    abandoned = true
    provider.destroy()
    if (e instanceof ApiError && e.status === 404) return pageMessage(ui.page, 'Document not found', 'This document does not exist or has been deleted.')
    return pageMessage(ui.page, 'Cannot open the document', e instanceof Error ? e.message : String(e))
  }
  ui.title.textContent = info.title
  document.title = `${info.title} — Pacta`
  // the role decides whether the text is editable here (the server enforces it regardless)
  const access = documentAccess(id, info.role, await session)
  ui.indicator.el.after(access.el)
  // a convener's change of this user's role shows at once, and a reconnect brings any missed
  followRole(provider, access.setRole)
  const account = access.user()
  const user: PresenceUser = {
    ...(account ? { id: account.id } : {}),
    name: account?.displayName ?? savedName() ?? `Guest ${Math.floor(100 + Math.random() * 900)}`,
    color: ownColour(account?.id, ydoc.clientID),
  }
  publishUser(provider.awareness, user)

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
  // the provenance dialog (and the word diff it shows) is loaded when it is first opened, not with the editor
  const openProvenance = (articlePos: number, index: number) => {
    void import('./ui/provenance.js').then(({ openProvenanceDialog }) => {
      if (view) openProvenanceDialog(view, articlePos, index, (cid) => clauses.get(cid), canInsertClauses)
    })
  }
  const dialogs = dialogCommands(() => view)
  const finder = findBar(() => view)

  // review threads: their own channel, the sidebar and the highlights (ui/review-panel.ts); the
  // channels connect once the text is on screen (below): their documents (hundreds of threads)
  // arriving and being read while the editor is built delayed the text's first paint
  const annotations = new AnnotationsChannel(syncUrl(), id, { schema: String(SCHEMA_VERSION) }, { connect: false })
  const notes = new AnnotationsChannel(syncUrl(), id, { schema: String(SCHEMA_VERSION) }, { connect: false }, 'notes')
  let members: MemberInfo[] = []
  const review = reviewPanel({
    channel: annotations,
    notes,
    fragment,
    actor: () => { const u = access.user(); const role = access.role(); return u && role ? { userId: u.id, role } : null },
    members: () => members,
    onRender: () => outline?.showThreadCounts((entries) => review.countsFor(entries)),
    contentStored: () => new Promise<void>((resolve) => {
      if (durability.state !== 'saving') return resolve()
      const stop = durability.onChange((s) => { if (s !== 'saving') { stop(); resolve() } })
    }),
  })
  const loadMembers = () => listMembers(id).then((m) => { members = m; review.refresh() }, () => {})
  void loadMembers()

  let check: ReturnType<typeof checkPanel> | null = null
  let library: ReturnType<typeof libraryPanel> | null = null
  // the sidebar shows one panel at a time; the comments (threads in the margin) stay above the tabs
  const shown: Partial<Record<SidebarPanelId, () => void>> = {
    library: () => library?.seen(),
    check: () => check?.render(),
    audit: () => void access.audit.load(),
  }
  const tabs = sidebarTabs(SIDEBAR_PANELS.map((t) => ({ ...t, onShow: shown[t.id] })))
  const openCheck: Command = (_state, dispatch) => { if (dispatch) check?.open(); return check !== null }
  const pageCommands = {
    ...dialogs,
    comment: review.comment,
    check: openCheck,
    suggestInsert: review.suggestInsert,
    find: finder.find,
    replace: finder.replace,
    // the field is focused after the editor has taken the selection (and, from the toolbar, the focus)
    nextUnfilled: goToNextUnfilled((name) => setTimeout(() => params?.focus(name), 0), () => toast('No parameter is waiting for a value.')),
  }
  const state = createTreatyState({
    fragment,
    parameters,
    meta: ydoc.getMap<unknown>(META_MAP),
    awareness: provider.awareness,
    clauses,
    openProvenance,
    ...pageCommands,
    extraPlugins: review.plugins,
  })

  replaceChildren(ui.page)
  let tb: ReturnType<typeof editorToolbar> | null = null
  let outline: ReturnType<typeof outlinePanel> | null = null
  let footnotes: ReturnType<typeof footnotesList> | null = null
  let panelsPending = 0
  view = new EditorView(ui.page, {
    state,
    // focusable when read-only too, so a reviewer's Ctrl+Alt+M reaches the comment shortcut
    attributes: { class: 'treaty', spellcheck: 'true', 'aria-label': 'Treaty text', tabindex: '0' },
    editable: () => !readOnly && access.canWrite(),
    // a click on a parameter opens its value in the Parameters tab; Ctrl/Cmd-click on a reference goes to its target
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
      finder.update(v.state)
      outline?.update(tr)
      if (tr.docChanged) footnotes?.update()
      review.update(tr)
      // the parameters panel changes only when parameters are added, removed or given values
      const paramsChanged = tr.getMeta(parametersKey) !== undefined || tr.getMeta(provenanceKey) !== undefined || (tr.docChanged && !isTextEdit(tr, PARAMETER))
      library?.update()
      settings?.update()
      check?.update()
      if (paramsChanged && !panelsPending) panelsPending = requestAnimationFrame(() => { panelsPending = 0; params?.update() })
    },
  })
  const v = view
  const checkSources = { annotations: () => annotations.doc, fragment, clauses: (cid: string) => clauses.get(cid), library: () => clauses.fixes() }
  // a clause arriving from the library may show that the text's clause has been revised
  clauses.onChange(() => check?.update())
  tb = editorToolbar(v, {
    documentId: id,
    documentTitle: info.title,
    page: pageCommands,
    canInsertClauses,
    openLibrary: () => library?.open(),
    onClauseSaved: (c) => { clauses.put(c); library?.refresh() },
    exports: {
      findings: () => checkDocument(v, checkSources),
      select: (f) => selectFinding(v, f),
      canFinal: () => access.role() === 'convener',
    },
  })
  ui.toolbarHost.append(tb.el, finder.el)
  // The sidebar's panels, the footnotes under the text and the review threads' places are built
  // once the text is on screen (a task queued from the animation frame that paints it): the
  // outline alone is thousands of elements on a long treaty, laid out before the text's first
  // paint when built with it. The review channels connect after them.
  requestAnimationFrame(() => setTimeout(() => {
    if (v.isDestroyed) return
    check = checkPanel(v, checkSources, tabs.place('check'), { cache: clauses, canInsert: () => !readOnly && canInsertClauses() })
    outline = outlinePanel(v)
    footnotes = footnotesList(v)
    ui.page.append(footnotes.el)
    params = parametersPanel(v, () => !readOnly && access.canWrite(), {
      place: tabs.place('parameters'),
      next: pageCommands.nextUnfilled,
      onMissing: (n) => tabs.badge('parameters', n ? String(n) : '', `${n} required parameter${n === 1 ? '' : 's'} without a value`),
    })
    settings = settingsPanel(v, () => !readOnly && access.canWrite())
    library = libraryPanel(v, { cache: clauses, canInsert: canInsertClauses, place: tabs.place('library') })
    const people = presenceList(provider.awareness, user, {
      // a signed-in person's name is their account's: the server shows that name to everyone
      nameEditable: !account,
      onCount: (n) => tabs.badge('people', String(n), `${n} ${n === 1 ? 'person' : 'people'} here`),
    })
    tabs.mount('outline', outline.el)
    tabs.mount('parameters', params.el)
    tabs.mount('library', library.el)
    tabs.mount('check', check.el)
    tabs.mount('people', people.el)
    tabs.mount('settings', settings.el)
    tabs.mount('audit', access.audit.el)
    tabs.setAvailable('audit', access.canSeeAudit())
    ui.sidebar.append(review.el, tabs.el)
    tabs.start()
    review.attach(v, ui.page.parentElement ?? undefined)
    annotations.connect()
    notes.connect()
  }, 0))
  // colours follow who is present: a cursor already drawn takes its person's new colour
  provider.awareness.on('change', () => { const colours = presenceColours(provider.awareness); recolourCursors(v.dom, (c) => colours.get(c)) })
  access.onChange(() => { v.setProps({}); refreshToolbar(); params?.update(); settings?.update(); review.refresh(); tabs.setAvailable('audit', access.canSeeAudit()); void loadMembers() })
  refreshToolbar = () => { tb?.update(v.state); finder.update(v.state) }
  refreshToolbar()

  // Exposed for debugging from the console and for the browser tests.
  Object.assign(window, { pacta: { view: v, ydoc, provider, get library() { return library }, annotations } })
  if (!savedName() && !access.user()) askName(provider.awareness, user)
}

main().catch((e: unknown) => {
  console.error(e)
  const app = document.getElementById('app')
  if (app) replaceChildren(app, h('p', { class: 'page-message', role: 'alert' }, `The editor failed to start: ${e instanceof Error ? e.message : String(e)}`))
})
