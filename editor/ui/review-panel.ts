// The review sidebar: the comment composer (review-composer.ts), the filters (open, resolved,
// mine, for me), the threads on deleted text listed apart, and the person's private notes under
// "Only me" (review-notes.ts); the threads the filter shows are cards in the margin beside their
// text (review-align.ts). It owns the highlights plugin's wiring: changes on the annotations
// channel reach the highlights, a click on a highlight focuses its card, and a click on a card
// selects and scrolls to its text; and the review commands (Comment, Suggest insertion, the
// context menu).
import { refusalOf } from './review-refusal.js'
import type { Command, Transaction } from 'prosemirror-state'
import { TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type * as Y from 'yjs'
import {
  AnnotationError, createThread, decideSuggestion, suggest, suggestedChange, getThread, isListed, matchesFilter, parseMentions, threadsOf,
  type Actor, type ReviewContext, type ThreadFilter, type ThreadRecord,
} from '../model/annotations/index.js'
import { canWriteAnnotations } from '../model/permissions.js'
import type { MemberInfo } from '../account-api.js'
import type { AnnotationsChannel } from '../collab/annotations.js'
import {
  focusHighlight, highlightsMoveCount, highlightsMovedSince, highlightsShape, orphanIds, reviewHighlightsPlugin, threadRange, threadRanges, threadsChanged,
} from '../plugins/review-highlights.js'
import { h, replaceChildren } from './dom.js'
import { keepingTheCaret, threadCard } from './review-thread.js'
import { changedSpan, reviewMargin, type ReviewMargin, type ThreadSpan } from './review-align.js'
import { privateNotes } from './review-notes.js'
import { reviewContextMenu } from './review-context-menu.js'
import { reviewComposer } from './review-composer.js'
import { ACTIONS, shortcutText } from '../commands/actions.js'
import './review.css'

/** What the sidebar works with. */
export interface ReviewPanelOptions {
  channel: AnnotationsChannel
  /** The person's private notes channel (kind 'notes'); without it the sidebar offers no private notes. */
  notes?: AnnotationsChannel
  fragment: Y.XmlFragment
  /** Who is acting (null until the role and account are known). */
  actor(): Actor | null
  /** The document's members (for names, assignment and @-mentions). */
  members(): readonly MemberInfo[]
  /** Resolves once the server has stored every local change to the text (anchors must point at stored text). */
  contentStored(): Promise<void>
  /** Called when the open threads' counts may have changed (the outline's counts follow them). */
  onRender?: () => void
}

/**
 * The open threads in each article of `entries` (outline entries in document order, with their
 * positions): a thread counts for the last article that starts before its text.
 */
export function openThreadsPerArticle(entries: ReadonlyArray<{ pos: number; kind: string }>, threads: ReadonlyArray<{ from: number; open: boolean }>): number[] {
  const counts = entries.map(() => 0)
  const articles = entries.map((e, i) => ({ pos: e.pos, i })).filter((_, i) => entries[i]!.kind === 'article')
  for (const t of threads) {
    if (!t.open) continue
    let lo = 0
    let hi = articles.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (articles[mid]!.pos < t.from) { found = mid; lo = mid + 1 } else hi = mid - 1
    }
    if (found >= 0) counts[articles[found]!.i]!++
  }
  return counts
}

/** The sidebar's filters: the threads' own, and "Only me", which lists the private notes instead. */
type PanelFilter = ThreadFilter | 'notes'

const FILTERS: Array<[PanelFilter, string]> = [['open', 'Open'], ['resolved', 'Resolved'], ['mine', 'Mine'], ['for-me', 'For me'], ['all', 'All'], ['notes', 'Only me']]

