// Highlights the text review threads are anchored on, and keeps the highlights where their words are.
//
// Anchors are Yjs relative positions (editor/model/annotations/anchors.ts); resolving one walks
// the Yjs types, so resolving every thread on every change costs seconds on a long treaty with a
// thousand threads. Instead the highlights are carried through each change and only the threads
// the change could have moved are resolved again:
// - a change is turned into the ranges of the document it replaced, found by comparing the old
//   and new documents by node identity (y-prosemirror replaces the whole document for a remote
//   change, but reuses the nodes of every block it did not touch, so the comparison stops there);
// - highlights outside those ranges move with the text around them (a StepMap of the ranges);
// - threads with a highlight inside or touching a range, threads on deleted text (orphans, which
//   an undo may bring back) and threads whose records changed are marked dirty and resolved from
//   their anchors: a change that came from Yjs (a collaborator's, an undo) at once, in the same
//   transaction, since the Yjs types already hold it; a local change in a follow-up transaction,
//   after the Yjs binding has written it;
// - a resolved thread whose highlight is where it was and looks the same keeps its decorations,
//   so the view redraws nothing for it (and the caret's paragraph is not rebuilt under it).
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import type { Fragment, Node } from 'prosemirror-model'
import { Mapping, StepMap } from 'prosemirror-transform'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { FragmentPositions, resolveAnchor, type Anchor, type AnchorState, type Quote, type ThreadRecord } from '../model/annotations/index.js'

/** What a highlight is drawn from: a thread, or a private note (anything anchored with a quote). */
export interface Anchored {
  anchor: Anchor
  quote: Quote
}

/** How one thread's anchor is resolved (injectable so tests can count resolutions). */
export type ResolveThread<R extends Anchored = ThreadRecord> = (thread: R, fragment: Y.XmlFragment, positions: FragmentPositions) => AnchorState

/** What the plugin reads threads (or notes) from, and whom it tells about clicks on highlights. */
export interface ReviewHighlightsOptions<R extends Anchored = ThreadRecord> {
  /** The content fragment the anchors point into. */
  fragment: Y.XmlFragment
  /** The listed thread stored under `id` (not deleted or dismissed), or undefined. */
  thread(id: string): R | undefined
  /** The ids of every listed thread. */
  threadIds(): Iterable<string>
  /** Called with the thread whose highlight was clicked. */
  onClickThread?: (id: string) => void
  resolve?: ResolveThread<R>
  /** The plugin's key (private notes have their own plugin beside the threads'); reviewHighlightsKey by default. */
  key?: PluginKey<ReviewHighlightsState>
  /** The decorations of one highlight; threadDecorations by default (for threads). */
  decorate?: (id: string, range: { from: number; to: number }, record: R, focused: boolean) => Decoration[]
}

/** The plugin's state: the highlights, the orphans, what must be resolved again and the focused thread. */
export interface ReviewHighlightsState {
  decorations: DecorationSet
  /** Listed threads whose whole text is gone. */
  orphans: ReadonlySet<string>
  /** Threads to resolve in the follow-up transaction. */
  dirty: ReadonlySet<string>
  /** All listed threads must be resolved (first render, or the annotations Y.Doc was replaced). */
  all: boolean
  focused: string | null
  /** Counts the resolutions that added, dropped or restyled a highlight, or orphaned a thread (moving with the text does not count). */
  shape: number
  /** How the last changes moved the highlights with the text (the last MOVES_KEPT); a reader keeping positions maps them by these. */
  moves: readonly StepMap[]
  /** How many such moves there were since the plugin started (the last of them are `moves`). */
  moveCount: number
}

/** Moves kept in the state for readers that keep positions of their own (a reader further behind reads the highlights again). */
export const MOVES_KEPT = 64

/** A change to the highlights, as transaction meta. */
export type ReviewHighlightsAction =
  | { type: 'threads'; ids: ReadonlySet<string> | null }
  | { type: 'resolve' }
  | { type: 'focus'; id: string | null }

export const reviewHighlightsKey = new PluginKey<ReviewHighlightsState>('reviewHighlights')

