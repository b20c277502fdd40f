// One run of one page: open it, type into a middle article, then let another client send a burst
// of edits, reading the page's own clocks (probe.ts) and the renderer's counters (CDP Performance).
import { loadavg } from 'node:os'
import type { Browser, CDPSession, Page } from 'playwright-core'
import * as Y from 'yjs'
import type { Node } from 'prosemirror-model'
import { connectPeer, type Endpoint } from '../peers.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'
import { OPENED_SIGNAL, probeScript, type ProbeState } from './probe.js'
import { jsShare, type Profile } from './profile.js'
import { traceKeystrokes, type KeystrokeTrace } from './trace.js'
import { quietMachine } from './quiet.js'

/**
 * The four pages: Pacta; its treaty editor alone over a stock y-websocket server (the editor state
 * Pacta's page builds, without the application around it); y-prosemirror; plain ProseMirror. A
 * fifth, Pacta served from another build, is measured beside them to compare two builds run by run.
 */
export type PageKind = 'pacta' | 'compared' | 'te' | 'ypm' | 'pm'

export const PAGE_NAMES: Record<PageKind, string> = {
  pacta: 'Pacta', compared: 'Pacta, compared build', te: 'treaty editor alone', ypm: 'y-prosemirror', pm: 'plain ProseMirror',
}

/** The four pages in the order the tables show them. */
export const PAGE_KINDS: readonly PageKind[] = ['pacta', 'te', 'ypm', 'pm']

/** The pages measured, in the order the tables show them: the four, and the compared build after Pacta when there is one. */
export const pageKinds = (compared: boolean): readonly PageKind[] => (compared ? ['pacta', 'compared', ...PAGE_KINDS.slice(1)] : PAGE_KINDS)

/** Where a run opens its page, and the document's server for the remote client (none for plain ProseMirror). */
export interface PageTarget {
  kind: PageKind
  url: string
  /** A page of the same origin that is cheap to open first, so the renderer counters are read from the right process. */
  blankUrl: string
  cookie?: { url: string; name: string; value: string }
  remote?: Endpoint
  /** The server's count of group commits and stored updates for the document (Pacta only). */
  commits?: () => Promise<{ batches: number; updates: number } | null>
}

/** What the runner fixes for every run. */
export interface RunPlan {
  /** Stable id of the document's last block: the page is open when it is rendered. */
  lastBlockId: string
  /** The paragraph the caret goes to the end of before typing. */
  typeInto: string
  /** Paragraph (by id) that the remote burst edits, with the paragraphs after it. */
  burstFrom: string
  text: string
  keyDelayMs: number
  burstEdits: number
  /** Selectors whose first match is timed too (`shownMs`), e.g. review threads shown. */
  alsoShown?: readonly string[]
  /** Measure opening only (a quicker run for trying changes; typing and burst fields are NaN / null). */
  openOnly?: boolean
  /** Keep the CPU profiles in the result (for the profiled run on unminified builds). */
  profile?: boolean
}

/** One run's measures; times in ms, heap in MB. Burst fields are null on the plain ProseMirror page. */
export interface RunMeasure {
  kind: PageKind
  run: number
  openMs: number
  /** Navigation → every selector of the plan's `alsoShown` matched, painted (the first frame when there are none). */
  shownMs: number
  /** CPU time of the renderer's main thread, and the JS part of it (see `phase`). */
  openJsMs: number
  openTaskMs: number
  openStyleLayoutMs: number
  /**
   * Where the opening's time goes, each since navigation start (NaN where a page has no such step):
   * the HTML received, the last script received, the sync connection created (the page's script
   * is running), opened, and the document received on it (its largest message).
   */
  htmlAt: number
  scriptsAt: number
  socketCreatedAt: number
  socketOpenAt: number
  documentAt: number
  /** The last answer to the page's own HTTP requests (fetch) made before its document arrived (Pacta: the document's description and the session, which it waits for). */
  requestsAt: number
  heapMB: number
  domNodes: number
  keyP50: number
  keyP95: number
  keyP99: number
  jsPerKeyMs: number
  taskPerKeyMs: number
  styleLayoutPerKeyMs: number
  /** Whether the typed text is in the paragraph typed into. */
  typedOk: boolean
  /** First sync message handled by the page → the last edit painted. */
  burstMs: number | null
  /** The last sync message handled by the page → the last edit painted. */
  burstAfterLastMs: number | null
  /**
   * First → last sync message handled by the page. Each message is its own task on the renderer's
   * main thread, so while the page works on one the next waits: with the messages sent at once,
   * this is mostly the page's own pace (Pacta's `burstCommits` shows when its server sent them).
   */
  burstArrivalMs: number | null
  burstMessages: number | null
  /** Group commits in which the server stored the burst's updates (Pacta only). */
  burstCommits: number | null
  burstJsMs: number | null
  burstTaskMs: number | null
  burstStyleLayoutMs: number | null
  errors: string[]
  /** The machine's one-minute load average when the page was opened (other jobs share the machine). */
  load: number
  /** Profiled runs only: CPU profiles of each phase, and a trace of a few more keystrokes. */
  profiles?: { open?: Profile; typing?: Profile; burst?: Profile }
  keystrokeTrace?: KeystrokeTrace
}

