// Turns the measurements of all rounds into the Markdown report printed by `npm run bench` and
// written to docs/benchmarks.md: medians across rounds, ratios Pacta/peer, and the goal check.
import { cpus, freemem, loadavg, release, totalmem, availableParallelism } from 'node:os'
import { isPeer, SERVER_NAMES, type ServerKind } from './peers.js'
import type { DraftMeasure, DraftSpec, OpenMeasure, OpenSpec } from './scenarios.js'
import type { PactaCounters } from './server-child.js'
import type { Settings } from './settings.js'
import { median } from './stats.js'

/** Where the hand-written reading lives in docs/benchmarks.md; kept when the tables are rewritten. */
export const NOTES_START = '<!-- notes:start (kept when the benchmark rewrites this file) -->'
export const NOTES_END = '<!-- notes:end -->'

/** Facts about the run that the report states. */
export interface RunInfo { command: string; startedAt: Date; minutes: number; loadBefore: number[]; rounds: number }

const ms = (x: number) => Number.isNaN(x) ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)
const num = (x: number, digits = 1) => Number.isNaN(x) ? '–' : x.toFixed(digits)
const row = (cells: string[]) => `| ${cells.join(' | ')} |`
/** A table head; the first column and the server/peer column are text, the rest numbers. */
const header = (cells: string[]) =>
  [row(cells), row(cells.map((c, i) => (i === 0 || c === 'server' || c === 'peer' ? '---' : '---:')))].join('\n')
/** Peak RSS with the idle RSS of a freshly started server in parentheses. */
const memory = <T extends { peakRssMiB: number; idleRssMiB: number; error?: string }>(runs: T[]) =>
  `${num(med(runs, (m) => m.peakRssMiB), 0)} (${num(med(runs, (m) => m.idleRssMiB), 0)})`
const variant = (s: DraftSpec) => `${s.clients} clients, presence ${s.presence ? 'on' : 'off'}`

/** Median over rounds of `mine`'s value (Pacta's unless named) over `peer`'s in the same round. */
function pairedRatio<T extends { kind: ServerKind; round: number; error?: string }>(runs: T[], peer: ServerKind, pick: (m: T) => number, mine: ServerKind = 'pacta'): number {
  const ok = runs.filter((m) => !m.error)
  const ratios = ok.filter((m) => m.kind === mine).flatMap((m) => {
    const other = ok.find((o) => o.kind === peer && o.round === m.round)
    return other && pick(other) > 0 ? [pick(m) / pick(other)] : []
  })
  return median(ratios)
}

/** The paired ratio, formatted as "0.93×". */
function paired<T extends { kind: ServerKind; round: number; error?: string }>(runs: T[], peer: ServerKind, pick: (m: T) => number, mine: ServerKind = 'pacta'): string {
  const r = pairedRatio(runs, peer, pick, mine)
  return Number.isNaN(r) ? '–' : `${r.toFixed(2)}×`
}

/** Medians across the successful rounds of one server in one configuration. */
function med<T extends { error?: string }>(runs: T[], pick: (m: T) => number): number {
  return median(runs.filter((m) => !m.error).map(pick))
}

function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU'
  return `${availableParallelism()} cores (${model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM ` +
    `(${(freemem() / 2 ** 30).toFixed(0)} GiB free at the end), Linux ${release()}, Node ${process.version}`
}

