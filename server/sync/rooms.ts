// The rooms loaded in this process, keyed by document and channel: load on first join, unload when idle.
// Also the registry of live sync connections, through which role changes and removals reach them.
import type { Role } from '../../editor/model/permissions.js'
import { CloseCode } from '../../editor/model/sync-messages.js'
import type { Logger } from '../log.js'
import type { Channel, Store, StoredState } from '../store/store.js'
import { SCHEMA_VERSION } from '../../editor/model/schema.js'
import { ReviewGuard } from './review-guard.js'
import type * as Y from 'yjs'
import type { Connection } from './connection.js'
import { DEFAULT_SYNC_LIMITS, type SyncLimits } from './limits.js'
import { BadUpdatePenalties } from './penalties.js'
import { Room } from './room.js'
import { encodePermissionDenied as encodeDenied, encodeRole } from './protocol.js'

/** What Rooms needs from the configuration. */
export interface RoomsOptions {
  store: Store
  log: Logger
  maxMessageBytes: number
  compactAfterUpdates: number
  idleUnloadMs: number
  /** Sync limits rooms apply (pending-structs cap, presence size, hold after a bad update). */
  limits?: Partial<Pick<SyncLimits, 'maxPendingUpdateBytes' | 'maxPresenceBytes' | 'badUpdateCooldownMs'>>
  /** Told when a sync connection is accepted and when its socket closes (the audit log's joins and leaves). */
  onConnection?: (event: 'joined' | 'left', conn: Connection) => void
}

const keyOf = (documentId: string, channel: Channel) => `${channel}:${documentId}`

/**
 * How long a content room whose stored snapshot may be sent early waits, once it has read it,
 * for a joining client's first message (and the snapshot sent in answer to be written out)
 * before it builds its Y.Doc, which holds the event loop.
 */
const EARLY_ASK_WAIT_MS = 100

/**
 * How long a content room loaded ahead of its page's connection (`prepare`) holds its stored
 * state without building its Y.Doc, waiting for someone to need the room. Building holds the
 * event loop (a large treaty for a few hundred ms), and the page is meanwhile fetching its
 * scripts and styles from this server: built at once, it made the page wait for them.
 */
const PREPARED_WAIT_MS = 10_000

/**
 * How long a content room that has answered its joining client from the stored snapshot holds off
 * building its Y.Doc when nothing needs it sooner. The client has the whole document; the room is
 * needed for a write, for another connection to the document (a second client, the page's review
 * channels, which connect once the text is on screen) or to answer anything else, and is built at
 * once then. Built straight after the answer, it took the server's share of two cores while the
 * page was building the editor on the document just sent.
 */
const ANSWERED_WAIT_MS = 1000

/** A content channel's stored snapshot when it is all the document holds and is of the current schema. */
const earlySnapshot = (stored: StoredState): Uint8Array | null =>
  stored.snapshot && stored.updates.length === 0 && stored.snapshotSchema === SCHEMA_VERSION ? stored.snapshot : null

/**
 * Owns every Room. A room is loaded from the store by the first connection to its document
 * channel and unloaded (flushed, compacted, freed) after idleUnloadMs with nobody connected.
 */
export class Rooms {
  private readonly rooms = new Map<string, Promise<Room>>()
  /** Unloads in progress, so a join during one waits and then loads afresh. */
  private readonly unloading = new Map<string, Promise<void>>()
  private stopping = false
  /** Every open sync connection, whether or not its room has finished loading. */
  private readonly live = new Set<Connection>()
  private epoch = 0
  /** Signed-in users held back after an update Yjs could not apply. */
  private readonly penalties: BadUpdatePenalties
  /** Rooms loaded and not yet unloading, by key: the review guard reads the content room's doc from here. */
  private readonly loaded = new Map<string, Room>()
  /** Releases of the content rooms that annotation and notes rooms keep loaded, by the holder's key. */
  private readonly holds = new Map<string, () => void>()
  /**
   * Content rooms loading whose stored snapshot joining clients may be sent meanwhile
   * (earlySnapshot), by key, with what ends their wait for a first question: whether the snapshot
   * answered it.
   */
  private readonly early = new Map<string, { snapshot: Uint8Array; asked: (answered: boolean) => void }>()
  /**
   * Content rooms that wait to be needed before they build, by key: called when one is. Loaded
   * ahead of their first connection (prepare), or having answered it from the snapshot.
   */
  private readonly held = new Map<string, () => void>()

