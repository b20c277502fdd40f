// The editor benchmark's tables: medians across runs for each page, ratios paired by run, the
// issue-11 budgets, and the hottest functions of the profiled run.
import { pageKinds, PAGE_NAMES, type PageKind, type RunMeasure } from './measure.js'
import type { HotFunction } from './profile.js'
import type { KeystrokeTrace } from './trace.js'

/** The median of the finite values of `xs` (NaN when there is none). */
export const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** A time or size with three significant figures at most ('–' when unknown). */
export const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return '–'
  const a = Math.abs(x)
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : x.toFixed(2)
}
const fmtRatio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '–')

type Field = { [K in keyof RunMeasure]-?: RunMeasure[K] extends number | null ? K : never }[keyof RunMeasure]

/** A row of the table: the measure, and the issue-11 budget on it if there is one. */
interface Row {
  label: string
  field: Field
  budget?: { text: string; met: (pacta: number, ratioYpm: number) => boolean }
}

const ROWS: Row[] = [
  { label: 'opening: navigation → editable, last block painted (ms)', field: 'openMs', budget: { text: '≤ 1.1× y-prosemirror', met: (_, r) => r <= 1.1 } },
  { label: 'JS while opening (ms CPU)', field: 'openJsMs' },
  { label: 'main thread while opening (ms CPU)', field: 'openTaskMs' },
  { label: '… of which style and layout (ms CPU)', field: 'openStyleLayoutMs' },
  { label: 'JS heap after opening, after GC (MB)', field: 'heapMB' },
  { label: 'DOM nodes after opening', field: 'domNodes' },
  { label: 'keydown → painted p50 (ms)', field: 'keyP50' },
  { label: 'keydown → painted p95 (ms)', field: 'keyP95' },
  { label: 'keydown → painted p99 (ms)', field: 'keyP99' },
  { label: 'JS per keystroke (ms CPU)', field: 'jsPerKeyMs', budget: { text: '≤ 1.5× y-prosemirror', met: (_, r) => r <= 1.5 } },
  { label: 'main thread per keystroke (ms CPU)', field: 'taskPerKeyMs' },
  { label: '… of which style and layout (ms CPU)', field: 'styleLayoutPerKeyMs' },
  { label: '100 remote edits: first arrival → painted (ms)', field: 'burstMs', budget: { text: '≤ 250 ms', met: (p) => p <= 250 } },
  { label: '… last sync message handled → painted (ms)', field: 'burstAfterLastMs' },
  { label: '… first → last sync message handled by the page (ms)', field: 'burstArrivalMs' },
  { label: '… sync messages received', field: 'burstMessages' },
  { label: '… group commits the server stored them in', field: 'burstCommits' },
  { label: 'JS during the burst (ms CPU)', field: 'burstJsMs' },
  { label: 'main thread during the burst (ms CPU)', field: 'burstTaskMs' },
  { label: '… of which style and layout (ms CPU)', field: 'burstStyleLayoutMs' },
]

const value = (m: RunMeasure, f: Field): number => {
  const v = m[f]
  return typeof v === 'number' ? v : NaN
}

/** `a`'s value over `b`'s in each run, in run order. */
function ratiosByRun(measures: RunMeasure[], a: PageKind, b: PageKind, f: Field): number[] {
  const runs = [...new Set(measures.map((m) => m.run))].sort((x, y) => x - y)
  const ratios: number[] = []
  for (const run of runs) {
    const x = measures.find((m) => m.run === run && m.kind === a)
    const y = measures.find((m) => m.run === run && m.kind === b)
    if (x && y) ratios.push(value(x, f) / value(y, f))
  }
  return ratios
}

/** Median over runs of `a`'s value over `b`'s in the same run. */
const pairedRatio = (measures: RunMeasure[], a: PageKind, b: PageKind, f: Field): number => median(ratiosByRun(measures, a, b, f))

