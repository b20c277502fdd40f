// `npm run bench`: runs the drafting-room and session-opens scenarios against Pacta and its two
// peers, alternating servers over several rounds, prints the report and writes docs/benchmarks.md.
// BENCH_QUICK=1 is a one- to two-minute smoke run that leaves docs/benchmarks.md alone.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { isPacta, SERVER_NAMES, type ServerKind } from './peers.js'
import { currentLoad, keptNotes, renderReport } from './report.js'
import { runDrafting, runOpens, startClientProcesses, type DraftMeasure, type DraftSpec, type OpenMeasure } from './scenarios.js'
import { readSettings } from './settings.js'

const ROOT = resolve(import.meta.dirname, '..')
const DOC = join(ROOT, 'docs', 'benchmarks.md')

// The seeding client's provider adds a process 'exit' listener per run.
process.setMaxListeners(0)
const settings = readSettings()
if (settings.servers.some(isPacta) && !existsSync(join(ROOT, 'server', 'main.ts'))) {
  console.error('bench: server/main.ts does not exist yet; run the peers alone with BENCH_SERVERS=yws,hocuspocus')
  process.exit(1)
}

const startedAt = new Date()
const loadBefore = currentLoad()
const workDir = mkdtempSync(join(tmpdir(), 'pacta-bench-'))
const pool = startClientProcesses(settings.clientProcesses)
const log = (line: string) => process.stderr.write(`${line}\n`)
const fmt = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(1))

/** The servers in round `r`'s order: A B C, then B C A, … so no server always goes first. */
const order = (r: number): ServerKind[] => settings.servers.map((_, i) => settings.servers[(i + r) % settings.servers.length]!)

const drafts = new Map<DraftSpec, DraftMeasure[]>(settings.drafting.map((s) => [s, []]))
const opens: OpenMeasure[] = []
const failure = (err: unknown) => (err instanceof Error ? err.message : String(err))

let roundsRun = 0
try {
  for (let round = 1; round <= settings.rounds; round++) {
    const elapsedMin = (Date.now() - startedAt.getTime()) / 60_000
    if (roundsRun > 0 && elapsedMin + elapsedMin / roundsRun > settings.budgetMinutes) {
      log(`bench: stopping after ${roundsRun} rounds to stay within ${settings.budgetMinutes} minutes (BENCH_BUDGET_MIN)`)
      break
    }
    for (const spec of settings.drafting) {
      for (const kind of order(round - 1)) {
        const label = `round ${round}/${settings.rounds} drafting ${spec.clients} clients presence ${spec.presence ? 'on ' : 'off'} ${SERVER_NAMES[kind]}`
        try {
          const m = await runDrafting(kind, round, spec, pool, workDir)
          drafts.get(spec)!.push(m)
          log(`${label}: p50 ${fmt(m.p50)} p99 ${fmt(m.p99)} ms, delivered ${m.delivered.toFixed(2)} %, ${m.edits} edits, ` +
            `server ${fmt(m.serverCpuMsPerEdit)} ms CPU/edit, ${m.peakRssMiB.toFixed(0)} MiB${m.converged ? '' : ', NOT CONVERGED'}`)
        } catch (err) {
          drafts.get(spec)!.push({ kind, round, error: failure(err) } as DraftMeasure)
          log(`${label}: FAILED ${failure(err)}`)
        }
      }
    }
    for (const kind of settings.opens ? order(round - 1) : []) {
      const label = `round ${round}/${settings.rounds} session opens ${settings.opens!.clients} clients ${SERVER_NAMES[kind]}`
      try {
        const m = await runOpens(kind, round, settings.opens!, pool, workDir)
        opens.push(m)
        log(`${label}: p50 ${fmt(m.p50)} p99 ${fmt(m.p99)} ms, ${m.failed} not synced, server ${m.serverCpuMs.toFixed(0)} ms CPU, ${m.peakRssMiB.toFixed(0)} MiB`)
      } catch (err) {
        opens.push({ kind, round, error: failure(err) } as OpenMeasure)
        log(`${label}: FAILED ${failure(err)}`)
      }
    }
    roundsRun = round
  }
} finally {
  for (const c of pool) c.child.disconnect()
  rmSync(workDir, { recursive: true, force: true })
}

const overrides = Object.entries(process.env)
  .filter(([k]) => k.startsWith('BENCH_'))
  .map(([k, v]) => `${k}=${v}`)
  .sort()
const command = [...overrides, 'npm run bench'].join(' ')
const minutes = (Date.now() - startedAt.getTime()) / 60_000
const existing = existsSync(DOC) ? readFileSync(DOC, 'utf8') : null
const report = renderReport(settings, { command, startedAt, minutes, loadBefore, rounds: roundsRun }, drafts, opens, keptNotes(existing))
process.stdout.write(`\n${report}`)
if (settings.write) {
  writeFileSync(DOC, report)
  log(`bench: wrote ${DOC}`)
} else {
  log('bench: quick run, docs/benchmarks.md left as it was (BENCH_WRITE=1 writes it)')
}
