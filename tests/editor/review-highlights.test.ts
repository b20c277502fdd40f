// @vitest-environment jsdom
// The review highlights follow remote and local edits without resolving every anchor again: only
// threads whose text a change touched (and orphans, and threads whose records changed) are
// resolved, and every highlight still covers its words.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { initProseMirrorDoc, ySyncPlugin } from 'y-prosemirror'
import * as Y from 'yjs'
import { createThread, getThread, resolveAnchor, threadsOf, type ReviewContext } from '../../editor/model/annotations/index.js'
import { schema } from '../../editor/model/schema.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'
import {
  highlightsMoveCount, highlightsMovedSince, highlightsShape, MOVES_KEPT, orphanIds, replacedRanges, reviewHighlightsKey, reviewHighlightsPlugin, threadRanges, threadsChanged,
} from '../../editor/plugins/review-highlights.js'
import { contentDoc, rangeOf, yTextWith } from '../review/fixture.js'

let view: EditorView
let local: Y.Doc
let remote: Y.Doc
let annotations: Y.Doc
let resolutions: string[]
const ids: Record<string, string> = {}

/** Lets the plugin's follow-up transaction (a microtask) run. */
const settle = async () => { for (let i = 0; i < 3; i++) await Promise.resolve() }

/** Sends `remote`'s changes since the last call to `local`, as the network would. */
function deliver() {
  Y.applyUpdate(local, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(local)), 'remote')
}

/** The highlighted text of each thread, by the words it was made on. */
function highlighted(): Record<string, string> {
  const out: Record<string, string> = {}
  for (const { id, from, to } of threadRanges(view.state)) {
    const words = Object.keys(ids).find((w) => ids[w] === id)!
    out[words] = view.state.doc.textBetween(from, to)
  }
  return out
}

beforeEach(async () => {
  local = contentDoc(1)
  remote = new Y.Doc()
  remote.clientID = 2
  Y.applyUpdate(remote, Y.encodeStateAsUpdate(local))
  annotations = new Y.Doc()
  const fragment = local.getXmlFragment(CONTENT_FRAGMENT)
  const ctx: ReviewContext = { annotations, content: fragment, actor: { userId: 'rita', role: 'reviewer' } }
  for (const words of ['protect negotiators', 'every place', 'the measures', 'Safe conduct shall']) {
    ids[words] = createThread(ctx, { ...rangeOf(fragment, words), body: `On ${words}` }).id
  }
  resolutions = []
  const { doc, mapping } = initProseMirrorDoc(fragment, schema)
  const plugin = reviewHighlightsPlugin({
    fragment,
    thread: (id) => getThread(annotations, id),
    threadIds: () => threadsOf(annotations).keys(),
    resolve: (t, f, positions) => { resolutions.push(t.id); return resolveAnchor(t.anchor, t.quote, f, positions) },
  })
  view = new EditorView(document.createElement('div'), { state: EditorState.create({ schema, doc, plugins: [ySyncPlugin(fragment, { mapping }), plugin] }) })
  await settle()
})

afterEach(() => view.destroy())

