// @vitest-environment jsdom
// A y-prosemirror 1.3.7 loss, and the editor's answer: merging two adjacent Y.XmlTexts drops what a collaborator typed into the merged one meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Node } from 'prosemirror-model'
import * as b from '../../editor/model/build.js'
import { seededRng } from '../helpers/prng.js'
import { NETWORK, YHarness, muteSelectionWarnings, type Peer } from '../helpers/yharness.js'
import { applyRemoteUpdate } from '../../editor/model/unseen-deletions.js'
import { textOf } from './ledger.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const headingEnd = (doc: Node, articleId: string): number => {
  let at = -1
  doc.descendants((node, pos) => {
    if (node.attrs.id === articleId) at = pos + 1 + node.firstChild!.nodeSize - 1
  })
  return at
}

const typeIntoHeading = (peer: Peer, text: string) =>
  peer.edit((state) => state.tr.insertText(text, headingEnd(state.doc, 'art-1')))

/** Applies every update waiting for `to`, in the order sent. */
function deliverAll(to: Peer) {
  while (to.inbox.length) applyRemoteUpdate(to.ydoc, to.inbox.shift()!, NETWORK)
}

// When two drafters type into the same empty text block at once, each creates its own Y.XmlText
// there. On rendering, y-prosemirror 1.3.7 (the fix for its issue #160/#161) moves the text of the
// right one into the left one and deletes the right one, if this client created it. Text a third
// drafter has meanwhile typed into the right one is deleted with it, for everyone. Nobody deleted
// it; the editor fuzz (editor-fuzz.test.ts) fails a run that loses a word this way ("the binding
// merging two texts of a block"). The third drafter's editor sees its own text deleted by a change
// whose author never had it (editor/model/unseen-deletions.ts) and writes it back beside the same
// words (editor/model/rescue.ts).

/** The race: a and b type into the empty heading at once; c sees only b's text and types after it. */
async function race(): Promise<YHarness> {
  const room = new YHarness({
    peers: 3,
    rng: seededRng(1),
    initial: b.doc(b.title('T'), b.article({ id: 'art-1' }, b.heading(), b.paragraph({ id: 'p-1' }, 'body'))),
  })
  const [a, bee, c] = room.peers as [Peer, Peer, Peer]
  typeIntoHeading(a, 'Alpha ')
  typeIntoHeading(bee, 'Beta ')
  const [aUpdate, bUpdate] = c.inbox.splice(0, 2) as [Uint8Array, Uint8Array]
  applyRemoteUpdate(c.ydoc, bUpdate, NETWORK) // c sees only Beta's text …
  typeIntoHeading(c, 'Gamma ') // … and types after it, into the Y.XmlText b created
  deliverAll(bee) // b receives Alpha's text: two texts in one heading, and b merges its own away
  applyRemoteUpdate(c.ydoc, aUpdate, NETWORK)
  await room.settle()
  return room
}

describe('y-prosemirror merging two texts of one block (its fix for #160)', () => {
  it('leaves every drafter with the same heading, holding both texts it merged', async () => {
    const room = await race()
    try {
      const a = room.peers[0]!
      for (const peer of room.peers) {
        expect(peer.doc.toJSON()).toEqual(a.doc.toJSON())
        expect(textOf(peer.doc)).toContain('Alpha Beta')
      }
    } finally {
      room.destroy()
    }
  })

  it('keeps what a third drafter typed into the merged-away text meanwhile (y-prosemirror 1.3.7 deletes it; the drafter\'s editor puts it back)', async () => {
    const room = await race()
    try {
      for (const peer of room.peers) expect(textOf(peer.doc)).toContain('Gamma')
    } finally {
      room.destroy()
    }
  })
})
