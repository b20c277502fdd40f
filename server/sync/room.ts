// One document channel in memory: its Y.Doc, connections and presence; message dispatch, compaction, idle unload.
//
// Life of an update: a connection's message is decoded whole (protocol.ts), applied to the
// Y.Doc with the connection as transaction origin, and queued in the commit pipeline
// (commit-pipeline.ts), which stores it and, once it is durable, has it sent to every
// connection but its origin — as its writer sent it, so that its delete set says what the writer
// had (`applying`). A presence update from a connection whose updates are still
// being stored joins the queue behind them, so that nobody sees a cursor before the text it
// points into. Answers to sync step 1 also wait until the queue is stored, so no client ever
// receives state that a crash could lose.
//
// Where the bytes arrive, the room also enforces: writes only from connections whose role
// allows them on this channel (others are told, and their reads go on); presence only for the
// connection's own awareness client, with the real identity stamped in; in annotation and notes
// rooms, the review guard's judgement of each write against its sender (review-guard.ts); a cap on updates whose
// dependencies never arrive; and an update that Yjs cannot apply reloads the document from the
// store instead of keeping a half-applied state.
import * as Y from 'yjs'
import { contentSchemaVersion, markCurrentSchema, migrateContent } from '../../editor/model/migrate.js'
import { SCHEMA_VERSION } from '../../editor/model/schema.js'
import { CloseCode, REFUSED_WRITE_PREFIX } from '../../editor/model/sync-messages.js'
import { applyRemoteUpdate, stateAnswer } from '../../editor/model/unseen-deletions.js'
import type { Logger } from '../log.js'
import type { AppendResult, Channel, Store, StoredState } from '../store/store.js'
import { RoomAwareness } from './awareness.js'
import { CommitPipeline, isUpdate, type Queued } from './commit-pipeline.js'
import type { Connection } from './connection.js'
import { DEFAULT_SYNC_LIMITS } from './limits.js'
import { stampPresence } from './presence.js'
import type { WriteGuard } from './review-guard.js'
import { addsNothing } from './known-update.js'
import {
  decodeClientMessage, DurableStatus, encodeAwareness, encodeDurable, encodePermissionDenied, encodeRole, encodeSyncStep1, encodeSyncStep2,
  encodeUpdate, isEmptyStateVector, ProtocolError, type AwarenessEntry,
} from './protocol.js'

/** Whether Yjs holds back structs or deletions of `doc` whose dependencies have not arrived. */
const hasPending = (doc: Y.Doc): boolean => {
  const store = doc.store as unknown as { pendingStructs: unknown; pendingDs: unknown }
  return store.pendingStructs !== null || store.pendingDs !== null
}

/** Transaction origin of the updates read from the store when a room loads. */
const LOAD_ORIGIN = Symbol('load')

/** Transaction origin of what the room itself writes while serving (stored and sent to everyone). */
const SERVER_WRITE = Symbol('server')

/** How long to wait before retrying a failed store. */
const STORE_RETRY_MS = 1000

/** At most one permission-denied notice per connection in this interval (the stock client logs each). */
const DENIED_NOTICE_MS = 1000

/** Pending-structs overflows a connection may cause (each answered with a resync request) before it is closed. */
const MAX_PENDING_STRIKES = 3

/** Limits and collaborators a room needs. */
export interface RoomOptions {
  documentId: string
  channel: Channel
  store: Store
  log: Logger
  maxMessageBytes: number
  compactAfterUpdates: number
  idleUnloadMs: number
  /** Called when nobody has been connected for idleUnloadMs and nothing is pending. */
  onIdle: (room: Room) => void
  /** Called when the store reports the document gone (deleted while loaded). */
  onGone: (room: Room) => void
  /** Delay before a failed store is retried (default one second). */
  storeRetryMs?: number
  /** Sync limits that rooms apply (defaults from server/sync/limits.ts). */
  limits?: { maxPendingUpdateBytes?: number; maxPresenceBytes?: number }
  /** Called when an update from `conn` could not be applied: the room must be unloaded without compacting, then reloaded. */
  onTainted?: (room: Room, conn: Connection) => void
  /**
   * Judges each write the role allows before it is applied (the review guard of annotation and
   * notes rooms); a refused write is dropped and its sender told why.
   */
  guard?: (doc: Y.Doc) => WriteGuard
}

