// The default Store: one SQLite file (better-sqlite3, WAL) under DATA_DIR, each write fsynced off the event loop.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { SqliteSynchronous } from '../config.js'
import type { Logger } from '../log.js'
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js'
import type { AccountStore } from './accounts.js'
import { sqliteAccounts } from './sqlite-accounts.js'
import type { SavedClauseStore } from './saved-clauses.js'
import { sqliteSavedClauses } from './sqlite-saved-clauses.js'
import type { AppendResult, Channel, DocumentRecord, InitialMember, InitialState, Store, StoredState } from './store.js'
import { reserveWal } from './wal-reserve.js'
import { WalSync } from './wal-sync.js'

/** File name of the database inside DATA_DIR. */
export const SQLITE_FILE = 'pacta.sqlite'

/** How long a write waits for another connection's write lock (e.g. a second process reading the file). */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000

const SQL = {
  listDocuments: `SELECT id, title, created_at AS createdAt, updated_at AS updatedAt FROM documents ORDER BY updated_at DESC, id`,
  getDocument: `SELECT id, title, created_at AS createdAt, updated_at AS updatedAt FROM documents WHERE id = ?`,
  insertDocument: `INSERT INTO documents (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)`,
  insertMember: `INSERT INTO memberships (document_id, user_id, role, added_at) VALUES (?, ?, ?, ?)`,
  renameDocument: `UPDATE documents SET title = ?, updated_at = ? WHERE id = ?`,
  deleteDocument: `DELETE FROM documents WHERE id = ?`,
  touchDocument: `UPDATE documents SET updated_at = max(updated_at, ?) WHERE id = ?`,
  getSnapshot: `SELECT data, schema_version AS schemaVersion FROM doc_snapshots WHERE document_id = ? AND channel = ?`,
  upsertSnapshot: `INSERT INTO doc_snapshots (document_id, channel, data, updated_at, schema_version) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (document_id, channel) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, schema_version = excluded.schema_version`,
  listUpdates: `SELECT seq, data FROM doc_updates WHERE document_id = ? AND channel = ? ORDER BY seq`,
  insertUpdate: `INSERT INTO doc_updates (document_id, channel, data) VALUES (?, ?, ?)`,
  countUpdates: `SELECT count(*) AS n FROM doc_updates WHERE document_id = ? AND channel = ?`,
  dropUpdatesThrough: `DELETE FROM doc_updates WHERE document_id = ? AND channel = ? AND seq <= ?`,
  getMeta: `SELECT value FROM meta WHERE key = ?`,
  setMeta: `INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
} as const

type Statements = { [K in keyof typeof SQL]: Database.Statement }

/** better-sqlite3 binds Buffers, not bare Uint8Arrays; this views the same bytes without copying. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** Options for opening the SQLite store. */
export interface SqliteStoreOptions {
  dataDir: string
  synchronous: SqliteSynchronous
  log: Logger
}

/** Brings the database schema up to date, one transaction per migration. */
function migrate(db: Database.Database, log: Logger): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let i = current; i < SQLITE_MIGRATIONS.length; i++) {
    const migration = SQLITE_MIGRATIONS[i]!
    db.transaction(() => {
      db.exec(migration.sql)
      db.pragma(`user_version = ${i + 1}`)
    })()
    log.info('database migrated', { migration: migration.name })
  }
}

/**
 * Opens (creating if needed) the SQLite database in `dataDir`, in WAL mode, and migrates it.
 * Every write runs in a transaction that has committed, and is durable to the level of
 * `synchronous`, before the returned promise resolves.
 *
 * With FULL, commits run with SQLite's `synchronous = NORMAL` and each method that changed
 * something then waits for a WalSync: an fdatasync of the WAL on libuv's thread pool that began
 * after its commit, shared by the commits of the same turn. The result is as durable as SQLite's
 * FULL (the commit's frames are on disk before the caller hears of it), but the event loop never
 * waits for the disk: it goes on serving while syncs run, and what it commits meanwhile starts
 * its own sync beside them. NORMAL and OFF are passed to SQLite as they are, without the extra sync.
 */
export function openSqliteStore({ dataDir, synchronous, log }: SqliteStoreOptions): Store & AccountStore & SavedClauseStore {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, SQLITE_FILE)
  const db = new Database(file)
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${synchronous}`)
  db.pragma('foreign_keys = ON')
  migrate(db, log)
  try {
    reserveWal(db, `${file}-wal`)
  } catch (err) {
    // Only a speed-up: commits then grow the WAL as they go, as SQLite does by default.
    log.warn('could not reserve space for the WAL; commits will grow it', { error: String(err) })
  }
  const walSync = synchronous === 'FULL' ? new WalSync(`${file}-wal`) : null
  if (walSync) db.pragma('synchronous = NORMAL')

  const st = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Statements

  const createDocument = db.transaction((record: DocumentRecord, initial: InitialState[], members: InitialMember[]) => {
    st.insertDocument.run(record.id, record.title, record.createdAt, record.updatedAt)
    for (const { channel, state, schemaVersion } of initial) st.upsertSnapshot.run(record.id, channel, asBuffer(state), record.createdAt, schemaVersion ?? null)
    for (const m of members) st.insertMember.run(record.id, m.userId, m.role, record.createdAt)
  })

  const appendUpdates = db.transaction((id: string, channel: Channel, updates: Uint8Array[], at: number): AppendResult | null => {
    if (st.touchDocument.run(at, id).changes === 0) return null
    let lastSeq = 0
    for (const update of updates) lastSeq = Number(st.insertUpdate.run(id, channel, asBuffer(update)).lastInsertRowid)
    const { n } = st.countUpdates.get(id, channel) as { n: number }
    return { lastSeq, logLength: n }
  })

  // Drops only seq <= throughSeq: updates logged after the snapshot was taken keep their place.
  const compact = db.transaction((id: string, channel: Channel, snapshot: Uint8Array, throughSeq: number, schemaVersion: number | null) => {
    if (!st.getDocument.get(id)) return
    st.upsertSnapshot.run(id, channel, asBuffer(snapshot), Date.now(), schemaVersion)
    st.dropUpdatesThrough.run(id, channel, throughSeq)
  })

  const loadState = db.transaction((id: string, channel: Channel): StoredState => {
    const snap = st.getSnapshot.get(id, channel) as { data: Buffer; schemaVersion: number | null } | undefined
    const rows = st.listUpdates.all(id, channel) as { seq: number; data: Buffer }[]
    const state: StoredState = { snapshot: snap?.data ?? null, updates: rows.map((r) => r.data), lastSeq: rows.at(-1)?.seq ?? 0 }
    if (snap) state.snapshotSchema = snap.schemaVersion
    return state
  })

  let open = true
  const store: Store & AccountStore & SavedClauseStore = {
    ...sqliteAccounts(db),
    ...sqliteSavedClauses(db),
    listDocuments: async () => st.listDocuments.all() as DocumentRecord[],
    getDocument: async (id) => (st.getDocument.get(id) as DocumentRecord | undefined) ?? null,
    createDocument: async (record, initial, members = []) => { createDocument(record, initial, members) },
    renameDocument: async (id, title, at) => {
      if (st.renameDocument.run(title, at, id).changes === 0) return null
      return st.getDocument.get(id) as DocumentRecord
    },
    deleteDocument: async (id) => st.deleteDocument.run(id).changes > 0,
    loadState: async (id, channel) => loadState(id, channel),
    appendUpdates: async (id, channel, updates, at) => appendUpdates(id, channel, updates, at),
    compact: async (id, channel, snapshot, throughSeq, schemaVersion) => { compact(id, channel, snapshot, throughSeq, schemaVersion ?? null) },
    getMeta: async (key) => (st.getMeta.get(key) as { value: string } | undefined)?.value ?? null,
    setMeta: async (key, value) => { st.setMeta.run(key, value) },
    close: async () => {
      if (!open) return
      open = false
      // Calls already made, and their syncs, finish before the connection (and with it the WAL file) goes away.
      await Promise.allSettled(calls)
      await walSync?.close()
      db.close()
    },
  }
  const calls = new Set<Promise<unknown>>()
  return guarded(store, db, walSync, () => open, calls)
}

/**
 * Wraps every method of `store`: refused once the store is closing (close() waits for the calls
 * already made), and, with a WalSync, one that changed the database resolves only after a WAL
 * sync. Whether it wrote is read from SQLite's own count of changed rows, so a write method
 * added later is covered without being listed here.
 */
function guarded<T extends object>(store: T, db: Database.Database, walSync: WalSync | null, isOpen: () => boolean, calls: Set<Promise<unknown>>): T {
  const changes = db.prepare('SELECT total_changes() AS n').pluck()
  const wrapped = { ...store } as Record<string, unknown>
  for (const [name, method] of Object.entries(store)) {
    if (typeof method !== 'function' || name === 'close') continue
    const call = async (args: unknown[]) => {
      const before = walSync ? (changes.get() as number) : 0
      const result: unknown = await (method as (...a: unknown[]) => unknown)(...args)
      if (walSync && (changes.get() as number) !== before) await walSync.sync()
      return result
    }
    wrapped[name] = (...args: unknown[]) => {
      if (!isOpen()) return Promise.reject(new Error('the store is closed'))
      const running = call(args)
      calls.add(running)
      void running.catch(() => {}).finally(() => calls.delete(running))
      return running
    }
  }
  return wrapped as T
}