/** The drafting-room tables. */
function draftingSection(settings: Settings, spec0: DraftSpec, drafts: Map<DraftSpec, DraftMeasure[]>): string[] {
  const kinds = settings.servers
  const peers = kinds.filter(isPeer)
  const out: string[] = []
  out.push('## Drafting room', '')
  out.push(`One document (a ${spec0.articles}-article treaty). Each client inserts a marked run of about 15 characters ` +
    `(sender id, sequence number, send time) at a random place in a random paragraph every ${spec0.minGapMs / 1000}–${spec0.maxGapMs / 1000} s ` +
    `(seeded jitter, the same schedule for every server) for ${spec0.durationMs / 1000} s; with presence on, each edit is followed by a ` +
    'cursor update (awareness: relative-position anchor and head). Latency runs from the sender\'s insert to the moment each other client ' +
    'has applied it; after the last edit the run waits until every edit has reached every other client. Server CPU is read from ' +
    '/proc for the whole edit phase and divided by the number of edits; peak RSS is the server process\'s VmHWM, idle RSS its ' +
    'VmRSS right after it started listening (every server runs under tsx, whose loader accounts for part of that).', '')
  out.push(header(['configuration', 'server', 'p50 ms', 'p95 ms', 'p99 ms', 'p99 by round', 'delivered', 'converged', 'edits',
    'server CPU ms/edit', 'peak (idle) RSS MiB', 'presence p99 ms']))
  for (const [spec, runs] of drafts) {
    for (const k of kinds) {
      const mine = runs.filter((m) => m.kind === k)
      const ok = mine.filter((m) => !m.error)
      out.push(row([
        variant(spec), SERVER_NAMES[k],
        ms(med(mine, (m) => m.p50)), ms(med(mine, (m) => m.p95)), ms(med(mine, (m) => m.p99)),
        mine.map((m) => (m.error ? 'failed' : ms(m.p99))).join(' / '),
        ok.length ? `${num(Math.min(...ok.map((m) => m.delivered)), 2)} %` : '–',
        ok.length ? (ok.every((m) => m.converged) ? 'yes' : 'NO') : '–',
        num(med(mine, (m) => m.edits), 0),
        ms(med(mine, (m) => m.serverCpuMsPerEdit)),
        memory(mine),
        spec.presence ? ms(med(mine, (m) => m.presenceP99)) : '–',
      ]))
    }
  }
  out.push('', '"delivered" is the lowest across rounds of unique deliveries over deliveries owed (each edit to each other client); ' +
    '"presence p99" is the cursor update\'s own propagation latency.', '')

  out.push('### Where the time goes', '')
  out.push('For the server process and the client processes (the worse of the two), medians across rounds: CPU time over wall time ' +
    '(1.00 = one core busy); the share of the time the main thread was ready to run but waiting for a CPU (`/proc/<pid>/schedstat`: ' +
    'the machine, not the program); and event-loop delay, how late a 10 ms timer fired (p99 / max). A loop that is late while its ' +
    'process neither computes nor waits for a CPU is blocked in a system call (for a persisting server: the disk). A server whose ' +
    'loop stalls delays every message behind the stall; clients whose loops stall add their delay to every server\'s numbers alike.', '')
  out.push(header(['configuration', 'server', 'server cores', 'server waiting for CPU', 'server loop delay ms',
    'client cores', 'client waiting for CPU', 'client loop delay ms']))
  for (const [spec, runs] of drafts) {
    for (const k of kinds) {
      const mine = runs.filter((m) => m.kind === k)
      out.push(row([variant(spec), SERVER_NAMES[k],
        num(med(mine, (m) => m.serverCores), 2), `${num(med(mine, (m) => m.serverWaitPct), 1)} %`,
        `${ms(med(mine, (m) => m.serverLoopP99))} / ${ms(med(mine, (m) => m.serverLoopMax))}`,
        num(med(mine, (m) => m.clientCores), 2), `${num(med(mine, (m) => m.clientWaitPct), 1)} %`,
        `${ms(med(mine, (m) => m.clientLoopP99))} / ${ms(med(mine, (m) => m.clientLoopMax))}`]))
    }
  }
  out.push('')

  if (kinds.includes('pacta')) {
    out.push('### Pacta\'s own counters', '')
    out.push('Read from Pacta\'s loaded room at the end of each run (medians across rounds; they include seeding and joining). ' +
      'Each group commit is one SQLite transaction, made durable before its updates are broadcast.', '')
    out.push(header(['configuration', 'updates stored', 'group commits', 'updates per commit', 'commits per s', 'compactions',
      'awareness forwarded', 'awareness dropped']))
    for (const [spec, runs] of drafts) {
      const mine = runs.filter((m) => m.kind === 'pacta' && m.counters)
      const c = (pick: (x: PactaCounters) => number) => med(mine, (m) => pick(m.counters!))
      out.push(row([variant(spec), num(c((x) => x.updatesStored), 0), num(c((x) => x.batches), 0),
        num(c((x) => x.updatesStored / x.batches), 2), num(med(mine, (m) => m.counters!.batches / (m.wallMs / 1000)), 0),
        num(c((x) => x.compactions), 0), num(c((x) => x.awarenessAccepted), 0),
        `${num(c((x) => x.awarenessDropped), 0)} (${num(c((x) => (100 * x.awarenessDropped) / (x.awarenessDropped + x.awarenessAccepted)), 0)} %)`]))
    }
    out.push('')
  }

  if (kinds.includes('pacta') && peers.length) {
    out.push('### Ratios Pacta / peer (paired by round; below 1 favours Pacta)', '')
    out.push(header(['configuration', 'peer', 'p50', 'p95', 'p99', 'server CPU/edit', 'peak RSS']))
    for (const [spec, runs] of drafts) {
      for (const p of peers) {
        out.push(row([variant(spec), SERVER_NAMES[p],
          ...(['p50', 'p95', 'p99', 'serverCpuMsPerEdit', 'peakRssMiB'] as const).map((f) => paired(runs, p, (m) => m[f]))]))
      }
    }
    out.push('')
    out.push('### Goal: Pacta\'s p99 no worse than the better peer\'s, while persisting every update', '')
    out.push(header(['configuration', 'Pacta p99 ms', 'better peer', 'its p99 ms', 'Pacta / better (paired)', 'met']))
    for (const [spec, runs] of drafts) {
      const p99 = (k: ServerKind) => med(runs.filter((m) => m.kind === k), (m) => m.p99)
      const best = peers.reduce((a, b) => (p99(b) < p99(a) ? b : a))
      const mine = p99('pacta')
      const ratio = pairedRatio(runs, best, (m) => m.p99)
      out.push(row([variant(spec), ms(mine), SERVER_NAMES[best], ms(p99(best)), paired(runs, best, (m) => m.p99),
        Number.isNaN(mine) ? '–' : mine <= p99(best) && ratio <= 1 ? 'yes' : 'no']))
    }
    out.push('', '"met" needs both: the median of Pacta\'s p99 at most the better peer\'s, and the paired ratio at most 1.00×.')
    out.push('')
  }

  if (kinds.includes('yws') && kinds.includes('yws-durable')) {
    out.push('### What waiting for the disk costs (paired by round)', '')
    out.push(`"${SERVER_NAMES['yws-durable']}" is the reference server made to persist every update before sending anything after it ` +
      '(bench/server-child.ts): the least a server that keeps the promise must wait. Its ratio to the reference is the price of the ' +
      'disk alone; Pacta\'s ratio to it is what Pacta adds beyond that price.', '')
    const withPacta = kinds.includes('pacta')
    out.push(header(['configuration', 'durable reference / reference: p50', 'p95', 'p99', ...(withPacta ? ['Pacta / durable reference: p50', 'p99'] : [])]))
    for (const [spec, runs] of drafts) {
      const price = (['p50', 'p95', 'p99'] as const).map((f) => paired(runs, 'yws', (m) => m[f], 'yws-durable'))
      const beyond = withPacta ? (['p50', 'p99'] as const).map((f) => paired(runs, 'yws-durable', (m) => m[f])) : []
      out.push(row([variant(spec), ...price, ...beyond]))
    }
    out.push('')
  }

  return out
}

