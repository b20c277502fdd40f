// @vitest-environment jsdom
// The find plugin and commands: the search follows the query, the scope and the document; next and
// previous wrap round; replacing one or all keeps parameters, references and marks; replace-all is
// one step of the drafter's undo history, for collaborators too; a read-only view cannot replace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EditorView } from 'prosemirror-view'
import type { EditorState } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { undoCommand } from 'y-prosemirror'
import * as b from '../../editor/model/build.js'
import { MAX_HIGHLIGHTS, findKey, findPlugin } from '../../editor/plugins/find.js'
import { closeSearch, findNext, findPrevious, openSearch, replaceAll, replaceCurrent, setSearch } from '../../editor/commands/find.js'
import { at, posOf, run, stateOf } from './state.js'
import { seededRng } from '../helpers/prng.js'
import { treatyStateFor } from '../helpers/treaty-peer.js'
import { YHarness, muteSelectionWarnings } from '../helpers/yharness.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'a1' }, b.heading('Parties'),
    ...b.paragraph({ id: 'p1' }, 'Each ', b.term('party', 'Party'), ' shall inform ', b.param('depositary'), '.'),
    ...b.paragraph({ id: 'p2' }, 'A ', b.marked('strong', 'Party'), ' may withdraw under ', b.xref('a2'), '.')),
  b.article({ id: 'a2' }, b.heading('Withdrawal'),
    ...b.paragraph({ id: 'p3' }, 'Any Party may withdraw; the party withdrawing gives notice.')),
)

const search = (state: EditorState) => findKey.getState(state)!
const shown = (state: EditorState) => search(state).matches.map((m) => state.doc.textBetween(m.from, m.to))
const currentText = (state: EditorState) => {
  const s = search(state)
  const m = s.matches[s.current]
  return m ? `${state.doc.textBetween(m.from, m.to)}@${m.from}` : null
}
const opened = (state: EditorState, pattern: string) => run(run(state, openSearch), setSearch({ pattern }))

describe('the search state', () => {
  it('finds nothing and highlights nothing until opened with a pattern', () => {
    let state = stateOf(treaty(), [findPlugin()])
    expect(search(state).open).toBe(false)
    state = run(state, openSearch)
    expect(search(state).matches).toEqual([])
    expect(search(state).decorations.find()).toEqual([])
    state = run(state, setSearch({ pattern: 'party' }))
    expect(shown(state)).toEqual(['Party', 'Party', 'Party', 'party'])
    expect(search(state).decorations.find().length).toBe(4)
  })

  it('follows the match-case, whole-word and scope choices', () => {
    let state = opened(at(stateOf(treaty(), [findPlugin()]), 'Any Party'), 'Part')
    expect(shown(state)).toEqual(['Part', 'Part', 'Part', 'Part', 'part'])
    state = run(state, setSearch({ wholeWord: true }))
    expect(shown(state)).toEqual([])
    state = run(state, setSearch({ pattern: 'party', matchCase: true }))
    expect(shown(state)).toEqual(['party'])
    // "this article" is the article holding the cursor (Article 2 here)
    state = run(state, setSearch({ matchCase: false }, 'article'))
    expect(shown(state)).toEqual(['Party', 'party'])
    expect(search(state).articleId).toBe('a2')
    state = run(state, setSearch({}, 'document'))
    expect(shown(state)).toEqual(['Party', 'Party', 'Party', 'party'])
  })

  it('makes the first match from the cursor current, and moves next and previous round the ends', () => {
    let state = opened(at(stateOf(treaty(), [findPlugin()]), 'may withdraw under'), 'party')
    const matches = search(state).matches
    expect(search(state).current).toBe(2)
    state = run(state, findNext)
    expect(search(state).current).toBe(3)
    expect([state.selection.from, state.selection.to]).toEqual([matches[3]!.from, matches[3]!.to])
    state = run(state, findNext)
    expect(search(state).current).toBe(0)
    state = run(state, findPrevious)
    expect(search(state).current).toBe(3)
    const current = search(state).decorations.find().filter((d) => (d as unknown as { type: { attrs: { class: string } } }).type.attrs.class.includes('find-match-current'))
    expect(current.map((d) => d.from)).toEqual([matches[3]!.from])
  })

  it('keeps up with edits: a match typed elsewhere appears, the current one stays current', () => {
    let state = opened(at(stateOf(treaty(), [findPlugin()]), 'Any Party'), 'party')
    const before = currentText(state)
    state = state.apply(state.tr.insertText('Every party ', 1 + 'Treaty'.length))
    expect(shown(state).length).toBe(5)
    const moved = Number(before!.split('@')[1]) + 'Every party '.length
    expect(currentText(state)).toBe(`Party@${moved}`)
  })

  it('keeps the current match when a collaborator’s edit arrives as a replacement of the whole document', () => {
    let state = opened(at(stateOf(treaty(), [findPlugin()]), 'Any Party'), 'party')
    const before = currentText(state)
    // what y-prosemirror 1.x dispatches for a remote edit: the whole content replaced by the new one
    const edited = state.apply(state.tr.insertText('Every party ', 1 + 'Treaty'.length)).doc
    state = state.apply(state.tr.replaceWith(0, state.doc.content.size, edited.content))
    const moved = Number(before!.split('@')[1]) + 'Every party '.length
    expect(currentText(state)).toBe(`Party@${moved}`)
  })

  it('highlights at most MAX_HIGHLIGHTS matches, those around the current one, and counts them all', () => {
    const many = b.doc(b.title('Treaty'), b.article({ id: 'a' }, b.heading('Many'), ...b.paragraph('ab '.repeat(3000))))
    let state = opened(stateOf(many, [findPlugin()]), 'ab')
    expect(search(state).matches.length).toBe(3000)
    const shownFrom = () => search(state).decorations.find().map((d) => d.from)
    expect(shownFrom().length).toBe(MAX_HIGHLIGHTS)
    state = run(state, setSearch({}, 'document'))
    for (let i = 0; i < 1200; i++) state = run(state, findNext)
    const current = search(state).matches[search(state).current]!
    expect(search(state).current).toBe(1200)
    expect(shownFrom()).toContain(current.from)
    expect(shownFrom()[0]).toBe(search(state).matches[1200 - MAX_HIGHLIGHTS / 2]!.from)
  })

  it('closes, selecting the current match, and opens again with the same query', () => {
    let state = opened(at(stateOf(treaty(), [findPlugin()]), 'Any Party'), 'withdraw')
    const m = search(state).matches[search(state).current]!
    state = run(state, closeSearch)
    expect(search(state).open).toBe(false)
    expect(search(state).decorations.find()).toEqual([])
    expect([state.selection.from, state.selection.to]).toEqual([m.from, m.to])
    state = run(state, openSearch)
    expect(shown(state)).toEqual(['withdraw', 'Withdraw', 'withdraw', 'withdraw'])
  })
})