  constructor(private readonly options: RoomsOptions) {
    this.penalties = new BadUpdatePenalties(options.limits?.badUpdateCooldownMs ?? DEFAULT_SYNC_LIMITS.badUpdateCooldownMs)
  }

  /** How long `userId` is still refused sync after sending an update that could not be applied (ms; 0: not held). */
  heldBack(userId: string): number {
    return this.penalties.remaining(userId)
  }

  /** The room for a document channel, loading it if needed. Rejects when the server is stopping. */
  open(documentId: string, channel: Channel): Promise<Room> {
    return this.openRoom(documentId, channel, false)
  }

  private async openRoom(documentId: string, channel: Channel, ahead: boolean): Promise<Room> {
    const key = keyOf(documentId, channel)
    // the room is needed now: a load started ahead of it stops holding off
    if (!ahead) this.held.get(key)?.()
    for (;;) {
      if (this.stopping) throw new Error('server is shutting down')
      const pendingUnload = this.unloading.get(key)
      if (pendingUnload) { await pendingUnload; continue }
      let loading = this.rooms.get(key)
      if (!loading) {
        loading = this.load(documentId, channel, ahead)
        this.rooms.set(key, loading)
        loading.catch(() => { if (this.rooms.get(key) === loading) this.rooms.delete(key) })
      }
      const room = await loading
      if (room.state === 'open') return room
      await this.unloading.get(key)
    }
  }

  /**
   * While the room of `documentId`'s content is loading: its stored snapshot, when that is all the
   * document holds and is written for the current schema, so that a client asking for the whole
   * document can be sent it before the room has built its Y.Doc (ws.ts). It is durable (it was
   * read from the store) and it is exactly what the room loads. Null otherwise.
   */
  earlySnapshot(documentId: string, channel: Channel): Uint8Array | null {
    return this.early.get(keyOf(documentId, channel))?.snapshot ?? null
  }

  /**
   * Tells a loading room that the stored snapshot it offered (earlySnapshot) has been written to a
   * joining client in answer to its question: the room builds once it is needed, or soon.
   */
  answered(documentId: string, channel: Channel): void {
    this.early.get(keyOf(documentId, channel))?.asked(true)
  }

  /** Tells a loading room that a joining client needs it (a write, or a question the snapshot does not answer): it builds now. */
  needed(documentId: string, channel: Channel): void {
    const key = keyOf(documentId, channel)
    this.early.get(key)?.asked(false)
    this.held.get(key)?.()
  }