type Metrics = Record<string, number>

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics')
  return Object.fromEntries(list.map((m) => [m.name, m.value]))
}

/** Seconds of a duration counter between two readings, in ms. */
const deltaMs = (a: Metrics, b: Metrics, name: string) => ((b[name] ?? 0) - (a[name] ?? 0)) * 1000

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

// Expressions, evaluated as the browser protocol evaluates them (Pacta's Content-Security-Policy
// forbids the eval a waitForFunction predicate needs, but not this); a promise is awaited.
const probe = <T>(page: Page, expression: string) => page.evaluate(expression) as Promise<T>

/** `promise`, or a failure naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`waited ${ms} ms for ${what}`)), ms) })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Waits, inside the page, until `condition` (an expression over `b`, the probe) holds; fails after `ms`. */
const until = (page: Page, condition: string, ms: number): Promise<void> =>
  within(probe(page, `window.__bench.until((b) => ${condition})`), ms, condition)

/** The paragraphs of the shared document in order, with their stable ids and text. */
function paragraphs(ydoc: Y.Doc): Array<{ id: string; text: Y.XmlText }> {
  const out: Array<{ id: string; text: Y.XmlText }> = []
  const walk = (el: Y.XmlElement | Y.XmlFragment) => {
    for (const child of el.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName !== 'paragraph') { walk(child); continue }
      const text = child.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText)
      if (text) out.push({ id: String(child.getAttribute('id') ?? ''), text })
    }
  }
  walk(ydoc.getXmlFragment(CONTENT_FRAGMENT))
  return out
}

/** What one phase cost the renderer's main thread. */
interface PhaseCost<T> {
  result: T
  /** Main-thread CPU time (the TaskDuration counter, in thread time, so a busy machine does not inflate it). */
  taskMs: number
  /** The part of it spent in JavaScript (and its garbage collection), by the share of a CPU profile's busy samples. */
  jsMs: number
  /** Style recalculation and layout (their own counters, in thread time). */
  styleLayoutMs: number
  profile: Profile
}

/**
 * Runs `body` while the renderer's counters and V8's sampling profiler watch. ScriptDuration is
 * not used: it leaves out promise continuations (most of an async page), so JS time is taken as
 * the main thread's CPU time times the share of the profile's busy samples that are JS.
 */
async function phase<T>(cdp: CDPSession, fine: boolean, body: () => Promise<T>): Promise<PhaseCost<T>> {
  await cdp.send('Profiler.enable')
  // a sample a millisecond is enough for the share and costs the page little; profiled runs take more
  await cdp.send('Profiler.setSamplingInterval', { interval: fine ? 200 : 1000 })
  await cdp.send('Profiler.start')
  const before = await metrics(cdp)
  const result = await body()
  const after = await metrics(cdp)
  const profile = (await cdp.send('Profiler.stop')).profile as Profile
  const taskMs = deltaMs(before, after, 'TaskDuration')
  const styleLayoutMs = deltaMs(before, after, 'RecalcStyleDuration') + deltaMs(before, after, 'LayoutDuration')
  return { result, taskMs, jsMs: taskMs * jsShare(profile), styleLayoutMs, profile }
}

