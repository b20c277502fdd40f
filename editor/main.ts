// Opens one document's page: the layout and its banners, the Y.Doc and its sync connection, the
// document's description and the person's access; once the document has arrived, the editor and
// the panels around it (editor-page.ts). That module is loaded while the page connects, so the
// connection is made, and the document travels, while the editor's code is fetched and run.
import 'prosemirror-view/style/prosemirror.css'
import 'prosemirror-gapcursor/style/gapcursor.css'
import './ui/base.css'
import './ui/editor.css'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { SCHEMA_VERSION } from './model/schema-version.js'
import { ApiError, getDocument, type DocumentInfo } from './api.js'
import { currentSession } from './account-api.js'
import { ownColour, publishUser, savedName, type PresenceUser } from './collab/presence.js'
import { watchConnection } from './collab/status.js'
import { trackDurability } from './collab/durability.js'
import { followRole } from './collab/role.js'
import { batchRemoteUpdates } from './collab/remote-batch.js'
import { keepAlive } from './collab/heartbeat.js'
import { h, replaceChildren } from './ui/dom.js'
import { pageLayout, pageMessage, revealPage } from './ui/layout.js'
import { editingBanners } from './ui/banners.js'
import { askName } from './ui/name-dialog.js'
import { documentAccess } from './ui/document-access.js'
import './ui/people.css'
import type { MountedEditor } from './editor-page.js'

/** The document id from the page address: `/d/<id>` (or `?id=<id>` when served by the Vite dev server). */
function documentId(): string | null {
  const match = /^\/d\/([^/]+)\/?$/.exec(location.pathname)
  if (match) return decodeURIComponent(match[1]!)
  return new URLSearchParams(location.search).get('id')
}

/** The provider's events the page waits for, with the value each passes. */
interface ProviderEvents { status: { status: string }; sync: boolean }

/** Resolves at the first `event` of `provider` whose value passes `test`. */
function firstEvent<E extends keyof ProviderEvents>(provider: WebsocketProvider, event: E, test: (value: ProviderEvents[E]) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const listener = (value: ProviderEvents[E]) => {
      if (!test(value)) return
      provider.off(event, listener as never)
      resolve()
    }
    provider.on(event, listener as never)
  })
}

/** How long the page's regions wait for the document before they are shown anyway. */
const PAGE_SHOWN_WITHIN_MS = 200

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
  // The page's regions are shown with the document, or after a moment without it (a message shown
  // instead of the editor shows them too): laid out sooner, they held the page's thread while the
  // connection opened and the document arrived, which both wait for that thread.
  void firstEvent(provider, 'sync', (synced) => synced).then(revealPage)
  setTimeout(revealPage, PAGE_SHOWN_WITHIN_MS)

  // The editor's code (fetched meanwhile: the page's head preloads it) is run once the connection
  // has opened and asked for the document, while the document travels: run at once, it held the
  // page's thread, and the question waited for it.
  const editorPage = firstEvent(provider, 'status', ({ status }) => status !== 'connecting').then(() => import('./editor-page.js'))

  let editor: MountedEditor | null = null
  let stopped = false
  const stopEditing = () => { stopped = true; editor?.stopEditing() }
  const banners = editingBanners(ui, { stopEditing, mounted: () => editor !== null })
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
  if (!provider.synced) await firstEvent(provider, 'sync', (synced) => synced)

  const { mountEditor } = await editorPage
  editor = mountEditor({ ui, id, info, ydoc, provider, durability, access, user, stopped: () => stopped, syncUrl: syncUrl() })
  if (!savedName() && !access.user()) askName(provider.awareness, user)
}

main().catch((e: unknown) => {
  console.error(e)
  revealPage()
  const app = document.getElementById('app')
  if (app) replaceChildren(app, h('p', { class: 'page-message', role: 'alert' }, `The editor failed to start: ${e instanceof Error ? e.message : String(e)}`))
})