/** The session-opens tables. */
function opensSection(settings: Settings, spec: OpenSpec, opens: OpenMeasure[]): string[] {
  const kinds = settings.servers
  const peers = kinds.filter(isPeer)
  const out: string[] = []
  out.push('## Session opens', '')
  out.push(`${spec.clients} clients join a ${spec.articles}-article treaty (2–4 paragraphs per article, built with ` +
    'editor/model/build.ts) at the same moment. The treaty is put into each server beforehand by a seeding client that stays connected, ' +
    'so the document is loaded on every server when the clients arrive. Time runs from a client\'s connect to the moment it holds the ' +
    'whole treaty (synced and all articles present), and includes that client applying the ~0.3 MB state: with ' +
    `${spec.clients} clients on ${settings.clientProcesses} client processes, client-side decoding queues up and weighs on every server alike. ` +
    'Server CPU is what the server process spent from the first connect to the last client synced.', '')
  out.push(header(['server', 'p50 ms', 'p99 ms', 'max ms', 'p99 by round', 'not synced', 'server CPU ms', 'peak (idle) RSS MiB', 'client cores']))
  for (const k of kinds) {
    const mine = opens.filter((m) => m.kind === k)
    out.push(row([SERVER_NAMES[k], ms(med(mine, (m) => m.p50)), ms(med(mine, (m) => m.p99)), ms(med(mine, (m) => m.max)),
      mine.map((m) => (m.error ? 'failed' : ms(m.p99))).join(' / '),
      num(med(mine, (m) => m.failed), 0), num(med(mine, (m) => m.serverCpuMs), 0), memory(mine),
      num(med(mine, (m) => m.clientCores), 2)]))
  }
  const pactaOpens = opens.filter((m) => m.kind === 'pacta' && m.counters)
  if (pactaOpens.length) {
    out.push('', `Pacta encoded the full state for joining clients ${num(med(pactaOpens, (m) => m.counters!.initialStateEncodings), 0)} ` +
      `time(s) per run (median) for ${spec.clients} joins plus the seeding check.`)
  }
  if (kinds.includes('pacta') && peers.length) {
    out.push('', header(['Pacta / peer (paired)', 'p50', 'p99', 'server CPU', 'peak RSS']))
    for (const p of peers) {
      out.push(row([SERVER_NAMES[p], ...(['p50', 'p99', 'serverCpuMs', 'peakRssMiB'] as const).map((f) => paired(opens, p, (m) => m[f]))]))
    }
  }
  out.push('')

  return out
}

