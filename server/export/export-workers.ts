// A bounded pool of export worker threads (export-worker.ts) rendering PDF and Word files, so that
// a long treaty's layout (about 0.6 s of CPU for UNCLOS as PDF) runs beside the event loop instead
// of on it. Jobs queue when every worker is busy; a worker that dies fails only its own job (as a
// 500 naming the export) and is replaced at the next one. Workers start on first use or warm-up.
import { Worker } from 'node:worker_threads'
import type { Node } from 'prosemirror-model'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import { WARM_UP_ROUNDS, type PageExporter, type PageFormat, type PageOptions } from './page-exports.js'

/** A job for a worker: render a treaty (as ProseMirror JSON) in a format, or warm up. */
type WorkerJob =
  | { kind: 'render'; format: PageFormat; doc: ReturnType<Node['toJSON']>; params: Record<string, string>; options: PageOptions[PageFormat] }
  | { kind: 'warm' }

/** What the pool asks a worker: job `id`. */
export type WorkerRequest = WorkerJob & { id: number }

/** A worker's answer to request `id`: the file's bytes, or why it failed. */
export type WorkerReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; message: string }

const BOOT = new URL('./export-worker-boot.mjs', import.meta.url)

interface Job {
  request: WorkerJob
  resolve(bytes: Uint8Array): void
  reject(err: Error): void
}

interface Slot {
  worker: Worker
  /** The job it is rendering, and that job's id. */
  busy: { id: number; job: Job } | null
}

/** Renders PDF and Word files in up to `size` worker threads. */
export class ExportWorkers implements PageExporter {
  private readonly slots: Slot[] = []
  private readonly queue: Job[] = []
  private nextId = 1
  private closed = false

  constructor(private readonly size: number, private readonly log: Logger) {
    if (!Number.isInteger(size) || size < 1) throw new Error('an export pool needs at least one worker')
  }

  render<F extends PageFormat>(format: F, doc: Node, params: Record<string, string>, options: PageOptions[F]): Promise<Uint8Array> {
    return this.submit({ kind: 'render', format, doc: doc.toJSON(), params, options })
  }

  /**
   * Starts the workers and has each lay out a sample treaty WARM_UP_ROUNDS times, so the first
   * export of the process is as fast as the next. One round is one job, so an export asked for
   * meanwhile waits for one round at most. Resolves when they are warm; a failure is logged, never thrown.
   */
  async warm(rounds = WARM_UP_ROUNDS): Promise<void> {
    const started = performance.now()
    try {
      await Promise.all(Array.from({ length: this.size }, async () => {
        for (let i = 0; i < rounds && !this.closed; i++) await this.submit({ kind: 'warm' })
      }))
      this.log.info('export workers warm', { workers: this.size, rounds, ms: Math.round(performance.now() - started) })
    } catch (err) {
      if (!this.closed) this.log.warn('export workers could not warm up', { error: String((err as Error)?.message ?? err) })
    }
  }

  /** Ends the workers; queued and running jobs fail with 503. */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0)) job.reject(new AppError(503, 'the server is stopping; export again in a moment'))
    await Promise.all(this.slots.splice(0).map((slot) => {
      slot.busy?.job.reject(new AppError(503, 'the server is stopping; export again in a moment'))
      return slot.worker.terminate()
    }))
  }

  private submit(request: WorkerJob): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new AppError(503, 'the server is stopping; export again in a moment'))
    return new Promise<Uint8Array>((resolve, reject) => {
      this.queue.push({ request, resolve, reject })
      this.pump()
    })
  }

  /** Hands queued jobs to idle workers, starting workers up to the pool's size. */
  private pump(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.busy === null) ?? (this.slots.length < this.size ? this.spawn() : null)
      if (!slot) return
      const job = this.queue.shift()!
      const id = this.nextId++
      slot.busy = { id, job }
      slot.worker.postMessage({ ...job.request, id } as WorkerRequest)
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(BOOT), busy: null }
    this.slots.push(slot)
    slot.worker.on('message', (reply: WorkerReply) => {
      const busy = slot.busy
      if (!busy || busy.id !== reply.id) return
      slot.busy = null
      if (reply.ok) busy.job.resolve(reply.bytes)
      else busy.job.reject(new AppError(500, `the export failed: ${reply.message}`))
      this.pump()
    })
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot)
      if (i < 0) return
      this.slots.splice(i, 1)
      this.log.error('export worker stopped', { error: why })
      slot.busy?.job.reject(new AppError(500, `the export failed: its worker stopped (${why})`))
      slot.busy = null
      if (!this.closed) this.pump()
    }
    slot.worker.on('error', (err) => lost(err.message))
    slot.worker.on('exit', (code) => lost(`exit code ${code}`))
    return slot
  }
}
