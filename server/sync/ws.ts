// The sync endpoint: HTTP upgrades on /sync/<documentId>, checked, then handed to the document's room.
//
// Order of checks, each refusing with an HTTP status and a JSON body before any WebSocket
// exists: the path (404), shutdown (503), connections from this address (429), the Origin
// (403), SyncAccess (its status: 401/403 from the accounts layer), the document (404), the
// user's connections (429). Then the socket is accepted and, if the editor announced a
// different schema version, closed at once with 4426 before any sync message is read or sent.
// Paths: /sync/<id> is the content Y.Doc, /sync/<id>/annotations the annotations Y.Doc, and
// /sync/<id>/notes the signed-in person's own private notes (a room per document and person:
// the user comes from SyncAccess, never from the path, so nobody can open another's notes).
import type { IncomingMessage, Server } from 'node:http'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import { SCHEMA_VERSION } from '../../editor/model/index.js'
import { CloseCode, encodePing, isPing } from '../../editor/model/sync-messages.js'
import type { Logger } from '../log.js'
import { notesChannel, type Channel } from '../store/store.js'
import { isGrant, type AccessGrant, type SyncAccess } from './access.js'
import { Connection } from './connection.js'
import { ReasonedWebSocket } from './frames.js'
import { guardHandshakes } from './handshakes.js'
import { DEFAULT_SYNC_LIMITS, type SyncLimits } from './limits.js'
import { originVerdict } from './origin.js'
import { TokenBucket } from './rate.js'
import type { Room } from './room.js'
import { decodeClientMessage, encodeSyncStep1, encodeSyncStep2, isEmptyStateVector } from './protocol.js'
import type { Rooms } from './rooms.js'
import { clientAddressOf, NO_PROXY, type ProxyTrust } from '../http/client-address.js'

/** Path prefix of the sync endpoint; y-websocket appends `/<documentId>` to its server URL. */
export const SYNC_PATH = '/sync'

/** How often each socket is pinged; one that has not answered the previous ping is dropped. */
const HEARTBEAT_MS = 30_000

/** How long stop() waits for closing sockets before cutting them. */
const CLOSE_GRACE_MS = 1000

/** Document ids as minted by the documents service. */
const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/

/** What the upgrade handler needs. */
export interface SyncOptions {
  rooms: Rooms
  /** Whether a document exists (the documents service). */
  documentExists: (id: string) => Promise<boolean>
  log: Logger
  maxMessageBytes: number
  /** Who may connect, with which role (start() passes `AccessService.syncAccess`). */
  access: SyncAccess
  /** Caps and rates (defaults: DEFAULT_SYNC_LIMITS). */
  limits?: Readonly<SyncLimits>
  /** Which peers are trusted reverse proxies (TRUST_PROXY): their X-Forwarded-For names the client. Default none. */
  proxyTrust?: ProxyTrust
}

/** The attached endpoint; `refuseNew()` makes later upgrades fail with 503 during shutdown. */
export interface SyncEndpoint {
  refuseNew(): void
  close(): Promise<void>
}

/** A parsed sync path: which document and which of its Y.Docs ('notes': the connecting person's own). */
export function parseSyncPath(pathname: string): { documentId: string; channel: 'content' | 'annotations' | 'notes' | 'unsupported' } | null {
  const m = /^\/sync\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname)
  if (!m) return null
  let documentId: string
  try { documentId = decodeURIComponent(m[1]!) } catch { return null }
  const named = m[2]
  const channel = named === undefined ? 'content' : named === 'annotations' || named === 'notes' ? named : 'unsupported'
  return { documentId, channel }
}

/**
 * What the `schema` query parameter says about the editor: null when it may sync, otherwise the
 * close code and reason. Absent means a plain y-websocket client, which is allowed.
 */
export function schemaVerdict(param: string | null): { code: number; reason: string } | null {
  if (param === null) return null
  if (!/^\d{1,9}$/.test(param)) return { code: CloseCode.malformed, reason: `malformed schema parameter "${param.slice(0, 40)}"` }
  const version = Number(param)
  if (version < SCHEMA_VERSION) return { code: CloseCode.schemaMismatch, reason: 'schema outdated: reload the editor' }
  if (version > SCHEMA_VERSION) return { code: CloseCode.schemaMismatch, reason: 'server is older than this editor' }
  return null
}

/** Answers an upgrade request with a plain HTTP error and a JSON body, then closes the socket. */
function refuse(socket: Duplex, status: number, error: string): void {
  const body = JSON.stringify({ status, error })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' + body,
  )
}

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data

/**
 * What a message that arrives while its room loads asks of the room: `everything` for sync step 1
 * with an empty state vector (a client that holds nothing of the document: the stored snapshot
 * answers it), `later` for what can wait for the room to be built, as it waits now (the editor's
 * role request, sent before its sync step 1 on every connect, and presence), `now` for anything
 * else (a write, a question the snapshot does not answer, a message that cannot be read).
 */
