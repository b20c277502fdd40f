// Reads a V8 CPU profile (CDP Profiler) into the functions that spent the most time themselves,
// each named with the module it comes from. Profiles are taken on unminified builds, in which the
// bundler marks where each module starts with a `// path` comment line; that is how a function's
// line is traced back to its module.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** The parts of a CDP `Profiler.Profile` read here. */
export interface Profile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>
  startTime: number
  endTime: number
  samples?: number[]
  timeDeltas?: number[]
}

/** One function's self time. */
export interface HotFunction {
  name: string
  module: string
  selfMs: number
  /** Share of the profile's busy (not idle) time. */
  share: number
}

/** V8's pseudo-frames that are not the page's code. */
const IDLE = new Set(['(idle)', '(program)'])

/** Maps a script URL and 0-based line to the module it was bundled from, for bundles served from `dirs`. */
export class ModuleIndex {
  private readonly starts = new Map<string, Array<{ line: number; module: string }>>()

  constructor(private readonly dirs: string[]) {}

  moduleAt(url: string, line: number): string {
    if (!url) return ''
    let path: string
    try { path = new URL(url).pathname } catch { return url }
    let starts = this.starts.get(path)
    if (!starts) {
      starts = []
      for (const dir of this.dirs) {
        let text: string
        try { text = readFileSync(join(dir, path), 'utf8') } catch { continue }
        text.split('\n').forEach((l, i) => {
          const m = /^\/\/ (\S+\.(?:[cm]?[jt]s))$/.exec(l)
          if (m) starts!.push({ line: i, module: shortModule(m[1]!) })
        })
        break
      }
      this.starts.set(path, starts)
    }
    let found = path
    for (const s of starts) { if (s.line <= line) found = s.module; else break }
    return found
  }
}

/** "../main/node_modules/prosemirror-view/dist/index.js" → "prosemirror-view"; own modules keep their path. */
function shortModule(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path)
  if (!m) return path
  const file = m[2]!.replace(/^(dist|src)\//, '')
  return file === 'index.js' || file === 'index.mjs' ? m[1]! : `${m[1]}/${file}`
}

/** See sampleWeights. */
const SAMPLE_GAP_LIMIT = 3

/**
 * How long each sample of `profile` stands for, in µs: the interval up to the next sample, but at
 * most SAMPLE_GAP_LIMIT times the profile's median interval. On a busy machine the sampling thread
 * itself waits for a core, and one sample can then carry 100 ms or more of time in which the page
 * did not run; charged in full, it named whatever function that sample caught among the hottest.
 */
export function sampleWeights(profile: Profile): number[] {
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const intervals = samples.map((_, i) => deltas[i + 1] ?? 0)
  const sorted = intervals.filter((d) => d > 0).sort((a, b) => a - b)
  const limit = sorted.length ? SAMPLE_GAP_LIMIT * sorted[sorted.length >> 1]! : Infinity
  return intervals.map((d) => Math.min(d, limit))
}

/** The share of a profile's busy (not idle) time spent in JavaScript and its garbage collection. */
export function jsShare(profile: Profile): number {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]))
  const samples = profile.samples ?? []
  const weights = sampleWeights(profile)
  let busy = 0
  let native = 0
  for (let i = 0; i < samples.length; i++) {
    const name = byId.get(samples[i]!)
    const us = weights[i]!
    if (name === '(idle)') continue
    busy += us
    if (name === '(program)') native += us
  }
  return busy > 0 ? (busy - native) / busy : NaN
}

/** The `top` functions of `profile` by self time (idle time left out), with the profile's busy ms. */
export function hotFunctions(profile: Profile, modules: ModuleIndex, top = 15): { busyMs: number; functions: HotFunction[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, { name: string; module: string; us: number }>()
  const samples = profile.samples ?? []
  const weights = sampleWeights(profile)
  let busy = 0
  // timeDeltas[i] is the time before sample i: the interval up to the next sample (capped) is charged to this one
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!)
    if (!node) continue
    const us = weights[i]!
    const { functionName, url, lineNumber, columnNumber } = node.callFrame
    // an unnamed function at the very start of a script is the script's own top level
    const name = functionName || (!url ? '(root)' : lineNumber === 0 && columnNumber === 0 ? '(top level)' : '(anonymous)')
    if (IDLE.has(name)) continue
    busy += us
    const module = modules.moduleAt(url, lineNumber)
    const key = `${name}\u0000${module}\u0000${url ? lineNumber : ''}`
    const entry = self.get(key) ?? { name, module, us: 0 }
    entry.us += us
    self.set(key, entry)
  }
  const functions = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((f) => ({ name: f.name, module: f.module, selfMs: f.us / 1000, share: busy > 0 ? f.us / busy : 0 }))
  return { busyMs: busy / 1000, functions }
}

/** Self time summed by module (the package, or Pacta's own file), largest first. */
export function hotModules(profile: Profile, modules: ModuleIndex, top = 10): Array<{ module: string; selfMs: number; share: number }> {
  const all = hotFunctions(profile, modules, Number.MAX_SAFE_INTEGER)
  const sums = new Map<string, number>()
  for (const f of all.functions) {
    const key = f.module || f.name
    sums.set(key, (sums.get(key) ?? 0) + f.selfMs)
  }
  return [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([module, selfMs]) => ({ module, selfMs, share: all.busyMs > 0 ? selfMs / all.busyMs : 0 }))
}
