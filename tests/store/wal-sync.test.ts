// WalSync: which fdatasync settles which caller, how many run at once, and what a failed one does.
//
// fs.open, fs.fdatasync and fs.close are answered without I/O (a sync is held until the test
// finishes it), so WalSync's work is promise callbacks only: once `drained()` resolves it has done
// everything it will do until the test acts again. That is what lets a test say a sync did NOT
// start or a caller did NOT settle without waiting for some length of time.
import fs from 'node:fs'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { MAX_SYNCS_IN_FLIGHT, WalSync } from '../../server/store/wal-sync.js'

type Done = (err: NodeJS.ErrnoException | null) => void

let wal: WalSync
/** Each fdatasync started, held until the test finishes it. */
let syncs: { fd: number; finish: (err?: NodeJS.ErrnoException) => void }[]
let spies: MockInstance[]
let opened: number

beforeEach(() => {
  wal = new WalSync('/nowhere/db-wal')
  syncs = []
  opened = 0
  spies = [
    vi.spyOn(fs, 'open').mockImplementation(((_path: string, _flags: string, done: (err: null, fd: number) => void) => {
      const fd = 100 + ++opened
      process.nextTick(() => done(null, fd))
    }) as unknown as typeof fs.open),
    vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, done: Done) => {
      syncs.push({ fd, finish: (err) => process.nextTick(() => done(err ?? null)) })
    }) as typeof fs.fdatasync),
    vi.spyOn(fs, 'close').mockImplementation(((_fd: number, done: () => void) => { process.nextTick(done) }) as typeof fs.close),
  ]
})
afterEach(async () => {
  for (const s of syncs) s.finish()
  await wal.close()
  for (const spy of spies) spy.mockRestore()
})

/** Resolves once every callback already queued has run (a macrotask comes after them all). */
const drained = () => new Promise<void>((r) => setImmediate(r))
/** Follows a promise: 'pending' until it settles, then 'resolved' or the error's message. */
function track(p: Promise<void>) {
  const t = { state: 'pending' }
  p.then(() => { t.state = 'resolved' }, (err: Error) => { t.state = err.message })
  return t
}

describe('WalSync', () => {
  it('callers of one turn share one sync', async () => {
    const calls = [track(wal.sync()), track(wal.sync()), track(wal.sync())]
    await drained()
    expect(syncs).toHaveLength(1)
    syncs[0]!.finish()
    await drained()
    expect(calls.map((c) => c.state)).toEqual(['resolved', 'resolved', 'resolved'])
  })

  it('a caller arriving during a sync starts its own at once, and a later sync that ends first settles the earlier caller too', async () => {
    const first = track(wal.sync())
    await drained()
    const second = track(wal.sync())
    await drained()
    expect(syncs).toHaveLength(2) // not queued behind the first
    syncs[1]!.finish()
    await drained()
    // The second sync began after the first caller's write, so it covers it as well.
    expect([first.state, second.state]).toEqual(['resolved', 'resolved'])
    syncs[0]!.finish()
    await drained()
    expect(syncs).toHaveLength(2)
  })

  it(`runs at most ${MAX_SYNCS_IN_FLIGHT} syncs at once; callers beyond that share the next one`, async () => {
    const calls = []
    for (let i = 0; i < MAX_SYNCS_IN_FLIGHT + 3; i++) {
      calls.push(track(wal.sync()))
      await drained()
    }
    expect(syncs).toHaveLength(MAX_SYNCS_IN_FLIGHT)
    syncs[0]!.finish()
    await drained()
    expect(calls[0]!.state).toBe('resolved')
    expect(calls.slice(1).every((c) => c.state === 'pending')).toBe(true)
    expect(syncs).toHaveLength(MAX_SYNCS_IN_FLIGHT + 1) // one more, covering the three that waited
    syncs.at(-1)!.finish()
    await drained()
    expect(calls.every((c) => c.state === 'resolved')).toBe(true)
  })

  it('a failed sync fails the callers it covered, not later ones, and its descriptor is closed only once no sync uses it', async () => {
    const [open, , close] = spies as [MockInstance, MockInstance, MockInstance]
    const first = track(wal.sync())
    await drained()
    const second = track(wal.sync())
    await drained()
    const eio = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
    syncs[0]!.finish(eio)
    await drained()
    expect(first.state).toMatch(/EIO/)
    expect(second.state).toBe('pending')
    expect(close).not.toHaveBeenCalled() // the second sync still uses it
    syncs[1]!.finish()
    await drained()
    expect(second.state).toBe('resolved')
    expect(close).toHaveBeenCalledWith(syncs[0]!.fd, expect.any(Function))
    // The next sync opens the file again.
    expect(open).toHaveBeenCalledTimes(1)
    const third = track(wal.sync())
    await drained()
    expect(open).toHaveBeenCalledTimes(2)
    syncs[2]!.finish()
    await drained()
    expect(third.state).toBe('resolved')
  })

  it('close waits for the syncs in flight, and refuses callers after it', async () => {
    const call = track(wal.sync())
    await drained()
    let closed = false
    const closing = wal.close().then(() => { closed = true })
    await drained()
    expect(closed).toBe(false)
    syncs[0]!.finish()
    await closing
    expect(call.state).toBe('resolved')
    await expect(wal.sync()).rejects.toThrow(/closed/)
  })
})
