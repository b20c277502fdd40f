// Builds the stored Yjs state of a document from a ProseMirror treaty, as the editor binding lays it out.
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import { CONTENT_FRAGMENT, PARAMETERS_MAP, markCurrentSchema, normalizeTreaty } from '../../editor/model/index.js'

/** Transaction origin of content the server creates (seeding, new documents). */
export const SERVER_ORIGIN = 'server'

/**
 * The content Y.Doc state for `treaty` (normalised first, so every article and paragraph has
 * its id before any client connects) with `parameters` in the parameter map and the current
 * schema version in the meta map, as one update.
 */
export function contentState(treaty: Node, parameters: Record<string, string> = {}): Uint8Array {
  const normalised = normalizeTreaty(treaty)?.doc ?? treaty
  const ydoc = new Y.Doc()
  ydoc.transact(() => {
    prosemirrorToYXmlFragment(normalised, ydoc.getXmlFragment(CONTENT_FRAGMENT))
    const map = ydoc.getMap<string>(PARAMETERS_MAP)
    for (const [name, value] of Object.entries(parameters)) map.set(name, value)
    markCurrentSchema(ydoc)
  }, SERVER_ORIGIN)
  const state = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  return state
}
