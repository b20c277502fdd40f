// Benchmark settings: the full run by default, a short smoke run with BENCH_QUICK=1, and a few
// overrides for exploring. Read once, here.
import type { ServerKind } from './peers.js'
import type { DraftSpec, OpenSpec } from './scenarios.js'

/** Everything one `npm run bench` does. */
export interface Settings {
  quick: boolean
  rounds: number
  servers: ServerKind[]
  drafting: DraftSpec[]
  /** The session-opens scenario, or null when BENCH_SCENARIOS leaves it out. */
  opens: OpenSpec | null
  clientProcesses: number
  /** No new round starts when it would likely end after this many minutes. */
  budgetMinutes: number
  /** Whether docs/benchmarks.md is rewritten. */
  write: boolean
}

/** Servers a full run compares. */
const DEFAULT_KINDS: ServerKind[] = ['pacta', 'yws', 'hocuspocus', 'yws-durable']
/** Servers BENCH_SERVERS may name. */
const KINDS: ServerKind[] = [...DEFAULT_KINDS, 'pacta-sync-off']

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`)
  return n
}

/** Reads the settings from the environment. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const quick = env.BENCH_QUICK === '1'
  // Many short rounds rather than few long ones: on a shared machine the load changes from minute
  // to minute, and a median over more rounds is steadier than more samples within one.
  const rounds = int(env, 'BENCH_ROUNDS', quick ? 1 : 5, 1)
  const durationMs = 1000 * int(env, 'BENCH_DURATION_S', quick ? 3 : 6, 1)
  const servers = (env.BENCH_SERVERS ?? DEFAULT_KINDS.join(',')).split(',').map((s) => s.trim()).filter(Boolean)
  for (const s of servers) {
    if (!KINDS.includes(s as ServerKind)) throw new Error(`BENCH_SERVERS: unknown server "${s}"; use some of ${KINDS.join(', ')}`)
  }
  const room = { durationMs, minGapMs: 1000, maxGapMs: 2000, articles: 30 }
  // BENCH_SCENARIOS picks configurations for exploring, e.g. "100-off,opens"; a full run has all.
  const names = ['20-off', '20-on', '100-off', '100-on', 'opens']
  const picked = (env.BENCH_SCENARIOS ?? names.join(',')).split(',').map((s) => s.trim()).filter(Boolean)
  for (const p of picked) if (!names.includes(p)) throw new Error(`BENCH_SCENARIOS: unknown scenario "${p}"; use some of ${names.join(', ')}`)
  const drafting = [20, 100].flatMap((clients) => [false, true]
    .filter((presence) => picked.includes(`${clients}-${presence ? 'on' : 'off'}`))
    .map((presence) => ({ ...room, clients, presence })))
  return {
    quick,
    rounds,
    servers: servers as ServerKind[],
    drafting,
    opens: picked.includes('opens') ? { clients: 50, articles: 300, timeoutMs: 60_000 } : null,
    clientProcesses: 2,
    budgetMinutes: int(env, 'BENCH_BUDGET_MIN', 16, 1),
    write: env.BENCH_WRITE === '1' || (!quick && env.BENCH_WRITE !== '0'),
  }
}
