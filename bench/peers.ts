// One client connection per server kind: the stock y-websocket WebsocketProvider for Pacta and the
// reference server, and Hocuspocus's own provider for Hocuspocus, which speaks its own protocol.
import WebSocket from 'ws'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import { HocuspocusProvider, type HocuspocusProviderConfiguration } from '@hocuspocus/provider'
import { SCHEMA_VERSION } from '../editor/model/schema.js'

/**
 * The servers under test. Besides Pacta and the two peers, two variants measure what persisting
 * costs: `yws-durable` is the reference server holding everything it sends until the updates
 * received before are on disk (the least a server that persists every update before broadcasting
 * it must wait); `pacta-sync-off` is Pacta with SQLite's `synchronous = OFF` (commits not
 * fsynced), not run by default.
 */
export type ServerKind = 'pacta' | 'pacta-sync-off' | 'yws' | 'yws-durable' | 'hocuspocus'

/** Whether `kind` is a Pacta server (its REST API, /sync path and schema check). */
export const isPacta = (kind: ServerKind): boolean => kind.startsWith('pacta')

/** The peers Pacta is compared with: the other servers as they are, not the variants. */
export const isPeer = (kind: ServerKind): boolean => kind === 'yws' || kind === 'hocuspocus'

/** Whether `kind` writes to disk, and so needs a DATA_DIR of its own. */
export const persists = (kind: ServerKind): boolean => isPacta(kind) || kind === 'yws-durable'

/** Display names, in report order. */
export const SERVER_NAMES: Record<ServerKind, string> = {
  pacta: 'Pacta',
  'pacta-sync-off': 'Pacta (synchronous OFF)',
  yws: '@y/websocket-server',
  'yws-durable': '@y/websocket-server, durable',
  hocuspocus: 'Hocuspocus',
}

/** Where a client connects: the server's WebSocket base URL, the document's name there, and a session cookie if it needs one. */
export interface Endpoint { kind: ServerKind; wsUrl: string; docName: string; cookie?: string }

/** The `ws` WebSocket class, sending `cookie` with its handshake (the stock provider takes a class, not options). */
function webSocketClass(cookie: string | undefined): unknown {
  if (!cookie) return WebSocket
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } })
    }
  }
}

/** A connected client: its document, its presence, a promise of the first full sync, and a way out. */
export interface Peer {
  doc: Y.Doc
  awareness: Awareness
  synced: Promise<void>
  destroy(): void
}

/** Opens a client connection for `doc` to the document at `ep`. */
export function connectPeer(ep: Endpoint, doc: Y.Doc): Peer {
  if (ep.kind === 'hocuspocus') {
    // The ws polyfill is passed through to the socket the provider makes for itself (Node 20
    // has no global WebSocket); the public configuration type does not list it.
    const provider = new HocuspocusProvider({
      url: ep.wsUrl, name: ep.docName, document: doc, WebSocketPolyfill: WebSocket,
    } as HocuspocusProviderConfiguration)
    const synced = new Promise<void>((resolve) => {
      if (provider.isSynced) resolve()
      provider.on('synced', ({ state }: { state: boolean }) => { if (state) resolve() })
    })
    return { doc, awareness: provider.awareness!, synced, destroy: () => provider.destroy() }
  }
  // Pacta serves sync under /sync/<id> and checks the editor's schema version; the reference
  // server takes the document name from the whole path.
  const base = isPacta(ep.kind) ? `${ep.wsUrl}/sync` : ep.wsUrl
  const params: Record<string, string> = isPacta(ep.kind) ? { schema: String(SCHEMA_VERSION) } : {}
  const provider = new WebsocketProvider(base, ep.docName, doc, {
    // disableBc: clients in one Node process would otherwise talk over BroadcastChannel and
    // bypass the server being measured.
    WebSocketPolyfill: webSocketClass(ep.cookie) as unknown as typeof globalThis.WebSocket, disableBc: true, params,
  })
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve()
    provider.on('sync', (state: boolean) => { if (state) resolve() })
  })
  return { doc, awareness: provider.awareness, synced, destroy: () => provider.destroy() }
}
