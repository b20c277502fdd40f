// The update-log writer thread's program: its own SQLite connection, one transaction per batch of requests.
//
// It is kept as JavaScript source and started with `new Worker(source, { eval: true })`, so it
// runs the same way under tsx, under Vitest and inside a bundled test child: a worker file
// looked up next to this module would not exist in a bundle, and a .ts file would need a loader
// in the thread. The code is small and plain; `tests/store/update-writer.test.ts` covers it.
//
// Protocol (see update-writer.ts): requests `{ id, op: 'append' | 'compact', … }` and one
// `{ id, op: 'close' }`; answers `{ replies: [{ id, ok, result | error }] }`, posted only once
// the transaction holding those requests has committed (fsynced under `synchronous = FULL`).
// Requests that arrived while the previous transaction was committing are stored together in
// the next one (group commit across rooms); each runs in its own savepoint, so one request's
// error fails only that request. The thread also checkpoints the WAL, after answering.

/** The writer thread's source. workerData: `{ file, synchronous, busyTimeoutMs, driver, checkpointEvery? }`. */
export const UPDATE_WRITER_SOURCE = String.raw`
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)

const db = new Database(workerData.file)
db.pragma('synchronous = ' + workerData.synchronous)
db.pragma('foreign_keys = ON')
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs)
// SQLite would checkpoint inside the commit that fills the WAL, so that commit's answer would
// wait for the copy into the database file; this thread checkpoints after answering instead.
db.pragma('wal_autocheckpoint = 0')

const st = {
  touch: db.prepare('UPDATE documents SET updated_at = max(updated_at, ?) WHERE id = ?'),
  exists: db.prepare('SELECT 1 FROM documents WHERE id = ?'),
  insert: db.prepare('INSERT INTO doc_updates (document_id, channel, data) VALUES (?, ?, ?)'),
  count: db.prepare('SELECT count(*) AS n FROM doc_updates WHERE document_id = ? AND channel = ?'),
  snapshot: db.prepare('INSERT INTO doc_snapshots (document_id, channel, data, updated_at) VALUES (?, ?, ?, ?) ' +
    'ON CONFLICT (document_id, channel) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at'),
  dropThrough: db.prepare('DELETE FROM doc_updates WHERE document_id = ? AND channel = ? AND seq <= ?'),
}

// better-sqlite3 binds Buffers; structured clone delivers Uint8Arrays. Same bytes, no copy.
const buf = (u) => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

const ops = {
  // null: the document is gone (deleted meanwhile); nothing stored.
  append(r) {
    if (st.touch.run(r.at, r.documentId).changes === 0) return null
    let lastSeq = 0
    for (const u of r.updates) lastSeq = Number(st.insert.run(r.documentId, r.channel, buf(u)).lastInsertRowid)
    return { lastSeq, logLength: st.count.get(r.documentId, r.channel).n }
  },
  // Drops only seq <= throughSeq: updates appended after the snapshot was taken stay in the log.
  compact(r) {
    if (!st.exists.get(r.documentId)) return null
    st.snapshot.run(r.documentId, r.channel, buf(r.snapshot), r.at)
    st.dropThrough.run(r.documentId, r.channel, r.throughSeq)
    return { logLength: st.count.get(r.documentId, r.channel).n }
  },
}

const describe = (err) => ({ message: String(err && err.message || err), code: err && err.code })

// Nested inside the batch's transaction, each request is a savepoint of its own.
const one = db.transaction((r) => {
  const op = ops[r.op]
  if (!op) throw new Error('unknown request ' + r.op)
  return op(r)
})
const batch = db.transaction((requests) => requests.map((r) => {
  try {
    return { id: r.id, ok: true, result: one(r) }
  } catch (err) {
    // An error that ended the whole transaction (disk full, I/O) fails the whole batch.
    if (!db.inTransaction) throw err
    return { id: r.id, ok: false, error: describe(err) }
  }
}))

let queue = []
let closing = null
let scheduled = false
// A small commit writes about five WAL pages: this keeps the WAL near SQLite's default of 1000.
const CHECKPOINT_EVERY = workerData.checkpointEvery || 200
let sinceCheckpoint = 0

function checkpoint() {
  sinceCheckpoint = 0
  // PASSIVE never waits for readers; what it cannot copy now is copied next time.
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch {}
}

function run() {
  scheduled = false
  const requests = queue
  queue = []
  if (requests.length > 0) {
    let replies
    try {
      replies = batch.immediate(requests)
    } catch (err) {
      const error = describe(err)
      replies = requests.map((r) => ({ id: r.id, ok: false, error }))
    }
    parentPort.postMessage({ replies })
    if (++sinceCheckpoint >= CHECKPOINT_EVERY) checkpoint()
  }
  if (closing && queue.length === 0) {
    db.close()
    parentPort.postMessage({ replies: [{ id: closing.id, ok: true, result: null }] })
    parentPort.close()
  }
}

parentPort.on('message', (r) => {
  if (r.op === 'close') closing = r
  else queue.push(r)
  // Every message already waiting is delivered before this runs, so they share one transaction.
  if (!scheduled) { scheduled = true; setImmediate(run) }
})
`
