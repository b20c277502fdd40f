// A document's content Y.Doc and the treaty it holds, both ways: the state a new document starts
// with, and the treaty and parameter values read back from stored or live state (for exports).
// The names of the shared types are ydoc.ts's; the fragment is written as the editor's
// y-prosemirror binding writes it, and old content is migrated on reading (migrate.ts).
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { markCurrentSchema, migrateContent } from './migrate.js'
import { markWrittenOutsideEditors } from './carried-text.js'
import { normalizeTreaty } from './normalize.js'
import { schema } from './schema.js'
import { citationStyleOf, type CitationStyle } from './citation.js'
import { CITATION_STYLE_KEY, CONTENT_FRAGMENT, META_MAP, PARAMETERS_MAP } from './ydoc.js'

/** A document's content as exporters read it. */
export interface DocumentContent {
  /** The treaty as a ProseMirror node of the shared schema (not normalised: as stored). */
  doc: Node
  /** Parameter values, name → value; values that are not strings are left out (shown as unfilled). */
  parameters: Record<string, string>
  /** How the document's cross-references read (its setting, or the default). */
  citationStyle: CitationStyle
}

/** Transaction origin of content written outside any editor (seeding, new documents). */
const SERVER_ORIGIN = 'server'

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
    markWrittenOutsideEditors(ydoc)
  }, SERVER_ORIGIN)
  const state = Y.encodeStateAsUpdate(ydoc)
  ydoc.destroy()
  return state
}

/**
 * The content of a Y.Doc, read from a private copy. y-prosemirror's converters delete every
 * element they cannot build as a node (an unknown node type, a text with an unknown mark) from
 * the Y.Doc they read, which for a live room would be an edit sent to everyone; on the copy it
 * only leaves that element out, as the editor leaves it out of its view.
 */
export function contentOfYDoc(ydoc: Y.Doc): DocumentContent {
  return contentOfUpdates([Y.encodeStateAsUpdate(ydoc)])
}

/** The content described by a list of Yjs updates (a snapshot, then the updates logged since). */
export function contentOfUpdates(updates: Uint8Array[]): DocumentContent {
  const { content, copy } = contentCopyOfUpdates(updates)
  copy.destroy()
  return content
}

/**
 * Like `contentOfUpdates`, and also the private copy the content was read from: its fragment is
 * what the document's positions index, so review anchors resolve against it. The caller destroys it.
 */
export function contentCopyOfUpdates(updates: Uint8Array[]): { content: DocumentContent; copy: Y.Doc } {
  const copy = new Y.Doc({ gc: true })
  try {
    Y.transact(copy, () => {
      for (const update of updates) Y.applyUpdate(copy, update)
    })
    // a document stored under an older schema and not opened since is read as it will be migrated
    migrateContent(copy, null)
    const doc = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(CONTENT_FRAGMENT), schema)
    const parameters: Record<string, string> = Object.create(null) as Record<string, string>
    copy.getMap<unknown>(PARAMETERS_MAP).forEach((value, name) => {
      if (typeof value === 'string') parameters[name] = value
    })
    const citationStyle = citationStyleOf(copy.getMap<unknown>(META_MAP).get(CITATION_STYLE_KEY))
    return { content: { doc, parameters, citationStyle }, copy }
  } catch (err) {
    copy.destroy()
    throw err
  }
}
