// @vitest-environment jsdom
// Joining paragraphs (Backspace at the start of one) while another drafter types into the
// paragraph or joins the next one: no word typed is lost, and a paragraph deleted on purpose
// does not come back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import * as b from '../../editor/model/build.js'
import { YHarness, deleteById, muteSelectionWarnings, posOf, type Peer } from '../helpers/yharness.js'
import { caret, key, settledTreaty, treatyRoom } from '../helpers/treaty-room.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Obligations'),
    b.paragraph({ id: 'p-1' }, 'alpha bravo charlie.'),
    b.paragraph({ id: 'p-2' }, 'delta echo foxtrot.'),
    b.paragraph({ id: 'p-3' }, 'golf hotel india.')))

const room = (seed: number) => treatyRoom(treaty(), seed)
const paragraphs = (doc: Node): string[] => {
  const out: string[] = []
  doc.descendants((n) => { if (n.type.name === 'paragraph') out.push(n.textContent); return !n.isTextblock })
  return out
}

const settled = async (r: YHarness): Promise<string[]> => paragraphs(await settledTreaty(r))

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
