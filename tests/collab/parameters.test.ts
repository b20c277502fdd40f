// @vitest-environment jsdom
// Parameter values shared through the content Y.Doc, seen through editors built as the page builds them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Node } from 'prosemirror-model'
import { TextSelection } from 'prosemirror-state'
import * as b from '../../editor/model/build.js'
import { parameterText } from '../../editor/model/clauses/values.js'
import { PARAMETERS_MAP } from '../../editor/model/ydoc.js'
import { undoCommand, redoCommand } from 'y-prosemirror'
import { instantiateClause } from '../../editor/model/clauses/index.js'
import { insertClause } from '../../editor/commands/clauses.js'
import { insertParameter } from '../../editor/commands/inline.js'
import { addArticle } from '../../editor/commands/structure.js'
import { setParameterValue } from '../../editor/commands/parameters.js'
import { parametersKey } from '../../editor/plugins/parameters.js'
import { seededRng } from '../helpers/prng.js'
import { treatyStateFor } from '../helpers/treaty-peer.js'
import { NETWORK, YHarness, deleteById, muteSelectionWarnings, posOf, type Peer } from '../helpers/yharness.js'
import { applyRemoteUpdate } from '../../editor/model/unseen-deletions.js'
import { makeClause } from '../library-api/helpers.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Parties'), b.paragraph({ id: 'p-1' }, 'The ', b.param('party'), ' agrees.')),
  b.article({ id: 'art-2' }, b.heading('Depositary'), b.paragraph({ id: 'p-2' }, 'The Secretary-General is the depositary.')),
  b.annex({ id: 'annex-1' }, b.heading('Schedule'), b.paragraph({ id: 'p-3' }, 'Timetable of withdrawal.')),
)

/** A room of peers whose editors are built by the page's own composition (createTreatyState). */
const room = (peers = 3) => new YHarness({ peers, rng: seededRng(1), initial: treaty(), stateFor: (peer) => treatyStateFor(peer) })

/** The position `offset` characters into the first text node holding `text`. */
function textPos(doc: Node, text: string, offset = 0): number {
  let found = -1
  doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text) + offset
    return found < 0
  })
  if (found < 0) throw new Error(`text "${text}" not in the document`)
  return found
}

/** The article whose heading reads `heading`, or undefined. */
function articleHeaded(doc: Node, heading: string): Node | undefined {
  let found: Node | undefined
  doc.descendants((node) => {
    if (node.type.name === 'article' && node.firstChild?.textContent === heading) found = node
    return !found && node.type.name !== 'article'
  })
  return found
}

/** What the parameter chips named `name` show in `peer`'s editor. */
const chips = (peer: Peer, name: string): string[] =>
  [...peer.view.dom.querySelectorAll(`.parameter[data-name="${name}"]`)].map((el) => el.textContent ?? '')

/** The value the parameters plugin of `peer` holds for `name`. */
const shownValue = (peer: Peer, name: string) => parametersKey.getState(peer.view.state)?.values.get(name)