/** Tells the highlights that these threads changed (null: all of them, e.g. a fresh annotations Y.Doc). */
export const threadsChanged = (tr: Transaction, ids: ReadonlySet<string> | null, key = reviewHighlightsKey): Transaction =>
  tr.setMeta(key, { type: 'threads', ids } satisfies ReviewHighlightsAction)

/** Marks one thread as focused (its highlight stands out), or none. */
export const focusHighlight = (tr: Transaction, id: string | null, key = reviewHighlightsKey): Transaction =>
  tr.setMeta(key, { type: 'focus', id } satisfies ReviewHighlightsAction)

/** threadRanges' answers, by the decoration set they were read from (read again only when it changed). */
const rangesOf = new WeakMap<DecorationSet, ReadonlyArray<{ id: string; from: number; to: number }>>()

/** Where each highlighted thread is now, in document order (the same array while the highlights are the same). */
export function threadRanges(state: EditorState, key = reviewHighlightsKey): ReadonlyArray<{ id: string; from: number; to: number }> {
  const s = key.getState(state)
  if (!s) return []
  const cached = rangesOf.get(s.decorations)
  if (cached) return cached
  const seen = new Map<string, { id: string; from: number; to: number }>()
  for (const d of s.decorations.find()) {
    const id = (d.spec as { thread: string }).thread
    const prior = seen.get(id)
    if (!prior) seen.set(id, { id, from: d.from, to: d.to })
    else { prior.from = Math.min(prior.from, d.from); prior.to = Math.max(prior.to, d.to) }
  }
  const ranges = [...seen.values()].sort((a, b) => a.from - b.from || a.to - b.to)
  rangesOf.set(s.decorations, ranges)
  return ranges
}

/**
 * The maps that moved the highlights with the text since `seen` moves (a count of moveCount), in
 * order; null when they are no longer kept (read the highlights again).
 */
export function highlightsMovedSince(state: EditorState, seen: number, key = reviewHighlightsKey): readonly StepMap[] | null {
  const s = key.getState(state)
  if (!s) return null
  const missing = s.moveCount - seen
  if (missing < 0 || missing > s.moves.length) return null
  return s.moves.slice(s.moves.length - missing)
}

/** How many times the highlights were moved with the text (see highlightsMovedSince). */
export const highlightsMoveCount = (state: EditorState, key = reviewHighlightsKey): number => key.getState(state)?.moveCount ?? 0

/** The highlights' shape counter (see ReviewHighlightsState.shape): a reader rebuilds what it drew from them when it changes. */
export const highlightsShape = (state: EditorState, key = reviewHighlightsKey): number => key.getState(state)?.shape ?? 0

/** The range of one thread's highlight, or null when it has none. */
export function threadRange(state: EditorState, id: string, key = reviewHighlightsKey): { from: number; to: number } | null {
  const found = key.getState(state)?.decorations.find(undefined, undefined, (spec) => spec.thread === id) ?? []
  if (found.length === 0) return null
  return { from: Math.min(...found.map((d) => d.from)), to: Math.max(...found.map((d) => d.to)) }
}

/** The listed threads whose text is gone. */
export const orphanIds = (state: EditorState, key = reviewHighlightsKey): ReadonlySet<string> => key.getState(state)?.orphans ?? new Set()

/**
 * The ranges of `a` that `b` replaced, as [fromA, toA, fromB, toB], in order. Nodes the two share
 * (the same object) are skipped whole; a changed container of the same type and child count is
 * compared child by child; a changed text block of the same markup is narrowed to the characters
 * that differ (so typing in a paragraph does not disturb the other highlights in it); otherwise
 * the differing stretch is one range.
 */
export function replacedRanges(a: Fragment, b: Fragment, posA = 0, posB = 0, out: number[][] = []): number[][] {
  if (a === b) return out
  if (a.childCount === b.childCount) {
    let pa = posA
    let pb = posB
    for (let i = 0; i < a.childCount; i++) {
      const ca = a.child(i)
      const cb = b.child(i)
      if (ca !== cb) {
        if (ca.type === cb.type && !ca.isTextblock && !ca.isLeaf) replacedRanges(ca.content, cb.content, pa + 1, pb + 1, out)
        else if (ca.isTextblock && ca.sameMarkup(cb)) differingStretch(ca.content, cb.content, pa + 1, pb + 1, out)
        else out.push([pa, pa + ca.nodeSize, pb, pb + cb.nodeSize])
      }
      pa += ca.nodeSize
      pb += cb.nodeSize
    }
    return out
  }
  return differingStretch(a, b, posA, posB, out)
}