/** The whole report as Markdown; `notes` is the hand-written reading to keep. */
export function renderReport(settings: Settings, info: RunInfo, drafts: Map<DraftSpec, DraftMeasure[]>, opens: OpenMeasure[], notes: string): string {
  const kinds = settings.servers
  const out: string[] = []
  out.push('# Benchmarks', '')
  out.push('Generated by `npm run bench` (bench/run.ts); the tables below are rewritten on every full run.', '')
  out.push(`- **Command:** \`${info.command}\``)
  out.push(`- **Date:** ${info.startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} (took ${info.minutes.toFixed(1)} min)`)
  out.push(`- **Machine:** ${machine()}; load average before the run ${info.loadBefore.map((l) => l.toFixed(2)).join(' / ')} (the machine is shared: absolute times are noisy, compare ratios)`)
  out.push(`- **Servers:** ${kinds.map((k) => SERVER_NAMES[k]).join(', ')}, each in its own process on 127.0.0.1, a fresh process per run; ` +
    'Pacta with SQLite persistence on (its defaults: every update durable before broadcast, `SQLITE_SYNCHRONOUS=FULL`) in a temporary `DATA_DIR`, ' +
    'every client signed in as its admin (so the per-user sync connection cap is raised to 1000 for the run; all other limits at their defaults); ' +
    '@y/websocket-server 0.1.1 (`setupWSConnection` on http + ws, in memory) and @hocuspocus/server 3.4 (in memory, no extensions)' +
    (kinds.includes('yws-durable') ? `; "${SERVER_NAMES['yws-durable']}" is the same reference server writing each update it receives to a ` +
      'log file in a temporary `DATA_DIR` as it arrives and holding everything it sends until an `fdatasync` begun after the ' +
      'write has finished (Pacta\'s own WalSync), a variant, not a peer.' : '.'))
  out.push('- **Clients:** Node `y-websocket` 3 `WebsocketProvider`s (with `ws`) for Pacta and the reference server; ' +
    '`@hocuspocus/provider` 3.4 for Hocuspocus, which speaks its own protocol. ' +
    `Clients are spread over ${settings.clientProcesses} client processes; all processes share one monotonic clock.`)
  out.push(`- **Rounds:** ${info.rounds}${info.rounds < settings.rounds ? ` of ${settings.rounds} planned (stopped to stay within the time budget)` : ''}; ` +
    'within a round every configuration runs once per server, back to back, servers alternating (the order rotates each round). ' +
    'Tables show medians across rounds; "p99 by round" shows the spread. Ratios are paired: the median over rounds of ' +
    'Pacta\'s value divided by the peer\'s in the same round, which cancels much of the machine\'s changing load.')
  out.push('')

  const spec0 = settings.drafting[0]
  if (spec0) out.push(...draftingSection(settings, spec0, drafts))
  if (settings.opens) out.push(...opensSection(settings, settings.opens, opens))

  const failures = [...[...drafts.entries()].flatMap(([spec, runs]) => runs.filter((m) => m.error).map((m) => `${variant(spec)}, ${SERVER_NAMES[m.kind]}, round ${m.round}: ${m.error}`)),
    ...opens.filter((m) => m.error).map((m) => `session opens, ${SERVER_NAMES[m.kind]}, round ${m.round}: ${m.error}`)]
  if (failures.length) {
    out.push('## Failed runs', '', ...failures.map((f) => `- ${f.split('\n')[0]}`), '')
  }

  out.push('## Reading', '', NOTES_START, notes.trim(), NOTES_END, '')
  return out.join('\n')
}

/** The hand-written reading from an existing report, or a placeholder. */
export function keptNotes(existing: string | null): string {
  if (existing) {
    const start = existing.indexOf(NOTES_START)
    const end = existing.indexOf(NOTES_END)
    if (start >= 0 && end > start) return existing.slice(start + NOTES_START.length, end)
  }
  return '_No reading written yet._'
}

/** The machine's load average now, to record how busy it was before a run. */
export const currentLoad = (): number[] => loadavg()
