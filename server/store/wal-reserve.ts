// Grows SQLite's WAL file to the size it reaches between checkpoints, so commits overwrite it in place.
//
// SQLite appends each commit's frames to the WAL and, once a checkpoint has copied them into
// the database, starts again from the beginning of the same file. Until the file has reached
// its full size, every commit makes it longer, and the fdatasync that makes the commit durable
// must then write the file's new size as well as its frames. Growing the file once at open
// removes that second write from every commit's path: afterwards each sync writes frames only.
//
// The file is grown through SQLite itself, without changing the database: a transaction writes
// a zero-filled blob larger than its page cache, so SQLite spills the pages into the WAL as
// uncommitted frames, and is then rolled back. Frames that belong to no commit are ignored by
// readers and by recovery, and later commits overwrite them.
import type Database from 'better-sqlite3'
import { statSync } from 'node:fs'

/** Bytes of one WAL frame header, and of the WAL file header (SQLite's file format). */
const FRAME_HEADER_BYTES = 24
const WAL_HEADER_BYTES = 32

/** Pages of slack above the checkpoint threshold: a commit that crosses it is checkpointed after it is written. */
const SLACK_PAGES = 100

/** Page cache used while growing the file, small so that the blob's pages spill into the WAL. */
const SPILL_CACHE_PAGES = 16

/**
 * Grows the WAL of `db` (whose file is `walPath`) to hold a full checkpoint interval of frames.
 * Does nothing when the database is not in WAL mode or the file is already that large.
 * Returns the WAL file's size afterwards. Throws what SQLite threw (e.g. the disk is full),
 * leaving the database as it was.
 */
export function reserveWal(db: Database.Database, walPath: string): number {
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') return 0
  const pageSize = db.pragma('page_size', { simple: true }) as number
  const interval = db.pragma('wal_autocheckpoint', { simple: true }) as number
  const target = WAL_HEADER_BYTES + (Math.max(interval, 0) + SLACK_PAGES) * (pageSize + FRAME_HEADER_BYTES)
  const size = () => { try { return statSync(walPath).size } catch { return 0 } }
  if (size() >= target) return size()
  const cacheSize = db.pragma('cache_size', { simple: true }) as number
  db.pragma(`cache_size = ${SPILL_CACHE_PAGES}`)
  try {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec('CREATE TABLE wal_reserve (b BLOB)')
      db.prepare('INSERT INTO wal_reserve (b) VALUES (zeroblob(?))').run(target)
    } finally {
      // A full disk can make SQLite roll the transaction back by itself.
      if (db.inTransaction) db.exec('ROLLBACK')
    }
  } finally {
    db.pragma(`cache_size = ${cacheSize}`)
  }
  return size()
}
