// `npm run bench:editor`: UNCLOS in Chromium on four pages, side by side in one run — Pacta's
// editor (the real app, served by the real server), the same treaty editor alone (the editor state
// Pacta's page builds, without the application around it) and y-prosemirror, both with a stock
// y-websocket server, and plain ProseMirror — measuring opening, typing and a burst of remote edits (measure.ts).
// Runs alternate the pages' order; the tables give medians and ratios paired by run. A last,
// profiled run on unminified builds names the functions that take the time.
//
// Knobs: BENCH_EDITOR_RUNS (7), BENCH_EDITOR_KEY_DELAY_MS (50: the pause between keystrokes),
// BENCH_EDITOR_PROFILE (1; 0 skips the profiled run), BENCH_EDITOR_OPEN_ONLY (0; 1 measures opening
// only, a quicker run for trying a change), BENCH_EDITOR_ROOM (cold; `loaded` opens Pacta's page while
// another client holds the document, so that the server has it in memory, as the reference server
// keeps every document; cold, the server loads it from its store while the page opens),
// BENCH_PACTA_LOG (warn; debug logs Pacta's document loads with their times), BENCH_EDITOR_PROFILE_OUT
// (unset; a folder to write the profiled run's CPU profiles to, as `<page>-<phase>.cpuprofile`, which
// the browser's developer tools open), BENCH_EDITOR_COMPARE_DIST (unset; another build of the editor,
// e.g. a dist/ built from other code, served by a second Pacta server and measured beside the first,
// run by run, to compare two builds). Prints Markdown; writes nothing else.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchBrowser } from '../../tests/helpers/browser.js'
import { buildPactaUnminified, buildReferencePages, startPacta, startReferenceHost, type PactaHost, type ReferenceHost } from './hosts.js'
import { lastParagraphId, measurePage, PAGE_KINDS, PAGE_NAMES, pageKinds, type PageKind, type PageTarget, type RunMeasure, type RunPlan } from './measure.js'
import { hotFunctions, hotModules, ModuleIndex } from './profile.js'
import { hotTable, openingRatios, openingStepsTable, resultsTable, runsTable, traceTable } from './report.js'
import { benchTreaty, DIST, int, log, reportHeader, requireBuiltEditor } from './setup.js'
import { connectPeer } from '../peers.js'
import * as Y from 'yjs'

const RUNS = int('BENCH_EDITOR_RUNS', 7)
const KEY_DELAY_MS = int('BENCH_EDITOR_KEY_DELAY_MS', 50)
const PROFILE = process.env.BENCH_EDITOR_PROFILE !== '0'
const OPEN_ONLY = process.env.BENCH_EDITOR_OPEN_ONLY === '1'
const PROFILE_OUT = process.env.BENCH_EDITOR_PROFILE_OUT
const ROOM = process.env.BENCH_EDITOR_ROOM ?? 'cold'
const COMPARE_DIST = process.env.BENCH_EDITOR_COMPARE_DIST
if (COMPARE_DIST !== undefined && !existsSync(join(COMPARE_DIST, 'doc.html'))) throw new Error(`BENCH_EDITOR_COMPARE_DIST names no built editor (no ${join(COMPARE_DIST, 'doc.html')})`)
if (ROOM !== 'cold' && ROOM !== 'loaded') throw new Error(`BENCH_EDITOR_ROOM must be cold or loaded, not ${ROOM}`)
const KEYSTROKES = 300
const BURST_EDITS = 100

requireBuiltEditor('bench:editor')

const startedAt = new Date()
const loadBefore = loadavg()
const { treaty, counts, articleIds, state, middle, middleParagraph, phrase } = benchTreaty()
const plan: RunPlan = {
  lastBlockId: lastParagraphId(treaty),
  typeInto: middleParagraph,
  burstFrom: middleParagraph,
  text: phrase.repeat(Math.ceil(KEYSTROKES / phrase.length)).slice(0, KEYSTROKES),
  keyDelayMs: KEY_DELAY_MS,
  burstEdits: BURST_EDITS,
  openOnly: OPEN_ONLY,
}
const blocks = counts.paragraphs.reduce((a, b) => a + b, 0)
log(`UNCLOS: ${counts.articles} articles, ${blocks} numbered blocks, ${(state.length / 1e6).toFixed(2)} MB of Yjs state; ` +
  `typing at the end of ${plan.typeInto}, remote edits from ${middle} on`)