/** The review sidebar and the plugin and command it drives; `attach` once the view exists. */
export function reviewPanel(options: ReviewPanelOptions) {
  let view: EditorView | null = null
  let filter: PanelFilter = 'open'
  let focused: string | null = null
  const drafts = new Map<string, string>()
  /** Threads whose earlier replies the person opened. */
  const openReplies = new Set<string>()
  const edits = new Map<string, string>()
  let scheduled = 0
  let margin: ReviewMargin | null = null
  // what the last render saw: the highlights' shape and orphans (when they change, so may the counts)
  let shape = -1
  let lastOrphans: ReadonlySet<string> | null = null
  let countsStale = true
  // the threads the filter shows, in document order: kept while the highlights, records and filter are the same
  let epoch = 0
  // (moved with the text by the highlights' own maps as it is edited, rather than read again from a thousand decorations)
  let spansCache: { shape: number; epoch: number; filter: PanelFilter; spans: ThreadSpan[]; moved: number } | null = null

  // threads as read from the channel, read again only when the channel says they changed
  // (with the record as JSON, which the card cache compares, made when a card is first built or checked)
  const records = new Map<string, { thread: ThreadRecord; json?: string } | null>()
  const record = (id: string) => {
    let r = records.get(id)
    if (r === undefined) {
      const read = getThread(options.channel.doc, id)
      r = read && isListed(read) ? { thread: read } : null
      records.set(id, r)
    }
    return r
  }
  const listed = (id: string): ThreadRecord | undefined => record(id)?.thread
  // cards are rebuilt only when what they show changed; `generation` changes with the role or members
  const cards = new Map<string, { signature: string; el: HTMLElement }>()
  let generation = 0
  const plugin = reviewHighlightsPlugin({
    fragment: options.fragment,
    thread: listed,
    threadIds: () => threadsOf(options.channel.doc).keys(),
    onClickThread: (id) => focusThread(id, true),
  })

  const notes = options.notes ? privateNotes({
    channel: options.notes, fragment: options.fragment, role: () => options.actor()?.role ?? null, contentStored: options.contentStored,
  }) : null

  const ctx = (): ReviewContext => {
    const actor = options.actor()
    if (!actor) throw new AnnotationError('your role in this document is not known yet')
    return { annotations: options.channel.doc, content: options.fragment, actor }
  }
  const run = (op: (c: ReviewContext) => void): string | null => refusalOf(ctx, op)
  const name = (userId: string): string => {
    const m = options.members().find((x) => x.userId === userId)
    return m ? (m.displayName || m.username) : userId
  }
  const mentions = (body: string) => parseMentions(body, options.members())

  const composer = reviewComposer({
    fragment: options.fragment,
    contentStored: options.contentStored,
    notes: notes !== null,
    write(at, body, replacement) {
      const point = at.from === at.to
      if (point && !replacement) throw new AnnotationError('an insertion needs the text to insert')
      const thread = replacement === null
        ? createThread(ctx(), { from: at.from, to: at.to, body, mentions: mentions(body) })
        : suggest(ctx(), { op: point ? 'insert' : replacement ? 'replace' : 'delete', from: at.from, to: at.to, text: replacement, body, mentions: mentions(body) })
      if (filter !== 'all' && filter !== 'open' && filter !== 'mine') { filter = 'open'; renderFilters() }
      focused = thread.id
    },
    async keep(at, body) {
      const problem = await notes!.add(at, body)
      if (problem === null) { filter = 'notes'; renderFilters(); render() }
      return problem
    },
    cannot(reason) {
      notice.hidden = false
      notice.textContent = `Cannot comment here: ${reason}`
    },
    done: () => view?.focus(),
  })

  const filters = h('div', { class: 'review-filters', role: 'group', 'aria-label': 'Show threads' })
  const summary = h('p', { class: 'review-summary' })
  const orphans = h('div', { class: 'review-orphans' })
  const notice = h('p', { class: 'review-notice', role: 'status', hidden: true })
  const el = h('section', { class: 'panel review-panel', 'aria-label': 'Comments' }, h('h2', {}, 'Comments'), notice, composer.el, filters, summary, orphans, notes?.el ?? null)

  const renderFilters = () => replaceChildren(filters, ...FILTERS.filter(([f]) => f !== 'notes' || notes).map(([f, label]) => h('button', {
    type: 'button', class: 'review-filter', 'data-filter': f, 'aria-pressed': String(f === filter),
    onclick: () => { filter = f; renderFilters(); render() },
  }, label)))

  function card(thread: ThreadRecord, orphaned: boolean): HTMLElement {
    const r = record(thread.id)
    if (r && r.json === undefined) r.json = JSON.stringify(r.thread)
    // which of its words are being edited: a card whose editing started or stopped is rebuilt
    const editing = [thread.id, ...Object.keys(thread.replies)].filter((id) => edits.has(id)).join(',')
    const signature = `${generation}|${orphaned}|${focused === thread.id}|${openReplies.has(thread.id)}|${editing}|${r?.json ?? ''}`
    const cached = cards.get(thread.id)
    if (cached?.signature === signature) return cached.el
    const el = buildCard(thread, orphaned)
    cards.set(thread.id, { signature, el })
    return el
  }

  function buildCard(thread: ThreadRecord, orphaned: boolean): HTMLElement {
    return threadCard(thread, {
      actor: options.actor(), members: options.members(), name, run, mentions, orphaned, focused: focused === thread.id,
      repliesOpen: openReplies.has(thread.id),
      toggleReplies: () => { if (!openReplies.delete(thread.id)) openReplies.add(thread.id); schedule() },
      edits, draft: drafts.get(thread.id) ?? '', setDraft: (t) => { if (t) drafts.set(thread.id, t); else drafts.delete(thread.id) },
      reveal: () => revealThread(thread.id), accept,
    }, schedule)
  }

  /** The threads the filter shows, in document order, with their text's place now. */
  function spans(): readonly ThreadSpan[] {
    if (!view || filter === 'notes') return []
    const shapeNow = highlightsShape(view.state)
    const c = spansCache
    const moves = c && c.shape === shapeNow && c.epoch === epoch && c.filter === filter ? highlightsMovedSince(view.state, c.moved) : null
    if (c && moves) {
      // as the highlights map their decorations: an inline one's start after text typed at it, its end before
      for (const span of c.spans) {
        for (const map of moves) {
          const point = span.from === span.to
          span.from = map.map(span.from, 1)
          span.to = point ? span.from : Math.max(span.from, map.map(span.to, -1))
        }
      }
      c.moved += moves.length
      return c.spans
    }
    const me = options.actor()?.userId ?? ''
    const threadFilter = filter
    const shown = threadRanges(view.state).filter(({ id }) => { const t = listed(id); return t !== undefined && matchesFilter(t, threadFilter, me) }).map((r) => ({ ...r }))
    spansCache = { shape: shapeNow, epoch, filter, spans: shown, moved: highlightsMoveCount(view.state) }
    return shown
  }

  /** The highlights' move count when the editor was last followed (see update). */
  let seenMoves = 0

  /** Whether any thread is highlighted (asked again only when the highlights' shape changed). */
  let threadsAt = { shape: -1, any: false }
  function hasThreads(): boolean {
    if (!view) return false
    const now = highlightsShape(view.state)
    if (threadsAt.shape !== now) threadsAt = { shape: now, any: threadRanges(view.state).length > 0 }
    return threadsAt.any
  }

  /** The card of a listed thread in the margin (cached while nothing it shows changed). */
  function marginCard(id: string): HTMLElement {
    return card(listed(id)!, false)
  }

  /** Rebuilds the sidebar (filters' summary, orphans) and lays the margin out again. */
  function render() {
    scheduled = 0
    if (!view) return
    const me = options.actor()?.userId ?? ''
    const state = view.state
    const orphanSet = orphanIds(state)
    shape = highlightsShape(state)
    if (orphanSet !== lastOrphans) { lastOrphans = orphanSet; countsStale = true }
    const threadFilter = filter === 'notes' ? null : filter
    summary.hidden = orphans.hidden = threadFilter === null
    notes?.show(threadFilter === null)
    const count = spans().length
    summary.textContent = count === 0 ? 'No comments here.' : `${count} comment${count === 1 ? '' : 's'}, beside their text.`
    summary.classList.toggle('review-empty', count === 0)
    const orphanCards: HTMLElement[] = []
    for (const id of threadFilter ? orphanSet : []) {
      const t = listed(id)
      if (t && matchesFilter(t, threadFilter!, me)) orphanCards.push(card(t, true))
    }
    // the same cards in the same order: swap only the rebuilt ones (moving a card would lose its focus)
    const current = orphans.querySelectorAll<HTMLElement>(':scope > .review-thread')
    keepingTheCaret(orphans, () => {
      if (current.length === orphanCards.length && orphanCards.length > 0 && orphanCards.every((c, i) => current[i]!.dataset.thread === c.dataset.thread)) {
        orphanCards.forEach((c, i) => { if (current[i] !== c) current[i]!.replaceWith(c) })
      } else {
        replaceChildren(orphans, ...(orphanCards.length ? [h('h3', {}, 'On deleted text'), ...orphanCards] : []))
      }
    })
    if (countsStale) { countsStale = false; options.onRender?.() }
    margin?.layoutNow()
  }

  function schedule() {
    if (!scheduled) scheduled = requestAnimationFrame(render)
  }

  /** Focuses a thread's card (and its highlight); `fromText` when the highlight was clicked. */
  function focusThread(id: string | null, fromText = false) {
    focused = id
    if (view) view.dispatch(focusHighlight(view.state.tr, id))
    render()
    if (id && fromText) {
      // the card is beside its text (pinned there); an orphan's is in the sidebar
      const c = (margin?.el.querySelector<HTMLElement>(`.review-thread[data-thread="${CSS.escape(id)}"]`)) ?? orphans.querySelector<HTMLElement>(`.review-thread[data-thread="${CSS.escape(id)}"]`)
      c?.focus({ preventScroll: true })
    }
  }

  /**
   * Accepts a suggestion. The decision is written first and the change applied once the server
   * has stored it: the server accepts a decision only while the suggested words still exist. The
   * change is then applied here as an ordinary edit (undoable). When the text changed since the
   * suggestion was made, both are shown and the person is asked first.
   */
  async function accept(thread: ThreadRecord): Promise<string | null> {
    const v = view
    if (!v) return 'the editor is not ready'
    if (!v.editable) return 'your role cannot change the text'
    const textBetween = (a: number, b: number) => v.state.doc.textBetween(a, b, '\n', '\uFFFC')
    const before = suggestedChange(thread, options.fragment, textBetween)
    if (!before) return 'the suggested text is no longer in the document'
    if (before.changed && !window.confirm(`The text changed since this suggestion was made.\n\nThen: ${thread.quote.text}\nNow: ${before.current}\n\nApply the suggestion anyway?`)) return null
    const problem = run((c) => decideSuggestion(c, thread.id, 'accepted'))
    if (problem) return problem
    if (!(await options.channel.stored())) return 'the server refused the decision; nothing was changed'
    // the words may have moved while the decision was on its way
    const change = suggestedChange(thread, options.fragment, textBetween)
    if (!change) return 'the suggested text was deleted meanwhile; nothing was changed'
    const tr = change.text ? v.state.tr.insertText(change.text, change.from, change.to) : v.state.tr.delete(change.from, change.to)
    v.dispatch(tr.scrollIntoView())
    return null
  }

  /** Selects a thread's text and scrolls it into view. */
  function revealThread(id: string) {
    if (!view) return
    focusThread(id)
    const range = threadRange(view.state, id)
    if (!range) return
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)).scrollIntoView())
  }

  /** Opens the composer to suggest an insertion at the cursor (in text): anyone whose role may comment. */
  const suggestInsert: Command = (state, dispatch) => {
    const actor = options.actor()
    const { selection } = state
    if (!actor || !canWriteAnnotations(actor.role) || !selection.empty || !selection.$from.parent.isTextblock) return false
    if (dispatch) composer.open(selection.from, selection.from)
    return true
  }

  /** Opens the composer on the selected text: anyone whose role may comment. */
  const comment: Command = (state, dispatch) => {
    const actor = options.actor()
    if (!actor || !canWriteAnnotations(actor.role) || state.selection.empty) return false
    if (dispatch) composer.open(state.selection.from, state.selection.to)
    return true
  }

  options.channel.on('change', (ids) => {
    if (ids === null) records.clear()
    else for (const id of ids) records.delete(id)
    epoch++
    countsStale = true
    if (view) view.dispatch(threadsChanged(view.state.tr, ids))
    schedule()
  })
  options.channel.on('refused', (reason) => {
    notice.hidden = false
    notice.textContent = `The server refused a review change: ${reason}. Comments were reloaded.`
  })
  renderFilters()

  return {
    el,
    plugin,
    /** The highlights to install: the threads', and the private notes' when there are notes. */
    plugins: notes ? [plugin, notes.plugin] : [plugin],
    comment,
    suggestInsert,
    /** Starts showing threads once the editor exists, in a margin beside the text inside `scroller` (the page's scrolling element). */
    attach(v: EditorView, scroller?: HTMLElement) {
      view = v
      notes?.attach(v)
      const keys = (name: string) => { const a = ACTIONS.find((x) => x.name === name); return a ? shortcutText(a) : '' }
      reviewContextMenu(v, [
        { key: 'comment', text: 'Comment', shortcut: keys('comment'), command: comment },
        { key: 'suggestInsert', text: 'Suggest an insertion here', shortcut: keys('suggestInsert'), command: suggestInsert },
      ])
      margin = reviewMargin(v, scroller ?? v.dom.parentElement!, {
        spans, card: marginCard, focused: () => focused, wanted: hasThreads,
      })
      schedule()
    },
    /**
     * Follows the editor. Typing and remote edits only move text: the margin measures again when
     * the page is idle. The sidebar is rebuilt only when threads were highlighted, dropped or
     * orphaned (the highlights' shape or orphans changed).
     */
    update(tr: Transaction) {
      notes?.update(tr)
      if (!view) return
      const moves = highlightsMoveCount(view.state)
      const moved = moves === seenMoves + 1 ? highlightsMovedSince(view.state, seenMoves) : null
      seenMoves = moves
      if (highlightsShape(view.state) !== shape || orphanIds(view.state) !== lastOrphans) schedule()
      else if (tr.docChanged) margin?.textChanged(moved?.length === 1 ? changedSpan(moved[0]!) : null)
    },
    /** The open threads per outline entry (see openThreadsPerArticle). */
    countsFor(entries: ReadonlyArray<{ pos: number; kind: string }>): number[] {
      if (!view) return entries.map(() => 0)
      const threads = threadRanges(view.state).map(({ id, from }) => ({ from, open: listed(id)?.resolution === null }))
      return openThreadsPerArticle(entries, threads)
    },
    /** Re-renders every card (a role or the member list changed). */
    refresh() {
      generation++
      epoch++
      schedule()
    },
  }
}
