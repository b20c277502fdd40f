// @vitest-environment jsdom
// Indenting and outdenting change an attribute, never move text: concurrent re-levelling and
// typing keep every word exactly once, in editors built as the page builds them, driven by keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import * as b from '../../editor/model/build.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { YHarness, muteSelectionWarnings } from '../helpers/yharness.js'
import { caret, key, settledTreaty, treatyRoom } from '../helpers/treaty-room.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Obligations'),
    b.paragraph({ id: 'p-1' }, 'alpha text.'),
    b.paragraph({ id: 'p-2' }, 'bravo text.'),
    b.paragraph({ id: 'p-3' }, 'charlie text.'),
    b.paragraph({ id: 'p-4' }, 'delta text.'),
    b.paragraph({ id: 'p-5' }, 'echo text.', b.subparagraph({ id: 's-a' }, 'foxtrot text.'), b.subparagraph({ id: 's-b' }, 'golf text.'))),
)

const room = () => treatyRoom(treaty(), 3)



/** Every paragraph block as "ref: text". */
function units(doc: Node): string[] {
  const { byPos, byId } = numberTreaty(doc)
  const out: string[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'paragraph') out.push(`${byPos.get(pos)?.ref ?? byId.get(String(node.attrs.id))?.ref ?? '-'}: ${node.textContent}`)
    return !node.isTextblock
  })
  return out
}

/** Settles the room (one valid treaty on every peer) and returns its units. */
const settled = async (r: YHarness): Promise<string[]> => units(await settledTreaty(r))

describe('levels under concurrent edits', () => {
  it('two drafters indent neighbouring paragraphs at once: both become sub-paragraphs, no text lost', async () => {
    const r = room()
    try {
      const [a, c] = [r.peers[0]!, r.peers[2]!]
      caret(a, 'p-3', 3)
      caret(c, 'p-4', 2)
      expect(key(a, 'Tab')).toBe(true)
      expect(key(c, 'Tab')).toBe(true)
      expect(await settled(r)).toEqual([
        'Article 1(1): alpha text.', 'Article 1(2): bravo text.', 'Article 1(2)(a): charlie text.', 'Article 1(2)(b): delta text.',
        'Article 1(3): echo text.', 'Article 1(3)(a): foxtrot text.', 'Article 1(3)(b): golf text.',
      ])
    } finally { r.destroy() }
  })

  it('two drafters indent the same paragraph at once: it is indented once and its text appears once', async () => {
    const r = room()
    try {
      const [a, c] = [r.peers[0]!, r.peers[2]!]
      caret(a, 'p-2')
      caret(c, 'p-2', 4)
      key(a, 'Tab')
      key(c, 'Tab')
      const lines = await settled(r)
      expect(lines.filter((l) => l.endsWith('bravo text.'))).toEqual(['Article 1(1)(a): bravo text.'])
    } finally { r.destroy() }
  })

  it('two drafters outdent neighbouring sub-paragraphs at once: each text stays, once, in order', async () => {
    const r = room()
    try {
      const [a, c] = [r.peers[0]!, r.peers[2]!]
      caret(a, 's-a')
      caret(c, 's-b')
      expect(key(a, 'Shift-Tab')).toBe(true)
      expect(key(c, 'Shift-Tab')).toBe(true)
      expect((await settled(r)).slice(4)).toEqual(['Article 1(5): echo text.', 'Article 1(6): foxtrot text.', 'Article 1(7): golf text.'])
    } finally { r.destroy() }
  })

  it('text typed into a paragraph while another drafter indents it is kept', async () => {
    const r = room()
    try {
      const [a, c] = [r.peers[0]!, r.peers[2]!]
      caret(a, 'p-3', 'charlie'.length)
      a.edit((state) => state.tr.insertText(' typed-meanwhile'))
      caret(c, 'p-3')
      key(c, 'Tab')
      expect(await settled(r)).toContain('Article 1(2)(a): charlie typed-meanwhile text.')
    } finally { r.destroy() }
  })

  it('an offline drafter re-levels and types; on reconnect both survive for everyone', async () => {
    const r = room()
    try {
      const [a, bee] = [r.peers[0]!, r.peers[1]!]
      r.disconnect(bee)
      caret(bee, 'p-4')
      key(bee, 'Tab')
      key(bee, 'Tab') // (a) cannot go to (i) without an (a) before it: refused, still (a)
      bee.edit((state) => state.tr.insertText('offline '))
      caret(a, 'p-4', 'delta'.length)
      a.edit((state) => state.tr.insertText(' online'))
      const lines = await settled(r)
      expect(lines).toContain('Article 1(3)(a): offline delta online text.')
    } finally { r.destroy() }
  })
})