const work = mkdtempSync(join(tmpdir(), 'pacta-bench-editor-'))

/** The servers of a round of runs: Pacta's, the compared build's (when there is one) and the reference pages'. */
interface Hosts { pacta: PactaHost; compared: PactaHost | null; ref: ReferenceHost }

/** The Pacta server that serves pages of `kind` (null for the reference pages). */
const pactaOf = (kind: PageKind, hosts: Hosts): PactaHost | null => (kind === 'pacta' ? hosts.pacta : kind === 'compared' ? hosts.compared : null)

/** The page of `kind` for run `run`, each run on a document of its own. */
async function targetFor(kind: PageKind, run: number, hosts: Hosts): Promise<PageTarget> {
  const pacta = pactaOf(kind, hosts)
  if (pacta) {
    const id = await pacta.createDocument(`UNCLOS (run ${run})`, state)
    const [name, value] = pacta.cookie.split('=') as [string, string]
    return {
      kind, url: `${pacta.url}/d/${encodeURIComponent(id)}`, blankUrl: `${pacta.url}/api/session`,
      cookie: { url: pacta.url, name, value },
      remote: { kind: 'pacta', wsUrl: pacta.wsUrl, docName: id, cookie: pacta.cookie },
      commits: () => pacta.commits(id),
    }
  }
  const { ref } = hosts
  if (kind === 'ypm' || kind === 'te') {
    const room = `unclos-${kind}-run-${run}`
    ref.seed(room, state)
    const page = kind === 'ypm' ? 'yprosemirror' : 'treaty-editor'
    return { kind, url: `${ref.url}/${page}.html?room=${room}`, blankUrl: `${ref.url}/blank`, remote: { kind: 'yws', wsUrl: ref.wsUrl, docName: room } }
  }
  return { kind, url: `${ref.url}/prosemirror.html`, blankUrl: `${ref.url}/blank` }
}

const fmt = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(1))
const describe = (m: RunMeasure) =>
  `open ${fmt(m.openMs)} ms (JS ${fmt(m.openJsMs)} of ${fmt(m.openTaskMs)} ms CPU), heap ${fmt(m.heapMB)} MB, keys p50/p95/p99 ${fmt(m.keyP50)}/${fmt(m.keyP95)}/${fmt(m.keyP99)} ms, ` +
  `JS/key ${m.jsPerKeyMs.toFixed(2)} of ${m.taskPerKeyMs.toFixed(2)} ms CPU, burst ${fmt(m.burstMs)} ms (${m.burstMessages ?? '–'} messages${m.burstCommits === null ? '' : ` stored in ${m.burstCommits} commits`} handled over ${fmt(m.burstArrivalMs)} ms; JS ${fmt(m.burstJsMs)} ms)` +
  `${m.typedOk ? '' : ', TYPED TEXT NOT FOUND'}${m.errors.length ? `, ${m.errors.length} page errors: ${m.errors.slice(0, 2).join(' | ')}` : ''}`