describe('parameter values', () => {
  // Every reconnect brings a peer's offline edits as one update (the answer to sync step 1). When
  // that update also set a parameter value, the parameters plugin used to dispatch from its Y.Map
  // observer, which Yjs runs before y-prosemirror's deep observer on the fragment: the view still
  // showed the document from before the update, and the binding wrote it back over the update,
  // deleting the new article and restoring the deleted annex for everyone.
  it('arriving in one update with structural edits made offline, leave those edits in place on every peer', async () => {
    const r = room()
    try {
      const [a, bee] = r.peers as [Peer, Peer, Peer]
      r.disconnect(bee)
      bee.edit((state) => state.tr.insertText('fully ', textPos(state.doc, 'agrees.')))
      bee.edit((state) => state.tr.setSelection(TextSelection.near(state.doc.resolve(posOf(state.doc, 'art-2') + 2))))
      expect(bee.act(() => addArticle(bee.view.state, bee.view.dispatch))).toBe(true)
      bee.edit((state) => state.tr.insertText('Verification'))
      bee.edit((state) => {
        let at = -1
        state.doc.descendants((node, pos) => {
          if (node === articleHeaded(state.doc, 'Verification')) node.descendants((n, p) => { if (at < 0 && n.type.name === 'paragraph') at = pos + 1 + p + 1 })
          return at < 0
        })
        return at < 0 ? null : state.tr.insertText('The Parties shall verify compliance.', at)
      })
      expect(deleteById(bee, 'annex-1')).toBe(true)
      setParameterValue(bee.view.state, 'party', 'Ruritania')

      r.reconnect(bee)
      expect(a.inbox).toHaveLength(1) // bee's offline edits, as one diff
      applyRemoteUpdate(a.ydoc, a.inbox.shift()!, NETWORK)
      await r.settle()

      for (const peer of r.peers) {
        const name = `peer ${peer.index}`
        expect(articleHeaded(peer.doc, 'Verification')?.textContent, name).toBe('VerificationThe Parties shall verify compliance.')
        expect(peer.doc.textContent, name).not.toContain('Timetable of withdrawal.')
        expect(() => posOf(peer.doc, 'annex-1'), name).toThrow()
        expect(peer.doc.nodeAt(posOf(peer.doc, 'p-1'))?.textContent, name).toBe('The  fully agrees.')
        expect(shownValue(peer, 'party'), name).toBe('Ruritania')
        expect(chips(peer, 'party'), name).toEqual(['Ruritania'])
        expect(peer.doc.toJSON(), name).toEqual(a.doc.toJSON())
        expect(peer.sharedDoc().toJSON(), name).toEqual(a.doc.toJSON())
      }
    } finally {
      r.destroy()
    }
  })

  it("set by a collaborator show in the other editors' parameter chips", async () => {
    const r = room(2)
    try {
      const [a, c] = r.peers as [Peer, Peer]
      expect(chips(c, 'party')).toEqual(['[party]'])
      setParameterValue(a.view.state, 'party', '2024-06-30')
      await r.settle()
      expect(shownValue(c, 'party')).toBe('2024-06-30')
      expect(chips(c, 'party')).toEqual([parameterText('2024-06-30')])
      setParameterValue(a.view.state, 'party', '')
      await r.settle()
      expect(shownValue(c, 'party')).toBeUndefined()
      expect(chips(c, 'party')).toEqual(['[party]'])
      expect(c.doc.toJSON()).toEqual(a.doc.toJSON())
    } finally {
      r.destroy()
    }
  })

  it('set in this editor show in its own parameter chips at once', () => {
    const r = room(1)
    try {
      const [a] = r.peers as [Peer]
      expect(chips(a, 'party')).toEqual(['[party]'])
      setParameterValue(a.view.state, 'party', 'Ruritania')
      expect(shownValue(a, 'party')).toBe('Ruritania')
      expect(chips(a, 'party')).toEqual(['Ruritania'])
    } finally {
      r.destroy()
    }
  })
})

