// @vitest-environment jsdom
// The library marks are recomputed once the drafter pauses, not on every keystroke, and never
// stay stale longer than the longest wait while edits keep coming.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { EditorState, TextSelection } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { schema } from '../../editor/model/schema.js'
import { sampleTreaty } from '../../editor/model/sample.js'
import { provenanceKey, provenancePlugin, type ClauseSource } from '../../editor/plugins/provenance.js'
import { at } from './state.js'

let view: EditorView | null = null
afterEach(() => { view?.destroy(); view = null; vi.useRealTimers() })

function mount(): { view: EditorView; refreshes: () => number; libraryChanged: () => void } {
  const listeners = new Set<() => void>()
  const source: ClauseSource = { get: () => undefined, want: () => {}, onChange: (l) => { listeners.add(l); return () => listeners.delete(l) } }
  let refreshes = 0
  const state = EditorState.create({ schema, doc: sampleTreaty(), plugins: [provenancePlugin(source, () => {})] })
  const v: EditorView = new EditorView(document.body.appendChild(document.createElement('div')), {
    state,
    dispatchTransaction(tr) {
      if (tr.getMeta(provenanceKey)?.refresh) refreshes++
      v.updateState(v.state.apply(tr))
    },
  })
  view = v
  v.updateState(at(v.state, 'The purpose of this Treaty'))
  return { view: v, refreshes: () => refreshes, libraryChanged: () => { for (const l of listeners) l() } }
}

const stale = (v: EditorView) => provenanceKey.getState(v.state)!.stale
const type = (v: EditorView) => v.dispatch(v.state.tr.insertText('x'))

describe('provenance marks while typing', () => {
  it('are recomputed once, 200 ms after the last keystroke', () => {
    vi.useFakeTimers()
    const { view: v, refreshes } = mount()
    for (let i = 0; i < 20; i++) { type(v); vi.advanceTimersByTime(50) }
    expect(refreshes()).toBe(0)
    expect(stale(v)).toBe(true)
    vi.advanceTimersByTime(149)
    expect(refreshes()).toBe(0)
    vi.advanceTimersByTime(1)
    expect(refreshes()).toBe(1)
    expect(stale(v)).toBe(false)
  })

  it('are recomputed at least every 2 s while edits keep coming', () => {
    vi.useFakeTimers()
    const { view: v, refreshes } = mount()
    for (let i = 0; i < 40; i++) { type(v); vi.advanceTimersByTime(50) }
    // 2 s of keystrokes 50 ms apart: the longest wait ran out once
    expect(refreshes()).toBe(1)
    for (let i = 0; i < 40; i++) { type(v); vi.advanceTimersByTime(50) }
    expect(refreshes()).toBe(2)
  })

  it('are not postponed by moves of the selection, and follow a change of the library at once', () => {
    vi.useFakeTimers()
    const { view: v, refreshes, libraryChanged } = mount()
    type(v)
    vi.advanceTimersByTime(150)
    v.dispatch(v.state.tr.setSelection(TextSelection.create(v.state.doc, v.state.selection.from - 1)))
    vi.advanceTimersByTime(50)
    expect(refreshes()).toBe(1)
    libraryChanged()
    vi.advanceTimersByTime(0)
    expect(refreshes()).toBe(2)
  })
})