const measures: RunMeasure[] = []
const profiled: RunMeasure[] = []
const browser = await launchBrowser()
try {
  mkdirSync(join(work, 'data'))
  await buildReferencePages(join(work, 'pages'), true)
  const pacta = await startPacta(DIST, join(work, 'data'))
  let compared: PactaHost | null = null
  if (COMPARE_DIST !== undefined) {
    mkdirSync(join(work, 'data-compared'))
    compared = await startPacta(COMPARE_DIST, join(work, 'data-compared'))
  }
  const ref = await startReferenceHost(join(work, 'pages'), JSON.stringify(treaty.toJSON()))
  const hosts: Hosts = { pacta, compared, ref }
  const kinds = pageKinds(compared !== null)
  try {
    for (let run = 1; run <= RUNS; run++) {
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[(i + run - 1) % kinds.length]!
        const target = await targetFor(kind, run, hosts)
        const host = pactaOf(kind, hosts)
        // (the room loaded: a client of its own holds the document while the page opens)
        const holder = ROOM === 'loaded' && host && target.remote ? connectPeer(target.remote, new Y.Doc()) : null
        if (holder) await holder.synced
        let m: RunMeasure
        try { m = await measurePage(browser, target, run, plan) } finally { holder?.destroy(); holder?.doc.destroy() }
        // the next page opens on a quiet server: this run's document stored and unloaded
        if (host) await host.settled()
        measures.push(m)
        log(`run ${run}/${RUNS} ${PAGE_NAMES[kind]}: ${describe(m)}`)
      }
    }
  } finally {
    await ref.stop()
    await pacta.stop()
    await compared?.stop()
  }

  if (PROFILE) {
    // The same pages built unminified, so that profiles name functions and modules.
    mkdirSync(join(work, 'data-profile'))
    await buildPactaUnminified(join(work, 'dist-profile'))
    await buildReferencePages(join(work, 'pages-profile'), false)
    const pacta = await startPacta(join(work, 'dist-profile'), join(work, 'data-profile'))
    const ref = await startReferenceHost(join(work, 'pages-profile'), JSON.stringify(treaty.toJSON()))
    try {
      for (const kind of PAGE_KINDS) {
        const m = await measurePage(browser, await targetFor(kind, 0, { pacta, compared: null, ref }), 0, { ...plan, profile: true })
        profiled.push(m)
        log(`profiled ${PAGE_NAMES[kind]}: ${describe(m)}`)
      }
    } finally {
      await ref.stop()
      await pacta.stop()
    }
  }
} finally {
  await browser.close()
}

const out: string[] = reportHeader('bench:editor', (k) => k.startsWith('BENCH_EDITOR_'), startedAt, loadBefore)
out.push(`Document: UNCLOS, ${counts.articles} articles, ${blocks} numbered blocks (${counts.paragraphs.join(' / ')} at levels 0 / 1 / 2); ` +
  `${RUNS} runs, ${KEYSTROKES} keystrokes ${KEY_DELAY_MS} ms apart, ${BURST_EDITS} remote edits`)
out.push('', resultsTable(measures), '', openingRatios(measures), '', openingStepsTable(measures), '', runsTable(measures))
const problems = measures.filter((m) => !m.typedOk || m.errors.length > 0)
out.push('', problems.length === 0
  ? 'Checks: in every run the typed text is in the paragraph typed into, and no page reported an error.'
  : `Checks failed: ${problems.map((m) => `run ${m.run} ${PAGE_NAMES[m.kind]}${m.typedOk ? '' : ' (typed text not found)'}${m.errors.length ? ` (${m.errors.slice(0, 3).join('; ')})` : ''}`).join(', ')}`)
const traced = profiled.flatMap((m) => (m.keystrokeTrace ? [{ kind: m.kind, trace: m.keystrokeTrace }] : []))
if (traced.length > 0) out.push('', `Keystrokes traced in the profiled run (${traced[0]!.trace.keys} keys, thread time):`, '', traceTable(traced))
if (profiled.length > 0) {
  const modules = new ModuleIndex([join(work, 'dist-profile'), join(work, 'pages-profile')])
  for (const m of profiled) {
    for (const phase of ['open', 'typing', 'burst'] as const) {
      const p = m.profiles?.[phase]
      if (!p) continue
      if (PROFILE_OUT) {
        mkdirSync(PROFILE_OUT, { recursive: true })
        writeFileSync(join(PROFILE_OUT, `${m.kind}-${phase}.cpuprofile`), JSON.stringify(p))
      }
      const hot = hotFunctions(p, modules)
      const per = phase === 'typing' ? ` (${(hot.busyMs / KEYSTROKES).toFixed(2)} ms per keystroke)` : phase === 'burst' ? ` (${(hot.busyMs / BURST_EDITS).toFixed(2)} ms per remote edit)` : ''
      out.push('', hotTable(`**${PAGE_NAMES[m.kind]}, ${phase}**${per}: self time by function`, hot.busyMs, hot.functions))
      out.push('', `By module: ${hotModules(p, modules).map((x) => `${x.module} ${x.selfMs.toFixed(0)} ms (${(x.share * 100).toFixed(0)} %)`).join(', ')}`)
    }
  }
}
process.stdout.write(`${out.join('\n')}\n`)
rmSync(work, { recursive: true, force: true })