describe('review highlights', () => {
  it('resolves every thread once when the editor opens', () => {
    expect(resolutions.length).toBe(4)
    expect(highlighted()).toEqual({
      'protect negotiators': 'protect negotiators', 'every place': 'every place', 'the measures': 'the measures', 'Safe conduct shall': 'Safe conduct shall',
    })
  })

  it('a remote edit in a paragraph without threads resolves no anchor, and the highlights after it still cover their words', async () => {
    resolutions = []
    yTextWith(remote.getXmlFragment(CONTENT_FRAGMENT), 'Safe conduct shall').insert(0, 'Consistently, ')
    yTextWith(remote.getXmlFragment(CONTENT_FRAGMENT), 'Purpose').insert(0, 'General ')
    deliver()
    await settle()
    expect(view.state.doc.textContent).toContain('Consistently, Safe conduct')
    // "Safe conduct shall" sits in the edited paragraph; the other three moved without being resolved
    expect(resolutions).toEqual([ids['Safe conduct shall']])
    expect(highlighted()['protect negotiators']).toBe('protect negotiators')
    expect(highlighted()['Safe conduct shall']).toBe('Safe conduct shall')
    expect(highlighted()['the measures']).toBe('the measures')
  })

  it('local typing away from threads resolves nothing, in their paragraph too; typing inside a thread resolves only that one', async () => {
    resolutions = []
    const para3 = rangeOf(local.getXmlFragment(CONTENT_FRAGMENT), 'duration')
    view.dispatch(view.state.tr.insertText('whole ', para3.from))
    await settle()
    expect(resolutions).toEqual([]) // "Safe conduct shall" is in the same paragraph, and moved with its text
    expect(highlighted()['Safe conduct shall']).toBe('Safe conduct shall')
    const inside = rangeOf(local.getXmlFragment(CONTENT_FRAGMENT), 'negotiators')
    view.dispatch(view.state.tr.insertText('all ', inside.from))
    await settle()
    expect(resolutions).toEqual([ids['protect negotiators']]) // "every place", further on in the paragraph, moved only
    expect(highlighted()['protect negotiators']).toBe('protect all negotiators')
    expect(highlighted()['every place']).toBe('every place')
  })

  it('a thread whose text is deleted is orphaned, and found again when the text comes back', async () => {
    const text = yTextWith(remote.getXmlFragment(CONTENT_FRAGMENT), 'report on')
    const at = text.toString().indexOf('the measures')
    text.delete(at, 'the measures'.length)
    deliver()
    await settle()
    expect([...orphanIds(view.state)]).toEqual([ids['the measures']])
    text.insert(at, 'the measures')
    deliver()
    await settle()
    expect(orphanIds(view.state).size).toBe(0)
    expect(highlighted()['the measures']).toBe('the measures')
  })

  it('a remote edit resolves the threads it touched in its own transaction; a highlight that stayed put is not redrawn', () => {
    resolutions = []
    const shape = highlightsShape(view.state)
    const text = yTextWith(remote.getXmlFragment(CONTENT_FRAGMENT), 'every place')
    text.insert(text.toString().indexOf('every place') + 'every place'.length, ' and time')
    deliver()
    // no follow-up transaction needed: nothing is left to resolve once the remote change is applied
    expect(resolutions).toEqual([ids['every place']])
    expect(reviewHighlightsKey.getState(view.state)!.dirty.size).toBe(0)
    expect(highlighted()['every place']).toBe('every place')
    expect(highlightsShape(view.state)).toBe(shape)
    // inside the highlight: it grows with its text (moved by the change, confirmed by its anchors)
    text.insert(text.toString().indexOf('place'), 'single ')
    deliver()
    expect(resolutions).toEqual([ids['every place'], ids['every place']])
    expect(highlighted()['every place']).toBe('every single place')
    // its whole text deleted: the highlight goes, the thread is orphaned
    const at = text.toString().indexOf('every single place')
    text.delete(at, 'every single place'.length)
    deliver()
    expect([...orphanIds(view.state)]).toEqual([ids['every place']])
    expect(highlightsShape(view.state)).toBe(shape + 1)
  })

  it('keeps the maps that moved the highlights, so a reader can move positions of its own the same way', async () => {
    const seen = highlightsMoveCount(view.state)
    const before = threadRanges(view.state).map((r) => ({ ...r }))
    view.dispatch(view.state.tr.insertText('Consistently, ', rangeOf(local.getXmlFragment(CONTENT_FRAGMENT), 'Safe conduct shall').from))
    yTextWith(remote.getXmlFragment(CONTENT_FRAGMENT), 'Purpose').insert(0, 'General ')
    deliver()
    await settle()
    const moves = highlightsMovedSince(view.state, seen)!
    expect(moves.length).toBe(2)
    const mapped = before.map(({ id, from, to }) => ({ id, from: moves.reduce((p, m) => m.map(p, 1), from), to: moves.reduce((p, m) => m.map(p, -1), to) }))
    expect(mapped).toEqual(threadRanges(view.state))
    // a reader further behind than the moves kept reads the highlights again
    expect(highlightsMovedSince(view.state, seen - 1 - MOVES_KEPT)).toBeNull()
  })

  it('with a thread on deleted text, local typing elsewhere does not look for it; writing its words again where they were finds it', async () => {
    const text = yTextWith(remote.getXmlFragment(CONTENT_FRAGMENT), 'report on')
    const at = text.toString().indexOf('the measures')
    text.delete(at, 'the measures'.length)
    deliver()
    await settle()
    expect([...orphanIds(view.state)]).toEqual([ids['the measures']])
    resolutions = []
    view.dispatch(view.state.tr.insertText('whole ', rangeOf(local.getXmlFragment(CONTENT_FRAGMENT), 'duration').from))
    await settle()
    expect(resolutions).toEqual([])
    // typed again (a new copy of the words, not the deleted ones): found by its quote and the words around it
    const gap = rangeOf(local.getXmlFragment(CONTENT_FRAGMENT), 'report on').to + 1
    view.dispatch(view.state.tr.insertText('the measures', gap))
    await settle()
    expect(resolutions).toEqual([ids['the measures']])
    expect(orphanIds(view.state).size).toBe(0)
    expect(highlighted()['the measures']).toBe('the measures')
  })

  it('a change to one thread\'s record resolves that thread only', async () => {
    resolutions = []
    view.dispatch(threadsChanged(view.state.tr, new Set([ids['every place']!])))
    await settle()
    expect(resolutions).toEqual([ids['every place']])
    expect(reviewHighlightsKey.getState(view.state)!.dirty.size).toBe(0)
  })
})