function earlyNeed(bytes: Uint8Array, maxBytes: number): 'everything' | 'later' | 'now' {
  try {
    const message = decodeClientMessage(bytes, maxBytes)
    if (message.kind === 'role-request' || message.kind === 'awareness' || message.kind === 'query-awareness') return 'later'
    return message.kind === 'sync-step1' && isEmptyStateVector(message.stateVector) ? 'everything' : 'now'
  } catch {
    // the room closes the connection over it when it reads the message
    return 'now'
  }
}

/** Attaches the sync endpoint to `server`'s upgrade event (the WebSocket server has no port of its own). */
export function attachSync(server: Server, options: SyncOptions): SyncEndpoint {
  const { rooms, documentExists, log, maxMessageBytes, access } = options
  const limits = options.limits ?? DEFAULT_SYNC_LIMITS
  const proxyTrust = options.proxyTrust ?? NO_PROXY
  // Twice the limit: ws itself refuses larger frames (1009, "message too large") from their
  // header, before buffering them; between the two the room closes with 4413 naming the limit.
  // Fragments per message are capped too, so endless fragments end in 1009 rather than memory.
  const wss = new WebSocketServer({
    noServer: true, maxPayload: maxMessageBytes * 2, perMessageDeflate: false,
    maxFragments: 1024, WebSocket: ReasonedWebSocket as typeof WebSocket,
  })
  const handshakes = guardHandshakes(server, { timeoutMs: limits.handshakeTimeoutMs, maxPerAddress: limits.maxPendingHandshakesPerAddress })
  let refusing = false
  /** Upgrades between their arrival and their socket joining (they count toward the per-address cap). */
  const upgrading = new Map<string, number>()

  // A client that vanished without closing (sleeping laptop, dropped network) would keep its
  // presence and its room alive; pings find it and terminate the socket, which leaves the room.
  const answered = new WeakMap<WebSocket, boolean>()
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (answered.get(ws) === false) { ws.terminate(); continue }
      answered.set(ws, false)
      ws.ping()
    }
  }, HEARTBEAT_MS)
  heartbeat.unref()

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (err) => log.debug('upgrade socket error', { error: err.message }))
    handle(req, socket, head).catch((err) => {
      log.error('sync upgrade failed', { url: req.url, error: (err as Error)?.stack ?? String(err) })
      if (socket.writable) refuse(socket, 500, 'internal server error')
    })
  }

  async function handle(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const target = parseSyncPath(url.pathname)
    if (!target) return refuse(socket, 404, `no sync endpoint at ${url.pathname.slice(0, 100)}`)
    if (refusing) return refuse(socket, 503, 'server is shutting down')
    const remote = clientAddressOf(req, proxyTrust)
    if (rooms.countFromAddress(remote) + (upgrading.get(remote) ?? 0) >= limits.maxConnectionsPerAddress) {
      log.warn('sync refused: too many connections from one address', { remote, limit: limits.maxConnectionsPerAddress })
      return refuse(socket, 429, `too many sync connections from this address (limit ${limits.maxConnectionsPerAddress})`)
    }
    upgrading.set(remote, (upgrading.get(remote) ?? 0) + 1)
    try {
      await admit(req, socket, head, url, target, remote)
    } finally {
      const n = (upgrading.get(remote) ?? 1) - 1
      if (n <= 0) upgrading.delete(remote)
      else upgrading.set(remote, n)
    }
  }

  async function admit(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, target: NonNullable<ReturnType<typeof parseSyncPath>>, remote: string): Promise<void> {
    const badOrigin = originVerdict(req, limits)
    if (badOrigin) {
      log.warn('sync refused: origin', { remote, origin: String(req.headers.origin ?? '').slice(0, 100), reason: badOrigin })
      return refuse(socket, 403, badOrigin)
    }
    const { documentId, channel } = target
    if (!DOCUMENT_ID.test(documentId)) return refuse(socket, 404, `document ${documentId.slice(0, 64)} does not exist`)
    let grant: AccessGrant | null = null
    // A role change made while SyncAccess was answering would be missed; ask again if one happened.
    for (let attempt = 0; attempt < 3 && grant === null; attempt++) {
      const epoch = rooms.accessEpoch
      const result = await access.authorize(req, documentId)
      if (!isGrant(result)) {
        log.info('sync refused by access', { document: documentId, remote, status: result.status, reason: result.reason })
        return refuse(socket, result.status, result.reason)
      }
      if (rooms.accessEpoch === epoch) grant = result
    }
    if (grant === null) return refuse(socket, 503, 'access changed repeatedly during the upgrade; retry')
    if (!(await documentExists(documentId))) {
      log.info('sync refused: unknown document', { document: documentId.slice(0, 64) })
      return refuse(socket, 404, `document ${documentId.slice(0, 64)} does not exist`)
    }
    if (channel === 'unsupported') return refuse(socket, 404, `no sync channel at ${url.pathname.slice(0, 100)}`)
    const { principal } = grant
    const room: Channel = channel === 'notes' ? notesChannel(principal.userId) : channel
    if (!principal.anonymous && rooms.countOfUser(principal.userId) >= limits.maxConnectionsPerUser) {
      log.warn('sync refused: too many connections for one user', { user: principal.userId, limit: limits.maxConnectionsPerUser })
      return refuse(socket, 429, `too many sync connections for this user (limit ${limits.maxConnectionsPerUser})`)
    }
    const held = principal.anonymous ? 0 : rooms.heldBack(principal.userId)
    if (held > 0) {
      log.warn('sync refused: held back after a bad update', { user: principal.userId, ms: held })
      return refuse(socket, 429, `sync refused for ${Math.ceil(held / 1000)} s: an update from this account could not be applied`)
    }
    if (socket.destroyed || !socket.writable) return
    const verdict = schemaVerdict(url.searchParams.get('schema'))
    const admitted = grant
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (verdict) {
        // Nothing is read from or sent on this socket: an outdated editor must not sync.
        log.info('sync refused: schema version', { document: documentId, code: verdict.code, reason: verdict.reason, remote })
        ws.close(verdict.code, verdict.reason)
        return
      }
      connect(ws, documentId, room, remote, admitted)
    })
  }

  function connect(ws: WebSocket, documentId: string, channel: Channel, remote: string, grant: AccessGrant): void {
    const conn = new Connection(ws, documentId, channel, remote, { ...grant, maxBufferedBytes: limits.maxBufferedBytes, log })
    rooms.track(conn)
    answered.set(ws, true)
    ws.on('pong', () => answered.set(ws, true))
    const rate = new TokenBucket(limits.ratePerSecond, limits.rateBurst)
    // Messages that arrive while the room loads wait here, in order, up to a budget.
    let room: Room | null = null
    const early: Uint8Array[] = []
    let earlyBytes = 0
    // While the room loads, a client asking for the whole document may be sent the stored snapshot
    // (Rooms.earlySnapshot); its question then stands, for the room, as one for what came after it.
    let sent: { question: Uint8Array; snapshot: Uint8Array } | null = null
    let decided = false
    const answerEarly = (bytes: Uint8Array): void => {
      const need = earlyNeed(bytes, maxMessageBytes)
      if (need === 'later') return
      const snapshot = decided ? null : rooms.earlySnapshot(documentId, channel)
      decided = true
      if (!snapshot || need !== 'everything') {
        rooms.needed(documentId, channel)
        return
      }
      // the room waits until the snapshot is on its way: building it holds the event loop, which writes it out
      conn.send(encodeSyncStep2(snapshot), () => rooms.answered(documentId, channel))
      sent = { question: bytes, snapshot }
    }
    const closeWith = (code: number, reason: string) => {
      log.warn('sync connection closed', { document: documentId, channel, connection: conn.id, remote, code, reason })
      conn.close(code, reason)
      room?.leave(conn)
    }
    ws.on('message', (data, isBinary) => {
      if (conn.closed) return
      if (!rate.take()) return closeWith(CloseCode.rateLimited, `too many messages: the limit is ${limits.ratePerSecond} per second`)
      if (!isBinary) return closeWith(CloseCode.malformed, 'malformed message: text frames are not part of the sync protocol')
      const bytes = toBytes(data)
      // the heartbeat is answered here, at once, whether or not the document has loaded
      if (isPing(bytes)) return void conn.send(encodePing())
      if (room) return void room.receive(conn, bytes)
      earlyBytes += bytes.length
      if (earlyBytes > maxMessageBytes * 2) return closeWith(CloseCode.tooLarge, 'too much data sent before the document loaded')
      answerEarly(bytes)
      early.push(bytes)
    })
    ws.on('error', (err) => log.info('sync socket error', { document: documentId, connection: conn.id, error: err.message }))
    ws.on('close', () => room?.leave(conn))
    rooms.open(documentId, channel).then((opened) => {
      if (conn.closed) return
      room = opened
      opened.join(conn)
      for (const bytes of early.splice(0)) {
        // a room loaded from the snapshot sent answers with what came after it; any other, with everything
        const loaded = opened.loadedSnapshot
        const asked = sent && bytes === sent.question && loaded?.bytes === sent.snapshot ? encodeSyncStep1(loaded.vector) : bytes
        void opened.receive(conn, asked)
      }
    }, (err) => {
      if (refusing) log.info('sync connection closed: server shutting down', { document: documentId })
      else log.error('loading a document for sync failed', { document: documentId, error: String(err) })
      conn.close(refusing ? CloseCode.goingAway : CloseCode.internal, refusing ? 'server shutting down' : 'document could not be loaded')
    })
  }

  server.on('upgrade', onUpgrade)
  return {
    refuseNew: () => { refusing = true },
    close: async () => {
      server.off('upgrade', onUpgrade)
      handshakes.detach()
      clearInterval(heartbeat)
      // Sockets closed by their rooms get a moment to finish the close handshake, so clients
      // see 1001 rather than a dropped connection; anything left after that is cut.
      for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.close(CloseCode.goingAway, 'server shutting down')
      const closing = [...wss.clients].map((ws) => ws.readyState === ws.CLOSED ? null : new Promise((r) => ws.once('close', r)))
      await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref())])
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
    },
  }
}
