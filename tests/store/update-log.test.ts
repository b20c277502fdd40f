// The SQLite store's update logs: durable when resolved, in order, failures isolated, compaction by seq range, syncs drained on close.
import Database from 'better-sqlite3'
import fs, { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLogger, type LogRecord } from '../../server/log.js'
import { openSqliteStore, SQLITE_FILE } from '../../server/store/sqlite.js'
import type { Channel } from '../../server/store/store.js'

let dataDir: string
let logs: LogRecord[]
let store: ReturnType<typeof openSqliteStore>

const open = () => openSqliteStore({ dataDir, synchronous: 'FULL', log: createLogger('debug', (r) => logs.push(r)) })
const bytes = (n: number) => new Uint8Array([n & 255, n >> 8])
const doc = (id: string) => ({ id, title: id, createdAt: 1, updatedAt: 1 })

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pacta-writer-'))
  logs = []
  store = open()
  await store.createDocument(doc('d1'), [{ channel: 'content', state: bytes(0) }])
})
afterEach(async () => {
  await store.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('update logs in the SQLite store', () => {
  it('stores appends made while others are committing in request order, each readable by another connection once resolved', async () => {
    const other = new Database(join(dataDir, SQLITE_FILE), { readonly: true })
    try {
      const count = other.prepare('SELECT count(*) AS n FROM doc_updates WHERE document_id = ?')
      const results = await Promise.all(Array.from({ length: 60 }, (_, i) =>
        store.appendUpdates('d1', 'content', [bytes(2 * i), bytes(2 * i + 1)], 1000 + i).then((r) => {
          // Resolved means committed: a separate connection already sees this batch.
          expect((count.get('d1') as { n: number }).n).toBeGreaterThanOrEqual(2 * (i + 1))
          return r!
        })))
      const seqs = results.map((r) => r.lastSeq)
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
      expect(new Set(seqs).size).toBe(60)
      const state = await store.loadState('d1', 'content')
      expect(state.updates.map((u) => u[0]! + (u[1]! << 8))).toEqual(Array.from({ length: 120 }, (_, i) => i))
      expect(state.lastSeq).toBe(seqs.at(-1))
      expect(results.at(-1)!.logLength).toBe(120)
      expect((await store.getDocument('d1'))!.updatedAt).toBe(1059)
    } finally {
      other.close()
    }
  })

  it('an append that fails fails alone: the others made with it are stored', async () => {
    const good1 = store.appendUpdates('d1', 'content', [bytes(1)], 2)
    const bad = store.appendUpdates('d1', null as unknown as Channel, [bytes(2)], 2)
    const good2 = store.appendUpdates('d1', 'content', [bytes(3)], 2)
    await expect(bad).rejects.toThrow(/NOT NULL/)
    expect(await good1).toMatchObject({ logLength: 1 })
    expect(await good2).toMatchObject({ logLength: 2 })
    expect((await store.loadState('d1', 'content')).updates.map((u) => u[0])).toEqual([1, 3])
  })

  it('answers null, storing nothing, for a document deleted meanwhile', async () => {
    await store.deleteDocument('d1')
    expect(await store.appendUpdates('d1', 'content', [bytes(1)], 2)).toBeNull()
    await expect(store.compact('d1', 'content', bytes(9), 10)).resolves.toBeUndefined()
    expect(await store.loadState('d1', 'content')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
  })

  it('compaction drops only the updates its snapshot covers; updates appended meanwhile stay in the log', async () => {
    const first = (await store.appendUpdates('d1', 'content', [bytes(1), bytes(2)], 2))!
    // Sent together: the compaction covers seq ≤ first.lastSeq, the append lands after it.
    const compacting = store.compact('d1', 'content', bytes(77), first.lastSeq)
    const later = store.appendUpdates('d1', 'content', [bytes(3)], 3)
    const before = store.appendUpdates('d1', 'annotations', [bytes(4)], 3)
    await Promise.all([compacting, later, before])
    const state = await store.loadState('d1', 'content')
    expect(state.snapshot && [...state.snapshot]).toEqual([77, 0])
    expect(state.updates.map((u) => u[0])).toEqual([3])
    expect((await store.loadState('d1', 'annotations')).updates.map((u) => u[0])).toEqual([4])
  })

  it('close() lets every request already made commit, then later requests are refused', async () => {
    const appends = Array.from({ length: 20 }, (_, i) => store.appendUpdates('d1', 'content', [bytes(i)], 2))
    const closing = store.close()
    await expect(store.appendUpdates('d1', 'content', [bytes(99)], 2)).rejects.toThrow(/closed|not open/)
    await closing
    expect((await Promise.all(appends)).every((r) => r !== null)).toBe(true)
    store = open()
    expect((await store.loadState('d1', 'content')).updates).toHaveLength(20)
  })

  it('with FULL, a write resolves only after an fdatasync of the WAL that began after it; writes made meanwhile start the next one at once', async () => {
    const real = fs.fdatasync
    const gates: (() => void)[] = []
    let started = () => {}
    const spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, done: (err: NodeJS.ErrnoException | null) => void) => {
      gates.push(() => real(fd, done))
      started()
    }) as typeof fs.fdatasync)
    /** Resolves once `n` syncs have started and everything already queued after them has run. */
    const syncsStarted = async (n: number) => {
      while (gates.length < n) await new Promise<void>((r) => { started = r })
      await new Promise((r) => setImmediate(r))
    }
    try {
      let first = false
      const a = store.appendUpdates('d1', 'content', [bytes(1)], 2).then(() => { first = true })
      await syncsStarted(1)
      expect(spy).toHaveBeenCalledTimes(1)
      expect(first).toBe(false) // committed, not yet synced: not resolved
      // Three more writes while that sync runs: they share one further sync, started without waiting.
      let later = 0
      const more = [
        store.appendUpdates('d1', 'content', [bytes(2)], 3),
        store.setMeta('k', 'v'),
        store.renameDocument('d1', 'renamed', 4),
      ].map((p) => p.then(() => { later++ }))
      expect(await store.getMeta('k')).toBe('v') // reads do not wait for a sync
      await syncsStarted(2)
      expect(spy).toHaveBeenCalledTimes(2)
      gates.shift()!()
      await a
      await new Promise((r) => setImmediate(r)) // whatever the first sync settled has run its callbacks
      expect(later).toBe(0)
      gates.shift()!()
      await Promise.all(more)
      expect(later).toBe(3)
      expect(spy).toHaveBeenCalledTimes(2)
    } finally {
      spy.mockRestore()
      for (const g of gates) g()
    }
  })

  it('checkpoints the WAL, so a long stream of small commits does not grow it without bound', async () => {
    for (let i = 0; i < 600; i++) await store.appendUpdates('d1', 'content', [bytes(i)], 2 + i)
    const other = new Database(join(dataDir, SQLITE_FILE))
    try {
      // Frames now in the WAL: about five per commit without checkpoints (some 3000 here).
      const { log } = (other.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0]!
      expect(log).toBeLessThan(1200)
    } finally {
      other.close()
    }
  })

  it('writes of every kind interleaved with update appends all succeed and are stored', async () => {
    await store.createUser({ id: 'u1', username: 'ana', displayName: 'Ana', passwordHash: 'x', isAdmin: false, disabled: false, mustChangePassword: false, createdAt: 1, updatedAt: 1 })
    const appends: Promise<unknown>[] = []
    for (let i = 0; i < 40; i++) {
      appends.push(store.appendUpdates('d1', 'content', [bytes(i)], 2 + i))
      await store.createDocument(doc(`x${i}`), [{ channel: 'content', state: bytes(i) }], [{ userId: 'u1', role: 'convener' }])
      // Reads, then writes, inside one transaction: the case that a deferred BEGIN would fail.
      expect(await store.changeMembership('d1', 'u1', i % 2 === 0 ? 'drafter' : 'reviewer', 3)).toMatchObject({ ok: true })
      await store.setMeta('k', String(i))
      await store.renameDocument('d1', `t${i}`, 4)
    }
    await Promise.all(appends)
    expect((await store.loadState('d1', 'content')).updates).toHaveLength(40)
    expect(logs.filter((l) => l.level === 'error')).toEqual([])
  })
})
