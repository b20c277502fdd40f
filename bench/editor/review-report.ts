// The review benchmark's tables: medians across runs for each page, the ratio of the page with
// threads to the same page without them (paired by run), and the budgets of inline review.
import type { RunMeasure } from './measure.js'
import { fmt, median } from './report.js'

/** The three pages: Pacta with threads, Pacta on the same document without threads, plain ProseMirror. */
export type ReviewPage = 'threads' | 'bare' | 'pm'

export const REVIEW_PAGES: Record<ReviewPage, string> = { threads: 'Pacta, 1,000 threads', bare: 'Pacta, no threads', pm: 'plain ProseMirror' }

export type ReviewMeasure = RunMeasure & { page: ReviewPage }

type Field = 'openMs' | 'shownMs' | 'openTaskMs' | 'heapMB' | 'domNodes' | 'keyP50' | 'keyP95' | 'keyP99' | 'jsPerKeyMs' | 'taskPerKeyMs' | 'burstMs' | 'burstTaskMs'

interface Row {
  label: string
  field: Field
  /** The budget on the page with threads: its value, and its ratio to the page without threads. */
  budget?: { text: string; met: (value: number, ratio: number) => boolean }
}

/** The budgets of inline review (issue 12, item 7), in one place. */
export const REVIEW_BUDGETS = { openMs: 1000, keyRatio: 1.2, keyP99Ms: 25, burstMs: 100 } as const

const ROWS: Row[] = [
  { label: 'opening: navigation → editable, last block painted (ms)', field: 'openMs', budget: { text: `≤ ${REVIEW_BUDGETS.openMs} ms`, met: (v) => v <= REVIEW_BUDGETS.openMs } },
  { label: '… navigation → threads highlighted and the margin beside the text laid out, painted (ms)', field: 'shownMs' },
  { label: 'main thread while opening (ms CPU)', field: 'openTaskMs' },
  { label: 'JS heap after opening, after GC (MB)', field: 'heapMB' },
  { label: 'DOM nodes after opening', field: 'domNodes' },
  { label: 'keydown → painted p50 (ms)', field: 'keyP50' },
  { label: 'keydown → painted p95 (ms)', field: 'keyP95' },
  { label: 'keydown → painted p99 (ms)', field: 'keyP99', budget: { text: `≤ ${REVIEW_BUDGETS.keyP99Ms} ms`, met: (v) => v <= REVIEW_BUDGETS.keyP99Ms } },
  { label: 'main thread per keystroke (ms CPU)', field: 'taskPerKeyMs', budget: { text: `≤ ${REVIEW_BUDGETS.keyRatio}× no threads`, met: (_, r) => r <= REVIEW_BUDGETS.keyRatio } },
  { label: 'JS per keystroke (ms CPU)', field: 'jsPerKeyMs' },
  { label: '100 remote edits: first arrival → painted (ms)', field: 'burstMs', budget: { text: `≤ ${REVIEW_BUDGETS.burstMs} ms`, met: (v) => v <= REVIEW_BUDGETS.burstMs } },
  { label: 'main thread during the burst (ms CPU)', field: 'burstTaskMs' },
]

const value = (m: ReviewMeasure, f: Field): number => {
  // only the page with threads has threads to show
  if (f === 'shownMs' && m.page !== 'threads') return NaN
  const v = m[f]
  return typeof v === 'number' ? v : NaN
}

/** Median over runs of the page with threads' value over the page without, in the same run. */
function pairedRatio(measures: ReviewMeasure[], f: Field): number {
  const ratios: number[] = []
  for (const run of new Set(measures.map((m) => m.run))) {
    const a = measures.find((m) => m.run === run && m.page === 'threads')
    const b = measures.find((m) => m.run === run && m.page === 'bare')
    if (a && b) ratios.push(value(a, f) / value(b, f))
  }
  return median(ratios)
}

/** The main table, in Markdown. */
export function reviewTable(measures: ReviewMeasure[]): string {
  const of = (page: ReviewPage, f: Field) => median(measures.filter((m) => m.page === page).map((m) => value(m, f)))
  const out = [
    `| measure | ${REVIEW_PAGES.threads} | ${REVIEW_PAGES.bare} | ${REVIEW_PAGES.pm} | threads / no threads | budget (issue 12) | met |`,
    '| --- | ---: | ---: | ---: | ---: | --- | --- |',
  ]
  for (const row of ROWS) {
    const v = of('threads', row.field)
    const r = pairedRatio(measures, row.field)
    const met = !row.budget ? '' : !Number.isFinite(v) ? '–' : row.budget.met(v, r) ? 'yes' : '**no**'
    out.push(`| ${row.label} | ${fmt(v)} | ${fmt(of('bare', row.field))} | ${fmt(of('pm', row.field))} | ${Number.isFinite(r) ? `${r.toFixed(2)}×` : '–'} | ${row.budget?.text ?? ''} | ${met} |`)
  }
  return out.join('\n')
}

/** Each run's main figures, to show the spread behind the medians. */
export function reviewRunsTable(measures: ReviewMeasure[]): string {
  const out = ['| run | page | open ms | main thread/key ms | key p99 ms | burst ms | heap MB |', '| ---: | --- | ---: | ---: | ---: | ---: | ---: |']
  for (const m of [...measures].sort((a, b) => a.run - b.run)) {
    out.push(`| ${m.run} | ${REVIEW_PAGES[m.page]} | ${fmt(m.openMs)} | ${fmt(m.taskPerKeyMs)} | ${fmt(m.keyP99)} | ${fmt(m.burstMs ?? NaN)} | ${fmt(m.heapMB)} |`)
  }
  return out.join('\n')
}