  /** Resolves after `ms`, or as soon as the room of `key` is needed (openRoom, needed, closeDocument, shutdown). */
  private holdUntilNeeded(key: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = () => {
        clearTimeout(timer)
        if (this.held.get(key) === release) this.held.delete(key)
        resolve()
      }
      const timer = setTimeout(release, ms)
      timer.unref()
      this.held.set(key, release)
    })
  }

  /**
   * Whether a document channel's room is loaded, or has read its stored state and waits to be
   * needed (ahead of its first connection, or having answered it from the snapshot; for tests and
   * diagnostics).
   */
  loadingOrLoaded(documentId: string, channel: Channel = 'content'): boolean {
    const key = keyOf(documentId, channel)
    return this.held.has(key) || this.loaded.has(key)
  }

  /** A loaded, open room, if there is one (for tests and diagnostics). */
  async peek(documentId: string, channel: Channel = 'content'): Promise<Room | undefined> {
    const room = await this.rooms.get(keyOf(documentId, channel))?.catch(() => undefined)
    return room?.state === 'open' ? room : undefined
  }

  /** Number of rooms in memory. */
  get size(): number {
    return this.rooms.size
  }

  /** Registers a sync connection so that role changes reach it; it unregisters itself when its socket closes. */
  track(conn: Connection): void {
    this.live.add(conn)
    this.options.onConnection?.('joined', conn)
    conn.socket.once('close', () => {
      this.live.delete(conn)
      this.options.onConnection?.('left', conn)
    })
  }

  /** Open sync connections of one user (both channels, every document). */
  connectionsOf(userId: string, documentId?: string): Connection[] {
    return [...this.live].filter((c) => c.principal.userId === userId && (documentId === undefined || c.documentId === documentId) && !c.closed)
  }

  /** Open sync connections from one address. */
  countFromAddress(remote: string): number {
    let n = 0
    for (const c of this.live) if (c.remote === remote && !c.closed) n++
    return n
  }

  /** Open sync connections of one user, for the per-user cap. */
  countOfUser(userId: string): number {
    let n = 0
    for (const c of this.live) if (c.principal.userId === userId && !c.closed) n++
    return n
  }

  /**
   * Bumped by every setRole/disconnectUser. The upgrade handler notes it before asking
   * SyncAccess and asks again if it moved, so a change made while an upgrade was in flight
   * is not missed.
   */
  get accessEpoch(): number {
    return this.epoch
  }

  /**
   * Applies a role change to `userId`'s open connections to `documentId` at once (synchronously,
   * so well within a second): a drafter made reviewer has their next content write refused; a
   * reviewer made drafter may write from the next message (and is asked to resync, which
   * brings the edits it made while read-only, now under its new role). Connections that asked
   * for their role ([101]) are sent the new one instead of the notice. `null` means the membership was
   * removed: those connections are closed with 4403 "removed from this document", which the
   * stock client treats as final. Returns how many connections were affected.
   */
  setRole(documentId: string, userId: string, role: Role | null): number {
    this.epoch++
    const affected = this.connectionsOf(userId, documentId)
    for (const conn of affected) {
      if (role === null) this.closeConnection(conn, CloseCode.forbidden, 'removed from this document')
      else {
        const couldWrite = conn.canWrite
        conn.setRole(role)
        if (conn.followsRole) conn.send(encodeRole(role))
        if (couldWrite && !conn.canWrite) {
          // A client that follows its role learns of it from that; the stock client gets a notice.
          if (!conn.followsRole) conn.send(encodeDenied(`permission-denied: your role is now ${role}; this connection is read-only`))
        } else if (!couldWrite && conn.canWrite) {
          // Edits refused earlier precede this client's next ones (Yjs applies a client's
          // changes in order), so the client is asked for everything the server lacks.
          void this.rooms.get(keyOf(conn.documentId, conn.channel))?.then((r) => r.resync(conn), () => {})
        }
      }
    }
    if (affected.length > 0) this.options.log.info('sync role changed', { document: documentId, user: userId, role: role ?? 'removed', connections: affected.length })
    return affected.length
  }

  /**
   * Closes every sync connection of `userId` (all documents) with `code` and `reason`, e.g.
   * 4401 "account disabled" when an account is disabled or its sessions are revoked.
   */
  disconnectUser(userId: string, code: number = CloseCode.unauthorized, reason = 'signed out'): number {
    this.epoch++
    const affected = this.connectionsOf(userId)
    for (const conn of affected) this.closeConnection(conn, code, reason)
    if (affected.length > 0) this.options.log.info('sync user disconnected', { user: userId, code, reason, connections: affected.length })
    return affected.length
  }

  private closeConnection(conn: Connection, code: number, reason: string): void {
    const room = this.rooms.get(keyOf(conn.documentId, conn.channel))
    conn.close(code, reason)
    void room?.then((r) => r.leave(conn), () => {})
  }

  /**
   * Starts loading a document's content room ahead of its first connection: its stored state is
   * read now, and its Y.Doc built once a connection (or anything else) needs the room, or after
   * PREPARED_WAIT_MS. A failure is left for that connection to meet.
   */
  prepare(documentId: string): void {
    if (!this.stopping) this.openRoom(documentId, 'content', true).catch(() => {})
  }

  /** Closes every connection to a deleted document (4410) and drops its rooms without storing. */
  closeDocument(documentId: string): void {
    // those still waiting for their room as well (answered from the snapshot, or just admitted)
    for (const conn of this.live) if (conn.documentId === documentId) conn.close(CloseCode.deleted, 'document deleted')
    for (const [key, loading] of [...this.rooms]) {
      if (!key.endsWith(`:${documentId}`)) continue
      this.held.get(key)?.()
      const channel = key.slice(0, -documentId.length - 1)
      this.rooms.delete(key)
      this.loaded.delete(key)
      this.holds.get(key)?.()
      this.holds.delete(key)
      loading.then((room) => {
        room.terminate(CloseCode.deleted, 'document deleted')
        this.options.log.info('document deleted while loaded; connections closed', { document: documentId, channel })
      }, () => {})
    }
  }

  /** Stores everything pending in every room, closes all connections with 1001 and unloads. */
  async shutdown(): Promise<void> {
    this.stopping = true
    for (const release of [...this.held.values()]) release()
    const rooms = await Promise.all([...this.rooms.values()].map((p) => p.catch(() => null)))
    await Promise.all(rooms.map((room) => room?.unload(CloseCode.goingAway, 'server shutting down')))
    await Promise.all(this.unloading.values())
    this.rooms.clear()
  }

  /**
   * The document's content Y.Doc if its room is loaded; otherwise null, and its loading starts
   * (a write judged meanwhile is refused with "try again").
   */
  private contentDoc(documentId: string): Y.Doc | null {
    const room = this.loaded.get(keyOf(documentId, 'content'))
    if (room && room.state === 'open') return room.doc
    if (!this.stopping) void this.open(documentId, 'content').catch(() => {})
    return null
  }

  private async load(documentId: string, channel: Channel, ahead = false): Promise<Room> {
    const { store, log, maxMessageBytes, compactAfterUpdates, idleUnloadMs, limits } = this.options
    const started = performance.now()
    const key = keyOf(documentId, channel)
    // Annotations and notes are judged against the content (anchors), which stays loaded with them.
    let guard: ((doc: Y.Doc) => ReviewGuard) | undefined
    if (channel !== 'content') {
      const content = await this.open(documentId, 'content')
      this.holds.set(key, content.hold())
      const kind = channel === 'annotations' ? 'annotations' : 'notes'
      guard = (doc) => new ReviewGuard(doc, { kind, content: () => this.contentDoc(documentId) })
    }
    let stored: StoredState | undefined
    if (channel === 'content') {
      stored = await store.loadState(documentId, channel)
      const snapshot = earlySnapshot(stored)
      // Joining clients are answered from the snapshot before the Y.Doc is built (their question
      // comes first: building it holds the event loop); the room loads once one needs it, or soon.
      let asked: (answered: boolean) => void = () => {}
      const question = new Promise<boolean>((resolve) => { asked = resolve })
      if (snapshot) this.early.set(key, { snapshot, asked })
      // loaded ahead of the page's connection: built once the room is needed (openRoom)
      if (ahead) await this.holdUntilNeeded(key, PREPARED_WAIT_MS)
      if (snapshot) {
        const answered = await Promise.race([question, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), EARLY_ASK_WAIT_MS).unref())])
        if (answered) await this.holdUntilNeeded(key, ANSWERED_WAIT_MS)
      }
    }
    const loading = Room.load({
      documentId, channel, store, log, maxMessageBytes, compactAfterUpdates, idleUnloadMs, limits, guard,
      onIdle: (r) => this.unloadIdle(r),
      // Clients reconnect on 1012 and get the document as stored, without the half-applied update.
      onTainted: (r, conn) => {
        this.unloadIdle(r, CloseCode.reloading, 'document reloading after a bad update')
        if (conn.principal.anonymous) return
        const ms = this.penalties.strike(conn.principal.userId)
        if (ms > 0) log.warn('sync user held back after an update that could not be applied', { user: conn.principal.userId, document: documentId, ms })
      },
      onGone: (r) => {
        this.closeDocument(r.documentId)
        r.terminate(CloseCode.deleted, 'document deleted')
      },
    }, stored)
    const room = await loading.catch((err: unknown) => {
      this.holds.get(key)?.()
      this.holds.delete(key)
      throw err
    }).finally(() => this.early.delete(key))
    log.debug('document loaded', { document: documentId, channel, ms: Math.round(performance.now() - started) })
    this.loaded.set(key, room)
    return room
  }

  private unloadIdle(room: Room, code?: number, reason?: string): void {
    const key = keyOf(room.documentId, room.channel)
    if (this.unloading.has(key)) return
    if (this.loaded.get(key) === room) this.loaded.delete(key)
    const done = room.unload(code, reason).then(
      () => this.options.log.debug('idle document unloaded', { document: room.documentId, channel: room.channel }),
      (err) => this.options.log.error('unloading a document failed', { document: room.documentId, error: String(err) }),
    ).finally(() => {
      // No other room can have been loaded under this key meanwhile: open() waits for the unload.
      this.unloading.delete(key)
      this.rooms.delete(key)
      this.holds.get(key)?.()
      this.holds.delete(key)
    })
    this.unloading.set(key, done)
  }
}
