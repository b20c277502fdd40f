// @vitest-environment jsdom
// The normalising plugin repairs local and remote changes, gets the repair into Yjs, and keeps undo working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Node } from 'prosemirror-model'
import { EditorState, Plugin } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { initProseMirrorDoc, prosemirrorToYXmlFragment, undo, ySyncPlugin, yUndoPluginKey, yUndoPlugin } from 'y-prosemirror'
import * as b from '../../editor/model/build.js'
import { schema } from '../../editor/model/schema.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'
import { normalizeInto, treatyShapeErrors } from '../../editor/model/normalize.js'
import { normalizeKey, normalizePlugin } from '../../editor/plugins/normalize.js'
import { seededRng } from '../helpers/prng.js'
import { NETWORK, YHarness, deleteById, muteSelectionWarnings, posOf, type Peer } from '../helpers/yharness.js'
import { applyRemoteUpdate } from '../../editor/model/unseen-deletions.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'first'), b.paragraph({ id: 'p-2' }, 'second')),
  b.article({ id: 'art-2' }, b.heading('Depositary'), b.paragraph({ id: 'p-3' }, 'only')),
)

const paragraphsOf = (doc: Node, articleId: string): Node[] =>
  doc.nodeAt(posOf(doc, articleId))!.content.content.filter((n) => n.type.name === 'paragraph')

const undoStack = (peer: Peer): number => yUndoPluginKey.getState(peer.view.state)?.undoManager.undoStack.length ?? 0

