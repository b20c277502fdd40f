// @vitest-environment jsdom
// Joining paragraphs (Backspace at the start of one) while another drafter types into the
// paragraph or joins the next one: no word typed is lost, and a paragraph deleted on purpose
// does not come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { TextSelection } from 'prosemirror-state'
import * as b from '../../editor/model/build.js'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { press } from '../helpers/keys.js'
import { seededRng } from '../helpers/prng.js'
import { treatyStateFor } from '../helpers/treaty-peer.js'
import { YHarness, deleteById, muteSelectionWarnings, posOf, type Peer } from '../helpers/yharness.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Obligations'),
    b.paragraph({ id: 'p-1' }, 'alpha bravo charlie.'),
    b.paragraph({ id: 'p-2' }, 'delta echo foxtrot.'),
    b.paragraph({ id: 'p-3' }, 'golf hotel india.')))

const room = (seed: number) => new YHarness({ peers: 3, rng: seededRng(seed), initial: treaty(), stateFor: (peer) => treatyStateFor(peer) })
const caret = (peer: Peer, id: string, offset = 0) =>
  peer.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, id) + 1 + offset)))
const key = (peer: Peer, combo: string) => peer.act(() => press(peer.view, combo))
const paragraphs = (doc: Node): string[] => {
  const out: string[] = []
  doc.descendants((n) => { if (n.type.name === 'paragraph') out.push(n.textContent); return !n.isTextblock })
  return out
}

async function settled(r: YHarness): Promise<string[]> {
  await r.settle()
  const first = r.peers[0]!.doc
  for (const peer of r.peers) expect(peer.doc.toJSON()).toEqual(first.toJSON())
  expect(treatyShapeErrors(first)).toEqual([])
  return paragraphs(first)
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8]

describe('concurrent joins', () => {
  it.each(SEEDS)('two drafters join neighbouring paragraphs at once: all three texts stay (seed %i)', async (seed) => {
    const r = room(seed)
    try {
      const [a, c] = [r.peers[0]!, r.peers[2]!]
      caret(a, 'p-2')
      caret(c, 'p-3')
      expect(key(a, 'Backspace')).toBe(true)
      expect(key(c, 'Backspace')).toBe(true)
      const text = (await settled(r)).join(' | ')
      for (const word of ['alpha', 'charlie.', 'delta', 'foxtrot.', 'golf', 'india.']) expect(text).toContain(word)
    } finally { r.destroy() }
  })

  it.each(SEEDS)('text typed into a paragraph while another drafter joins it to the one before is kept (seed %i)', async (seed) => {
    const r = room(seed)
    try {
      const [a, c] = [r.peers[0]!, r.peers[2]!]
      caret(c, 'p-2', 'delta echo'.length)
      c.edit((state) => state.tr.insertText(' typed-while-joined'))
      caret(a, 'p-2')
      key(a, 'Backspace')
      const text = (await settled(r)).join(' | ')
      expect(text).toContain('delta echo typed-while-joined foxtrot.')
      expect(text.match(/typed-while-joined/g)).toHaveLength(1)
    } finally { r.destroy() }
  })

  it.each(SEEDS)('a drafter who typed into a paragraph another deletes on purpose does not bring it back (seed %i)', async (seed) => {
    const r = room(seed)
    try {
      const [a, c] = [r.peers[0]!, r.peers[2]!]
      caret(c, 'p-2', 'delta'.length)
      c.edit((state) => state.tr.insertText(' typed'))
      a.act(() => deleteById(a, 'p-2'))
      const text = (await settled(r)).join(' | ')
      expect(text).not.toContain('typed')
      expect(text).not.toContain('delta')
    } finally { r.destroy() }
  })
})

/** The texts of the paragraphs `peer` marks as possibly doubled. */
const marked = (peer: Peer): string[] => [...peer.view.dom.querySelectorAll('.merge-doubt')].map((el) => el.textContent?.replace('⚠', '') ?? '')

describe('a split and a join of the same paragraphs at once', () => {
  it.each(SEEDS)('lose no word, and where text comes out doubled every drafter sees a notice there (seed %i)', async (seed) => {
    const cases: Array<[string, (a: Peer, c: Peer) => void]> = [
      ['split p-2 / join p-2', (a, c) => { caret(a, 'p-2', 'delta '.length); key(a, 'Enter'); caret(c, 'p-2'); key(c, 'Backspace') }],
      ['join p-2 twice', (a, c) => { caret(a, 'p-2'); key(a, 'Backspace'); caret(c, 'p-2'); key(c, 'Backspace') }],
      ['split p-2 twice', (a, c) => { caret(a, 'p-2', 'delta '.length); key(a, 'Enter'); caret(c, 'p-2', 'delta '.length); key(c, 'Enter') }],
      ['split p-1 / join p-2', (a, c) => { caret(a, 'p-1', 'alpha '.length); key(a, 'Enter'); caret(c, 'p-2'); key(c, 'Backspace') }],
    ]
    for (const [name, act] of cases) {
      const r = room(seed)
      try {
        const [a, c] = [r.peers[0]!, r.peers[2]!]
        act(a, c)
        const text = (await settled(r)).join(' ')
        for (const word of ['alpha', 'bravo', 'charlie.', 'delta', 'echo', 'foxtrot.', 'golf', 'india.']) expect(text, name).toContain(word)
        const doubled = (text.match(/foxtrot/g) ?? []).length > 1
        for (const peer of r.peers) {
          if (doubled) expect(marked(peer).join(' '), `${name}: peer ${peer.index}`).toContain('foxtrot')
          else expect(marked(peer), `${name}: peer ${peer.index}`).toEqual([])
        }
      } finally { r.destroy() }
    }
  })

  it('a notice goes when the drafter dismisses it, or edits the paragraph', async () => {
    const r = room(1)
    try {
      const [a, c] = [r.peers[0]!, r.peers[2]!]
      caret(a, 'p-2'); key(a, 'Backspace'); caret(c, 'p-2'); key(c, 'Backspace')
      await settled(r)
      expect(marked(a)).toHaveLength(1)
      ;(a.view.dom.querySelector('.merge-notice') as HTMLButtonElement).click()
      expect(marked(a)).toEqual([])
      expect(marked(c)).toHaveLength(1)
      c.edit((state) => state.tr.insertText('x', posOf(state.doc, 'p-1') + 2))
      expect(marked(c)).toEqual([])
    } finally { r.destroy() }
  })
})