/**
 * The ratios the tables give, paired by run: the budget's (Pacta / y-prosemirror), then how it
 * splits into the treaty editor's own cost and the application's around it, then Pacta over plain
 * ProseMirror; with a compared build, that build over Pacta's.
 */
const RATIOS: ReadonlyArray<[PageKind, PageKind]> = [['pacta', 'ypm'], ['te', 'ypm'], ['pacta', 'te'], ['pacta', 'pm'], ['compared', 'pacta']]

/** The pages `measures` hold, in the tables' order. */
const kindsIn = (measures: RunMeasure[]): readonly PageKind[] => pageKinds(measures.some((m) => m.kind === 'compared'))

/** The ratios whose two pages `measures` hold. */
const ratiosIn = (measures: RunMeasure[]) => RATIOS.filter((pair) => pair.every((k) => kindsIn(measures).includes(k)))

/** The opening's ratios of `a` over `b` run by run, with their median and middle half. */
function openingRatio(measures: RunMeasure[], a: PageKind, b: PageKind): string {
  const r = ratiosByRun(measures, a, b, 'openMs')
  const sorted = [...r].sort((x, y) => x - y)
  return `${PAGE_NAMES[a]} / ${PAGE_NAMES[b]} run by run: ${r.map((x) => x.toFixed(2)).join(', ')} ` +
    `(median ${fmtRatio(median(r))}, middle half ${fmtRatio(percentileOf(sorted, 25))}–${fmtRatio(percentileOf(sorted, 75))})`
}

/** The opening's paired ratios run by run: the budget's, the treaty editor's own and the application's (RATIOS). */
export function openingRatios(measures: RunMeasure[]): string {
  return ratiosIn(measures).filter(([, b]) => b !== 'pm').map(([a, b]) => `Opening, ${openingRatio(measures, a, b)}.`).join('\n\n')
}

const percentileOf = (sorted: number[], p: number): number => {
  if (sorted.length === 0) return NaN
  const at = (p / 100) * (sorted.length - 1)
  const lo = Math.floor(at)
  return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (at - lo)
}

const STEPS: Array<{ label: string; field: Field }> = [
  { label: 'HTML received', field: 'htmlAt' },
  { label: 'scripts received', field: 'scriptsAt' },
  { label: 'sync connection created (the script runs)', field: 'socketCreatedAt' },
  { label: 'sync connection open', field: 'socketOpenAt' },
  { label: 'document received', field: 'documentAt' },
  { label: 'editable, last block painted', field: 'openMs' },
]

/** Rows after the steps: times since navigation start only. */
const ALSO: Array<{ label: string; field: Field }> = [
  { label: 'the page\'s own HTTP requests made before the document arrived, answered (Pacta: the document\'s description, the session; plain ProseMirror: the treaty)', field: 'requestsAt' },
]

/** Where the opening's time goes: medians, in ms since navigation start, of each step and of its time after the one before. */
export function openingStepsTable(measures: RunMeasure[]): string {
  const kinds = kindsIn(measures)
  const out = [
    `| opening step (ms since navigation start; in brackets: since the step before) | ${kinds.map((k) => PAGE_NAMES[k]).join(' | ')} | Pacta − y-prosemirror, paired |`,
    `| --- |${' ---: |'.repeat(kinds.length + 1)}`,
  ]
  STEPS.forEach((step, i) => {
    const cell = (kind: PageKind) => {
      const mine = measures.filter((m) => m.kind === kind)
      const at = median(mine.map((m) => value(m, step.field)))
      if (!Number.isFinite(at)) return '–'
      // the step's own time: from the last step before it that this page has
      const since = median(mine.map((m) => {
        for (let j = i - 1; j >= 0; j--) { const prev = value(m, STEPS[j]!.field); if (Number.isFinite(prev)) return value(m, step.field) - prev }
        return value(m, step.field)
      }))
      return `${fmt(at)} (${fmt(since)})`
    }
    const runs = [...new Set(measures.map((m) => m.run))]
    const diffs = runs.flatMap((run) => {
      const x = measures.find((m) => m.run === run && m.kind === 'pacta')
      const y = measures.find((m) => m.run === run && m.kind === 'ypm')
      return x && y ? [value(x, step.field) - value(y, step.field)] : []
    })
    out.push(`| ${step.label} | ${kinds.map(cell).join(' | ')} | ${fmt(median(diffs))} |`)
  })
  for (const row of ALSO) {
    const cell = (kind: PageKind) => fmt(median(measures.filter((m) => m.kind === kind).map((m) => value(m, row.field))))
    out.push(`| ${row.label} | ${kinds.map(cell).join(' | ')} | |`)
  }
  return out.join('\n')
}