describe('normalizePlugin', () => {
  it("repairs a drafter's own edit in the same dispatch and writes the repair to Yjs with it", () => {
    const room = new YHarness({ peers: 2, rng: seededRng(1), initial: treaty() })
    try {
      const [a] = room.peers as [Peer, Peer]
      deleteById(a, 'p-3')
      const paragraphs = paragraphsOf(a.doc, 'art-2')
      expect(paragraphs).toHaveLength(1)
      expect(paragraphs[0]!.attrs.id).toMatch(/^para-/)
      expect(treatyShapeErrors(a.doc)).toEqual([])
      expect(a.sharedDoc().toJSON()).toEqual(a.doc.toJSON())
      expect(normalizeKey.getState(a.view.state)?.unsynced).toBe(false)
    } finally {
      room.destroy()
    }
  })

  it('repairs a remote change at once and writes the repair back to Yjs a microtask later, so collaborators receive it', async () => {
    const room = new YHarness({ peers: 2, rng: seededRng(1), initial: treaty() })
    try {
      const [a, c] = room.peers as [Peer, Peer]
      deleteById(a, 'p-1')
      deleteById(c, 'p-2')
      applyRemoteUpdate(c.ydoc, c.inbox.shift()!, NETWORK) // c receives a's deletion: art-1 has no paragraph left
      // The view is in treaty shape straight away …
      const [repair] = paragraphsOf(c.doc, 'art-1')
      expect(repair?.textContent).toBe('')
      // … but y-prosemirror rendered the remote change inside its mutex and did not write the repair.
      expect(paragraphsOf(c.sharedDoc(), 'art-1')).toHaveLength(0)
      expect(normalizeKey.getState(c.view.state)?.unsynced).toBe(true)
      await room.flush()
      expect(c.sharedDoc().toJSON()).toEqual(c.doc.toJSON())
      expect(normalizeKey.getState(c.view.state)?.unsynced).toBe(false)
      await room.settle()
      expect(paragraphsOf(a.doc, 'art-1').map((p) => p.attrs.id)).toContain(repair!.attrs.id)
      expect(a.doc.toJSON()).toEqual(c.doc.toJSON())
      expect(treatyShapeErrors(a.doc)).toEqual([])
    } finally {
      room.destroy()
    }
  })

  it('repairs a shared document that is out of shape when the editor opens, and writes the repair to Yjs', async () => {
    const broken = b.doc(b.title('Treaty'), b.article({ id: 'art-1' }, b.heading('Scope')))
    const room = new YHarness({ peers: 2, rng: seededRng(1), initial: broken })
    try {
      for (const peer of room.peers) expect(paragraphsOf(peer.doc, 'art-1')).toHaveLength(1)
      await room.settle()
      for (const peer of room.peers) {
        expect(peer.sharedDoc().toJSON()).toEqual(peer.doc.toJSON())
        expect(treatyShapeErrors(peer.doc)).toEqual([])
        expect(peer.doc.toJSON()).toEqual(room.peers[0]!.doc.toJSON())
      }
    } finally {
      room.destroy()
    }
  })

  it('repairs a document handed to the editor with initProseMirrorDoc, which never passes through a transaction', async () => {
    const ydoc = new Y.Doc()
    const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
    prosemirrorToYXmlFragment(b.doc(b.title('Treaty'), b.article({ id: 'art-1' }, b.heading('Scope'))), fragment)
    const { doc, mapping } = initProseMirrorDoc(fragment, schema)
    const view = new EditorView(document.createElement('div'), {
      state: EditorState.create({ schema, doc, plugins: [ySyncPlugin(fragment, { mapping }), normalizePlugin()] }),
    })
    try {
      // checked once the view has painted it: the task after the next frame
      expect(paragraphsOf(view.state.doc, 'art-1')).toHaveLength(0)
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
      expect(paragraphsOf(view.state.doc, 'art-1')).toHaveLength(1)
      expect(fragment.toString()).toContain('<paragraph')
      expect(treatyShapeErrors(view.state.doc)).toEqual([])
    } finally {
      view.destroy()
    }
  })

  it("keeps a drafter's own edit undoable when it needed a repair: undo takes back the edit and the repair together", () => {
    const room = new YHarness({ peers: 1, rng: seededRng(1), initial: treaty(), pluginsFor: () => [yUndoPlugin(), normalizePlugin()] })
    try {
      const [a] = room.peers as [Peer]
      const before = a.doc.toJSON()
      deleteById(a, 'p-3')
      expect(paragraphsOf(a.doc, 'art-2')[0]!.textContent).toBe('')
      expect(undo(a.view.state)).toBe(true)
      expect(a.doc.toJSON()).toEqual(before)
    } finally {
      room.destroy()
    }
  })

  it('(why the repair of a local edit is not marked addToHistory: false) y-prosemirror then leaves the edit itself out of undo', () => {
    // The plain reading of "repairs are not history": y-prosemirror takes the flag of the last
    // transaction applied for its whole write, so the drafter's deletion is lost to undo as well.
    const outsideHistory = new Plugin({
      appendTransaction: (trs, _old, state) => {
        if (!trs.some((tr) => tr.docChanged)) return null
        const tr = state.tr
        return normalizeInto(tr) ? tr.setMeta('addToHistory', false) : null
      },
    })
    const room = new YHarness({ peers: 1, rng: seededRng(1), initial: treaty(), pluginsFor: () => [yUndoPlugin(), outsideHistory] })
    try {
      const [a] = room.peers as [Peer]
      deleteById(a, 'p-3')
      expect(undoStack(a)).toBe(0)
      expect(undo(a.view.state)).toBe(false)
      expect(paragraphsOf(a.doc, 'art-2')[0]!.textContent).toBe('')
    } finally {
      room.destroy()
    }
  })

  it("does not put the repair of a collaborator's change into the local drafter's undo history", async () => {
    const room = new YHarness({ peers: 2, rng: seededRng(1), initial: treaty(), pluginsFor: () => [yUndoPlugin(), normalizePlugin()] })
    try {
      const [a, c] = room.peers as [Peer, Peer]
      deleteById(a, 'p-3') // a's own edit, repaired locally
      await room.settle() // c receives it; nothing for c to repair
      deleteById(a, 'p-1')
      deleteById(c, 'p-2')
      await room.settle() // both repair art-1, each after the other's deletion arrived
      expect(undoStack(c)).toBe(1) // c's own deletion only
      expect(undoStack(a)).toBe(1) // a's two deletions, captured as one step
      expect(treatyShapeErrors(c.doc)).toEqual([])
    } finally {
      room.destroy()
    }
  })
})
