// The find plugin: the search the find bar drives (query, scope, matches, the current match) and
// the decorations that highlight every match. The search itself is DOM-free (model/find.ts);
// this plugin keeps it current as the document changes, searching again only the changed blocks,
// and scrolls the current match into view. The find bar and the find commands change it through
// the meta of `findKey`.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import { DocumentSearch, EMPTY_QUERY, articleIdAt, matchIndexFrom, type FindMatch, type FindQuery, type FindScope } from '../model/find.js'

/** What the find bar is searching for and what it found. */
export interface FindState {
  /** Whether the find bar is open; a closed search finds and highlights nothing. */
  open: boolean
  query: FindQuery
  /** Which part of the document is searched ("this article" names the article by id). */
  scope: FindScope['kind']
  /** The searched article's id when the scope is "this article" (null outside articles). */
  articleId: string | null
  /** Every match, in document order. */
  matches: readonly FindMatch[]
  /** The index of the current match in `matches`, -1 when there is none. */
  current: number
  /** Bumped whenever the current match moves, so the view scrolls it into view once. */
  moved: number
  decorations: DecorationSet
  search: DocumentSearch
}

/**
 * What a transaction asks of the search: open it (scoped at the selection), close it, change the
 * query or the scope, or make the match at or after a position the current one.
 */
export type FindAction =
  | { open: true }
  | { close: true }
  | { query?: Partial<FindQuery>; scope?: FindScope['kind']; currentFrom?: number }

/** The plugin's key: `findKey.getState(state)` is the `FindState`. */
export const findKey = new PluginKey<FindState>('find')

const closed = (query: FindQuery, scope: FindScope['kind'], articleId: string | null): FindState => ({
  open: false, query, scope, articleId, matches: [], current: -1, moved: 0, decorations: DecorationSet.empty, search: new DocumentSearch(query),
})

/**
 * The most matches highlighted at once: those around the current match. Searching UNCLOS is a few
 * milliseconds, but Chromium takes ~0.2 s to draw (or remove) the ~7,000 highlights of "the", and
 * every added highlight splits a text node; the count still says how many there are in all.
 */
export const MAX_HIGHLIGHTS = 1000

function decorate(state: EditorState, matches: readonly FindMatch[], current: number): DecorationSet {
  if (matches.length === 0) return DecorationSet.empty
  const lo = Math.max(0, Math.min(matches.length - MAX_HIGHLIGHTS, Math.max(current, 0) - MAX_HIGHLIGHTS / 2))
  const shown = matches.slice(lo, lo + MAX_HIGHLIGHTS)
  return DecorationSet.create(state.doc, shown.map((m, i) =>
    Decoration.inline(m.from, m.to, { class: i + lo === current ? 'find-match find-match-current' : 'find-match' })))
}

/** The search over `state` for `prev`'s query and scope, with the current match the first at or after `from`. */
function searched(prev: FindState, state: EditorState, from: number, moved: boolean): FindState {
  const scope: FindScope = prev.scope === 'article' ? { kind: 'article', id: prev.articleId ?? '' } : { kind: 'document' }
  const matches = prev.search.matches(state.doc, scope)
  const current = matchIndexFrom(matches, from)
  const before = prev.matches[prev.current]
  const after = matches[current]
  const changed = moved || before?.from !== after?.from || before?.to !== after?.to
  return { ...prev, open: true, matches, current, moved: prev.moved + (changed && after ? 1 : 0), decorations: decorate(state, matches, current) }
}

/**
 * Where position `pos` of the document before `tr` is after it, found by comparing the two
 * documents rather than through the transaction's steps: a collaborator's edit reaches the editor
 * as one step replacing the whole document (y-prosemirror 1.x), through which every position maps
 * to an end. Positions before the changed range stay, those after it shift, those in it go to its start.
 */
function positionAfter(tr: Transaction, pos: number): number {
  const before = tr.before.content
  const after = tr.doc.content
  const start = before.findDiffStart(after)
  if (start === null || pos < start) return pos
  const end = before.findDiffEnd(after)
  if (!end) return pos
  let { a, b } = end
  // the two ends overlap where the change repeats the text around it
  if (a < start) { b += start - a; a = start }
  return pos >= a ? pos + (b - a) : start
}

function apply(tr: Transaction, prev: FindState, state: EditorState): FindState {
  const action = tr.getMeta(findKey) as FindAction | undefined
  if (action && 'close' in action) return closed(prev.query, prev.scope, prev.articleId)
  if (action && 'open' in action) {
    const articleId = articleIdAt(state.doc, state.selection.from)
    return searched({ ...prev, articleId }, state, state.selection.from, true)
  }
  if (!prev.open) return prev
  if (action) {
    let next = prev
    if (action.query) {
      const query = { ...prev.query, ...action.query }
      next = { ...next, query, search: new DocumentSearch(query) }
    }
    if (action.scope) next = { ...next, scope: action.scope, articleId: articleIdAt(state.doc, state.selection.from) }
    const from = action.currentFrom ?? (prev.matches[prev.current]?.from ?? state.selection.from)
    return searched(next, state, from, action.currentFrom !== undefined)
  }
  if (!tr.docChanged) return prev
  // the current match stays where it was (or moves to the next one when it was edited away)
  const current = prev.matches[prev.current]
  return searched(prev, state, current ? positionAfter(tr, current.from) : state.selection.from, false)
}

/** The current match of `state`'s search, or null. */
export function currentMatch(state: EditorState): FindMatch | null {
  const s = findKey.getState(state)
  return s?.matches[s.current] ?? null
}

/**
 * Creates the find plugin: it holds the search (closed at first), highlights the matches (up to
 * MAX_HIGHLIGHTS around the current one) with the class `find-match`, the current one also with
 * `find-match-current`, and scrolls the current match into view when it moves.
 */
export function findPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => closed(EMPTY_QUERY, 'document', null),
      apply: (tr, prev, _old, state) => apply(tr, prev, state),
    },
    props: { decorations: (state) => findKey.getState(state)?.decorations },
    view: () => ({
      update(view, before) {
        const now = findKey.getState(view.state)
        if (!now?.open || now.moved === findKey.getState(before)?.moved) return
        // the text may be scrolled while the focus stays in the find bar, so scroll the highlight itself
        const el = view.dom.querySelector('.find-match-current')
        if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'center', inline: 'nearest' })
      },
    }),
  })
}
