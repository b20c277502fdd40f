// The document's settings, kept in the content Y.Doc's meta map (ydoc.ts) so that every page and
// every export reads the same: for now its citation style. A setting is not part of the text's
// undo history; the server takes writes to it only from those who may edit the text.
import type { EditorState } from 'prosemirror-state'
import type { CitationStyle } from '../model/citation.js'
import { CITATION_STYLE_KEY } from '../model/ydoc.js'
import { xrefsKey } from '../plugins/xrefs.js'

/** Yjs transaction origin of a settings change made on this page. */
export const SETTINGS_EDIT = Symbol('settings-edit')

/**
 * Sets the document's citation style in the shared document; every open page shows its references
 * in it once the change reaches it (xrefs.ts). False when the editor has no shared document.
 */
export function setCitationStyle(state: EditorState, style: CitationStyle): boolean {
  const meta = xrefsKey.getState(state)?.meta
  if (!meta?.doc) return false
  meta.doc.transact(() => meta.set(CITATION_STYLE_KEY, style), SETTINGS_EDIT)
  return true
}
