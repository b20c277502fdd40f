// What the editor benchmarks (run.ts, review.ts) set up alike: their knobs, the built editor
// they need, and the treaty they open with the place they type into.
import { existsSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import { contentState } from '../../editor/model/content.js'
import { unclosTreaty } from './unclos.js'

export const ROOT = resolve(import.meta.dirname, '../..')
export const DIST = resolve(ROOT, 'dist')

/** The whole-number knob `name` from the environment, or `fallback`; a clear error for anything else. */
export function int(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback)
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number, not ${process.env[name]}`)
  return v
}

/** Writes a line of progress to stderr (the tables go to stdout). */
export const log = (line: string): void => { process.stderr.write(`${line}\n`) }

/** Stops `script` with a message naming the fix when the editor is not built. */
export function requireBuiltEditor(script: string): void {
  if (existsSync(join(DIST, 'doc.html'))) return
  log(`${script}: the editor is not built (no dist/doc.html): run "npm run build" first`)
  process.exit(1)
}

/**
 * UNCLOS in Pacta's schema, its shared-document state, the middle article, its first paragraph
 * (where typing goes and the remote edits start; ids are the importer's, so it is looked up) and
 * the phrase to type.
 */
export function benchTreaty(): ReturnType<typeof unclosTreaty> & { state: Uint8Array; middle: string; middleParagraph: string; phrase: string; treaty: Node } {
  const unclos = unclosTreaty()
  const middle = unclos.articleIds[Math.floor(unclos.articleIds.length / 2)]!
  let middleParagraph = ''
  unclos.doc.descendants((node) => {
    if (middleParagraph) return false
    if (node.type.name === 'article' && node.attrs.id === middle) {
      node.forEach((child) => { if (!middleParagraph && child.type.name === 'paragraph') middleParagraph = String(child.attrs.id) })
      return false
    }
    return !node.isTextblock
  })
  if (!middleParagraph) throw new Error(`the middle article ${middle} has no paragraph`)
  return {
    ...unclos,
    treaty: unclos.doc,
    state: contentState(unclos.doc),
    middle,
    middleParagraph,
    phrase: 'the coastal state shall take measures ',
  }
}

/**
 * The lines that open a benchmark's report: the command with the knobs that were set (those
 * `knob` accepts), when it ran and for how long, and the machine with its load before and now.
 */
export function reportHeader(script: string, knob: (name: string) => boolean, startedAt: Date, loadBefore: number[]): string[] {
  const loadAfter = loadavg()
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ')
  return [
    `Command: ${[...Object.entries(process.env).filter(([k]) => knob(k)).map(([k, v]) => `${k}=${v}`), `npm run ${script}`].join(' ')}`,
    `Date: ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')} (took ${((Date.now() - startedAt.getTime()) / 60_000).toFixed(1)} min)`,
    `Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}; ` +
      `load average ${load(loadBefore)} before, ${load(loadAfter)} after`,
  ]
}
