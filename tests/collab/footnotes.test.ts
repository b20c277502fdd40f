// @vitest-environment jsdom
// Footnotes edited together, through editors built as the page builds them: a footnote's text is
// shared text, so two drafters typing into the same footnote (online or offline) converge with
// both texts; the open footnote editor shows a collaborator's typing; undo takes back one's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { TextSelection } from 'prosemirror-state'
import { undoCommand } from 'y-prosemirror'
import * as b from '../../editor/model/build.js'
import { numberFootnotes } from '../../editor/model/numbering.js'
import { insertFootnote } from '../../editor/commands/footnotes.js'
import { editFootnote } from '../../editor/plugins/footnotes.js'
import { seededRng } from '../helpers/prng.js'
import { treatyStateFor } from '../helpers/treaty-peer.js'
import { YHarness, muteSelectionWarnings, posOf, type Peer } from '../helpers/yharness.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Meetings'), b.paragraph({ id: 'p-1' }, 'The Parties shall meet.')),
)

const room = (peers = 2) => new YHarness({ peers, rng: seededRng(7), initial: treaty(), stateFor: (peer) => treatyStateFor(peer) })

/** The texts of `doc`'s footnotes, in order. */
const notes = (doc: Node) => numberFootnotes(doc).map((f) => f.node.textContent)

/** The end of the text of footnote `n` (1-based) in `peer`'s document. */
const endOfNote = (peer: Peer, n: number) => {
  const f = numberFootnotes(peer.doc)[n - 1]!
  return f.pos + f.node.nodeSize - 1
}

/** Inserts a footnote in `peer`'s editor after "meet". */
function insertAfterMeet(peer: Peer) {
  peer.edit((s) => s.tr.setSelection(TextSelection.create(s.doc, posOf(s.doc, 'p-1') + 1 + 'The Parties shall meet'.length)))
  expect(peer.act(() => insertFootnote(peer.view.state, peer.view.dispatch))).toBe(true)
}

describe('a footnote edited together', () => {
  it('takes what two drafters type into it at once, and every editor ends with the same text', async () => {
    const r = room(3)
    try {
      const [a, bee, c] = r.peers as [Peer, Peer, Peer]
      insertAfterMeet(a)
      a.edit((s) => s.tr.insertText('Meetings may be held online.', endOfNote(a, 1)))
      await r.settle()
      expect(notes(bee.doc)).toEqual(['Meetings may be held online.'])

      // both type into the same footnote, one of them offline
      r.disconnect(c)
      bee.edit((s) => s.tr.insertText(' By consent.', endOfNote(bee, 1)))
      c.edit((s) => s.tr.insertText('Note: ', endOfNote(c, 1) - 'Meetings may be held online.'.length))
      r.reconnect(c)
      await r.settle()
      for (const peer of r.peers) {
        expect(notes(peer.doc), `peer ${peer.index}`).toEqual(['Note: Meetings may be held online. By consent.'])
        expect(peer.doc.toJSON()).toEqual(a.doc.toJSON())
        expect(peer.sharedDoc().toJSON()).toEqual(a.doc.toJSON())
      }
      expect(a.doc.nodeAt(posOf(a.doc, 'p-1'))?.firstChild?.text).toBe('The Parties shall meet')
    } finally {
      r.destroy()
    }
  })

  it('shows a collaborator\'s typing in the footnote editor that is open, which stays open', async () => {
    const r = room(2)
    try {
      const [a, bee] = r.peers as [Peer, Peer]
      insertAfterMeet(a)
      await r.settle()
      editFootnote(bee.view, numberFootnotes(bee.doc)[0]!.pos)
      const open = () => bee.view.dom.querySelector('.footnote-editor .footnote-text')
      expect(open()).not.toBeNull()
      a.edit((s) => s.tr.insertText('Typed elsewhere.', endOfNote(a, 1)))
      await r.settle()
      expect(open()?.textContent).toBe('Typed elsewhere.')
      expect(bee.view.dom.querySelector('.footnote-marker')?.textContent).toBe('1')
    } finally {
      r.destroy()
    }
  })

  it('a second footnote inserted before the first renumbers it on every editor', async () => {
    const r = room(2)
    try {
      const [a, bee] = r.peers as [Peer, Peer]
      insertAfterMeet(a)
      a.edit((s) => s.tr.insertText('first', endOfNote(a, 1)))
      await r.settle()
      bee.edit((s) => s.tr.setSelection(TextSelection.create(s.doc, posOf(s.doc, 'p-1') + 4)))
      expect(bee.act(() => insertFootnote(bee.view.state, bee.view.dispatch))).toBe(true)
      bee.edit((s) => s.tr.insertText('second', endOfNote(bee, 1)))
      await r.settle()
      for (const peer of r.peers) {
        expect(notes(peer.doc)).toEqual(['second', 'first'])
        expect([...peer.view.dom.querySelectorAll('.footnote-marker')].map((m) => m.textContent)).toEqual(['1', '2'])
      }
    } finally {
      r.destroy()
    }
  })

  it('undo takes back a drafter\'s own typing in a footnote and leaves a collaborator\'s', async () => {
    const r = room(2)
    try {
      const [a, bee] = r.peers as [Peer, Peer]
      insertAfterMeet(a)
      a.edit((s) => s.tr.insertText('Kept.', endOfNote(a, 1)))
      await r.settle()
      bee.edit((s) => s.tr.insertText(' Undone.', endOfNote(bee, 1)))
      await r.settle()
      expect(notes(a.doc)).toEqual(['Kept. Undone.'])
      bee.act(() => undoCommand(bee.view.state, bee.view.dispatch))
      await r.settle()
      for (const peer of r.peers) expect(notes(peer.doc)).toEqual(['Kept.'])
    } finally {
      r.destroy()
    }
  })
})
