// @vitest-environment jsdom
// Two drafters move the same article at once: every client ends with one copy of it, and what
// was typed into either copy after the moves is kept.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import * as b from '../../editor/model/build.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import type { EditorState } from 'prosemirror-state'
import { NETWORK, YHarness, muteSelectionWarnings, posOf, type Peer } from '../helpers/yharness.js'
import { applyRemoteUpdate } from '../../editor/model/unseen-deletions.js'
import { caret, key, settledTreaty, treatyRoom } from '../helpers/treaty-room.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'scope text.')),
  b.article({ id: 'art-2' }, b.heading('Safe conduct'), b.paragraph({ id: 'p-2' }, 'conduct text.'), b.paragraph({ id: 'p-3' }, 'second text.')),
  b.article({ id: 'art-3' }, b.heading('Depositary'), b.paragraph({ id: 'p-4' }, 'depositary text.')),
)

const room = (seed = 5) => treatyRoom(treaty(), seed)

const type = (peer: Peer, text: string) => peer.edit((state) => state.tr.insertText(text))

/** Article headings in order, and the texts of the moved article. */
function summary(doc: Node): { headings: string[]; safeConduct: string[] } {
  const headings: string[] = []
  const safeConduct: string[] = []
  doc.descendants((node) => {
    if (node.type.name !== 'article') return !node.isTextblock
    headings.push(node.firstChild?.textContent ?? '')
    if (node.attrs.id === 'art-2') node.forEach((c) => { if (c.type.name === 'paragraph') safeConduct.push(c.textContent) })
    return false
  })
  return { headings, safeConduct }
}

async function settled(r: YHarness) {
  const first = await settledTreaty(r)
  expect(numberTreaty(first).byId.get('art-2')).toBeDefined()
  return summary(first)
}

/** Runs `body` in a fresh room for seeds 1 to 3, with a clock that moves a second per call (move stamps ordered as made). */
async function eachSeed(body: (r: YHarness, seed: number) => Promise<void>): Promise<void> {
  let now = Date.UTC(2026, 0, 1)
  const clock = vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000))
  try {
    for (const seed of [1, 2, 3]) {
      const r = room(seed)
      try { await body(r, seed) } finally { r.destroy() }
    }
  } finally { clock.mockRestore() }
}

/** Delivers to `peers`, one update at a time, everything waiting for them (others' inboxes wait). */
async function deliverTo(r: YHarness, ...peers: Peer[]): Promise<void> {
  for (let p = peers.find((q) => q.inbox.length > 0); p; p = peers.find((q) => q.inbox.length > 0)) {
    applyRemoteUpdate(p.ydoc, p.inbox.shift()!, NETWORK)
    await r.flush()
  }
}

/**
 * A, offline, moves the article first (the smaller stamp: its copy loses), types `typed` after
 * "second" in p-3 and deletes the space after "second alpha-one", running words together; B moves
 * the article too. A learns of B's move first (both copies before it) and carries its words over.
 */
async function runTogetherInLosingCopy(r: YHarness, typed: string) {
  const [a, bee] = [r.peers[0]!, r.peers[1]!]
  r.disconnect(a)
  caret(a, 'p-3', 'second'.length)
  expect(key(a, 'Alt-ArrowUp')).toBe(true)
  type(a, typed)
  const space = (state: EditorState) => posOf(state.doc, 'p-3') + 1 + 'second alpha-one'.length
  a.edit((state) => state.tr.delete(space(state), space(state) + 1))
  caret(bee, 'p-2')
  expect(key(bee, 'Alt-ArrowDown')).toBe(true)
  r.reconnect(a)
  await deliverTo(r, a)
  return settled(r)
}

