// `npm run bench:review` (and the end of `npm run bench`): UNCLOS with 1,000 review threads in
// Chromium, side by side in one run with the same document without threads and a plain
// ProseMirror page of the same content. It reuses the editor benchmark's hosts, probe and
// measures (hosts.ts, measure.ts): opening, 300 keystrokes in a middle article, a burst of 100
// remote edits and the JS heap; on the page with threads, also the time until its highlights and
// its sidebar show them. Prints Markdown with the budgets of inline review; writes nothing.
//
// Knobs: BENCH_REVIEW_RUNS (3), BENCH_REVIEW_THREADS (1000), BENCH_EDITOR_KEY_DELAY_MS (50),
// BENCH_REVIEW_PROFILE (0; 1 adds a profiled run of each Pacta page, with and without threads, on an
// unminified build and prints their hottest functions and modules side by side: what the threads add).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser } from '../../tests/helpers/browser.js'
import { buildPactaUnminified, buildReferencePages, startPacta, startReferenceHost, type PactaHost, type ReferenceHost } from './hosts.js'
import { lastParagraphId, measurePage, type PageTarget, type RunMeasure, type RunPlan } from './measure.js'
import { REVIEW_PAGES, reviewTable, reviewRunsTable, type ReviewPage, type ReviewMeasure } from './review-report.js'
import { benchThreads } from './review-threads.js'
import { benchTreaty, DIST, int, log, reportHeader, requireBuiltEditor } from './setup.js'
import { hotFunctions, hotModules, ModuleIndex } from './profile.js'
import { hotTable } from './report.js'

const RUNS = int('BENCH_REVIEW_RUNS', 3)
const THREADS = int('BENCH_REVIEW_THREADS', 1000)
const KEY_DELAY_MS = int('BENCH_EDITOR_KEY_DELAY_MS', 50)
const PROFILE = process.env.BENCH_REVIEW_PROFILE === '1'
const KEYSTROKES = 300
const BURST_EDITS = 100
/** The threads' author: a reviewer who is not the person opening the page. */
const AUTHOR = 'bench-reviewer'

requireBuiltEditor('bench:review')

const startedAt = new Date()
const loadBefore = loadavg()
const { treaty, counts, articleIds, state, middle, middleParagraph, phrase } = benchTreaty()
const typeInto = middleParagraph
const threads = benchThreads(state, THREADS, AUTHOR, typeInto)
const plan: RunPlan = {
  lastBlockId: lastParagraphId(treaty),
  typeInto,
  burstFrom: middleParagraph,
  text: phrase.repeat(Math.ceil(KEYSTROKES / phrase.length)).slice(0, KEYSTROKES),
  keyDelayMs: KEY_DELAY_MS,
  burstEdits: BURST_EDITS,
}
const blocks = counts.paragraphs.reduce((a, b) => a + b, 0)
log(`UNCLOS: ${counts.articles} articles, ${blocks} numbered blocks; ${threads.threads} threads with ${threads.replies} replies on ${threads.paragraphs} paragraphs ` +
  `(${(threads.state.length / 1e6).toFixed(2)} MB of Yjs state); typing at the end of ${plan.typeInto}, remote edits from ${middle} on`)

const PAGES: ReviewPage[] = ['threads', 'bare', 'pm']

/** The page `page` for run `run`, each run on a document of its own. */
async function targetFor(page: ReviewPage, run: number, pacta: PactaHost, ref: ReferenceHost): Promise<PageTarget> {
  if (page === 'pm') return { kind: 'pm', url: `${ref.url}/prosemirror.html`, blankUrl: `${ref.url}/blank` }
  const id = await pacta.createDocument(`UNCLOS ${page === 'threads' ? `with ${threads.threads} threads` : 'without threads'} (run ${run})`, state,
    page === 'threads' ? [{ channel: 'annotations', state: threads.state }] : [])
  const [name, value] = pacta.cookie.split('=') as [string, string]
  return {
    kind: 'pacta', url: `${pacta.url}/d/${encodeURIComponent(id)}`, blankUrl: `${pacta.url}/api/session`,
    cookie: { url: pacta.url, name, value },
    remote: { kind: 'pacta', wsUrl: pacta.wsUrl, docName: id, cookie: pacta.cookie },
    commits: () => pacta.commits(id),
  }
}

/**
 * Threads shown (timed besides opening): highlighted in the text, and the margin beside the text
 * laid out (it builds cards only for threads near the visible part, and the top of UNCLOS, its
 * title and preamble, has none).
 */
const THREADS_SHOWN = ['.ProseMirror .review-mark', '.page-scroll.has-review-margin > .review-margin']