/** The main table, in Markdown. */
export function resultsTable(measures: RunMeasure[]): string {
  const of = (kind: PageKind, f: Field) => median(measures.filter((m) => m.kind === kind).map((m) => value(m, f)))
  const kinds = kindsIn(measures)
  const ratios = ratiosIn(measures)
  const out = [
    `| measure | ${kinds.map((k) => PAGE_NAMES[k]).join(' | ')} | ${ratios.map(([a, b]) => `${PAGE_NAMES[a]} / ${PAGE_NAMES[b]}`).join(' | ')} | budget (issue 11) | met |`,
    `| --- |${' ---: |'.repeat(kinds.length + ratios.length)} --- | --- |`,
  ]
  for (const row of ROWS) {
    const pacta = of('pacta', row.field)
    const r = ratios.map(([a, b]) => pairedRatio(measures, a, b, row.field))
    const met = !row.budget ? '' : !Number.isFinite(pacta) ? '–' : row.budget.met(pacta, r[0]!) ? 'yes' : '**no**'
    out.push(`| ${row.label} | ${kinds.map((k) => fmt(of(k, row.field))).join(' | ')} | ${r.map(fmtRatio).join(' | ')} | ${row.budget?.text ?? ''} | ${met} |`)
  }
  return out.join('\n')
}

/** Each run's main figures, to show the spread behind the medians. */
export function runsTable(measures: RunMeasure[]): string {
  const out = ['| run | page | open ms | main thread while opening ms CPU | JS/key ms | key p95 ms | burst ms | heap MB | load average (1 min) |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |']
  for (const m of [...measures].sort((a, b) => a.run - b.run)) {
    out.push(`| ${m.run} | ${PAGE_NAMES[m.kind]} | ${fmt(m.openMs)} | ${fmt(m.openTaskMs)} | ${fmt(m.jsPerKeyMs)} | ${fmt(m.keyP95)} | ${fmt(m.burstMs ?? NaN)} | ${fmt(m.heapMB)} | ${fmt(m.load)} |`)
  }
  return out.join('\n')
}

/** A profile's hottest functions as a Markdown table. */
export function hotTable(title: string, busyMs: number, functions: HotFunction[]): string {
  const out = [`${title} (${fmt(busyMs)} ms busy)`, '', '| self ms | share | function | module |', '| ---: | ---: | --- | --- |']
  for (const f of functions) out.push(`| ${fmt(f.selfMs)} | ${(f.share * 100).toFixed(1)} % | \`${f.name}\` | ${f.module || '–'} |`)
  return out.join('\n')
}

/** The traced keystrokes of the profiled runs, one row per page. */
export function traceTable(rows: Array<{ kind: PageKind; trace: KeystrokeTrace }>): string {
  const out = [
    '| page | rendering (style, layout, paint …) ms/key | paint ms/key | paints/key | viewport-sized paints/key | DOM changes outside the editor/key |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const { kind, trace: t } of rows) {
    out.push(`| ${PAGE_NAMES[kind]} | ${fmt(t.lifecycleMs)} | ${fmt(t.paintMs)} | ${fmt(t.paints)} | ${fmt(t.viewportPaints)} | ${fmt(t.mutationsOutsideEditor)} |`)
  }
  return out.join('\n')
}
