// The editor benchmark's tables: medians across runs for each page, ratios paired by run, the
// issue-11 budgets, and the hottest functions of the profiled run.
import { PAGE_NAMES, type PageKind, type RunMeasure } from './measure.js'
import type { HotFunction } from './profile.js'
import type { KeystrokeTrace } from './trace.js'

const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const fmt = (x: number): string => {
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

/** Median over runs of `a`'s value over `b`'s in the same run. */
function pairedRatio(measures: RunMeasure[], a: PageKind, b: PageKind, f: Field): number {
  const runs = new Set(measures.map((m) => m.run))
  const ratios: number[] = []
  for (const run of runs) {
    const x = measures.find((m) => m.run === run && m.kind === a)
    const y = measures.find((m) => m.run === run && m.kind === b)
    if (x && y) ratios.push(value(x, f) / value(y, f))
  }
  return median(ratios)
}

/** The main table, in Markdown. */
export function resultsTable(measures: RunMeasure[]): string {
  const of = (kind: PageKind, f: Field) => median(measures.filter((m) => m.kind === kind).map((m) => value(m, f)))
  const out = [
    `| measure | ${PAGE_NAMES.pacta} | ${PAGE_NAMES.ypm} | ${PAGE_NAMES.pm} | Pacta / y-prosemirror | Pacta / plain PM | budget (issue 11) | met |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ]
  for (const row of ROWS) {
    const pacta = of('pacta', row.field)
    const rYpm = pairedRatio(measures, 'pacta', 'ypm', row.field)
    const rPm = pairedRatio(measures, 'pacta', 'pm', row.field)
    const met = !row.budget ? '' : !Number.isFinite(pacta) ? '–' : row.budget.met(pacta, rYpm) ? 'yes' : '**no**'
    out.push(`| ${row.label} | ${fmt(pacta)} | ${fmt(of('ypm', row.field))} | ${fmt(of('pm', row.field))} | ${fmtRatio(rYpm)} | ${fmtRatio(rPm)} | ${row.budget?.text ?? ''} | ${met} |`)
  }
  return out.join('\n')
}

/** Each run's main figures, to show the spread behind the medians. */
export function runsTable(measures: RunMeasure[]): string {
  const out = ['| run | page | open ms | JS/key ms | key p95 ms | burst ms | heap MB |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: |']
  for (const m of [...measures].sort((a, b) => a.run - b.run)) {
    out.push(`| ${m.run} | ${PAGE_NAMES[m.kind]} | ${fmt(m.openMs)} | ${fmt(m.jsPerKeyMs)} | ${fmt(m.keyP95)} | ${fmt(m.burstMs ?? NaN)} | ${fmt(m.heapMB)} |`)
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
