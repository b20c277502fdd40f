// The default Store: one SQLite file (better-sqlite3, WAL) under DATA_DIR; update logs written from a thread.
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
import type { Channel, DocumentRecord, InitialMember, Store, StoredState } from './store.js'
import { UpdateWriter } from './update-writer.js'

/** File name of the database inside DATA_DIR. */
export const SQLITE_FILE = 'pacta.sqlite'

/**
 * How long a write waits for the other connection's write lock (the main thread's and the
 * update writer's). Commits take milliseconds; this only has to outlast a slow disk's fsync.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000

const SQL = {
  listDocuments: `SELECT id, title, created_at AS createdAt, updated_at AS updatedAt FROM documents ORDER BY updated_at DESC, id`,
  getDocument: `SELECT id, title, created_at AS createdAt, updated_at AS updatedAt FROM documents WHERE id = ?`,
  insertDocument: `INSERT INTO documents (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)`,
  insertMember: `INSERT INTO memberships (document_id, user_id, role, added_at) VALUES (?, ?, ?, ?)`,
  renameDocument: `UPDATE documents SET title = ?, updated_at = ? WHERE id = ?`,
  deleteDocument: `DELETE FROM documents WHERE id = ?`,
  getSnapshot: `SELECT data FROM doc_snapshots WHERE document_id = ? AND channel = ?`,
  upsertSnapshot: `INSERT INTO doc_snapshots (document_id, channel, data, updated_at) VALUES (?, ?, ?, ?)
    ON CONFLICT (document_id, channel) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  listUpdates: `SELECT seq, data FROM doc_updates WHERE document_id = ? AND channel = ? ORDER BY seq`,
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
 * Opens (creating if needed) the SQLite database in `dataDir`, in WAL mode with the given
 * `synchronous` level, and migrates it. Every write runs in a transaction that has committed
 * before the returned promise resolves.
 *
 * Update logs (`appendUpdates`, `compact`) are written by an UpdateWriter thread on its own
 * connection, so their fsyncs do not stall the event loop; everything else runs here on the
 * main thread. Transactions that write start IMMEDIATE (taking the write lock before reading),
 * so the two connections wait for each other (busy_timeout) instead of failing with SQLITE_BUSY.
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
  const writer = new UpdateWriter({ file, synchronous, busyTimeoutMs: SQLITE_BUSY_TIMEOUT_MS, log })

  const st = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Statements

  const createDocument = db.transaction((record: DocumentRecord, initial: { channel: Channel; state: Uint8Array }[], members: InitialMember[]) => {
    st.insertDocument.run(record.id, record.title, record.createdAt, record.updatedAt)
    for (const { channel, state } of initial) st.upsertSnapshot.run(record.id, channel, asBuffer(state), record.createdAt)
    for (const m of members) st.insertMember.run(record.id, m.userId, m.role, record.createdAt)
  })

  const loadState = db.transaction((id: string, channel: Channel): StoredState => {
    const snap = st.getSnapshot.get(id, channel) as { data: Buffer } | undefined
    const rows = st.listUpdates.all(id, channel) as { seq: number; data: Buffer }[]
    return { snapshot: snap?.data ?? null, updates: rows.map((r) => r.data), lastSeq: rows.at(-1)?.seq ?? 0 }
  })

  let open = true
  return {
    ...sqliteAccounts(db),
    ...sqliteSavedClauses(db),
    listDocuments: async () => st.listDocuments.all() as DocumentRecord[],
    getDocument: async (id) => (st.getDocument.get(id) as DocumentRecord | undefined) ?? null,
    createDocument: async (record, initial, members = []) => { createDocument.immediate(record, initial, members) },
    renameDocument: async (id, title, at) => {
      if (st.renameDocument.run(title, at, id).changes === 0) return null
      return st.getDocument.get(id) as DocumentRecord
    },
    deleteDocument: async (id) => st.deleteDocument.run(id).changes > 0,
    loadState: async (id, channel) => loadState(id, channel),
    appendUpdates: (id, channel, updates, at) => writer.append(id, channel, updates, at),
    compact: async (id, channel, snapshot, throughSeq) => { await writer.compact(id, channel, snapshot, throughSeq, Date.now()) },
    getMeta: async (key) => (st.getMeta.get(key) as { value: string } | undefined)?.value ?? null,
    setMeta: async (key, value) => { st.setMeta.run(key, value) },
    close: async () => {
      if (!open) return
      open = false
      // Everything already asked of the writer commits before the connections close.
      await writer.close()
      db.close()
    },
  }
}
