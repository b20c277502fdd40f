// Appends to the Yjs update logs from a worker thread, so a commit's fsync never blocks the event loop.
//
// The thread (update-writer-thread.ts) owns a second connection to the same WAL database and
// answers each request only after the transaction holding it has committed, so a resolved
// promise still means "durable". Requests are answered in the order they were made; a room
// keeps at most one append in flight, which keeps each document's log in order.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type { SqliteSynchronous } from '../config.js'
import type { Logger } from '../log.js'
import type { AppendResult, Channel } from './store.js'
import { UPDATE_WRITER_SOURCE } from './update-writer-thread.js'

/** Options for the writer thread. */
export interface UpdateWriterOptions {
  /** Path of the (already migrated, WAL-mode) database file. */
  file: string
  synchronous: SqliteSynchronous
  /** How long either connection waits for the other's write lock before failing. */
  busyTimeoutMs: number
  log: Logger
}

type Request =
  | { op: 'append'; documentId: string; channel: Channel; updates: Uint8Array[]; at: number }
  | { op: 'compact'; documentId: string; channel: Channel; snapshot: Uint8Array; throughSeq: number; at: number }
  | { op: 'close' }

type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { message: string; code?: string } }

interface Waiting { resolve: (value: unknown) => void; reject: (err: Error) => void }

/** An error the writer thread reported, with SQLite's code when there is one (e.g. SQLITE_FULL). */
export class UpdateWriterError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message)
    this.name = 'UpdateWriterError'
  }
}

/** Posting a view clones its whole ArrayBuffer; a view into a larger buffer is copied out first. */
const whole = (bytes: Uint8Array) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice())

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3')

/**
 * The writer thread, seen from the main thread. Started at once, so the first edit does not pay
 * for the thread's start; restarted on the next request if it ever dies (the requests in flight
 * then fail, and their rooms retry as they do for any failed store).
 */
export class UpdateWriter {
  private worker: Worker | null = null
  private readonly waiting = new Map<number, Waiting>()
  private nextId = 1
  private closed: Promise<void> | null = null

  constructor(private readonly options: UpdateWriterOptions) {
    this.spawn()
  }

  /** Appends `updates` to a channel's log in one transaction (shared with other requests made meanwhile). */
  append(documentId: string, channel: Channel, updates: Uint8Array[], at: number): Promise<AppendResult | null> {
    return this.request({ op: 'append', documentId, channel, updates: updates.map(whole), at }) as Promise<AppendResult | null>
  }

  /**
   * Replaces the snapshot and drops the updates with seq ≤ `throughSeq`; updates appended after
   * the snapshot was taken keep their place in the log. Null when the document is gone.
   */
  compact(documentId: string, channel: Channel, snapshot: Uint8Array, throughSeq: number, at: number): Promise<{ logLength: number } | null> {
    return this.request({ op: 'compact', documentId, channel, snapshot: whole(snapshot), throughSeq, at }) as Promise<{ logLength: number } | null>
  }

  /** Lets every request made so far commit, then closes the thread's connection and ends it. Safe to call twice. */
  close(): Promise<void> {
    return (this.closed ??= (async () => {
      const worker = this.worker
      if (!worker) return
      const exited = new Promise<void>((r) => worker.once('exit', () => r()))
      await this.send(worker, { op: 'close' }).catch((err: Error) => {
        this.options.log.error('closing the update writer failed', { error: err.message })
        void worker.terminate()
      })
      await exited
    })())
  }

  private request(request: Request): Promise<unknown> {
    if (this.closed) return Promise.reject(new UpdateWriterError('the store is closed'))
    return this.send(this.worker ?? this.spawn(), request)
  }

  private send(worker: Worker, request: Request): Promise<unknown> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      // Kept alive while something is in flight, so no commit is cut short by a quiet exit.
      worker.ref()
      worker.postMessage({ id, ...request })
    })
  }

  private spawn(): Worker {
    const { file, synchronous, busyTimeoutMs, log } = this.options
    const worker = new Worker(UPDATE_WRITER_SOURCE, {
      eval: true,
      workerData: { file, synchronous, busyTimeoutMs, driver: driverPath },
      // A small young generation: the thread only passes small buffers through.
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
      name: 'pacta-update-writer',
    })
    // Unref'd while idle; an unref before the thread is online does not hold, so it is repeated then.
    worker.unref()
    worker.once('online', () => { if (this.waiting.size === 0) worker.unref() })
    worker.on('message', ({ replies }: { replies: Reply[] }) => {
      for (const reply of replies) {
        const waiting = this.waiting.get(reply.id)
        if (!waiting) continue
        this.waiting.delete(reply.id)
        if (reply.ok) waiting.resolve(reply.result)
        else waiting.reject(new UpdateWriterError(reply.error.message, reply.error.code))
      }
      // While closing it stays ref'd until it has exited, so close() resolves.
      if (this.waiting.size === 0 && !this.closed) worker.unref()
    })
    const fail = (err: Error) => {
      if (this.worker !== worker) return
      this.worker = null
      if (this.waiting.size > 0 || !this.closed) log.error('the update writer thread stopped', { error: err.message, inFlight: this.waiting.size })
      for (const w of this.waiting.values()) w.reject(err)
      this.waiting.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new UpdateWriterError(`the update writer thread exited with code ${code}`)))
    this.worker = worker
    return worker
  }
}
