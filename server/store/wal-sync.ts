// Makes committed WAL frames durable off the event loop: fdatasyncs of the WAL file, several at once.
//
// With `synchronous = NORMAL` SQLite writes a commit's frames to the WAL without syncing it
// (checkpoints still sync the WAL and the database file, so the file stays consistent after a
// crash). Syncing the WAL file ourselves once a commit has returned, from libuv's thread pool,
// makes that commit as durable as `synchronous = FULL` would, without blocking the event loop:
// the caller resolves only after a sync that began after its write.
//
// Calls made in the same turn of the event loop share one sync. A call made while syncs are
// running starts another at once (up to MAX_SYNCS_IN_FLIGHT) instead of queueing behind them:
// this disk serves overlapping syncs side by side, so a write that arrives during a slow sync
// need not wait for it. Whichever sync finishes first settles every caller whose write it
// covers, since an fdatasync flushes everything written to the file before it began.
// The default export, looked up at each call: tests count and hold the syncs.
import fs from 'node:fs'

/** Syncs running at once; libuv's pool has four threads, which password hashing also uses. */
export const MAX_SYNCS_IN_FLIGHT = 3

interface Waiter {
  /** The call's number: every write made before the call is covered by a sync numbered at least this. */
  call: number
  resolve: () => void
  reject: (err: unknown) => void
}

/** Syncs one WAL file; `sync()` resolves once everything written to it before the call is on disk. */
export class WalSync {
  private file: SyncFile | null = null
  /** Calls so far; a sync started now covers every one of them. */
  private calls = 0
  /** The highest call covered by a sync that has started, and by one that has succeeded. */
  private started = 0
  private durable = 0
  private waiting: Waiter[] = []
  private running = new Set<Promise<void>>()
  private startQueued = false
  private closed = false

  /**
   * `walPath` is the database file's name plus `-wal`; it exists while any connection is open.
   * `maxInFlight` 1 makes callers that arrive during a sync wait for it and share the next one.
   */
  constructor(private readonly walPath: string, private readonly maxInFlight = MAX_SYNCS_IN_FLIGHT) {}

  /** Resolves once every frame written to the WAL before this call is durable; rejects if the sync failed. */
  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'))
    const call = ++this.calls
    const settled = new Promise<void>((resolve, reject) => this.waiting.push({ call, resolve, reject }))
    if (!this.startQueued) {
      // Started once the calls of this turn's other writes have been made, so that they share it.
      this.startQueued = true
      queueMicrotask(() => {
        this.startQueued = false
        this.startIfNeeded()
      })
    }
    return settled
  }

  /** Waits for the syncs in flight, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return
    while (this.running.size > 0 || this.waiting.length > 0) {
      this.startIfNeeded()
      await Promise.allSettled([...this.running])
    }
    this.closed = true
    const fd = await this.file?.fd.catch(() => null)
    this.file = null
    if (typeof fd === 'number') await new Promise<void>((resolve) => fs.close(fd, () => resolve()))
  }

  /** Starts a sync when some caller is not covered by one already running, and a slot is free. */
  private startIfNeeded(): void {
    if (this.started >= this.calls || this.running.size >= this.maxInFlight) return
    const covers = this.calls
    this.started = covers
    const run = this.fdatasync().then(
      () => this.settle(covers, null),
      (err: unknown) => this.settle(covers, err),
    )
    this.running.add(run)
    void run.finally(() => {
      this.running.delete(run)
      this.startIfNeeded()
    })
  }

  /**
   * A sync covering calls up to `covers` has ended. On success every caller up to the highest
   * durable call resolves. On failure the callers it covered reject, even if a later sync
   * succeeds: after a failed fdatasync the kernel may have dropped their pages.
   */
  private settle(covers: number, err: unknown): void {
    if (err === null) this.durable = Math.max(this.durable, covers)
    const rest: Waiter[] = []
    for (const w of this.waiting) {
      if (err !== null && w.call <= covers) w.reject(err)
      else if (w.call <= this.durable) w.resolve()
      else rest.push(w)
    }
    this.waiting = rest
  }

  private async fdatasync(): Promise<void> {
    // Opened once and kept: SQLite keeps the same WAL file (it only rewrites it from the start
    // after a checkpoint) until the last connection closes, which is after close() here.
    const file = (this.file ??= { fd: openForSync(this.walPath), users: 0, retired: false })
    file.users++
    try {
      const fd = await file.fd
      // The callback form: one request to the thread pool, without FileHandle's promise machinery.
      await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())))
    } catch (err) {
      // Reopened next time; a descriptor that failed is not trusted again.
      if (this.file === file) this.file = null
      file.retired = true
      throw err
    } finally {
      // Closed only once no other sync is using it: its number could otherwise go to another file.
      if (--file.users === 0 && file.retired) closeFile(file)
    }
  }
}

/** The WAL file opened for syncing, and how many syncs are using it. */
interface SyncFile {
  fd: Promise<number>
  users: number
  /** Set when a sync through it failed: closed when its last user is done. */
  retired: boolean
}

function openForSync(path: string): Promise<number> {
  const fd = new Promise<number>((resolve, reject) => fs.open(path, 'r', (err, n) => (err ? reject(err) : resolve(n))))
  fd.catch(() => {}) // a failed open is reported by the sync that awaits it
  return fd
}

function closeFile(file: SyncFile): void {
  void file.fd.then((fd) => fs.close(fd, () => {}), () => {})
}
