// Where a keystroke's main-thread time goes besides JavaScript: a Chromium trace of a few
// keystrokes read for the frame's own work (style, layout, paint) and how much of the viewport is
// repainted, with the DOM changes the page makes outside the editor while typing. Taken in the
// profiled run only (tracing slows the page).
import type { Browser, Page } from 'playwright-core'

/** Per keystroke, on the renderer's main thread (thread time, ms). */
export interface KeystrokeTrace {
  keys: number
  /** The frame's rendering work: style, layout, pre-paint, paint, compositing inputs. */
  lifecycleMs: number
  paintMs: number
  paints: number
  /** Paints of a rectangle as large as the viewport. */
  viewportPaints: number
  /** Attribute, text and child-list changes outside the editor's own element. */
  mutationsOutsideEditor: number
}

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  dur?: number
  tdur?: number
  args?: { name?: string; data?: { clip?: number[] } }
}

const MUTATIONS = `window.__benchMutations = 0;
new MutationObserver((list) => {
  for (const m of list) {
    const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
    if (!el || !el.closest('.ProseMirror')) window.__benchMutations++;
  }
}).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });`

/** Types `text` into `page` (the caret already placed) under a trace, and sums what each keystroke cost. */
export async function traceKeystrokes(browser: Browser, page: Page, text: string, delayMs: number): Promise<KeystrokeTrace> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 }
  await page.evaluate(MUTATIONS)
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink'] })
  await page.keyboard.type(text, { delay: delayMs })
  await page.waitForTimeout(300)
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents
  const mutations = await page.evaluate('window.__benchMutations') as number
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`))
  const out = { lifecycleMs: 0, paintMs: 0, paints: 0, viewportPaints: 0 }
  for (const e of events) {
    if (e.ph !== 'X' || !main.has(`${e.pid}:${e.tid}`)) continue
    const ms = (e.tdur ?? e.dur ?? 0) / 1000
    if (e.name === 'WebFrameWidgetImpl::UpdateLifecycle') out.lifecycleMs += ms
    if (e.name !== 'Paint') continue
    out.paintMs += ms
    out.paints++
    const c = e.args?.data?.clip
    if (c && c.length >= 6 && c[4]! - c[0]! >= viewport.width * 0.9 && c[5]! - c[1]! >= viewport.height * 0.9) out.viewportPaints++
  }
  const n = text.length
  return {
    keys: n, lifecycleMs: out.lifecycleMs / n, paintMs: out.paintMs / n, paints: out.paints / n,
    viewportPaints: out.viewportPaints / n, mutationsOutsideEditor: mutations / n,
  }
}
