// `npm run bench:export` (also the last step of `npm run bench`): exports UNCLOS in every format
// and, side by side in the same run, has pandoc convert the same content from Markdown to Word —
// pandoc's input is Pacta's own Markdown export of the treaty, so both write the same text. Each
// round starts, per format in rotating order, a fresh process that builds the treaty, then times
// one cold export (the process's first: module JIT, fonts parsed) and BENCH_EXPORT_WARM warm ones
// (a running server's steady state), and reports its peak RSS; pandoc runs once per round under
// /usr/bin/time -v (wall time includes its start-up, which is also measured alone). Prints
// Markdown; writes nothing.
// PDF and Word also run once more per round in a process that first does what the server's export
// worker does at start (server/export/page-exports.ts, WARM_UP_ROUNDS × warmPageExports): their first export after
// that warm-up is what a server's first user waits for.
// Knobs: BENCH_EXPORT_ROUNDS (5), BENCH_EXPORT_WARM (3).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import { treatyToAkn } from '../server/export/akn.js'
import { treatyToDocx } from '../server/export/docx.js'
import { treatyToHtml } from '../server/export/html.js'
import { treatyToMarkdown } from '../server/export/markdown.js'
import { treatyToPdf } from '../server/export/pdf.js'
import { WARM_UP_ROUNDS, warmPageExports } from '../server/export/page-exports.js'
import { EXPORT_FORMATS, type ExportFormat } from '../server/services/exports.js'
import { unclosTreaty } from './editor/unclos.js'
import { int, log, reportHeader } from './editor/setup.js'
import { median } from './stats.js'

const ROOT = resolve(import.meta.dirname, '..')
const UNCLOS = join(ROOT, 'tests/fixtures/corpus/unclos-1982_law-of-the-sea.en.md')
const TITLE = 'United Nations Convention on the Law of the Sea'
const AT = new Date('2026-02-01T12:00:00Z')

/** Every format's exporter, clean, as the REST endpoint calls it (a new format fails to compile until it is added here). */
const EXPORTERS: Record<ExportFormat, (doc: Node) => Promise<string | Uint8Array>> = {
  html: async (doc) => treatyToHtml(doc, {}, { title: TITLE, clean: true }),
  akn: async (doc) => treatyToAkn(doc, {}, { documentId: 'UnclosBench01', title: TITLE, clean: true, createdAt: AT }),
  markdown: async (doc) => treatyToMarkdown(doc, {}, { title: TITLE, clean: true, exportedAt: AT }),
  docx: (doc) => treatyToDocx(doc, {}, { title: TITLE, clean: true, exportedAt: AT }),
  pdf: (doc) => treatyToPdf(doc, {}, { title: TITLE, clean: true, exportedAt: AT }),
}

/** What one process reports of one format. */
interface FormatRun { format: ExportFormat; coldMs: number; coldCpuMs: number; warmMs: number[]; warmCpuMs: number[]; bytes: number; rssBeforeMiB: number; peakRssMiB: number }
/** One pandoc conversion. */
interface PandocRun { ms: number; cpuMs: number; peakRssMiB: number; bytes: number }

const MiB = 2 ** 20

/** The formats the server's export workers render, and warm up at start. */
const WORKER_FORMATS: readonly ExportFormat[] = ['pdf', 'docx']

/**
 * Child mode: builds the treaty, exports it once cold and `warm` times warm, prints a FormatRun as
 * JSON. `warmedUp`: the export workers' start-up warm-up first, so "cold" is the first export after it.
 */
async function child(format: ExportFormat, warm: number, warmedUp = false): Promise<void> {
  const { doc } = unclosTreaty(UNCLOS)
  if (warmedUp) for (let i = 0; i < WARM_UP_ROUNDS; i++) await warmPageExports()
  const rssBeforeMiB = process.memoryUsage().rss / MiB
  const timed = async () => {
    const cpu = process.cpuUsage()
    const t0 = performance.now()
    const out = await EXPORTERS[format](doc)
    const used = process.cpuUsage(cpu)
    return { ms: performance.now() - t0, cpuMs: (used.user + used.system) / 1000, bytes: typeof out === 'string' ? Buffer.byteLength(out) : out.byteLength }
  }
  const cold = await timed()
  const warmMs: number[] = []
  const warmCpuMs: number[] = []
  for (let i = 0; i < warm; i++) {
    const w = await timed()
    warmMs.push(w.ms)
    warmCpuMs.push(w.cpuMs)
  }
  // maxRSS is in KiB: the process's peak, treaty and all
  const run: FormatRun = { format, coldMs: cold.ms, coldCpuMs: cold.cpuMs, warmMs, warmCpuMs, bytes: cold.bytes, rssBeforeMiB, peakRssMiB: process.resourceUsage().maxRSS / 1024 }
  process.stdout.write(`${JSON.stringify(run)}\n`)
}