describe('undo of parameter values', () => {
  const clause = makeClause({
    parameters: [
      { name: 'party_a', label: 'First party', type: 'party', required: true },
      { name: 'days', label: 'Days', type: 'number', default: '30' },
    ],
    body: '### Notice\n\n1. {{party_a}} gives notice within {{days}} days.\n',
  })
  const undo = (peer: Peer) => peer.act(() => undoCommand(peer.view.state, peer.view.dispatch))
  const redo = (peer: Peer) => peer.act(() => redoCommand(peer.view.state, peer.view.dispatch))
  const values = (peer: Peer) => Object.fromEntries(peer.ydoc.getMap<string>(PARAMETERS_MAP).entries())
  const caretIn = (peer: Peer, text: string) => peer.edit((state) => state.tr.setSelection(TextSelection.near(state.doc.resolve(textPos(state.doc, text)))))

  /** Runs `test` on the peers of a fresh room, then takes the room down. */
  async function inRoom(peers: number, test: (r: YHarness) => Promise<void>): Promise<void> {
    const r = room(peers)
    try { await test(r) } finally { r.destroy() }
  }

  /** What every peer shows of the clause: the text of its article, the values, and the party's chips. */
  const shownEverywhere = (r: YHarness) => r.peers.map((peer) => ({
    text: articleHeaded(peer.doc, 'Notice')?.textContent ?? null, values: values(peer), chips: chips(peer, 'party_a'),
  }))

  it('takes back an inserted clause and the values it brought in one step, for every peer, and redo brings both back', () => inRoom(2, async (r) => {
    const [a, c] = r.peers as [Peer, Peer]
    const before = a.doc.toJSON()
    caretIn(a, 'agrees')
    const instance = instantiateClause(clause, { values: { party_a: 'Ruritania' } })
    expect(a.act(() => insertClause(instance)(a.view.state, a.view.dispatch))).toBe(true)
    expect(c.inbox).toHaveLength(1) // text and values travel as one update
    await r.settle()
    // the values show in the chips, not in the text
    const inserted = { text: 'Notice gives notice within  days.', values: { party_a: 'Ruritania', days: '30' }, chips: ['Ruritania'] }
    expect(shownEverywhere(r)).toEqual([inserted, inserted])

    expect(undo(a)).toBe(true)
    await r.settle()
    expect(shownEverywhere(r)).toEqual([{ text: null, values: {}, chips: [] }, { text: null, values: {}, chips: [] }])
    expect(c.doc.toJSON()).toEqual(before)
    expect(undo(a)).toBe(false) // nothing else was done

    expect(redo(a)).toBe(true)
    await r.settle()
    expect(shownEverywhere(r)).toEqual([inserted, inserted])
    expect(c.doc.toJSON()).toEqual(a.doc.toJSON())
  }))

  it('give back the value a parameter had before it was set, and leave what came before in place', () => inRoom(2, async (r) => {
    const [a, c] = r.peers as [Peer, Peer]
    a.edit((state) => state.tr.insertText('fully ', textPos(state.doc, 'agrees.')))
    setParameterValue(a.view.state, 'party', 'Ruritania')
    setParameterValue(a.view.state, 'party', 'Arcadia')
    await r.settle()
    expect(chips(c, 'party')).toEqual(['Arcadia'])

    expect(undo(a)).toBe(true)
    await r.settle()
    expect([values(a), chips(c, 'party')]).toEqual([{ party: 'Ruritania' }, ['Ruritania']])
    expect(undo(a)).toBe(true)
    await r.settle()
    expect([values(c), chips(c, 'party')]).toEqual([{}, ['[party]']])
    expect(a.doc.textContent).toContain('fully agrees.') // the typing is a step of its own
    expect(undo(a)).toBe(true)
    expect(a.doc.textContent).not.toContain('fully')
    expect(redo(a) && redo(a)).toBe(true)
    expect(values(a)).toEqual({ party: 'Ruritania' })
  }))

  it("leave a collaborator's value alone: undo takes back only this drafter's own writes", () => inRoom(2, async (r) => {
    const [a, c] = r.peers as [Peer, Peer]
    setParameterValue(a.view.state, 'party', 'Ruritania')
    await r.settle()
    setParameterValue(c.view.state, 'days', '30')
    await r.settle()
    expect(undo(a)).toBe(true)
    await r.settle()
    expect([values(a), values(c)]).toEqual([{ days: '30' }, { days: '30' }])
  }))

  it('take back a parameter inserted with its value in one step', () => inRoom(1, async (r) => {
    const [a] = r.peers as [Peer]
    const before = a.doc.toJSON()
    caretIn(a, 'depositary')
    expect(a.act(() => insertParameter('depositary', 'the Secretary-General')(a.view.state, a.view.dispatch))).toBe(true)
    expect(chips(a, 'depositary')).toEqual(['the Secretary-General'])
    expect(undo(a)).toBe(true)
    expect([a.doc.toJSON(), values(a)]).toEqual([before, {}])
  }))
})