describe('replacing', () => {
  const params = (doc: Node) => {
    const out: string[] = []
    doc.descendants((n) => { if (n.type.name === 'parameter' || n.type.name === 'xref') out.push(n.type.name); return true })
    return out
  }

  it('does not apply with an empty pattern or no match', () => {
    let state = run(stateOf(treaty(), [findPlugin()]), openSearch)
    expect(replaceAll('x')(state)).toBe(false)
    expect(replaceCurrent('x')(state)).toBe(false)
    state = run(state, setSearch({ pattern: 'nowhere in the text' }))
    expect(replaceAll('x')(state)).toBe(false)
  })

  it('replaces the current match and moves on to the next, even when the replacement holds the pattern', () => {
    let state = opened(at(stateOf(treaty(), [findPlugin()]), 'Each'), 'Party')
    state = run(state, replaceCurrent('Party State'))
    expect(state.doc.textContent).toContain('Each Party State shall')
    // the next match is the bold "Party" of the second paragraph, not the "Party" just written
    expect(search(state).current).toBe(1)
    expect(state.doc.nodeAt(search(state).matches[1]!.from)!.marks.map((m) => m.type.name)).toEqual(['strong'])
    expect(shown(state).length).toBe(4)
  })

  it('replaces all in one transaction, keeping terms, bold, parameters and references', () => {
    let state = opened(stateOf(treaty(), [findPlugin()]), 'party')
    let transactions = 0
    replaceAll('State')(state, (tr) => { transactions++; state = state.apply(tr) })
    expect(transactions).toBe(1)
    expect(state.doc.textContent).toBe('TreatyPartiesEach State shall inform .A State may withdraw under .WithdrawalAny State may withdraw; the State withdrawing gives notice.')
    expect(params(state.doc)).toEqual(['parameter', 'xref'])
    const marksOf = (text: string, nth = 0) => {
      const m = search(run(state, setSearch({ pattern: text }))).matches[nth]!
      return state.doc.nodeAt(m.from)!.marks.map((mk) => mk.type.name)
    }
    expect(marksOf('State', 0)).toEqual(['term'])
    expect(marksOf('State', 1)).toEqual(['strong'])
    expect(marksOf('State', 2)).toEqual([])
  })

  it('replaces all within the article searched, leaving the others as they are', () => {
    let state = run(opened(at(stateOf(treaty(), [findPlugin()]), 'Any Party'), 'party'), setSearch({}, 'article'))
    state = run(state, replaceAll('State'))
    expect(state.doc.child(1).textContent).toBe('PartiesEach Party shall inform .A Party may withdraw under .')
    expect(state.doc.child(2).textContent).toBe('WithdrawalAny State may withdraw; the State withdrawing gives notice.')
  })

  it('is refused where the text cannot be edited, though the search still runs', () => {
    const state = opened(stateOf(treaty(), [findPlugin()]), 'party')
    const view = new EditorView(document.createElement('div'), { state, editable: () => false })
    try {
      expect(findNext(view.state, view.dispatch, view)).toBe(true)
      expect(replaceAll('State')(view.state, view.dispatch, view)).toBe(false)
      expect(replaceCurrent('State')(view.state, view.dispatch, view)).toBe(false)
      expect(view.state.doc.textContent).toContain('Any Party')
    } finally { view.destroy() }
  })
})

