// Starting, measuring and stopping one server under test in its own process.
import { fork } from 'node:child_process'
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { persists, type ServerKind } from './peers.js'
import type { PactaCounters, ServerReady } from './server-child.js'
import type { LoopDelay } from './loop.js'
import { Channel } from './ipc.js'
import { cpuMs, rssMiB, runQueueWaitMs } from './procstat.js'

/** A server process under test. */
export interface RunningServer {
  kind: ServerKind
  pid: number
  ready: ServerReady
  /** CPU time the server process has used so far, ms. */
  cpuMs(): number
  /** Time its main thread has waited for a CPU so far, ms. */
  waitMs(): number
  /** Its current and peak resident memory, MiB. */
  rss(): { rss: number; peak: number }
  /** Starts a new event-loop delay measurement in the server process. */
  resetLoop(): Promise<void>
  /** The server process's event-loop delay since the last reset. */
  loop(): Promise<LoopDelay>
  /** Pacta's own counters for document `docName` (null for the peers). */
  counters(docName: string): Promise<PactaCounters | null>
  /** The last lines it wrote to stdout/stderr, for error messages. */
  logTail(): string
  stop(): Promise<void>
}

const CHILD = join(import.meta.dirname, 'server-child.ts')

/** Starts a `kind` server in a fresh process (one that persists with a fresh temporary DATA_DIR). */
export async function startServer(kind: ServerKind, workDir: string): Promise<RunningServer> {
  const dataDir = persists(kind) ? mkdtempSync(join(tmpdir(), 'pacta-bench-data-')) : undefined
  const logPath = join(workDir, `${kind}-${Date.now()}.log`)
  const log = openSync(logPath, 'a')
  const child = fork(CHILD, [kind], {
    // BENCH_CPU_PROF=<folder>: each server process writes a V8 CPU profile there when it exits.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    env: { ...process.env, ...(dataDir ? { DATA_DIR: dataDir } : {}), NODE_ENV: 'production' },
    stdio: ['ignore', log, log, 'ipc'],
  })
  closeSync(log)
  const logTail = () => { try { return readFileSync(logPath, 'utf8').split('\n').slice(-20).join('\n') } catch { return '' } }
  const cleanup = () => { if (dataDir) rmSync(dataDir, { recursive: true, force: true }) }
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`${kind} server did not start within 30 s\n${logTail()}`)) }, 30_000)
    child.once('message', (m: { ready?: ServerReady }) => { clearTimeout(timer); if (m.ready) resolve(m.ready) })
    child.once('exit', (code) => { clearTimeout(timer); cleanup(); reject(new Error(`${kind} server exited with code ${code} before listening\n${logTail()}`)) })
  })
  const pid = child.pid!
  const channel = new Channel(child, `${kind} server`)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    kind, pid, ready, logTail,
    cpuMs: () => cpuMs(pid),
    rss: () => rssMiB(pid),
    waitMs: () => runQueueWaitMs(pid),
    resetLoop: () => channel.request<null>({ cmd: 'loop-reset' }).then(() => undefined),
    loop: () => channel.request<LoopDelay>({ cmd: 'loop' }),
    counters: (docName) => channel.request<PactaCounters | null>({ cmd: 'counters', docName }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        void channel.request({ cmd: 'stop' }).catch(() => {})
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }
      cleanup()
    },
  }
}

/** Creates a document on a Pacta server through its REST API, as the signed-in `cookie`, and returns its id. */
export async function createPactaDocument(httpUrl: string, cookie: string | undefined, title: string): Promise<string> {
  const res = await fetch(`${httpUrl}/api/documents`, {
    method: 'POST',
    // Origin as the editor's own page sends it: Pacta refuses cross-site writes.
    headers: { 'content-type': 'application/json', origin: httpUrl, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ title }),
  })
  if (res.status !== 201) throw new Error(`POST /api/documents answered ${res.status}: ${await res.text()}`)
  const body = (await res.json()) as { id?: unknown }
  if (typeof body.id !== 'string') throw new Error(`POST /api/documents returned no id: ${JSON.stringify(body)}`)
  return body.id
}
