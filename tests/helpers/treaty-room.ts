// A room of editors built as the page builds them, and the drafter's gestures the collaboration
// tests make in it: put the caret in a paragraph, press a key, and settle to one valid treaty.
import { expect } from 'vitest'
import type { Node } from 'prosemirror-model'
import { TextSelection } from 'prosemirror-state'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { press } from './keys.js'
import { seededRng } from './prng.js'
import { treatyStateFor } from './treaty-peer.js'
import { YHarness, posOf, type Peer } from './yharness.js'

/** Three editors (or `peers`) over `initial`, delivery order decided by `seed`. */
export const treatyRoom = (initial: Node, seed: number, peers = 3): YHarness =>
  new YHarness({ peers, rng: seededRng(seed), initial, stateFor: (peer) => treatyStateFor(peer) })

/** Puts `peer`'s cursor `offset` characters into the paragraph with id `id`. */
export const caret = (peer: Peer, id: string, offset = 0): void => {
  peer.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, id) + 1 + offset)))
}

/** Presses `combo` on `peer` as the drafter's own doing; whether a keymap took it. */
export const key = (peer: Peer, combo: string): boolean => peer.act(() => press(peer.view, combo))

/** Settles the room, checks that every peer shows the same treaty in treaty shape, and returns it. */
export async function settledTreaty(r: YHarness): Promise<Node> {
  await r.settle()
  const first = r.peers[0]!.doc
  for (const peer of r.peers) expect(peer.doc.toJSON()).toEqual(first.toJSON())
  expect(treatyShapeErrors(first)).toEqual([])
  return first
}
