// The two scenarios, runner side: start a fresh server, seed it, drive the client processes,
// measure the server process from /proc, and reduce everything to one measurement.
import { fork } from 'node:child_process'
import { join } from 'node:path'
import { Channel, type DraftDone, type DraftResults, type OpenResults, type Progress } from './ipc.js'
import type { ServerKind } from './peers.js'
import { seedDocument } from './seed.js'
import { startServer, type RunningServer } from './servers.js'
import type { PactaCounters } from './server-child.js'
import { latencySummary, nowUs } from './stats.js'

/** Client processes shared by every run. */
export function startClientProcesses(count: number): Channel[] {
  return Array.from({ length: count }, (_, i) => {
    const child = fork(join(import.meta.dirname, 'client-child.ts'), [], {
      execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    return new Channel(child, `client process ${i + 1}`)
  })
}

/** Splits client ids 0..n-1 between the client processes. */
const share = (n: number, pool: Channel[]) =>
  pool.map((_, i) => Array.from({ length: n }, (_, id) => id).filter((id) => id % pool.length === i))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One drafting-room configuration. */
export interface DraftSpec {
  clients: number
  presence: boolean
  durationMs: number
  minGapMs: number
  maxGapMs: number
  articles: number
}

/** What one drafting-room run measured on one server. */
export interface DraftMeasure {
  kind: ServerKind
  round: number
  p50: number; p95: number; p99: number
  presenceP50: number; presenceP99: number
  /** Unique edit deliveries over the deliveries owed (every edit to every other client), in %. */
  delivered: number
  edits: number
  serverCpuMsPerEdit: number
  /** Server CPU over the phase's wall time, in cores. */
  serverCores: number
  /** Client processes' CPU over the phase's wall time, in cores. */
  clientCores: number
  /** Share of the phase the server's main thread was runnable but waiting for a CPU, %. */
  serverWaitPct: number
  /** The same for the client processes (the worse of them). */
  clientWaitPct: number
  /** Event-loop delay p99 and max of the server process during the phase, ms. */
  serverLoopP99: number; serverLoopMax: number
  /** The same for the client processes (the worst of them). */
  clientLoopP99: number; clientLoopMax: number
  peakRssMiB: number
  /** Resident memory of the server just after it started listening, before any document. */
  idleRssMiB: number
  converged: boolean
  /** Pacta's own counters for the document at the end of the run; null for the peers. */
  counters: PactaCounters | null
  /** Wall time of the edit phase until quiescence, ms. */
  wallMs: number
  /** Time from the last edit sent until every delivery had arrived (or the wait gave up). */
  quiesceMs: number
  error?: string
}

/** What one session-opens run measured on one server. */
export interface OpenMeasure {
  kind: ServerKind
  round: number
  p50: number; p99: number; max: number
  failed: number
  /** Server CPU spent while the clients joined, ms. */
  serverCpuMs: number
  peakRssMiB: number
  idleRssMiB: number
  clientCores: number
  /** Pacta's own counters for the document after the joins; null for the peers. */
  counters: PactaCounters | null
  error?: string
}

async function withServer<T>(kind: ServerKind, workDir: string, pool: Channel[], body: (s: RunningServer, idleRssMiB: number) => Promise<T>): Promise<T> {
  const server = await startServer(kind, workDir)
  try {
    return await body(server, server.rss().rss)
  } catch (err) {
    const tail = server.logTail()
    throw new Error(`${err instanceof Error ? err.message : String(err)}${tail ? `\n--- ${kind} server log ---\n${tail}` : ''}`)
  } finally {
    await Promise.allSettled(pool.map((c) => c.request({ cmd: 'leave' })))
    await server.stop()
  }
}

/** Runs the drafting room once against a fresh `kind` server. */
export function runDrafting(kind: ServerKind, round: number, spec: DraftSpec, pool: Channel[], workDir: string): Promise<DraftMeasure> {
  return withServer(kind, workDir, pool, async (server, idleRssMiB) => {
    const { endpoint, seeder } = await seedDocument(server, spec.articles)
    const ids = share(spec.clients, pool)
    await Promise.all(pool.map((c, i) => c.request({ cmd: 'join', endpoint, ids: ids[i] })))
    seeder.destroy()
    seeder.doc.destroy()
    await sleep(500) // let joins, awareness greetings and the seeder's departure settle
    await server.resetLoop()
    const cpu0 = server.cpuMs()
    const wait0 = server.waitMs()
    const wall0 = nowUs()
    const done = await Promise.all(pool.map((c) => c.request<DraftDone>({
      cmd: 'draft', epochUs: nowUs(), durationMs: spec.durationMs, presence: spec.presence, minGapMs: spec.minGapMs, maxGapMs: spec.maxGapMs,
    })))
    const sentAt = nowUs()
    const edits = done.reduce((n, d) => n + Object.values(d.sent).reduce((a, b) => a + b, 0), 0)
    const owed = edits * (spec.clients - 1)
    // Quiescence: wait until every edit reached every other client, or nothing new arrived for 15 s.
    let received = 0
    let lastProgress = nowUs()
    while (received < owed && nowUs() - lastProgress < 15e6 && nowUs() - sentAt < 120e6) {
      await sleep(100)
      const now = (await Promise.all(pool.map((c) => c.request<Progress>({ cmd: 'progress' })))).reduce((n, p) => n + p.received, 0)
      if (now > received) { received = now; lastProgress = nowUs() }
    }
    const quiesceMs = (nowUs() - sentAt) / 1000
    const cpuMs = server.cpuMs() - cpu0
    const waitMs = server.waitMs() - wait0
    const wallMs = (nowUs() - wall0) / 1000
    const { peak } = server.rss()
    const serverLoop = await server.loop()
    const counters = await server.counters(endpoint.docName)
    const results = await Promise.all(pool.map((c) => c.request<DraftResults>({ cmd: 'results' })))
    const latencies = results.flatMap((r) => r.latencies)
    const lat = latencySummary(latencies)
    const pres = latencySummary(results.flatMap((r) => r.presence))
    const digests = new Set(results.flatMap((r) => r.digests))
    return {
      kind, round, ...lat,
      presenceP50: pres.p50, presenceP99: pres.p99,
      delivered: owed === 0 ? NaN : (100 * results.reduce((n, r) => n + r.received, 0)) / owed,
      edits,
      serverCpuMsPerEdit: edits ? cpuMs / edits : NaN,
      serverCores: cpuMs / wallMs,
      clientCores: results.reduce((n, r) => n + r.cpuMs, 0) / wallMs,
      serverWaitPct: (100 * waitMs) / wallMs,
      clientWaitPct: Math.max(...results.map((r) => (100 * r.waitMs) / wallMs)),
      serverLoopP99: serverLoop.p99, serverLoopMax: serverLoop.max,
      clientLoopP99: Math.max(...results.map((r) => r.loop.p99)), clientLoopMax: Math.max(...results.map((r) => r.loop.max)),
      peakRssMiB: peak,
      idleRssMiB,
      converged: digests.size === 1,
      counters,
      wallMs,
      quiesceMs,
    }
  })
}

/** One session-opens configuration. */
export interface OpenSpec { clients: number; articles: number; timeoutMs: number }

/** Runs the session opens once against a fresh `kind` server. */
export function runOpens(kind: ServerKind, round: number, spec: OpenSpec, pool: Channel[], workDir: string): Promise<OpenMeasure> {
  return withServer(kind, workDir, pool, async (server, idleRssMiB) => {
    const { endpoint, seeder } = await seedDocument(server, spec.articles)
    try {
      await sleep(500)
      const cpu0 = server.cpuMs()
      const wall0 = nowUs()
      const ids = share(spec.clients, pool)
      const results = await Promise.all(pool.map((c, i) => c.request<OpenResults>({
        cmd: 'open', endpoint, ids: ids[i], articles: spec.articles, timeoutMs: spec.timeoutMs,
      })))
      const cpuMs = server.cpuMs() - cpu0
      const wallMs = (nowUs() - wall0) / 1000
      const counters = await server.counters(endpoint.docName)
      const times = results.flatMap((r) => r.times)
      const { p50, p99 } = latencySummary(times)
      return {
        kind, round, p50, p99, max: times.length ? Math.max(...times) : NaN,
        failed: results.reduce((n, r) => n + r.failed, 0),
        serverCpuMs: cpuMs,
        peakRssMiB: server.rss().peak,
        idleRssMiB,
        clientCores: results.reduce((n, r) => n + r.cpuMs, 0) / wallMs,
        counters,
      }
    } finally {
      seeder.destroy()
      seeder.doc.destroy()
    }
  })
}
