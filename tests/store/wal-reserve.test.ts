// The WAL is grown once at open so that commits overwrite it in place; the database itself is untouched.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/log.js'
import { openSqliteStore, SQLITE_FILE } from '../../server/store/sqlite.js'
import { reserveWal } from '../../server/store/wal-reserve.js'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pacta-wal-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const walSize = (file: string) => statSync(`${file}-wal`).size

/** A WAL-mode database in the test folder holding one row, 'kept', in table t. */
function walDatabase(name: string): { file: string; db: Database.Database } {
  const file = join(dir, name)
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')")
  return { file, db }
}

describe('WAL reservation', () => {
  it('grows the WAL past a checkpoint interval of frames without changing the database', () => {
    const { file, db } = walDatabase('x.sqlite')
    try {
      const pages = db.pragma('page_count', { simple: true })
      const cacheSize = db.pragma('cache_size', { simple: true })
      const size = reserveWal(db, `${file}-wal`)
      expect(size).toBe(walSize(file))
      expect(size).toBeGreaterThan(1000 * 4096)
      expect(db.pragma('page_count', { simple: true })).toBe(pages)
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'wal_reserve'").all()).toEqual([])
      expect(db.pragma('cache_size', { simple: true })).toBe(cacheSize)
      // Already large enough: nothing more is written.
      expect(reserveWal(db, `${file}-wal`)).toBe(size)
      db.prepare('INSERT INTO t VALUES (?)').run('after')
    } finally {
      db.close()
    }
    const reopened = new Database(file, { readonly: true })
    try {
      expect(reopened.prepare('SELECT v FROM t').pluck().all()).toEqual(['kept', 'after'])
      expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      reopened.close()
    }
  })

  it('fails with the database unchanged and usable when there is no room for the reservation', () => {
    const { file, db } = walDatabase('z.sqlite')
    try {
      const cacheSize = db.pragma('cache_size', { simple: true })
      // A database that may not grow past a few pages stands in for a full disk.
      db.pragma(`max_page_count = ${(db.pragma('page_count', { simple: true }) as number) + 8}`)
      expect(() => reserveWal(db, `${file}-wal`)).toThrow(/full/i)
      expect(db.inTransaction).toBe(false)
      expect(db.pragma('cache_size', { simple: true })).toBe(cacheSize)
      db.prepare('INSERT INTO t VALUES (?)').run('after')
      expect(db.prepare('SELECT v FROM t').pluck().all()).toEqual(['kept', 'after'])
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'wal_reserve'").all()).toEqual([])
    } finally {
      db.close()
    }
  })

  it('does nothing outside WAL mode', () => {
    const db = new Database(join(dir, 'y.sqlite'))
    try {
      expect(reserveWal(db, join(dir, 'y.sqlite-wal'))).toBe(0)
    } finally {
      db.close()
    }
  })

  it('lets the store commit a whole checkpoint interval of updates without growing the WAL, readable by another connection', async () => {
    const store = openSqliteStore({ dataDir: dir, synchronous: 'FULL', log: createLogger('error') })
    const file = join(dir, SQLITE_FILE)
    await store.createDocument({ id: 'd', title: 'D', createdAt: 1, updatedAt: 1 }, [{ channel: 'content', state: new Uint8Array([0, 0]) }])
    const before = walSize(file)
    // Several checkpoints' worth of single-update commits: SQLite wraps around inside the file.
    for (let i = 0; i < 1500; i++) await store.appendUpdates('d', 'content', [new Uint8Array([i & 255, i >> 8])], 2 + i)
    expect(walSize(file)).toBe(before)
    // A second connection reads what the store committed, as a restarted server would.
    const other = new Database(file, { readonly: true })
    try {
      expect(other.prepare("SELECT count(*) FROM doc_updates WHERE document_id = 'd'").pluck().get()).toBe(1500)
    } finally {
      other.close()
      await store.close()
    }
  })
})
