// Request/response messages between the benchmark runner and its client and server processes.
import type { ChildProcess } from 'node:child_process'
import type { Endpoint } from './peers.js'

/** What the runner asks a client process to do. */
export type ClientRequest =
  | { cmd: 'join'; endpoint: Endpoint; ids: number[] }
  | { cmd: 'draft'; epochUs: number; durationMs: number; presence: boolean; minGapMs: number; maxGapMs: number }
  | { cmd: 'progress' }
  | { cmd: 'results' }
  | { cmd: 'open'; endpoint: Endpoint; ids: number[]; articles: number; timeoutMs: number }
  | { cmd: 'leave' }

/** Edits sent per client id in one drafting phase. */
export interface DraftDone { sent: Record<number, number> }
/** Unique edits received so far (each counted once per receiving client). */
export interface Progress { received: number }
/** Everything a client process measured in one drafting phase. */
export interface DraftResults {
  /** Edit propagation latencies in ms, one per (edit, receiving client). */
  latencies: number[]
  /** Presence propagation latencies in ms, one per (cursor update, receiving client). */
  presence: number[]
  received: number
  /** A digest of each client's content, to check that all converged. */
  digests: string[]
  /** CPU time this client process used during the phase, ms. */
  cpuMs: number
  /** This client process's event-loop delay during the phase, ms. */
  loop: { p99: number; max: number }
  /** Time this process's main thread waited for a CPU during the phase, ms. */
  waitMs: number
}
/** Time to fully synced per joining client, ms, and how many never got there. */
export interface OpenResults { times: number[]; failed: number; cpuMs: number }

type Envelope = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string }

/** A typed request channel over a forked child's IPC. */
export class Channel {
  private next = 1
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()

  constructor(readonly child: ChildProcess, readonly name: string) {
    child.on('message', (m: Envelope) => {
      const w = this.waiting.get(m.id)
      if (!w) return
      this.waiting.delete(m.id)
      if (m.ok) w.resolve(m.result)
      else w.reject(new Error(`${name}: ${m.error}`))
    })
    child.on('exit', (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited (code ${code}, signal ${signal})`))
      this.waiting.clear()
    })
  }

  /** Sends `req` and resolves with the child's answer. */
  request<T>(req: object): Promise<T> {
    const id = this.next++
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject })
      this.child.send({ id, ...req })
    })
  }
}

/** Serves requests in a child process: `handle` answers each, errors travel back as messages. */
export function serve(handle: (req: { cmd: string } & Record<string, unknown>) => Promise<unknown>): void {
  process.on('message', (m: { id: number; cmd: string } & Record<string, unknown>) => {
    handle(m).then(
      (result) => process.send!({ id: m.id, ok: true, result }),
      (err: unknown) => process.send!({ id: m.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
    )
  })
}
