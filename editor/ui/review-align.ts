// The review margin: each thread's card beside its text, as in a word processor's comments margin.
//
// The margin sits in the page's scrolling container, next to the page, so cards scroll with the
// text without any syncing. A card's wanted top is the top of its text (view.coordsAtPos of the
// range's start, relative to the margin); cards that would overlap are pushed down in document
// order, and the focused card is pinned beside its text with the cards before it moved up out of
// its way (stackCards).
//
// A treaty under review may hold a thousand threads: only the cards whose text is in or near the
// visible part are built (the threads are found by a binary search over their tops, about twenty
// position look-ups), and a layout reads (the band, the tops and heights) before it writes (which
// cards are in the margin, their offsets). Scrolling, a window resized, a card grown or focused
// lay out at the next frame; scrolling only changes the band, so it writes nothing until other
// cards come near. Edits (typing, a collaborator's, lines wrapped) lay out when the page is idle,
// after the edit is painted, and write nothing when none of the shown cards' texts moved.
import type { StepMap } from 'prosemirror-transform'
import type { EditorView } from 'prosemirror-view'
import { h } from './dom.js'
import { keepingTheCaret } from './review-thread.js'

/** Space between two cards, in px. */
export const CARD_GAP = 8

/** How far beyond the visible part cards are built, in px (above and below). */
export const OVERSCAN_PX = 600

/** Cards built before the first one near the visible part (their cards may be pushed down into it). */
export const CARDS_BEFORE = 4

/** How far above the visible part the text of those cards may be, in px (further, no chain of cards reaches it). */
export const PUSH_REACH_PX = 3 * OVERSCAN_PX

/** Cards built at most at once, however dense the threads. */
export const MAX_CARDS = 60

/** A thread's text: where it starts and ends in the document. */
export interface ThreadSpan {
  id: string
  from: number
  to: number
}

/**
 * The tops of cards, in document order, given the tops they want (their text's) and their
 * heights: no two overlap, each is as close to its text as that allows, and the card at
 * `pinned` (the focused one; -1 for none) sits exactly at its wanted top, with the cards before
 * it moved up only as far as needed to make room.
 */
export function stackCards(wanted: readonly number[], heights: readonly number[], pinned = -1, gap = CARD_GAP): number[] {
  const n = wanted.length
  const tops = new Array<number>(n)
  for (let i = 0; i < n; i++) tops[i] = i === 0 ? wanted[0]! : Math.max(wanted[i]!, tops[i - 1]! + heights[i - 1]! + gap)
  if (pinned < 0 || pinned >= n) return tops
  tops[pinned] = wanted[pinned]!
  for (let i = pinned + 1; i < n; i++) tops[i] = Math.max(wanted[i]!, tops[i - 1]! + heights[i - 1]! + gap)
  for (let i = pinned - 1; i >= 0; i--) tops[i] = Math.min(tops[i]!, tops[i + 1]! - gap - heights[i]!)
  return tops
}

/** The first index in [0, n) whose value `at(i)` (non-decreasing in i) is ≥ `target`; n when none is. */
export function firstAtOrAfter(n: number, at: (i: number) => number, target: number): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (at(mid) < target) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Which of `n` threads (tops non-decreasing in document order, read by `topOf`) get a card, for
 * the visible band [`viewTop`, `viewBottom`] (same coordinates as the tops): those whose text is
 * within OVERSCAN_PX of it, and up to CARDS_BEFORE before them whose text is within PUSH_REACH_PX
 * above it (pushed down, their cards may reach the band), MAX_CARDS at most. Returns [start, end).
 */
export function cardBand(n: number, topOf: (i: number) => number, viewTop: number, viewBottom: number): [number, number] {
  const first = firstAtOrAfter(n, topOf, viewTop - OVERSCAN_PX)
  const end = firstAtOrAfter(n, topOf, viewBottom + OVERSCAN_PX + 1)
  let start = first
  while (start > 0 && first - start < CARDS_BEFORE && topOf(start - 1) >= viewTop - PUSH_REACH_PX) start--
  return [start, Math.min(end, start + MAX_CARDS)]
}

