// @vitest-environment jsdom
// A collaborator's edit arrives as one step replacing the whole document; the editor's plugins
// still see what changed, map their decorations instead of recomputing them, and stay correct.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Transaction } from 'prosemirror-state'
import * as b from '../../editor/model/build.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { getNumbering } from '../../editor/plugins/numbering.js'
import { placeholderKey } from '../../editor/plugins/placeholder.js'
import { changeOf, isTextEdit } from '../../editor/plugins/text-edit.js'
import { seededRng } from '../helpers/prng.js'
import { treatyStateFor } from '../helpers/treaty-peer.js'
import * as Y from 'yjs'
import { NETWORK, YHarness, muteSelectionWarnings, posOf, type Peer } from '../helpers/yharness.js'
import { applyRemoteUpdate } from '../../editor/model/unseen-deletions.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('One'), b.paragraph({ id: 'p-1' }, 'first text'), b.paragraph({ id: 'p-2' }, 'second text')),
  b.article({ id: 'art-2' }, b.heading('Two'), b.paragraph({ id: 'p-3' }, 'third text', b.subparagraph({ id: 's-a' }, 'item'))))

/** A room whose peer 1 records the transactions it applies. */
function room(): { r: YHarness; seen: Transaction[] } {
  const r = new YHarness({ peers: 2, rng: seededRng(2), initial: treaty(), stateFor: (peer) => treatyStateFor(peer) })
  const seen: Transaction[] = []
  const watcher = r.peers[1]!
  watcher.view.setProps({ dispatchTransaction: (tr) => { seen.push(tr); watcher.view.updateState(watcher.view.state.apply(tr)) } })
  return { r, seen }
}

/**
 * Applies every update waiting for `watcher` in one transaction, as the page applies what arrives
 * within one frame (remote-batch.ts), and settles the room; returns how many there were.
 */
async function inOneFrame(r: YHarness, watcher: Peer): Promise<number> {
  const updates = watcher.inbox.splice(0)
  Y.transact(watcher.ydoc, () => { for (const u of updates) applyRemoteUpdate(watcher.ydoc, u, NETWORK) }, NETWORK)
  await r.settle()
  return updates.length
}

const typeAt = (peer: Peer, id: string, offset: number, text: string) =>
  peer.edit((state) => state.tr.insertText(text, posOf(state.doc, id) + 1 + offset))

describe('changes from a collaborator', () => {
  it('typing is recognised as a text edit, and its mapping moves positions after it only', async () => {
    const { r, seen } = room()
    try {
      typeAt(r.peers[0]!, 'p-1', 5, ' typed')
      await r.settle()
      const remote = seen.find((tr) => tr.docChanged)!
      expect(isTextEdit(remote)).toBe(true)
      const before = posOf(remote.before, 'p-3')
      expect(changeOf(remote).mapping.map(before)).toBe(posOf(remote.doc, 'p-3'))
      const numbering = getNumbering(r.peers[1]!.view.state)
      expect([...numbering.byPos]).toEqual([...numberTreaty(r.peers[1]!.doc).byPos])
    } finally { r.destroy() }
  })

  it('edits in several paragraphs shown at once are each a text edit: the mapping moves a position by the edits before it only', async () => {
    const { r, seen } = room()
    try {
      const [a, watcher] = r.peers as [Peer, Peer]
      typeAt(a, 'p-1', 5, ' typed')
      typeAt(a, 'p-3', 5, ' more')
      expect(await inOneFrame(r, watcher)).toBe(2)
      const remote = seen.find((tr) => tr.docChanged)!
      expect(isTextEdit(remote)).toBe(true)
      expect(changeOf(remote).ranges).toHaveLength(2)
      const { mapping } = changeOf(remote)
      expect(mapping.map(posOf(remote.before, 'p-2'))).toBe(posOf(remote.doc, 'p-2'))
      expect(mapping.map(posOf(remote.before, 'p-2')) - posOf(remote.before, 'p-2')).toBe(' typed'.length)
      expect(mapping.map(posOf(remote.before, 's-a'))).toBe(posOf(remote.doc, 's-a'))
      expect([...getNumbering(watcher.view.state).byPos]).toEqual([...numberTreaty(watcher.doc).byPos])
    } finally { r.destroy() }
  })

  it('a batch that also adds a paragraph is not a text edit', async () => {
    const { r, seen } = room()
    try {
      const [a, watcher] = r.peers as [Peer, Peer]
      typeAt(a, 'p-1', 5, ' typed')
      a.edit((state) => state.tr.insert(posOf(state.doc, 'p-3'), b.paragraph({ id: 'p-new' }, 'added')))
      await inOneFrame(r, watcher)
      const remote = seen.find((tr) => tr.docChanged)!
      expect(isTextEdit(remote)).toBe(false)
      expect(getNumbering(watcher.view.state).byId.get('p-new')?.ref).toBe(numberTreaty(watcher.doc).byId.get('p-new')?.ref)
    } finally { r.destroy() }
  })

  it('a new paragraph or a change of level is not a text edit, and numbers follow it', async () => {
    const { r, seen } = room()
    try {
      const a = r.peers[0]!
      a.edit((state) => state.tr.setNodeAttribute(posOf(state.doc, 'p-2'), 'level', 1))
      await r.settle()
      expect(seen.filter((tr) => tr.docChanged).every((tr) => !isTextEdit(tr))).toBe(true)
      expect(getNumbering(r.peers[1]!.view.state).byId.get('p-2')?.ref).toBe('Article 1(a)')
    } finally { r.destroy() }
  })

  it('a paragraph emptied by a collaborator shows its hint, and one they fill loses it', async () => {
    const { r } = room()
    try {
      const a = r.peers[0]!
      a.edit((state) => { const at = posOf(state.doc, 'p-2'); return state.tr.delete(at + 1, at + 1 + 'second text'.length) })
      await r.settle()
      const hinted = () => placeholderKey.getState(r.peers[1]!.view.state)!.find().map((d) => r.peers[1]!.doc.nodeAt(d.from)?.attrs.id)
      expect(hinted()).toContain('p-2')
      typeAt(a, 'p-2', 0, 'refilled')
      await r.settle()
      expect(hinted()).not.toContain('p-2')
    } finally { r.destroy() }
  })
})