// Alt-ArrowUp / Alt-ArrowDown are the editor's shortcuts for moving an article.
describe('concurrent moves of one article', () => {
  it('both move it up: one article remains, on every client', async () => {
    const r = room()
    try {
      const [a, c] = [r.peers[0]!, r.peers[2]!]
      caret(a, 'p-2')
      caret(c, 'p-3')
      expect(key(a, 'Alt-ArrowUp')).toBe(true)
      expect(key(c, 'Alt-ArrowUp')).toBe(true)
      const s = await settled(r)
      expect(s.headings).toEqual(['Safe conduct', 'Scope', 'Depositary'])
      expect(s.safeConduct).toEqual(['conduct text.', 'second text.'])
    } finally { r.destroy() }
  })

  it('one moves it up, the other down, each typing into their copy while offline: one article with both texts', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = room(seed)
      try {
        const [a, bee] = [r.peers[0]!, r.peers[1]!]
        r.disconnect(bee)
        caret(a, 'p-2', 'conduct'.length)
        key(a, 'Alt-ArrowUp')
        type(a, ' alpha-typed')
        caret(bee, 'p-3', 'second'.length)
        key(bee, 'Alt-ArrowDown')
        type(bee, ' bravo-typed')
        const s = await settled(r)
        expect(s.headings.filter((h) => h === 'Safe conduct')).toHaveLength(1)
        expect(s.safeConduct.join(' | ')).toContain('conduct alpha-typed text.')
        expect(s.safeConduct.join(' | ')).toContain('second bravo-typed text.')
      } finally { r.destroy() }
    }
  })
})

describe('what the losing mover carries over, of words it ran together', () => {
  it('keeps two words of its own, run into one by a deleted space, in a paragraph it added to its copy', async () => {
    await eachSeed(async (r, seed) => {
      const [a, bee] = [r.peers[0]!, r.peers[1]!]
      r.disconnect(a)
      // A moves first (the smaller stamp: its copy loses), adds a paragraph, types two words and joins them
      caret(a, 'p-3', 'second text.'.length)
      expect(key(a, 'Alt-ArrowUp')).toBe(true)
      key(a, 'Enter')
      type(a, 'alpha-one alpha-two')
      a.edit((state) => state.tr.delete(state.selection.from - ' alpha-two'.length, state.selection.from - 'alpha-two'.length))
      caret(bee, 'p-2')
      expect(key(bee, 'Alt-ArrowDown')).toBe(true)
      // A learns of B's move first: both copies before it, A carries its words over
      r.reconnect(a)
      await deliverTo(r, a)
      const s = await settled(r)
      expect(s.headings.filter((h) => h === 'Safe conduct')).toHaveLength(1)
      expect(s.safeConduct.join(' | '), `seed ${seed}`).toContain('alpha-onealpha-two')
    })
  })

  it('keeps a word of its own run into the word after it by a deleted space', async () => {
    await eachSeed(async (r, seed) => {
      const s = await runTogetherInLosingCopy(r, ' alpha-one')
      expect(s.safeConduct.join(' | '), `seed ${seed}`).toContain('second alpha-one text.')
    })
  })

  it('does not double a word of its own that the surviving copy holds run into another word the same way', async () => {
    await eachSeed(async (r, seed) => {
      const [a, bee] = [r.peers[0]!, r.peers[1]!]
      caret(a, 'p-3', 'second'.length)
      type(a, ' alpha-one')
      const space = (state: EditorState) => posOf(state.doc, 'p-3') + 1 + 'second'.length
      a.edit((state) => state.tr.delete(space(state), space(state) + 1))
      await r.settle()
      r.disconnect(a)
      caret(a, 'p-3')
      expect(key(a, 'Alt-ArrowUp')).toBe(true)
      caret(bee, 'p-2')
      expect(key(bee, 'Alt-ArrowDown')).toBe(true)
      r.reconnect(a)
      await deliverTo(r, a)
      const s = await settled(r)
      expect(s.safeConduct.join(' | ').split('alpha-one').length - 1, `seed ${seed}: ${s.safeConduct.join(' | ')}`).toBe(1)
    })
  })

  it('keeps two words of its own, run into one by a deleted space, in a paragraph both copies have', async () => {
    await eachSeed(async (r, seed) => {
      const s = await runTogetherInLosingCopy(r, ' alpha-one alpha-two')
      expect(s.headings.filter((h) => h === 'Safe conduct')).toHaveLength(1)
      expect(s.safeConduct.join(' | '), `seed ${seed}`).toContain('second alpha-onealpha-two text.')
    })
  })
})