/** What the margin needs from the sidebar. */
export interface MarginSource {
  /** The threads the margin shows (the filter's), in document order, with their text's place now. */
  spans(): readonly ThreadSpan[]
  /** Whether the margin is wanted at all (the document has threads, whether or not the filter shows any). */
  wanted(): boolean
  /** The card of a thread (cached by the sidebar: the same element while nothing it shows changed). */
  card(id: string): HTMLElement
  /** The focused thread, whose card is pinned beside its text. */
  focused(): string | null
}

/** The margin beside the page, and what makes it lay out again. */
export interface ReviewMargin {
  el: HTMLElement
  /** Lays out at the next frame (threads, filter, focus or a card changed). */
  refresh(): void
  /**
   * The text changed, at `touched` (from, to in the document now; null when not known): measures
   * again when the page is idle, writing only what moved.
   */
  textChanged(touched: readonly [number, number] | null): void
  /** Lays out now (a test or a caller that needs the card at once). */
  layoutNow(): void
  destroy(): void
}

/** The stretch of the new document a map of changed ranges covers, or null when it changed nothing. */
export function changedSpan(map: StepMap): [number, number] | null {
  let from = Infinity
  let to = -1
  map.forEach((_a, _b, start, end) => { from = Math.min(from, start); to = Math.max(to, end) })
  return to < 0 ? null : [from, to]
}

/** From the start of the text block holding `range[0]` to the end of the one holding `range[1]` (the range itself outside text blocks). */
function blocksAround(view: EditorView, [from, to]: readonly [number, number]): [number, number] {
  const doc = view.state.doc
  const a = doc.resolve(Math.min(from, doc.content.size))
  const b = doc.resolve(Math.min(to, doc.content.size))
  return [a.parent.isTextblock ? a.start() : from, b.parent.isTextblock ? b.end() : to]
}

/** Runs `f` when the page is idle (within 200 ms), or soon where idle callbacks are missing. */
const whenIdle = (f: () => void): (() => void) => {
  if (typeof requestIdleCallback === 'function') { const id = requestIdleCallback(f, { timeout: 200 }); return () => cancelIdleCallback(id) }
  const id = setTimeout(f, 50)
  return () => clearTimeout(id)
}

/**
 * The margin for `view`, placed in `scroller` (the page's scrolling element) after the page. It
 * is shown (and the page narrowed beside it) while `source.wanted()`.
 */