const fmt = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(1))
const describe = (m: RunMeasure, page: ReviewPage) =>
  `open ${fmt(m.openMs)} ms${page === 'threads' ? ` (threads shown ${fmt(m.shownMs)})` : ''}, heap ${fmt(m.heapMB)} MB, keys p50/p95/p99 ${fmt(m.keyP50)}/${fmt(m.keyP95)}/${fmt(m.keyP99)} ms, ` +
  `main thread/key ${m.taskPerKeyMs.toFixed(2)} ms, burst ${fmt(m.burstMs)} ms` +
  `${m.typedOk ? '' : ', TYPED TEXT NOT FOUND'}${m.errors.length ? `, ${m.errors.length} page errors: ${m.errors.slice(0, 2).join(' | ')}` : ''}`

const work = mkdtempSync(join(tmpdir(), 'pacta-bench-review-'))
const measures: ReviewMeasure[] = []
const profiled: Partial<Record<ReviewPage, RunMeasure>> = {}
const browser = await launchBrowser()
try {
  mkdirSync(join(work, 'data'))
  await buildReferencePages(join(work, 'pages'), true)
  const pacta = await startPacta(DIST, join(work, 'data'))
  const ref = await startReferenceHost(join(work, 'pages'), JSON.stringify(treaty.toJSON()))
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (let i = 0; i < PAGES.length; i++) {
        const page = PAGES[(i + run - 1) % PAGES.length]!
        const m = await measurePage(browser, await targetFor(page, run, pacta, ref), run, page === 'threads' ? { ...plan, alsoShown: THREADS_SHOWN } : plan)
        measures.push({ ...m, page })
        log(`run ${run}/${RUNS} ${REVIEW_PAGES[page]}: ${describe(m, page)}`)
      }
    }
  } finally {
    await ref.stop()
    await pacta.stop()
  }
  if (PROFILE) {
    mkdirSync(join(work, 'data-profile'))
    await buildPactaUnminified(join(work, 'dist-profile'))
    const pacta = await startPacta(join(work, 'dist-profile'), join(work, 'data-profile'))
    const ref = await startReferenceHost(join(work, 'pages'), JSON.stringify(treaty.toJSON()))
    try {
      for (const page of ['threads', 'bare'] as const) {
        const m = await measurePage(browser, await targetFor(page, 0, pacta, ref), 0, { ...(page === 'threads' ? { ...plan, alsoShown: THREADS_SHOWN } : plan), profile: true })
        profiled[page] = m
        log(`profiled ${REVIEW_PAGES[page]}: ${describe(m, page)}`)
      }
    } finally {
      await ref.stop()
      await pacta.stop()
    }
  }
} finally {
  await browser.close()
}

const out: string[] = reportHeader('bench:review', (k) => k.startsWith('BENCH_REVIEW_') || k === 'BENCH_EDITOR_KEY_DELAY_MS', startedAt, loadBefore)
out.push(`Document: UNCLOS, ${counts.articles} articles, ${blocks} numbered blocks; ${threads.threads} threads (${threads.replies} replies, every tenth resolved) ` +
  `on ${threads.paragraphs} paragraphs; ${RUNS} runs, ${KEYSTROKES} keystrokes ${KEY_DELAY_MS} ms apart in ${plan.typeInto}, ${BURST_EDITS} remote edits`)
out.push('', reviewTable(measures), '', reviewRunsTable(measures))
const problems = measures.filter((m) => !m.typedOk || m.errors.length > 0)
out.push('', problems.length === 0
  ? 'Checks: in every run the typed text is in the paragraph typed into, and no page reported an error.'
  : `Checks failed: ${problems.map((m) => `run ${m.run} ${REVIEW_PAGES[m.page]}${m.typedOk ? '' : ' (typed text not found)'}${m.errors.length ? ` (${m.errors.slice(0, 3).join('; ')})` : ''}`).join(', ')}`)
if (PROFILE) {
  const modules = new ModuleIndex([join(work, 'dist-profile')])
  for (const phase of ['open', 'typing', 'burst'] as const) {
    for (const page of ['threads', 'bare'] as const) {
      const p = profiled[page]?.profiles?.[phase]
      if (!p) continue
      const hot = hotFunctions(p, modules)
      out.push('', hotTable(`**${REVIEW_PAGES[page]}, ${phase}** (profiled run, unminified): self time by function`, hot.busyMs, hot.functions))
      out.push('', `By module: ${hotModules(p, modules).map((x) => `${x.module} ${x.selfMs.toFixed(0)} ms (${(x.share * 100).toFixed(0)} %)`).join(', ')}`)
    }
  }
}
process.stdout.write(`${out.join('\n')}\n`)
rmSync(work, { recursive: true, force: true })