describe('review highlights opened before the threads arrive', () => {
  it('spend no transaction while there is no thread, and resolve every thread once they arrive', async () => {
    const fragment = local.getXmlFragment(CONTENT_FRAGMENT)
    const empty = new Y.Doc()
    const { doc, mapping } = initProseMirrorDoc(fragment, schema)
    const plugin = reviewHighlightsPlugin({ fragment, thread: (id) => getThread(empty, id), threadIds: () => threadsOf(empty).keys() })
    let dispatched = 0
    const early: EditorView = new EditorView(document.createElement('div'), {
      state: EditorState.create({ schema, doc, plugins: [ySyncPlugin(fragment, { mapping }), plugin] }),
      dispatchTransaction(tr) { dispatched++; early.updateState(early.state.apply(tr)) },
    })
    try {
      await settle()
      expect(dispatched).toBe(0)
      // the channel syncs: its threads arrive, and the page says so (a change of every thread)
      Y.applyUpdate(empty, Y.encodeStateAsUpdate(annotations))
      early.dispatch(threadsChanged(early.state.tr, null))
      await settle()
      expect(threadRanges(early.state).map((r) => early.state.doc.textBetween(r.from, r.to)).sort())
        .toEqual(['Safe conduct shall', 'every place', 'protect negotiators', 'the measures'])
    } finally {
      early.destroy()
    }
  })
})

describe('replacedRanges', () => {
  it('finds only the changed block of two documents sharing their other nodes', () => {
    const before = view.state.doc
    const pos = rangeOf(local.getXmlFragment(CONTENT_FRAGMENT), 'duration').from
    const after = view.state.tr.insertText('x', pos).doc
    const ranges = replacedRanges(before.content, after.content)
    expect(ranges.length).toBe(1)
    const [fromA, toA, fromB, toB] = ranges[0]!
    expect(toB! - fromB! - (toA! - fromA!)).toBe(1)
    expect(before.resolve(fromA! + 1).parent.textContent).toContain('duration')
  })
})