/** Counters for tests and benchmarks. */
export interface RoomStats {
  /** Times the full state for joining clients was encoded (once per document version). */
  initialStateEncodings: number
  /** Group-commit transactions and the updates they stored. */
  batches: number
  updatesStored: number
  compactions: number
  /** Write messages dropped because the connection may not write. */
  refusedWrites: number
  /** Times pending structs went over the cap and were dropped. */
  pendingOverflows: number
}

/** A loaded document channel. Created by Rooms; call `join`, `receive` and `leave` for each connection. */
export class Room {
  readonly doc: Y.Doc
  readonly awareness = new RoomAwareness<Connection>()
  readonly stats: RoomStats = { initialStateEncodings: 0, batches: 0, updatesStored: 0, compactions: 0, refusedWrites: 0, pendingOverflows: 0 }
  /** open: serving; closing: flushing before unload or shutdown, messages ignored; closed: gone. */
  state: 'open' | 'closing' | 'closed' = 'open'
  private readonly connections = new Set<Connection>()
  /** Stores updates in batches and sends them once durable; compactions run in its store queue too. */
  private readonly commits: CommitPipeline
  private compactionQueued = false
  private lastSeq: number
  private logLength: number
  /** The sync step 2 message for an empty state vector, valid until the next update. */
  private initialState: Uint8Array | null = null
  private idleTimer: NodeJS.Timeout | null = null
  /** Set when an update failed half-way: the in-memory doc must not be served or compacted. */
  private tainted = false
  /** Rooms that keep this one loaded while they are (an annotations room needs its content to check anchors). */
  private holds = 0
  private readonly guard: WriteGuard | null

