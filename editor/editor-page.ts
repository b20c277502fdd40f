// The editor and the page around it, built once the shared document has arrived: the ProseMirror
// view with the treaty plugins (editor-state.ts), the toolbar, the find bar, the review threads and
// the sidebar's panels. main.ts loads this module while it connects, so that the document travels
// while this code is fetched and run.
import type * as Y from 'yjs'
import type { WebsocketProvider } from 'y-websocket'
import { EditorView } from 'prosemirror-view'
import type { Command } from 'prosemirror-state'
import { SCHEMA_VERSION } from './model/schema-version.js'
import { CONTENT_FRAGMENT, META_MAP, PARAMETERS_MAP } from './model/ydoc.js'
import type { DocumentInfo } from './api.js'
import { parametersKey } from './plugins/parameters.js'
import { isTextEdit } from './plugins/text-edit.js'
import { createTreatyState } from './editor-state.js'
import { presenceColours, type PresenceUser } from './collab/presence.js'
import { recolourCursors } from './ui/cursor-label.js'
import type { DurabilityTracker } from './collab/durability.js'
import { replaceChildren } from './ui/dom.js'
import type { PageLayout } from './ui/layout.js'
import { editorToolbar } from './ui/editor-toolbar.js'
import { goToUnit } from './ui/navigation.js'
import { outlinePanel } from './ui/outline.js'
import { presenceList } from './ui/presence.js'
import { parametersPanel } from './ui/parameters-panel.js'
import { settingsPanel } from './ui/settings-panel.js'
import { dialogCommands } from './ui/dialogs.js'
import type { DocumentAccess } from './ui/document-access.js'
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
import { afterPaint } from './after-paint.js'

const PARAMETER = new Set(['parameter'])

/** What the page has set up before the editor is built: the document, its connection and the person. */
export interface EditorPageContext {
  ui: PageLayout
  id: string
  info: DocumentInfo
  ydoc: Y.Doc
  provider: WebsocketProvider
  durability: DurabilityTracker
  access: DocumentAccess
  user: PresenceUser
  /** Whether the page has stopped editing (a banner said why); the view is then read-only. */
  stopped: () => boolean
  /** The sync endpoint (the review channels connect to it too). */
  syncUrl: string
}

/** The mounted editor, as the page's banners reach it. */
export interface MountedEditor {
  view: EditorView
  /** Makes the view and the panels read-only (the page has stopped editing). */
  stopEditing(): void
}

/** Builds the editor on the synced document of `ctx`, and the page's toolbar and panels around it. */
export function mountEditor(ctx: EditorPageContext): MountedEditor {
  const { ui, id, info, ydoc, provider, durability, access, user, stopped } = ctx
  const account = access.user()
  let view: EditorView | null = null
  let params: ReturnType<typeof parametersPanel> | null = null
  let settings: ReturnType<typeof settingsPanel> | null = null

  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  const parameters = ydoc.getMap<string>(PARAMETERS_MAP)
  // library clauses named by the document's provenance records, fetched once each
  const clauses = new ClauseCache()
  const canInsertClauses = () => !stopped() && !!view?.editable
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
  const annotations = new AnnotationsChannel(ctx.syncUrl, id, { schema: String(SCHEMA_VERSION) }, { connect: false })
  const notes = new AnnotationsChannel(ctx.syncUrl, id, { schema: String(SCHEMA_VERSION) }, { connect: false }, 'notes')
  let members: MemberInfo[] = []
  const review = reviewPanel({
    channel: annotations,
    notes,
    fragment,
    actor: () => { const u = access.user(); const role = access.role(); return u && role ? { userId: u.id, role } : null },
    members: () => members,
    onRender: () => outline?.showThreadCounts((entries) => review.countsFor(entries)),
    contentStored: () => durability.settled().then(() => {}),
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
    editable: () => !stopped() && access.canWrite(),
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
  afterPaint(() => {
    if (v.isDestroyed) return
    check = checkPanel(v, checkSources, tabs.place('check'), { cache: clauses, canInsert: () => !stopped() && canInsertClauses() })
    outline = outlinePanel(v)
    footnotes = footnotesList(v)
    ui.page.append(footnotes.el)
    params = parametersPanel(v, () => !stopped() && access.canWrite(), {
      place: tabs.place('parameters'),
      next: pageCommands.nextUnfilled,
      onMissing: (n) => tabs.badge('parameters', n ? String(n) : '', `${n} required parameter${n === 1 ? '' : 's'} without a value`),
    })
    settings = settingsPanel(v, () => !stopped() && access.canWrite())
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
  })
  // colours follow who is present: a cursor already drawn takes its person's new colour
  provider.awareness.on('change', () => { const colours = presenceColours(provider.awareness); recolourCursors(v.dom, (c) => colours.get(c)) })
  const refreshToolbar = () => { tb?.update(v.state); finder.update(v.state) }
  access.onChange(() => { v.setProps({}); refreshToolbar(); params?.update(); settings?.update(); review.refresh(); tabs.setAvailable('audit', access.canSeeAudit()); void loadMembers() })
  refreshToolbar()

  // Exposed for debugging from the console and for the browser tests.
  Object.assign(window, { pacta: { view: v, ydoc, provider, get library() { return library }, annotations } })
  return {
    view: v,
    stopEditing() { v.setProps({}); refreshToolbar(); params?.update(); settings?.update() },
  }
}
