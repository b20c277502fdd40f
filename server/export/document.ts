// Loads a document's current treaty content and parameter values for an exporter: from the live room when loaded, else the store.
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { CONTENT_FRAGMENT, PARAMETERS_MAP, migrateContent, schema } from '../../editor/model/index.js'
import type { Store } from '../store/store.js'
import type { Room } from '../sync/room.js'

/** A document's content as exporters read it. */
export interface ExportContent {
  /** The treaty as a ProseMirror node of the shared schema (not normalised: exported as stored). */
  doc: Node
  /** Parameter values, name → value; values that are not strings are left out (shown as unfilled). */
  parameters: Record<string, string>
}

/** Where the content comes from: the store, and the loaded rooms, whose in-memory state may be ahead of it. */
export interface ContentSource {
  store: Pick<Store, 'loadState'>
  rooms?: { peek(documentId: string, channel?: 'content'): Promise<Room | undefined> }
}

/**
 * The current content of document `documentId`: the live room's state when the document is
 * loaded (edits confirmed to their author are in it), otherwise the stored snapshot and log.
 * The caller has checked that the document exists and that the user may read it.
 */
export async function loadExportContent(documentId: string, source: ContentSource): Promise<ExportContent> {
  const room = await source.rooms?.peek(documentId, 'content')
  if (room) return contentOfYDoc(room.doc)
  const stored = await source.store.loadState(documentId, 'content')
  const updates = [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]
  return contentOfUpdates(updates)
}

/**
 * The content of a Y.Doc, read from a private copy. y-prosemirror's converters delete every
 * element they cannot build as a node (an unknown node type, a text with an unknown mark) from
 * the Y.Doc they read, which for a live room would be an edit sent to everyone; on the copy it
 * only leaves that element out of the export, as the editor leaves it out of its view.
 */
export function contentOfYDoc(ydoc: Y.Doc): ExportContent {
  return contentOfUpdates([Y.encodeStateAsUpdate(ydoc)])
}

/** The content described by a list of Yjs updates (a snapshot, then the updates logged since). */
export function contentOfUpdates(updates: Uint8Array[]): ExportContent {
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
    return { doc, parameters }
  } finally {
    copy.destroy()
  }
}