  private constructor(readonly options: RoomOptions, doc: Y.Doc, lastSeq: number, logLength: number) {
    this.doc = doc
    this.lastSeq = lastSeq
    this.logLength = logLength
    this.guard = options.guard?.(doc) ?? null
    const { store, log, documentId, channel } = options
    this.commits = new CommitPipeline({
      write: (updates) => store.appendUpdates(documentId, channel, updates, Date.now()),
      onWriteFailed: (err, updates) =>
        log.error('storing updates failed; keeping them in memory and retrying', { document: documentId, channel, updates, error: String(err) }),
      onDurable: (stored, updates) => this.durableBatch(stored, updates),
      send: (item) => this.sendCommitted(item),
      onGone: () => options.onGone(this),
      retryMs: options.storeRetryMs ?? STORE_RETRY_MS,
    })
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.initialState = null
      const applying = this.applying
      const relay = applying && applying.conn === origin && !hasPending(doc) ? applying.bytes : undefined
      this.commits.add({ update, origin, ...(relay ? { relay } : {}) })
    })
  }

  /**
   * The stored snapshot the room was loaded from and its state vector, when that snapshot was all
   * it loaded (no logged updates, no migration): what a client sent that snapshot before the room
   * loaded holds (rooms.ts). Null otherwise.
   */
  loadedSnapshot: { bytes: Uint8Array; vector: Uint8Array } | null = null

  /** Loads a document channel from the store (or from `stored`, read from it already): its snapshot, then the updates logged since. */
  static async load(options: RoomOptions, stored?: StoredState): Promise<Room> {
    stored ??= await options.store.loadState(options.documentId, options.channel)
    const doc = new Y.Doc({ gc: true })
    Y.transact(doc, () => {
      if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, LOAD_ORIGIN)
      for (const update of stored.updates) Y.applyUpdate(doc, update, LOAD_ORIGIN)
    }, LOAD_ORIGIN)
    let { lastSeq } = stored
    let logLength = stored.updates.length
    let migrated = false
    if (options.channel === 'content') {
      // Content written for an older schema is migrated, and the migration stored, before anyone
      // syncs it: an editor of the current schema would delete every element it cannot build.
      const before = Y.encodeStateVector(doc)
      if (migrateContent(doc, LOAD_ORIGIN)) {
        const appended = await options.store.appendUpdates(options.documentId, 'content', [Y.encodeStateAsUpdate(doc, before)], Date.now())
        if (!appended) throw new Error(`document ${options.documentId} was deleted while it was being migrated`)
        lastSeq = appended.lastSeq
        logLength = appended.logLength
        migrated = true
        options.log.info('document migrated to the current schema', { document: options.documentId })
      }
    }
    const room = new Room(options, doc, lastSeq, logLength)
    // A document stored as one snapshot (as every document is after it was last unloaded) is the
    // state joining clients are sent, as stored: it is not encoded again from the loaded doc.
    if (stored.snapshot && stored.updates.length === 0 && !migrated) {
      room.initialState = encodeSyncStep2(stored.snapshot)
      room.loadedSnapshot = { bytes: stored.snapshot, vector: Y.encodeStateVector(doc) }
    }
    if (room.logLength >= options.compactAfterUpdates) void room.commits.enqueue(() => room.compact())
    room.startIdleTimer()
    return room
  }

  get documentId(): string { return this.options.documentId }
  get channel(): Channel { return this.options.channel }
  /** Number of connected clients. */
  get size(): number { return this.connections.size }
  /** The connections in this room (for role changes and diagnostics). */
  get members(): ReadonlySet<Connection> { return this.connections }

  /** Adds a connection and starts its sync: the server's step 1, then who is present. */
  join(conn: Connection): void {
    this.stopIdleTimer()
    this.connections.add(conn)
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
    const present = this.awareness.present()
    if (present.length > 0) conn.send(encodeAwareness(present))
  }

  /** Removes a connection and tells the others that its clients left. */
  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    const removed = this.awareness.removeOwner(conn)
    if (removed.length > 0) this.broadcast(encodeAwareness(removed), null)
    this.startIdleTimer()
  }

  /**
   * Handles one message from `conn`. A message that cannot be decoded, or is too large, closes
   * that connection with a reason and changes nothing; the room and the others carry on.
   */
  async receive(conn: Connection, data: Uint8Array): Promise<void> {
    if (this.state !== 'open' || conn.closed) return
    try {
      const message = decodeClientMessage(data, this.options.maxMessageBytes)
      switch (message.kind) {
        case 'sync-step1':
          return await this.answerStep1(conn, message.stateVector)
        case 'sync-step2':
        case 'update':
          if (!conn.canWrite) return this.refuseWrite(conn, message.empty || addsNothing(this.doc, message.update))
          return this.applyFrom(conn, message.update)
        case 'awareness':
          return this.receiveAwareness(conn, message.entries)
        case 'query-awareness':
          conn.send(encodeAwareness(this.awareness.present()))
          return
        case 'durable-request':
          return await this.answerDurable(conn, message.token)
        case 'role-request':
          conn.followsRole = true
          conn.send(encodeRole(conn.role))
          return
      }
    } catch (err) {
      if (err instanceof ProtocolError) return this.reject(conn, err.code, err.message)
      this.options.log.error('sync message failed', { ...this.logFields(conn), error: (err as Error)?.stack ?? String(err) })
      this.reject(conn, CloseCode.internal, 'internal error')
    }
  }

  /** Closes one connection with a code and reason, logs why, and removes it from the room. */
  reject(conn: Connection, code: number, reason: string): void {
    this.options.log.warn('sync connection closed', { ...this.logFields(conn), code, reason })
    conn.close(code, reason)
    this.leave(conn)
  }

  /**
   * Resolves once every update applied so far is stored (or the room has closed). Later updates
   * are not waited for, so a busy room cannot keep it waiting forever.
   */
  async durable(): Promise<void> {
    await this.commits.durable(() => this.tainted)
  }

  /** Asks a connection for everything the server lacks (sync step 1 with the server's state vector). */
  resync(conn: Connection): void {
    if (this.state === 'open' && this.connections.has(conn)) conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
  }

  /** Keeps the room loaded until the returned release is called, even with nobody connected. */
  hold(): () => void {
    this.holds++
    this.stopIdleTimer()
    let released = false
    return () => {
      if (released) return
      released = true
      this.holds--
      this.startIdleTimer()
    }
  }

  /** Sends a permission-denied notice at most once per DENIED_NOTICE_MS. */
  notifyDenied(conn: Connection, reason: string): void {
    const now = performance.now()
    if (now - conn.lastDeniedNotice < DENIED_NOTICE_MS) return
    conn.lastDeniedNotice = now
    conn.send(encodePermissionDenied(reason))
  }

  /**
   * Stores what is pending, compacts the log, closes every connection with `code` and frees
   * the document. Used for idle unload (no connections) and server shutdown (1001).
   */
  async unload(code: number = CloseCode.goingAway, reason = 'server shutting down'): Promise<void> {
    if (this.state !== 'open') return
    this.state = 'closing'
    this.stopIdleTimer()
    await this.commits.drain()
    for (const conn of this.connections) conn.close(code, reason)
    this.connections.clear()
    // A tainted doc may hold half an update; its log is right, so it is not folded into a snapshot.
    if (!this.tainted) await this.commits.enqueue(() => this.compact())
    this.state = 'closed'
    this.commits.close()
    this.doc.destroy()
  }

  /** Drops everything at once (the document was deleted): pending updates are discarded. */
  terminate(code: number, reason: string): void {
    if (this.state === 'closed') return
    this.state = 'closed'
    this.stopIdleTimer()
    this.commits.close()
    for (const conn of this.connections) conn.close(code, reason)
    this.connections.clear()
    this.doc.destroy()
  }

  /** A write from a connection whose role may not write here: dropped, and the client told why. */
  private refuseWrite(conn: Connection, changesNothing: boolean): void {
    // Every client answers the server's step 1 with a step 2 even when it has nothing new (empty,
    // or on a reconnect the deletions the room already has): it changes nothing, so it is no
    // write and not worth a notice.
    if (changesNothing) return
    this.stats.refusedWrites++
    conn.refusedSinceRequest++
    const what = this.channel === 'content' ? 'the treaty text' : 'annotations'
    this.notifyDenied(conn, `permission-denied: a ${conn.role} may not change ${what}; this connection is read-only`)
  }

  /** A write the room's guard refused: dropped, and the client told why. */
  private refuseGuarded(conn: Connection, reason: string): void {
    this.stats.refusedWrites++
    conn.refusedSinceRequest++
    this.options.log.info('sync write refused', { ...this.logFields(conn), user: conn.principal.userId, reason })
    this.notifyDenied(conn, REFUSED_WRITE_PREFIX + reason)
  }

  /**
   * The write being applied and its sender. What the room's document emits for it is stored, but
   * the writer's own bytes are sent on: their delete set lists what the writer deleted as far as it
   * had it, where the room's would add what the room had received inside a deleted element, which
   * the writer never saw (editor/model/unseen-deletions.ts tells those apart to put them back).
   */
  private applying: { conn: Connection; bytes: Uint8Array } | null = null

  /** Applies a write with `conn` as origin, then enforces the pending-structs cap. */
  private applyFrom(conn: Connection, update: Uint8Array): void {
    const mark = this.commits.mark
    try {
      const refused = this.guard?.admit(update, conn) ?? null
      if (refused !== null) return this.refuseGuarded(conn, refused)
      // (only when nothing waits for missing dependencies, before or after: what the document then
      // emits may hold another writer's held-back structs, which only its own encoding carries)
      this.applying = hasPending(this.doc) ? null : { conn, bytes: update }
      applyRemoteUpdate(this.doc, update, conn)
    } catch (err) {
      // Yjs emits what it integrated before failing; none of it may be stored or served.
      this.commits.discardFrom(mark)
      this.tainted = true
      this.options.log.error('an update could not be applied; reloading the document', { ...this.logFields(conn), error: String(err) })
      this.reject(conn, CloseCode.malformed, 'malformed message: update could not be applied')
      this.options.onTainted?.(this, conn)
      return
    } finally {
      this.applying = null
    }
    if (this.options.channel === 'content' && contentSchemaVersion(this.doc) !== SCHEMA_VERSION) {
      // the schema version is the server's to write: a client that changed it would have the
      // document migrated again on its next load. Restore it, and close that connection.
      this.doc.transact(() => markCurrentSchema(this.doc), SERVER_WRITE)
      return this.reject(conn, CloseCode.forbidden, 'the document\'s schema version is written by the server only')
    }
    const { pendingStructs, pendingDs } = this.doc.store
    const pendingBytes = (pendingStructs?.update.length ?? 0) + (pendingDs?.length ?? 0)
    const cap = this.options.limits?.maxPendingUpdateBytes ?? DEFAULT_SYNC_LIMITS.maxPendingUpdateBytes
    if (pendingBytes <= cap) return
    this.doc.store.pendingStructs = null
    this.doc.store.pendingDs = null
    this.stats.pendingOverflows++
    conn.pendingStrikes++
    if (conn.pendingStrikes >= MAX_PENDING_STRIKES) {
      return this.reject(conn, CloseCode.unprocessable, `updates whose dependencies never arrived exceeded ${cap} bytes ${MAX_PENDING_STRIKES} times`)
    }
    // A resync: the client answers with everything the server lacks, dependencies included.
    this.options.log.warn('pending updates over the cap dropped; asking the client to resync', { ...this.logFields(conn), bytes: pendingBytes })
    conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)))
  }

  private async answerDurable(conn: Connection, token: number): Promise<void> {
    const refused = conn.refusedSinceRequest
    conn.refusedSinceRequest = 0
    await this.durable()
    if (conn.closed || this.state !== 'open') return
    const waiting = this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null
    conn.send(encodeDurable(token, refused > 0 ? DurableStatus.refused : waiting ? DurableStatus.incomplete : DurableStatus.saved))
  }

  private async answerStep1(conn: Connection, stateVector: Uint8Array): Promise<void> {
    await this.durable()
    if (conn.closed || this.state !== 'open') return
    if (!isEmptyStateVector(stateVector)) {
      conn.send(encodeSyncStep2(stateAnswer(this.doc, stateVector)))
      return
    }
    if (this.initialState === null) {
      this.initialState = encodeSyncStep2(stateAnswer(this.doc))
      this.stats.initialStateEncodings++
    }
    conn.send(this.initialState)
  }

  private receiveAwareness(conn: Connection, entries: AwarenessEntry[]): void {
    const maxBytes = this.options.limits?.maxPresenceBytes ?? DEFAULT_SYNC_LIMITS.maxPresenceBytes
    const verdict = stampPresence(conn, entries, (id) => this.awareness.ownerOf(id), maxBytes)
    this.awareness.countDropped(verdict.dropped)
    const fresh = this.awareness.apply(verdict.entries, conn)
    if (fresh.length === 0) return
    // Sent back to the sender too: it ignores its own entries, and the echo is what keeps the
    // stock client's 30-second "no message received" watchdog from reconnecting a lone editor.
    const message = encodeAwareness(fresh)
    if (!this.commits.hasUnsent(conn)) return this.broadcast(message, null)
    this.commits.add({ presence: message })
  }

  private broadcast(message: Uint8Array, except: unknown): void {
    for (const conn of this.connections) if (conn !== except) conn.send(message)
  }

  /** A batch of `updates` is durable: the log grew, and may be due for compaction. */
  private durableBatch(stored: AppendResult, updates: number): void {
    this.lastSeq = Math.max(this.lastSeq, stored.lastSeq)
    this.logLength = stored.logLength
    this.stats.batches++
    this.stats.updatesStored += updates
    if (this.logLength >= this.options.compactAfterUpdates && !this.compactionQueued) {
      this.compactionQueued = true
      void this.commits.enqueue(() => {
        this.compactionQueued = false
        return this.compact()
      })
    }
  }

  /** Sends what the pipeline committed: an update to all but its sender, presence to all. */
  private sendCommitted(item: Queued): void {
    if (isUpdate(item)) this.broadcast(encodeUpdate(item.relay ?? item.update), item.origin)
    else this.broadcast(item.presence, null)
  }

  /** Folds the update log into a snapshot of the current state. Runs inside the pipeline's store queue. */
  private async compact(): Promise<void> {
    if (this.logLength === 0 || this.lastSeq === 0) return
    const { store, log, documentId, channel } = this.options
    try {
      // the content's schema is recorded with its snapshot, so the next load can send it before migrating (rooms.ts)
      const schema = channel === 'content' ? contentSchemaVersion(this.doc) : undefined
      await store.compact(documentId, channel, Y.encodeStateAsUpdate(this.doc), this.lastSeq, schema)
      this.logLength = 0
      this.stats.compactions++
    } catch (err) {
      // The log is intact, so nothing is lost; compaction is tried again after the next batch.
      log.error('compaction failed', { document: documentId, channel, error: String(err) })
    }
  }

  private startIdleTimer(): void {
    if (this.connections.size > 0 || this.holds > 0 || this.state !== 'open' || this.idleTimer) return
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null
      if (this.connections.size > 0 || this.holds > 0 || this.state !== 'open') return
      if (this.commits.busy) return this.startIdleTimer()
      this.options.onIdle(this)
    }, this.options.idleUnloadMs)
    this.idleTimer.unref()
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = null
  }

  private logFields(conn: Connection) {
    return { document: this.documentId, channel: this.channel, connection: conn.id, remote: conn.remote }
  }
}