/**
 * replacedRanges of one change, by the document before it: the threads' highlights and the private
 * notes' (a plugin each) apply the same transaction, and the comparison is made once for both.
 */
const replacedByChange = new WeakMap<Node, { after: Node; ranges: readonly number[][] }>()

/** The ranges of `before` that `after` replaced (see replacedRanges), compared once per pair of documents. */
function changeRanges(before: Node, after: Node): readonly number[][] {
  const known = replacedByChange.get(before)
  if (known && known.after === after) return known.ranges
  const ranges = replacedRanges(before.content, after.content)
  replacedByChange.set(before, { after, ranges })
  return ranges
}

/** The one stretch where `a` (at posA) and `b` (at posB) differ, if any, added to `out`. */
function differingStretch(a: Fragment, b: Fragment, posA: number, posB: number, out: number[][]): number[][] {
  const start = a.findDiffStart(b, posA)
  if (start === null) return out
  const end = a.findDiffEnd(b, posA + a.size, posB + b.size)!
  let endA = end.a
  let endB = end.b
  const overlap = start - Math.min(endA, endB)
  if (overlap > 0) { endA += overlap; endB += overlap }
  out.push([start, endA, start - posA + posB, endB])
  return out
}

/** A thread's highlight: its words marked (resolved, focused), and an undecided suggestion shown inline. */
export function threadDecorations(id: string, range: { from: number; to: number }, thread: ThreadRecord, focused: boolean): Decoration[] {
  if (range.from === range.to) return [pointDecoration(id, range.from, thread, focused)]
  const classes = ['review-mark']
  if (thread.resolution !== null) classes.push('review-mark-resolved')
  if (focused) classes.push('review-mark-focused')
  const pending = thread.kind === 'suggestion' && thread.suggestion !== null && thread.decision === null ? thread.suggestion : null
  // an undecided suggestion shows inline: the words it replaces or deletes struck, its new text after them
  if (pending && pending.op !== 'insert') classes.push('review-suggest-delete')
  const look = classes.join(' ')
  const out = [Decoration.inline(range.from, range.to, { class: look, 'data-thread': id }, { thread: id, look })]
  if (pending && pending.text) {
    const text = pending.text
    out.push(Decoration.widget(range.to, () => {
      const ins = document.createElement('ins')
      ins.className = 'review-suggest-insert'
      ins.dataset.thread = id
      ins.textContent = text
      return ins
    }, { thread: id, side: 1, ignoreSelection: true, key: `suggest:${id}:${text}` }))
  }
  return out
}

/**
 * A thread on a point (a suggested insertion): the proposed text while it is undecided, otherwise
 * a caret mark where it was proposed.
 */
function pointDecoration(id: string, pos: number, thread: ThreadRecord, focused: boolean): Decoration {
  const text = thread.kind === 'suggestion' && thread.suggestion !== null && thread.decision === null ? thread.suggestion.text : ''
  const resolved = thread.resolution !== null
  return Decoration.widget(pos, () => {
    const el = document.createElement(text ? 'ins' : 'span')
    el.className = `${text ? 'review-suggest-insert review-point' : 'review-point review-point-mark'}${focused ? ' review-mark-focused' : ''}${resolved ? ' review-mark-resolved' : ''}`
    el.dataset.thread = id
    // the caret mark is drawn by the style sheet, so it is no text of the treaty's
    el.textContent = text
    return el
  }, { thread: id, side: 1, ignoreSelection: true, key: `point:${id}:${text}:${focused}:${resolved}` })
}

/** The identifying look of a decoration: its kind and what it draws (inline highlights carry `look`, widgets a `key`). */
const lookOf = (d: Decoration): string => {
  const spec = d.spec as { look?: string; key?: string }
  return spec.look !== undefined ? `i:${spec.look}` : spec.key !== undefined ? `w:${spec.key}` : ''
}