describe('copies that lost concurrent moves', () => {
  it('are removed element by element: the surviving copies and the articles between them keep their shared elements', async () => {
    // what two concurrent moves of two articles leave before normalisation: a losing copy at each
    // end of the treaty (the smaller stamp loses), their winners and an unmoved article between
    const copy = (stamp: string, article: Node) => article.type.create({ ...article.attrs, moved: stamp }, article.content)
    const conduct = () => b.article({ id: 'art-2' }, b.heading('Safe conduct'), b.paragraph({ id: 'p-2' }, 'conduct text.'))
    const depositary = () => b.article({ id: 'art-3' }, b.heading('Depositary'), b.paragraph({ id: 'p-4' }, 'depositary text.'))
    const initial = b.doc(
      b.title('Treaty'),
      copy('0001-a', conduct()),
      b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'scope text.')),
      copy('0002-b', conduct()),
      copy('0004-y', depositary()),
      copy('0003-x', depositary()),
    )
    const r = treatyRoom(initial, 1, 1)
    try {
      const fragment = r.peers[0]!.ydoc.getXmlFragment('prosemirror')
      const element = (i: number) => fragment.get(i) as Y.XmlElement
      const idOf = (e: Y.XmlElement) => `${e._item!.id.client}:${e._item!.id.clock}`
      const keep = [2, 3, 4].map((i) => idOf(element(i)))
      await r.settle()
      const left = fragment.toArray().slice(1) as Y.XmlElement[]
      expect(left.map((e) => [e.getAttribute('id'), e.getAttribute('moved') ?? ''])).toEqual([['art-1', ''], ['art-2', '0002-b'], ['art-3', '0004-y']])
      expect(left.map(idOf)).toEqual(keep)
    } finally { r.destroy() }
  })
})

describe('what the losing mover carries over', () => {
  it('is written so that no shared paragraph is rewritten into its neighbour: text typed meanwhile stays in its paragraph', async () => {
    let now = Date.UTC(2026, 0, 1)
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000))
    const r = room(3)
    try {
      const [a, bee, c] = [r.peers[0]!, r.peers[1]!, r.peers[2]!]
      r.disconnect(a)
      r.disconnect(bee)
      // A moves the article first (the smaller stamp: its copy loses), adds a paragraph to its
      // copy and types into the copy's last paragraph
      caret(a, 'p-2', 'conduct text.'.length)
      expect(key(a, 'Alt-ArrowUp')).toBe(true)
      key(a, 'Enter')
      type(a, 'alpha paragraph.')
      caret(a, 'p-3', 'second'.length)
      type(a, ' alpha-word')
      // B moves it too, later: B's copy is the article
      caret(bee, 'p-3')
      expect(key(bee, 'Alt-ArrowDown')).toBe(true)
      r.reconnect(bee)
      await deliverTo(r, bee, c)
      r.disconnect(c)
      // A comes back and carries its words into B's copy; C, who has not seen that yet, types
      // into the same paragraph
      r.reconnect(a)
      await deliverTo(r, a)
      caret(c, 'p-3', 'second'.length)
      type(c, ' charlie-word')
      const s = await settled(r)
      expect(s.headings.filter((h) => h === 'Safe conduct')).toHaveLength(1)
      expect(s.safeConduct).toHaveLength(3)
      expect(s.safeConduct).toContain('alpha paragraph.')
      const third = s.safeConduct.find((t) => t.includes('second'))
      expect(third).toContain('alpha-word')
      expect(third).toContain('charlie-word')
    } finally { r.destroy(); clock.mockRestore() }
  })
})
