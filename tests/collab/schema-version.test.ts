// @vitest-environment jsdom
// An editor built for an older schema must not sync: y-prosemirror would delete, for everyone, every node type it does not know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Schema, type NodeSpec } from 'prosemirror-model'
import * as b from '../../editor/model/build.js'
import { marks, nodes, schema, SCHEMA_VERSION } from '../../editor/model/schema.js'
import { normalizePlugin } from '../../editor/plugins/normalize.js'
import { seededRng } from '../helpers/prng.js'
import { YHarness, muteSelectionWarnings, type Peer } from '../helpers/yharness.js'
import { textOf } from './ledger.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

/** The treaty schema as it would have been before drafting notes existed: one node type fewer. */
function schemaWithoutDraftingNotes(): Schema {
  const older: Record<string, NodeSpec> = {}
  for (const [name, spec] of Object.entries(nodes as Record<string, NodeSpec>)) {
    if (name === 'drafting_note') continue
    older[name] = spec.content ? { ...spec, content: spec.content.replace(/ \| drafting_note/g, '') } : spec
  }
  return new Schema({ nodes: older, marks })
}

const NOTE = 'Check against the Rome Statute'

/** A treaty holding the node type the older editor lacks. */
const treaty = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Legal safety'), b.paragraph({ id: 'p-1' }, 'No person shall be prosecuted.'), b.note(NOTE)),
)

/** Peer 2 runs the older editor; peers 0 and 1 the current one. */
const OLD = 2
const older = schemaWithoutDraftingNotes()

const room = (admit?: (i: number) => string | null) => new YHarness({
  peers: 3,
  rng: seededRng(7),
  initial: treaty(),
  admit,
  schemaFor: (i) => (i === OLD ? older : schema),
  // The older editor's normaliser would be built for its own schema; it has none here, which changes nothing below.
  pluginsFor: (i) => (i === OLD ? [] : [normalizePlugin()]),
})

/** What the sync server does with the `schema` parameter an editor connects with (see the server's 4426 close). */
const serverGate = (declared: (i: number) => number) => (i: number) =>
  declared(i) < SCHEMA_VERSION ? 'schema outdated: reload the editor' : null

describe('an editor built for an older schema', () => {
  it('(the hazard) deletes, for every participant, a node type it does not know as soon as it binds to the document', async () => {
    const open = room()
    try {
      await open.settle()
      // Nobody deleted the note; the older editor could not build it and y-prosemirror removed it from Yjs.
      for (const peer of open.peers) expect(textOf(peer.doc)).not.toContain(NOTE)
      expect(open.peers[0]!.fragment.toString()).not.toContain('drafting_note')
    } finally {
      open.destroy()
    }
  })

  it('is refused before it syncs, so the document keeps the newer node type for everyone else', async () => {
    const declared = (i: number) => (i === OLD ? SCHEMA_VERSION - 1 : SCHEMA_VERSION)
    const guarded = room(serverGate(declared))
    try {
      await guarded.settle()
      const old = guarded.peers[OLD] as Peer
      expect(old.refused).toBe('schema outdated: reload the editor')
      expect(old.doc.childCount).toBe(0) // it never received the document
      for (const peer of guarded.peers.filter((p) => p !== old)) expect(textOf(peer.doc)).toContain(NOTE)
      expect(guarded.peers[0]!.fragment.toString()).toContain('drafting_note')
    } finally {
      guarded.destroy()
    }
  })
})