export function reviewMargin(view: EditorView, scroller: HTMLElement, source: MarginSource): ReviewMargin {
  const el = h('div', { class: 'review-list review-margin', role: 'region', 'aria-label': 'Comments beside the text' })
  scroller.append(el)
  /** The cards in the margin now, in document order, with the offset written on each. */
  let shown: Array<{ id: string; el: HTMLElement; top: number }> = []
  let frame = 0
  let cancelIdle: (() => void) | null = null
  /** What changed since the last layout: only the scroll position, only the text, or anything (cards, threads, sizes). */
  let pending: 'scroll' | 'text' | 'all' = 'scroll'
  /** The spans of the last layout, where its first card's thread was in them, and the top of each card's text then. */
  let lastSpans: readonly ThreadSpan[] | null = null
  let lastStart = 0
  let lastTextTops: number[] = []
  /** Where the text changed since the last layout: one range, null for several or unknown, undefined for none. */
  let touched: readonly [number, number] | null | undefined
  let minHeight = -1
  let active = false

  const topOfPos = (pos: number, marginTop: number): number => {
    const size = view.state.doc.content.size
    return view.coordsAtPos(Math.min(pos, size), 1).top - marginTop
  }

  function layout() {
    frame = 0
    cancelIdle?.()
    cancelIdle = null
    const why = pending
    pending = 'scroll'
    const edited = touched
    touched = undefined
    if (view.isDestroyed) return
    const spans = source.spans()
    const wanted = source.wanted()
    if (wanted !== active) {
      active = wanted
      scroller.classList.toggle('has-review-margin', active)
    }
    if (!active) {
      if (shown.length) { el.replaceChildren(); shown = [] }
      return
    }
    // only the text changed (typing, a collaborator's edit) and the same threads are shown: lines
    // that wrapped differently changed the text's height, which lays out as 'all'; otherwise only
    // texts in the edited blocks can have moved up or down, and when none of them did, nothing did
    if (why === 'text' && spans === lastSpans && shown.every((c, i) => spans[lastStart + i]?.id === c.id)) {
      const blocks = edited ? blocksAround(view, edited) : null
      const check = shown.map((_, i) => i).filter((i) => !blocks || (spans[lastStart + i]!.from <= blocks[1] && spans[lastStart + i]!.to >= blocks[0]))
      if (check.length === 0) return
      const marginTop = el.getBoundingClientRect().top
      if (check.every((i) => Math.round(topOfPos(spans[lastStart + i]!.from, marginTop)) === lastTextTops[i])) return
    }
    const marginTop = el.getBoundingClientRect().top
    // read: the visible band and the threads near it
    const box = scroller.getBoundingClientRect()
    const tops = new Map<number, number>()
    const topAt = (i: number) => {
      let t = tops.get(i)
      if (t === undefined) { t = topOfPos(spans[i]!.from, marginTop); tops.set(i, t) }
      return t
    }
    const [start, end] = cardBand(spans.length, topAt, box.top - marginTop, box.bottom - marginTop)
    const wantedIds = spans.slice(start, end).map((s) => s.id)
    const same = wantedIds.length === shown.length && wantedIds.every((id, i) => shown[i]!.id === id && source.card(id) === shown[i]!.el)
    if (same && why === 'scroll') return
    // write: the cards of the band, in document order (cards kept where they are, so none loses its focus)
    if (!same) keepingTheCaret(el, () => {
      const next = wantedIds.map((id) => {
        const card = source.card(id)
        const prior = shown.find((s) => s.id === id)
        return { id, el: card, top: prior && prior.el === card ? prior.top : Number.NaN }
      })
      const keep = new Set(next.map((c) => c.el))
      for (const s of shown) if (!keep.has(s.el)) { s.el.remove(); observer?.unobserve(s.el) }
      let before: ChildNode | null = el.firstChild
      for (const c of next) {
        if (c.el === before) { before = before.nextSibling; continue }
        el.insertBefore(c.el, before)
        observer?.observe(c.el)
      }
      shown = next
    })
    // read: where each card's text is, and each card's height
    const textTops = shown.map((_, i) => topAt(start + i))
    lastSpans = spans
    lastStart = start
    lastTextTops = textTops.map(Math.round)
    const heights = shown.map((c) => c.el.offsetHeight)
    const focused = source.focused()
    const placed = stackCards(textTops, heights, shown.findIndex((c) => c.id === focused))
    // write: only the offsets that changed
    shown.forEach((c, i) => {
      const top = Math.round(placed[i]!)
      if (top === c.top) return
      c.top = top
      c.el.style.transform = `translateY(${top}px)`
    })
    const last = shown.length ? Math.round(placed[shown.length - 1]! + heights[shown.length - 1]!) : 0
    if (last !== minHeight) { minHeight = last; el.style.minHeight = `${last}px` }
  }

  const frameSoon = () => { if (!frame) frame = requestAnimationFrame(layout) }
  const idleSoon = () => { if (!frame && !cancelIdle) cancelIdle = whenIdle(() => { cancelIdle = null; if (!frame) layout() }) }
  const refresh = () => { pending = 'all'; frameSoon() }
  const onScroll = () => { if (pending === 'text') pending = 'all'; frameSoon() }
  scroller.addEventListener('scroll', onScroll, { passive: true })
  // the cards' sizes (replies shown or hidden, a reply box grown): at the next frame
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(refresh) : null
  // the text's (lines wrapped by typing or a collaborator's edit): when the page is idle, so that
  // the frame showing the edit does not wait for the margin
  const textObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(() => { pending = 'all'; idleSoon() }) : null
  textObserver?.observe(view.dom)
  window.addEventListener('resize', refresh)

  return {
    el,
    refresh,
    textChanged(at) {
      if (pending === 'scroll') pending = 'text'
      touched = touched === undefined ? at : null
      idleSoon()
    },
    layoutNow() {
      if (frame) cancelAnimationFrame(frame)
      pending = 'all'
      layout()
    },
    destroy() {
      if (frame) cancelAnimationFrame(frame)
      cancelIdle?.()
      observer?.disconnect()
      textObserver?.disconnect()
      scroller.removeEventListener('scroll', onScroll)
      window.removeEventListener('resize', refresh)
      el.remove()
      scroller.classList.remove('has-review-margin')
    },
  }
}
