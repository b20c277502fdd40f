// Sync test peers: a role-granting SyncAccess, stock clients with a user, and a raw y-protocols peer (a modified client).
import type { IncomingMessage } from 'node:http'
import * as decoding from 'lib0/decoding'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { SCHEMA_VERSION } from '../../editor/model/index.js'
import type { Role } from '../../editor/model/permissions.js'
import type { AccessGrant, AccessRefusal, SyncAccess } from '../../server/sync/access.js'
import {
  decodeAwarenessUpdate, encodeSyncStep1, encodeSyncStep2, MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_DURABLE, MESSAGE_SYNC,
  SYNC_STEP1, SYNC_STEP2, SYNC_UPDATE, type AwarenessEntry,
} from '../../server/sync/protocol.js'

/**
 * A SyncAccess for tests: the user is the `user` query parameter, the role comes from `roles`
 * (key `documentId:userId`); no parameter → 401, no role → 403. Principal names are "User <id>".
 */
export class TestAccess implements SyncAccess {
  readonly roles = new Map<string, Role>()
  calls = 0

  grant(documentId: string, userId: string, role: Role | null): void {
    if (role === null) this.roles.delete(`${documentId}:${userId}`)
    else this.roles.set(`${documentId}:${userId}`, role)
  }

  async authorize(req: IncomingMessage, documentId: string): Promise<AccessGrant | AccessRefusal> {
    this.calls++
    const user = new URL(req.url ?? '/', 'http://x').searchParams.get('user')
    if (!user) return { status: 401, reason: 'sign in to open this document' }
    const role = this.roles.get(`${documentId}:${user}`)
    if (!role) return { status: 403, reason: 'not a member of this document' }
    return { principal: { userId: user, name: `User ${user}`, colorKey: user === 'ann' ? '#d20f39' : 'key-' + user }, role }
  }
}

/** A stock y-websocket client signed in as `user` (BroadcastChannel off: everything goes through the server). */
export function stockClient(syncUrl: string, room: string, user: string, doc = new Y.Doc()): { doc: Y.Doc; provider: WebsocketProvider; synced(): Promise<void>; destroy(): void } {
  const provider = new WebsocketProvider(syncUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { schema: String(SCHEMA_VERSION), user },
    maxBackoffTime: 200,
  })
  return {
    doc, provider,
    synced: () => provider.synced ? Promise.resolve() : new Promise((resolve) => {
      const on = (s: boolean) => { if (s) { provider.off('sync', on); resolve() } }
      provider.on('sync', on)
    }),
    destroy: () => { provider.destroy(); doc.destroy() },
  }
}

/**
 * A modified client speaking raw y-protocols: it keeps a Y.Doc of what the server sent (its
 * reads), answers nothing on its own, and sends whatever bytes a test gives it.
 */
export class RawPeer {
  readonly doc = new Y.Doc()
  readonly received: Uint8Array[] = []
  readonly denied: string[] = []
  readonly durable: { token: number; status: number }[] = []
  readonly awareness: AwarenessEntry[][] = []
  /** Sync step 1 messages from the server (its own at join, or resync requests). */
  serverStep1 = 0
  gotStep2 = false
  closed: Promise<{ code: number; reason: string }>
  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })))
    ws.on('message', (data) => this.onMessage(new Uint8Array(data as Buffer)))
  }

  /** Opens a socket; rejects with `status` when the upgrade is refused. `send` runs on open, before anything is read. */
  static open(url: string, options: { headers?: Record<string, string>; localAddress?: string; onOpen?: (ws: WebSocket) => void } = {}): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: options.headers, localAddress: options.localAddress })
      const peer = new RawPeer(ws)
      ws.on('unexpected-response', (_req, res) => {
        let body = ''
        res.on('data', (c) => { body += c })
        res.on('end', () => reject(Object.assign(new Error(`refused with ${res.statusCode}: ${body}`), { status: res.statusCode, body })))
      })
      ws.on('error', reject)
      ws.on('open', () => { options.onOpen?.(ws); resolve(peer) })
    })
  }

  private onMessage(m: Uint8Array): void {
    this.received.push(m)
    const d = decoding.createDecoder(m)
    const type = decoding.readVarUint(d)
    if (type === MESSAGE_SYNC) {
      const step = decoding.readVarUint(d)
      if (step === SYNC_STEP1) { this.serverStep1++; return }
      const update = decoding.readVarUint8Array(d)
      Y.applyUpdate(this.doc, update, 'server')
      if (step === SYNC_STEP2) this.gotStep2 = true
    } else if (type === MESSAGE_AUTH) {
      decoding.readVarUint(d)
      this.denied.push(decoding.readVarString(d))
    } else if (type === MESSAGE_DURABLE) {
      this.durable.push({ token: decoding.readVarUint(d), status: decoding.readVarUint(d) })
    } else if (type === MESSAGE_AWARENESS) {
      this.awareness.push(decodeAwarenessUpdate(decoding.readVarUint8Array(d)))
    }
    void SYNC_UPDATE
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  send(bytes: Uint8Array | number[]): void {
    this.ws.send(Uint8Array.from(bytes))
  }

  /** Asks for the server's state (step 1 with this peer's state vector). */
  requestState(): void {
    this.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
  }

  /** Answers the server's step 1 the way the stock client would, with everything in `doc`. */
  answerWith(doc: Y.Doc): void {
    this.send(encodeSyncStep2(Y.encodeStateAsUpdate(doc)))
  }

  /** Waits for the first step 2 (the peer can read). */
  async synced(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!this.gotStep2) {
      if (Date.now() > deadline) throw new Error('raw peer never received sync step 2')
      await new Promise((r) => setTimeout(r, 5))
    }
  }

  close(): void {
    this.ws.close()
  }
}

/**
 * Makes a change on a copy of `base` under client id `clientId` and returns the update it
 * produced (what a modified client would send).
 */
export function craft(base: Y.Doc, change: (doc: Y.Doc) => void, clientId = 900_000 + Math.floor(Math.random() * 1000)): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientId
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base))
  const before = Y.encodeStateVector(doc)
  change(doc)
  return Y.encodeStateAsUpdate(doc, before)
}
