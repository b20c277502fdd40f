// @vitest-environment jsdom
// The y-prosemirror hazard DESIGN.md describes: an element the binding cannot build is deleted for
// everyone. Two drafters each deleting one of an article's two paragraphs must not delete the article.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Schema } from 'prosemirror-model'
import * as b from '../../editor/model/build.js'
import { marks, nodes } from '../../editor/model/schema.js'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { seededRng } from '../helpers/prng.js'
import { YHarness, deleteById, muteSelectionWarnings, posOf } from '../helpers/yharness.js'
import { textOf } from './ledger.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

/** The DESIGN.md scenario: an article with two paragraphs; two drafters each delete a different one. */
const designScenario = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'first'), b.paragraph({ id: 'p-2' }, 'second')),
  b.article({ id: 'art-2' }, b.heading('Entry into force'), b.paragraph({ id: 'p-3' }, 'third')),
)

describe('the y-prosemirror hazard the schema avoids', () => {
  it('keeps an article, heading included, when two drafters concurrently delete its two paragraphs', async () => {
    const room = new YHarness({ peers: 3, rng: seededRng(1), initial: designScenario() })
    try {
      const [a, c] = [room.peers[0]!, room.peers[2]!]
      deleteById(a, 'p-1')
      deleteById(c, 'p-2')
      await room.settle()
      for (const peer of room.peers) expect(peer.doc.toJSON()).toEqual(room.peers[0]!.doc.toJSON())
      const doc = room.peers[0]!.doc
      const article = doc.nodeAt(posOf(doc, 'art-1'))!
      expect(article.child(0).type.name).toBe('heading')
      expect(article.child(0).textContent).toBe('Scope')
      // Each drafter's normaliser restored one empty paragraph before seeing the other's: one or two remain, all empty.
      const paragraphs = article.content.content.filter((n) => n.type.name === 'paragraph')
      expect(paragraphs.length).toBeGreaterThanOrEqual(1)
      expect(paragraphs.every((p) => p.textContent === '')).toBe(true)
      expect(treatyShapeErrors(doc)).toEqual([])
      expect(numberTreaty(doc).byId.get('art-2')?.ref).toBe('Article 2')
    } finally {
      room.destroy()
    }
  })

  it('with a strict article (heading paragraph+) and no normaliser, the same edits delete the whole article for everyone', async () => {
    const strict = new Schema({ nodes: { ...nodes, article: { ...nodes.article, content: 'heading paragraph+' } }, marks })
    const room = new YHarness({
      peers: 3,
      rng: seededRng(1),
      initial: strict.nodeFromJSON(designScenario().toJSON()),
      schemaFor: () => strict,
      pluginsFor: () => [],
    })
    try {
      const [a, c] = [room.peers[0]!, room.peers[2]!]
      deleteById(a, 'p-1')
      deleteById(c, 'p-2')
      await room.settle()
      for (const peer of room.peers) {
        // Nobody deleted the article or its heading, yet it is gone from every peer and from the shared document.
        expect(textOf(peer.doc)).not.toContain('Scope')
        expect(peer.doc.childCount).toBe(2)
        expect(peer.fragment.toString()).not.toContain('Scope')
      }
    } finally {
      room.destroy()
    }
  })
})