/** Runs one format in a fresh process (after the export workers' warm-up when `warmedUp`). */
function formatRun(format: ExportFormat, warm: number, warmedUp = false): FormatRun {
  const args = [join(ROOT, 'bench/export.ts'), '--child', format, String(warm), ...(warmedUp ? ['--warmed-up'] : [])]
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', cwd: ROOT, maxBuffer: 16 * MiB })
  if (run.status !== 0) throw new Error(`the ${format} export failed: ${run.stderr}`)
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as FormatRun
}

/** `/usr/bin/time -v pandoc args…`: wall time in ms, CPU time and peak RSS from time's report. */
function pandoc(args: string[]): PandocRun {
  const t0 = performance.now()
  const run = spawnSync('/usr/bin/time', ['-v', 'pandoc', ...args], { encoding: 'utf8', maxBuffer: 64 * MiB })
  const ms = performance.now() - t0
  if (run.error) throw new Error(`pandoc under /usr/bin/time could not start (apt-get install pandoc time): ${run.error.message}`)
  if (run.status !== 0) throw new Error(`pandoc ${args.join(' ')} failed: ${run.stderr}`)
  const field = (name: string) => Number(new RegExp(`${name}: ([\\d.]+)`).exec(run.stderr)?.[1] ?? NaN)
  const cpuMs = (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000
  return { ms, cpuMs, peakRssMiB: field('Maximum resident set size \\(kbytes\\)') / 1024, bytes: 0 }
}

const fmt = (x: number, digits = 0) => (Number.isNaN(x) ? '–' : x.toFixed(digits))
const row = (cells: string[]) => `| ${cells.join(' | ')} |`

async function main(): Promise<void> {
  const ROUNDS = Math.max(1, int('BENCH_EXPORT_ROUNDS', 5))
  const WARM = Math.max(1, int('BENCH_EXPORT_WARM', 3))
  const startedAt = new Date()
  const loadBefore = loadavg()
  const dir = mkdtempSync(join(tmpdir(), 'pacta-bench-export-'))
  try {
    const { doc, counts } = unclosTreaty(UNCLOS)
    const markdown = join(dir, 'unclos.md')
    writeFileSync(markdown, await EXPORTERS.markdown(doc))
    const docxOut = join(dir, 'pandoc.docx')
    const version = spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? 'pandoc'

    const runs: FormatRun[] = []
    const warmedRuns: FormatRun[] = []
    const pandocRuns: PandocRun[] = []
    const startups: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const order = EXPORT_FORMATS.map((_, i) => EXPORT_FORMATS[(i + round) % EXPORT_FORMATS.length]!)
      for (const format of order) {
        const r = formatRun(format, WARM)
        runs.push(r)
        log(`round ${round + 1}/${ROUNDS} ${format}: cold ${fmt(r.coldMs)} ms, warm ${r.warmMs.map((m) => fmt(m)).join(' / ')} ms, peak RSS ${fmt(r.peakRssMiB)} MiB`)
        if (!WORKER_FORMATS.includes(format)) continue
        const w = formatRun(format, 0, true)
        warmedRuns.push(w)
        log(`round ${round + 1}/${ROUNDS} ${format}: first after the workers' warm-up ${fmt(w.coldMs)} ms`)
      }
      const p = pandoc(['-f', 'markdown', '-t', 'docx', '-o', docxOut, markdown])
      pandocRuns.push({ ...p, bytes: statSync(docxOut).size })
      startups.push(pandoc(['--version']).ms)
      log(`round ${round + 1}/${ROUNDS} pandoc markdown → docx: ${fmt(p.ms)} ms (CPU ${fmt(p.cpuMs)} ms), peak RSS ${fmt(p.peakRssMiB)} MiB`)
    }

    const of = (format: ExportFormat) => runs.filter((r) => r.format === format)
    const warmMedian = (format: ExportFormat) => median(of(format).map((r) => median(r.warmMs)))
    const warmCpu = (format: ExportFormat) => median(of(format).map((r) => median(r.warmCpuMs)))
    const coldMedian = (format: ExportFormat) => median(of(format).map((r) => r.coldMs))
    const coldCpu = (format: ExportFormat) => median(of(format).map((r) => r.coldCpuMs))
    // paired by round: each round's Pacta DOCX over the same round's pandoc
    const paired = (pick: (r: FormatRun) => number, theirs: (p: PandocRun) => number = (p) => p.ms) =>
      median(of('docx').map((r, i) => pick(r) / theirs(pandocRuns[i]!)))
    const afterWarmUp = (format: ExportFormat) => median(warmedRuns.filter((r) => r.format === format).map((r) => r.coldMs))
    const afterWarmUpCpu = (format: ExportFormat) => median(warmedRuns.filter((r) => r.format === format).map((r) => r.coldCpuMs))
    // what a server's first user of each format waits for: the workers' formats are warmed at start
    const firstInServer = (format: ExportFormat) => (WORKER_FORMATS.includes(format) ? afterWarmUp(format) : coldMedian(format))
    const slowestFirst = Math.max(...EXPORT_FORMATS.map(firstInServer))
    const slowest = Math.max(...EXPORT_FORMATS.map(warmMedian))
    const slowestCold = Math.max(...EXPORT_FORMATS.map(coldMedian))
    const docxRatio = paired((r) => median(r.warmMs))

    const out: string[] = reportHeader('bench:export', (k) => k.startsWith('BENCH_EXPORT_'), startedAt, loadBefore)
    out.push('', `Document: UNCLOS from tests/fixtures/corpus (${counts.articles} articles, ${counts.paragraphs.reduce((a, b) => a + b, 0)} paragraphs), exported clean. ` +
      `Pandoc's input: Pacta's Markdown export of it (${fmt(statSync(markdown).size / 1024)} KiB); ${version}. ${ROUNDS} rounds, ${WARM} warm exports per round.`, '')
    out.push(row(['export', 'cold ms (CPU ms), first in a process', 'first after the workers\' warm-up ms (CPU ms)', 'warm ms (CPU ms)', 'output KiB', 'peak RSS MiB (RSS before)']))
    out.push(row(['---', '---:', '---:', '---:', '---:', '---:']))
    for (const format of EXPORT_FORMATS) {
      const mine = of(format)
      const warmedUp = WORKER_FORMATS.includes(format) ? `${fmt(afterWarmUp(format))} (${fmt(afterWarmUpCpu(format))})` : '–'
      out.push(row([`Pacta ${format}`, `${fmt(coldMedian(format))} (${fmt(coldCpu(format))})`, warmedUp, `${fmt(warmMedian(format))} (${fmt(warmCpu(format))})`,
        fmt(median(mine.map((r) => r.bytes)) / 1024), `${fmt(median(mine.map((r) => r.peakRssMiB)))} (${fmt(median(mine.map((r) => r.rssBeforeMiB)))})`]))
    }
    out.push(row(['pandoc markdown → docx (a process each)', '–', '–', `${fmt(median(pandocRuns.map((p) => p.ms)))} (${fmt(median(pandocRuns.map((p) => p.cpuMs)))})`,
      fmt(median(pandocRuns.map((p) => p.bytes)) / 1024), fmt(median(pandocRuns.map((p) => p.peakRssMiB)))]))
    out.push(row(['pandoc --version (its start-up alone)', '–', '–', fmt(median(startups)), '–', '–']), '')
    out.push(`- Pacta DOCX / pandoc DOCX (paired by round; below 1 Pacta is faster): wall time warm ${docxRatio.toFixed(2)}×, ` +
      `cold ${paired((r) => r.coldMs).toFixed(2)}×; CPU time warm ${paired((r) => median(r.warmCpuMs), (p) => p.cpuMs).toFixed(2)}×, ` +
      `cold ${paired((r) => r.coldCpuMs, (p) => p.cpuMs).toFixed(2)}×. Goal ≤ 0.50×: ${docxRatio <= 0.5 ? 'met' : 'NOT met'} (wall, warm).`)
    out.push(`- Slowest format: warm ${fmt(slowest)} ms; a server's first export of it (PDF and Word after the workers' warm-up) ${fmt(slowestFirst)} ms; ` +
      `cold in a fresh process ${fmt(slowestCold)} ms. Goal ≤ 1000 ms: ${slowest <= 1000 ? 'met' : 'NOT met'} (warm), ` +
      `${slowestFirst <= 1000 ? 'met' : 'NOT met'} (a server's first).`)
    process.stdout.write(`${out.join('\n')}\n`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--child') {
  const format = process.argv[3] ?? ''
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new Error(`bench/export.ts --child: unknown format ${format}`)
  await child(format as ExportFormat, Number(process.argv[4] ?? 3), process.argv[5] === '--warmed-up')
} else {
  await main()
}
