// Makes committed WAL frames durable off the event loop: one fdatasync of the WAL file shared by every commit before it.
//
// With `synchronous = NORMAL` SQLite writes a commit's frames to the WAL without syncing it
// (checkpoints still sync the WAL and the database file, so the file stays consistent after a
// crash). Syncing the WAL file ourselves once a commit has returned, from libuv's thread pool,
// makes that commit as durable as `synchronous = FULL` would, without blocking the event loop:
// the caller resolves only after the sync. Commits made while a sync is running are covered by
// the next one (group commit across every room and every write of the process).
// The default export, looked up at each call: tests count and hold the syncs.
import fs from 'node:fs'

/** Syncs one WAL file; `sync()` resolves once everything written to it before the call is on disk. */
export class WalSync {
  private file: Promise<number> | null = null
  /** The sync in progress, which may have started before the caller's write. */
  private running: Promise<void> | null = null
  /** The sync queued behind it, which starts after every write made so far: callers share it. */
  private queued: Promise<void> | null = null
  private closed = false

  /** `walPath` is the database file's name plus `-wal`; it exists while any connection is open. */
  constructor(private readonly walPath: string) {}

  /** Resolves once every frame written to the WAL before this call is durable; rejects if the sync failed. */
  sync(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the store is closed'))
    if (this.queued) return this.queued
    if (!this.running) return this.start()
    const queued = this.running.catch(() => {}).then(() => {
      this.queued = null
      return this.start()
    })
    this.queued = queued
    return queued
  }

  /** Waits for the syncs in flight, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return
    await (this.queued ?? this.running)?.catch(() => {})
    this.closed = true
    const file = this.file
    this.file = null
    const fd = await file?.catch(() => null)
    if (typeof fd === 'number') await new Promise<void>((resolve) => fs.close(fd, () => resolve()))
  }

  private start(): Promise<void> {
    const run = (async () => {
      // Opened once and kept: SQLite keeps the same WAL file (it only rewrites it from the start
      // after a checkpoint) until the last connection closes, which is after close() here.
      this.file ??= new Promise<number>((resolve, reject) => fs.open(this.walPath, 'r', (err, fd) => (err ? reject(err) : resolve(fd))))
      try {
        const fd = await this.file
        // The callback form: one request to the thread pool, without FileHandle's promise machinery.
        await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())))
      } catch (err) {
        // Reopened next time; a descriptor that failed is not trusted again.
        const failed = this.file
        this.file = null
        void failed?.then((fd) => fs.close(fd, () => {})).catch(() => {})
        throw err
      }
    })()
    this.running = run
    void run.catch(() => {}).then(() => { if (this.running === run) this.running = null })
    return run
  }
}
