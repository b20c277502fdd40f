// WalSync: which fdatasync settles which caller, how many run at once, and what a failed one does.
import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { MAX_SYNCS_IN_FLIGHT, WalSync } from '../../server/store/wal-sync.js'

type Done = (err: NodeJS.ErrnoException | null) => void

let dir: string
let wal: WalSync
/** Each fdatasync started, held until the test finishes it. */
let syncs: { fd: number; finish: (err?: NodeJS.ErrnoException) => void }[]
let spy: MockInstance

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pacta-walsync-'))
  writeFileSync(join(dir, 'db-wal'), 'frames')
  wal = new WalSync(join(dir, 'db-wal'))
  syncs = []
  const real = fs.fdatasync
  spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, done: Done) => {
    syncs.push({ fd, finish: (err) => (err ? done(err) : real(fd, done)) })
  }) as typeof fs.fdatasync)
})
afterEach(async () => {
  for (const s of syncs) s.finish()
  spy.mockRestore()
  await wal.close()
  rmSync(dir, { recursive: true, force: true })
})

const settle = () => new Promise((r) => setTimeout(r, 20))
/** Follows a promise: 'pending' until it settles, then 'resolved' or the error's message. */
function track(p: Promise<void>) {
  const t = { state: 'pending' }
  p.then(() => { t.state = 'resolved' }, (err: Error) => { t.state = err.message })
  return t
}

describe('WalSync', () => {
  it('callers of one turn share one sync', async () => {
    const calls = [track(wal.sync()), track(wal.sync()), track(wal.sync())]
    await settle()
    expect(syncs).toHaveLength(1)
    syncs[0]!.finish()
    await settle()
    expect(calls.map((c) => c.state)).toEqual(['resolved', 'resolved', 'resolved'])
  })

  it('a caller arriving during a sync starts its own at once, and a later sync that ends first settles the earlier caller too', async () => {
    const first = track(wal.sync())
    await settle()
    const second = track(wal.sync())
    await settle()
    expect(syncs).toHaveLength(2) // not queued behind the first
    syncs[1]!.finish()
    await settle()
    // The second sync began after the first caller's write, so it covers it as well.
    expect([first.state, second.state]).toEqual(['resolved', 'resolved'])
    syncs[0]!.finish()
    await settle()
    expect(syncs).toHaveLength(2)
  })

  it(`runs at most ${MAX_SYNCS_IN_FLIGHT} syncs at once; callers beyond that share the next one`, async () => {
    const calls = []
    for (let i = 0; i < MAX_SYNCS_IN_FLIGHT + 3; i++) {
      calls.push(track(wal.sync()))
      await settle()
    }
    expect(syncs).toHaveLength(MAX_SYNCS_IN_FLIGHT)
    syncs[0]!.finish()
    await settle()
    expect(calls[0]!.state).toBe('resolved')
    expect(calls.slice(1).every((c) => c.state === 'pending')).toBe(true)
    expect(syncs).toHaveLength(MAX_SYNCS_IN_FLIGHT + 1) // one more, covering the three that waited
    syncs.at(-1)!.finish()
    await settle()
    expect(calls.every((c) => c.state === 'resolved')).toBe(true)
  })

  it('a failed sync fails the callers it covered, not later ones, and its descriptor is closed only once no sync uses it', async () => {
    const close = vi.spyOn(fs, 'close')
    const open = vi.spyOn(fs, 'open')
    try {
      const first = track(wal.sync())
      await settle()
      const second = track(wal.sync())
      await settle()
      const eio = Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
      syncs[0]!.finish(eio)
      await settle()
      expect(first.state).toMatch(/EIO/)
      expect(second.state).toBe('pending')
      expect(close).not.toHaveBeenCalled() // the second sync still uses it
      syncs[1]!.finish()
      await settle()
      expect(second.state).toBe('resolved')
      expect(close).toHaveBeenCalledWith(syncs[0]!.fd, expect.any(Function))
      // The next sync opens the file again.
      expect(open).toHaveBeenCalledTimes(1)
      const third = track(wal.sync())
      await settle()
      expect(open).toHaveBeenCalledTimes(2)
      syncs[2]!.finish()
      await settle()
      expect(third.state).toBe('resolved')
    } finally {
      close.mockRestore()
      open.mockRestore()
    }
  })

  it('close waits for the syncs in flight, and refuses callers after it', async () => {
    const call = track(wal.sync())
    await settle()
    let closed = false
    const closing = wal.close().then(() => { closed = true })
    await settle()
    expect(closed).toBe(false)
    syncs[0]!.finish()
    await closing
    expect(call.state).toBe('resolved')
    await expect(wal.sync()).rejects.toThrow(/closed/)
  })
})
