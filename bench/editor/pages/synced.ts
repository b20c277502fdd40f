// The document of the two editor pages that sync with a stock y-websocket server (y-prosemirror's
// and the treaty editor's), as both connect to it.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

/**
 * The page's document (the room named by the page's `?room=`) over a stock y-websocket provider
 * from the page's own host, once it has synced: both editor pages are mounted after the first
 * sync, as Pacta mounts its editor.
 */
export async function syncedDocument(): Promise<{ ydoc: Y.Doc; provider: WebsocketProvider }> {
  const room = new URLSearchParams(location.search).get('room') ?? 'unclos'
  const ydoc = new Y.Doc()
  // the provider's defaults, as Pacta's page has them (updates are also posted to other tabs over a BroadcastChannel)
  const provider = new WebsocketProvider(`ws://${location.host}`, room, ydoc)
  provider.awareness.setLocalStateField('user', { name: 'Bench', color: '#1f77b4' })
  await new Promise<void>((resolve) => {
    const onSync = (synced: boolean) => { if (synced) { provider.off('sync', onSync); resolve() } }
    provider.on('sync', onSync)
  })
  return { ydoc, provider }
}