/** Opens `target` in a fresh context of `browser` and measures opening, typing and (with a remote) a burst. */
export async function measurePage(browser: Browser, target: PageTarget, run: number, plan: RunPlan): Promise<RunMeasure> {
  const load = loadavg()[0]!
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const errors: string[] = []
  try {
    if (target.cookie) await context.addCookies([target.cookie])
    await context.addInitScript({ content: probeScript(plan.lastBlockId, plan.alsoShown) })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    // A page of the same origin first: the renderer that will show the editor is then already
    // running, and its counters (which start when Performance is enabled) cover the whole opening.
    await page.goto(target.blankUrl)
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    // the blank page's favicon request is the only 404 expected
    const favicon = (url: string) => url.endsWith('/favicon.ico')
    page.on('console', (m) => { if (m.type() === 'error' && !favicon(m.location().url)) errors.push(`console: ${m.text()} (${m.location().url})`) })

    // (a) opening, on a quiet machine
    await quietMachine()
    const open = await phase(cdp, plan.profile === true, async () => {
      // The page says when it is open (on its console); it is not asked. Asked (an evaluation the
      // page answered from its own 25 ms polling), the phase ended up to 25 ms and a round trip
      // after the opening, and its counters took in what the page does after its first paint
      // (Pacta's panels and numbers); and the automation library's helper script, installed in the
      // new document for that first evaluation (9–14 ms of the page's main thread), ran in the opening.
      const opened = page.waitForEvent('console', { predicate: (m) => m.text() === OPENED_SIGNAL, timeout: 180_000 })
      await page.goto(target.url, { waitUntil: 'commit' })
      await opened
    })
    const openedAt = await probe<number>(page, 'window.__bench.openedAt')
    const shownAt = await probe<number>(page, 'window.__bench.shownAt')
    const socket = await probe<ProbeState['ws']>(page, 'window.__bench.ws')
    const loaded = await probe<{ html: number; scripts: number; requests: number }>(page, `(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      // requests made before the document arrived (the ones Pacta's page waits for before it mounts the editor)
      const before = window.__bench.ws.document ?? window.__bench.openedAt;
      const requests = performance.getEntriesByType('resource').filter((e) => (e.initiatorType === 'fetch' || e.initiatorType === 'xmlhttprequest') && e.startTime < before);
      const scripts = performance.getEntriesByType('resource').filter((e) => e.initiatorType === 'script' || /\\.js(\\?|$)/.test(e.name));
      return { html: nav ? nav.responseEnd : NaN, scripts: scripts.length ? Math.max(...scripts.map((e) => e.responseEnd)) : NaN,
        requests: requests.length ? Math.max(...requests.map((e) => e.responseEnd)) : NaN };
    })()`)
    const steps = {
      htmlAt: loaded.html, scriptsAt: loaded.scripts,
      socketCreatedAt: socket.created ?? NaN, socketOpenAt: socket.opened ?? NaN, documentAt: socket.document ?? NaN, requestsAt: loaded.requests,
    }
    if (plan.openOnly) {
      return {
        kind: target.kind, run, openMs: openedAt, shownMs: shownAt, openJsMs: open.jsMs, openTaskMs: open.taskMs, openStyleLayoutMs: open.styleLayoutMs, ...steps,
        heapMB: NaN, domNodes: NaN, keyP50: NaN, keyP95: NaN, keyP99: NaN, jsPerKeyMs: NaN, taskPerKeyMs: NaN, styleLayoutPerKeyMs: NaN, typedOk: true,
        burstMs: null, burstAfterLastMs: null, burstArrivalMs: null, burstMessages: null, burstCommits: null, burstJsMs: null, burstTaskMs: null, burstStyleLayoutMs: null,
        errors, load, ...(plan.profile ? { profiles: { open: open.profile } } : {}),
      }
    }
    await page.waitForTimeout(1000)
    await cdp.send('HeapProfiler.collectGarbage')
    const settled = await metrics(cdp)

    // (b) typing
    await probe(page, `window.__bench.caretAtEnd(${JSON.stringify(plan.typeInto)})`)
    await page.waitForTimeout(300)
    await probe(page, 'window.__bench.typing(true)')
    const typing = await phase(cdp, plan.profile === true, async () => {
      await page.keyboard.type(plan.text, { delay: plan.keyDelayMs })
      await until(page, `b.keys.length >= ${plan.text.length}`, 60_000)
    })
    await probe(page, 'window.__bench.typing(false)')
    const keys = [...(await probe<number[]>(page, 'window.__bench.keys'))].sort((a, b) => a - b)
    const shown = await probe<string | null>(page, `window.__bench.text(${JSON.stringify(plan.typeInto)})`)
    const typedOk = shown?.includes(plan.text.slice(-40)) ?? false
    const keystrokeTrace = plan.profile ? await traceKeystrokes(browser, page, plan.text.slice(0, 40), plan.keyDelayMs) : undefined

    // (c) remote burst
    let burst: Pick<RunMeasure, 'burstMs' | 'burstAfterLastMs' | 'burstArrivalMs' | 'burstMessages' | 'burstCommits' | 'burstJsMs' | 'burstTaskMs' | 'burstStyleLayoutMs'> = {
      burstMs: null, burstAfterLastMs: null, burstArrivalMs: null, burstMessages: null, burstCommits: null,
      burstJsMs: null, burstTaskMs: null, burstStyleLayoutMs: null,
    }
    let burstProfile: Profile | undefined
    if (target.remote) {
      const ydoc = new Y.Doc()
      const peer = connectPeer(target.remote, ydoc)
      try {
        await within(peer.synced, 60_000, 'the remote client to sync')
        await page.waitForTimeout(500)
        const all = paragraphs(ydoc)
        const from = all.findIndex((p) => p.id === plan.burstFrom)
        const targets = all.slice(from, from + plan.burstEdits)
        if (from < 0 || targets.length < plan.burstEdits) throw new Error(`fewer than ${plan.burstEdits} paragraphs from ${plan.burstFrom}`)
        const token = (k: number) => ` [r${run} e${k}]`
        await probe(page, `window.__bench.armBurst(${JSON.stringify(targets.at(-1)!.id)}, ${JSON.stringify(token(plan.burstEdits).trim())})`)
        const commitsBefore = await target.commits?.()
        const cost = await phase(cdp, plan.profile === true, async () => {
          // one transaction each: the provider sends one message per edit, all in this turn
          targets.forEach((p, i) => ydoc.transact(() => p.text.insert(p.text.length, token(i + 1)), 'bench-remote'))
          await until(page, 'b.burst.shownAt !== null', 120_000)
        })
        const r = (await probe<ProbeState['burst']>(page, 'window.__bench.burst'))!
        const commitsAfter = await target.commits?.()
        burst = {
          burstMs: r.shownAt! - r.first!,
          burstAfterLastMs: r.shownAt! - r.last!,
          burstArrivalMs: r.last! - r.first!,
          burstMessages: r.messages,
          burstCommits: commitsBefore && commitsAfter ? commitsAfter.batches - commitsBefore.batches : null,
          burstJsMs: cost.jsMs,
          burstTaskMs: cost.taskMs,
          burstStyleLayoutMs: cost.styleLayoutMs,
        }
        burstProfile = cost.profile
      } finally {
        peer.destroy()
        ydoc.destroy()
      }
    }

    return {
      kind: target.kind, run,
      openMs: openedAt,
      shownMs: shownAt,
      openJsMs: open.jsMs,
      openTaskMs: open.taskMs,
      openStyleLayoutMs: open.styleLayoutMs,
      ...steps,
      heapMB: (settled.JSHeapUsedSize ?? NaN) / 1e6,
      domNodes: settled.Nodes ?? NaN,
      keyP50: percentile(keys, 50), keyP95: percentile(keys, 95), keyP99: percentile(keys, 99),
      jsPerKeyMs: typing.jsMs / plan.text.length,
      taskPerKeyMs: typing.taskMs / plan.text.length,
      styleLayoutPerKeyMs: typing.styleLayoutMs / plan.text.length,
      typedOk,
      ...burst,
      errors,
      load,
      ...(plan.profile ? { profiles: { open: open.profile, typing: typing.profile, burst: burstProfile }, keystrokeTrace } : {}),
    }
  } finally {
    await context.close()
  }
}

/** Id of the last paragraph of `doc` (in document order). */
export function lastParagraphId(doc: Node): string {
  let id = ''
  doc.descendants((n) => { if (n.type.name === 'paragraph') id = String(n.attrs.id); return n.isBlock && !n.isTextblock })
  return id
}