/** True when `fresh` would draw exactly what `old` draws (same places, same looks); decorations without a look never match. */
function sameDecorations(old: readonly Decoration[], fresh: readonly Decoration[]): boolean {
  if (old.length !== fresh.length) return false
  const keys = (list: readonly Decoration[]) => list.map((d) => `${d.from}-${d.to}-${lookOf(d)}`).sort()
  const a = keys(old)
  const b = keys(fresh)
  return a.every((k, i) => k === b[i] && !k.endsWith('-'))
}

/** The text of the text blocks around each replaced range of `doc` (ranges as replacedRanges gives them), one block a line. */
function changedBlocksText(doc: Node, ranges: readonly (readonly number[])[]): string {
  const parts: string[] = []
  for (const [, , fromB, toB] of ranges) {
    const a = doc.resolve(fromB!)
    const b = doc.resolve(toB!)
    parts.push(doc.textBetween(a.parent.isTextblock ? a.start() : fromB!, b.parent.isTextblock ? b.end() : toB!, '\n', '\uFFFC'))
  }
  return parts.join('\n')
}

/** Whether text `written` may hold the quote of `record` again (a quote across blocks or nodes is always assumed to). */
function mayHoldQuote(written: string, record: Anchored | undefined): boolean {
  if (!record) return true
  const { text, before, after } = record.quote
  const needle = text.length > 0 ? text : before + after
  return /[\n\uFFFC]/.test(needle) || written.includes(needle)
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((x) => b.has(x))

/** Whether `ids` holds none. */
function isEmpty(ids: Iterable<string>): boolean {
  for (const _ of ids) return false
  return true
}

/** The highlights plugin; see the module comment for how it stays cheap. */
export function reviewHighlightsPlugin(options: ReviewHighlightsOptions): Plugin<ReviewHighlightsState>
export function reviewHighlightsPlugin<R extends Anchored>(options: ReviewHighlightsOptions<R> & { decorate: NonNullable<ReviewHighlightsOptions<R>['decorate']> }): Plugin<ReviewHighlightsState>
export function reviewHighlightsPlugin<R extends Anchored>(options: ReviewHighlightsOptions<R>): Plugin<ReviewHighlightsState> {
  const resolve: ResolveThread<R> = options.resolve ?? ((t, fragment, positions) => resolveAnchor(t.anchor, t.quote, fragment, positions))
  const key = options.key ?? reviewHighlightsKey
  const decorationsFor = options.decorate ?? (threadDecorations as unknown as NonNullable<ReviewHighlightsOptions<R>['decorate']>)

  /**
   * Resolves the dirty threads (or all) and rebuilds the highlights that moved or changed look;
   * the state's decorations and orphans stay the same objects when nothing changed.
   */
  function resolveDirty(s: ReviewHighlightsState, doc: Node): ReviewHighlightsState {
    const ids = s.all ? new Set(options.threadIds()) : s.dirty
    if (ids.size === 0 && !s.all) return s
    let decorations = s.all ? DecorationSet.empty : s.decorations
    const orphans = new Set(s.all ? [] : s.orphans)
    const before = new Map<string, Decoration[]>()
    if (!s.all) {
      for (const d of decorations.find(undefined, undefined, (spec) => ids.has(spec.thread))) {
        const id = (d.spec as { thread: string }).thread
        const list = before.get(id)
        if (list) list.push(d); else before.set(id, [d])
      }
    }
    const removed: Decoration[] = []
    const added: Decoration[] = []
    const positions = new FragmentPositions(options.fragment)
    const size = doc.content.size
    for (const id of ids) {
      orphans.delete(id)
      const old = before.get(id) ?? []
      let fresh: Decoration[] = []
      const thread = options.thread(id)
      if (thread) {
        const at = resolve(thread, options.fragment, positions)
        if (at.status === 'orphaned') orphans.add(id)
        // the binding and the text may disagree for a moment (a change still on its way): skip what does not fit
        else if (at.to <= size && at.from <= at.to) fresh = decorationsFor(id, at, thread, s.focused === id)
      }
      if (sameDecorations(old, fresh)) continue
      removed.push(...old)
      added.push(...fresh)
    }
    if (removed.length) decorations = decorations.remove(removed)
    if (added.length) decorations = decorations.add(doc, added)
    const sameOrphans = sameSet(orphans, s.orphans)
    const changed = s.all || removed.length > 0 || added.length > 0 || !sameOrphans
    return {
      decorations, orphans: sameOrphans ? s.orphans : orphans, dirty: new Set(), all: false, focused: s.focused,
      shape: changed ? s.shape + 1 : s.shape, moves: s.moves, moveCount: s.moveCount,
    }
  }

  function refocus(s: ReviewHighlightsState, id: string | null): ReviewHighlightsState {
    if (id === s.focused) return s
    // re-resolving the two threads rebuilds their highlight with the new class
    const dirty = new Set(s.dirty)
    if (s.focused) dirty.add(s.focused)
    if (id) dirty.add(id)
    return { ...s, dirty, focused: id }
  }

  return new Plugin<ReviewHighlightsState>({
    key,
    state: {
      // with no thread yet (the page connects its channels once the text is painted) there is
      // nothing to resolve, and no transaction is spent on it before the first paint
      init: () => ({ decorations: DecorationSet.empty, orphans: new Set(), dirty: new Set(), all: !isEmpty(options.threadIds()), focused: null, shape: 0, moves: [], moveCount: 0 }),
      apply(tr, s, oldState, newState) {
        let next = s
        const fromYjs = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true
        if (tr.docChanged) {
          const ranges = changeRanges(oldState.doc, newState.doc)
          if (ranges.length) {
            const dirty = new Set(next.dirty)
            for (const [fromA, toA] of ranges) {
              for (const d of next.decorations.find(fromA!, toA!)) dirty.add((d.spec as { thread: string }).thread)
            }
            // text restored anywhere may be an orphan's: a change from Yjs (an undo, a collaborator's)
            // may bring its own characters back; a local edit can only write its quote again, in the
            // blocks it changed (resolving an orphan searches the whole document for its quote)
            if (next.orphans.size > 0) {
              const written = fromYjs ? '' : changedBlocksText(newState.doc, ranges)
              for (const id of next.orphans) if (fromYjs || mayHoldQuote(written, options.thread(id))) dirty.add(id)
            }
            const map = new StepMap(ranges.flatMap(([fromA, toA, fromB, toB]) => [fromA!, toA! - fromA!, toB! - fromB!]))
            next = {
              ...next, decorations: next.decorations.map(new Mapping([map]), newState.doc), dirty,
              moves: [...next.moves.slice(1 - MOVES_KEPT), map], moveCount: next.moveCount + 1,
            }
          }
        }
        const action = tr.getMeta(key) as ReviewHighlightsAction | undefined
        if (action?.type === 'threads') {
          if (action.ids === null) next = { ...next, all: true }
          else next = { ...next, dirty: new Set([...next.dirty, ...action.ids]) }
        } else if (action?.type === 'focus') next = refocus(next, action.id)
        else if (action?.type === 'resolve') next = resolveDirty(next, newState.doc)
        // a change from Yjs is in the Yjs types already: resolve now rather than in another transaction
        if (next.dirty.size > 0 && !next.all && fromYjs) next = resolveDirty(next, newState.doc)
        return next
      },
    },
    view(view) {
      let pending = false
      const schedule = (v: EditorView) => {
        const s = key.getState(v.state)
        if (pending || !s || (!s.all && s.dirty.size === 0)) return
        pending = true
        // after the Yjs binding has written this change (it does so in its own view update)
        queueMicrotask(() => {
          pending = false
          if (v.isDestroyed) return
          // (no addToHistory: false here: the undo plugin would close its current step on every keystroke)
          v.dispatch(v.state.tr.setMeta(key, { type: 'resolve' } satisfies ReviewHighlightsAction))
        })
      }
      schedule(view)
      return { update: schedule }
    },
    props: {
      decorations: (state) => key.getState(state)?.decorations,
      handleClick(view, pos) {
        const found = key.getState(view.state)?.decorations.find(pos, pos) ?? []
        const hit = found.find((d) => d.from <= pos && pos <= d.to)
        if (hit && options.onClickThread) options.onClickThread((hit.spec as { thread: string }).thread)
        return false
      },
    },
  })
}