describe('replace all with the page’s editor and undo', () => {
  it('is one undo step: one undo restores every match, for a collaborator too', async () => {
    const r = new YHarness({ peers: 2, rng: seededRng(7), initial: treaty(), stateFor: (peer) => treatyStateFor(peer) })
    try {
      const [amina, bruno] = r.peers as [typeof r.peers[0], typeof r.peers[0]]
      const original = amina.doc.textContent
      // an edit just before, which must stay when the replacement is undone
      amina.edit((s) => s.tr.insertText('Every ', s.doc.resolve(2).end()))
      await r.settle()
      const edited = amina.doc.textContent
      expect(edited).not.toBe(original)
      amina.act(() => openSearch(amina.view.state, amina.view.dispatch, amina.view))
      amina.act(() => setSearch({ pattern: 'party' })(amina.view.state, amina.view.dispatch, amina.view))
      expect(search(amina.view.state).matches.length).toBe(4)
      expect(amina.act(() => replaceAll('State')(amina.view.state, amina.view.dispatch, amina.view))).toBe(true)
      await r.settle()
      expect(bruno.doc.textContent).not.toContain('Party')
      expect(bruno.doc.textContent.match(/State/g)?.length).toBe(4)
      expect(search(amina.view.state).matches).toEqual([])

      amina.act(() => undoCommand(amina.view.state, amina.view.dispatch))
      await r.settle()
      expect(amina.doc.textContent).toBe(edited)
      expect(bruno.doc.textContent).toBe(edited)
      // the search shows the restored matches again
      expect(search(amina.view.state).matches.length).toBe(4)
    } finally { r.destroy() }
  })

  it('merges with a collaborator’s concurrent typing, and the undo takes back only the replacements', async () => {
    const r = new YHarness({ peers: 2, rng: seededRng(11), initial: treaty(), stateFor: (peer) => treatyStateFor(peer), order: 'causal' })
    try {
      const [amina, bruno] = r.peers as [typeof r.peers[0], typeof r.peers[0]]
      const typed = (doc: Node) => doc.textContent.includes('gives in writing notice.')
      // Bruno types into the last paragraph before Amina's replacement reaches him, and she his text
      bruno.edit((s) => s.tr.insertText('in writing ', posOf(s.doc, 'notice.')))
      amina.act(() => openSearch(amina.view.state, amina.view.dispatch, amina.view))
      amina.act(() => setSearch({ pattern: 'party' })(amina.view.state, amina.view.dispatch, amina.view))
      amina.act(() => replaceAll('State')(amina.view.state, amina.view.dispatch, amina.view))
      await r.settle()
      expect(amina.doc.toJSON()).toEqual(bruno.doc.toJSON())
      expect(typed(amina.doc)).toBe(true)
      expect(amina.doc.textContent).not.toMatch(/party/i)

      amina.act(() => undoCommand(amina.view.state, amina.view.dispatch))
      await r.settle()
      expect(amina.doc.toJSON()).toEqual(bruno.doc.toJSON())
      expect(typed(bruno.doc)).toBe(true)
      expect(bruno.doc.textContent.match(/party/gi)?.length).toBe(4)
    } finally { r.destroy() }
  })
})
