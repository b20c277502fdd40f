// Builds the treaty editor's state: the Yjs binding and the treaty plugins, in the order they
// must run. The page and the collaboration tests both build their editors here, so a test peer
// is the editor a drafter uses.
import { EditorState, type Plugin } from 'prosemirror-state'
import { dropCursor } from 'prosemirror-dropcursor'
import { gapCursor } from 'prosemirror-gapcursor'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { defaultDeleteFilter, initProseMirrorDoc, yCursorPlugin, ySyncPlugin, ySyncPluginKey, yUndoPlugin } from 'y-prosemirror'
import { schema } from './model/schema.js'
import { treatyKeymaps } from './commands/keymap.js'
import type { PageCommands } from './commands/actions.js'
import { crossContainerInputPlugin } from './plugins/cross-container-input.js'
import { PARAMETER_EDIT } from './commands/parameters.js'
import { normalizePlugin } from './plugins/normalize.js'
import { joinRecordsPlugin } from './plugins/join-records.js'
import { JOINS_MAP } from './model/ydoc.js'
import { numberingPlugin } from './plugins/numbering.js'
import { xrefsPlugin } from './plugins/xrefs.js'
import { parametersPlugin } from './plugins/parameters.js'
import { provenancePlugin, type ClauseSource, type OpenProvenance } from './plugins/provenance.js'
import { placeholderPlugin } from './plugins/placeholder.js'
import { cursorArticlePlugin } from './plugins/cursor-article.js'
import { mergeNoticesPlugin } from './plugins/merge-notices.js'
import { findPlugin } from './plugins/find.js'
import { footnotesPlugin } from './plugins/footnotes.js'
import { nodeSelectionRestorePlugin } from './plugins/node-selection-restore.js'
import { cursorLabel } from './ui/cursor-label.js'
import { presenceColours } from './collab/presence.js'

/**
 * What the treaty editor is bound to, and the page's handlers its plugins call: the page's
 * commands behind the shortcuts (dialogs, the review sidebar, Check, find, the parameters panel).
 */
export interface TreatyEditorOptions extends PageCommands {
  /** The content Y.Doc's ProseMirror fragment (`CONTENT_FRAGMENT`). */
  fragment: Y.XmlFragment
  /** The content Y.Doc's parameter values (`PARAMETERS_MAP`). */
  parameters: Y.Map<string>
  /** The content Y.Doc's meta map (`META_MAP`), holding the document's settings (its citation style); the defaults without it. */
  meta?: Y.Map<unknown>
  /** The provider's awareness: remote cursors are read from it, the local cursor is published to it. */
  awareness: Awareness
  /** Library clauses named by the document's provenance records (the page's ClauseCache). */
  clauses: ClauseSource
  /** Called when an article's clause badge is clicked. */
  openProvenance: OpenProvenance
  /** More plugins after the treaty's own (the page's review highlights). */
  extraPlugins?: Plugin[]
}

/** The binding's map from Yjs types to the ProseMirror nodes built from them. */
export type BindingMapping = ReturnType<typeof initProseMirrorDoc>['mapping']

/**
 * Text blocks that undo leaves in place while they hold text (y-prosemirror's `protectedNodes`):
 * undoing the block's creation must not delete what a collaborator has typed into it since.
 */
const UNDO_PROTECTED = new Set(['paragraph', 'prose', 'heading', 'recital'])

/**
 * The drafter's undo history, as y-prosemirror's undo plugin makes it, widened to the parameter
 * values: it covers the fragment and the parameters map, and tracks the binding's writes of the
 * drafter's edits and the drafter's own value writes (PARAMETER_EDIT) — never a collaborator's.
 */
function undoManager(options: TreatyEditorOptions): Y.UndoManager {
  return new Y.UndoManager([options.fragment, options.parameters], {
    trackedOrigins: new Set([ySyncPluginKey, PARAMETER_EDIT]),
    deleteFilter: (item) => defaultDeleteFilter(item, UNDO_PROTECTED),
    captureTransaction: (tr) => tr.meta.get('addToHistory') !== false,
  })
}

/**
 * The treaty editor's plugins, in order: the record of joins (which writes before the binding
 * does), the Yjs binding, remote cursors and undo, then the keymaps, the normaliser and the plugins
 * that decorate the document. `mapping` is the binding's map when the document was built with
 * `initProseMirrorDoc` (without it the binding renders the shared document itself when the view is
 * created).
 */
export function treatyPlugins(options: TreatyEditorOptions, mapping?: BindingMapping): Plugin[] {
  const ydoc = options.fragment.doc
  return [
    ...(ydoc ? [joinRecordsPlugin(ydoc.getMap<string>(JOINS_MAP))] : []),
    ySyncPlugin(options.fragment, mapping ? { mapping } : {}),
    yCursorPlugin(options.awareness, { cursorBuilder: cursorLabel((clientId) => presenceColours(options.awareness).get(clientId)) }),
    yUndoPlugin({ undoManager: undoManager(options) }),
    nodeSelectionRestorePlugin(),
    ...treatyKeymaps(options),
    crossContainerInputPlugin(),
    normalizePlugin(),
    numberingPlugin(),
    xrefsPlugin(options.meta ?? null),
    parametersPlugin(options.parameters),
    footnotesPlugin(),
    provenancePlugin(options.clauses, options.openProvenance),
    placeholderPlugin(),
    cursorArticlePlugin(),
    mergeNoticesPlugin(),
    findPlugin(),
    dropCursor(),
    gapCursor(),
    ...(options.extraPlugins ?? []),
  ]
}

/**
 * The treaty editor's state over the shared document as it is now: the document is built from
 * `options.fragment` up front (so the view opens showing it), with the plugins of `treatyPlugins`.
 */
export function createTreatyState(options: TreatyEditorOptions): EditorState {
  const { doc, mapping } = initProseMirrorDoc(options.fragment, schema)
  return EditorState.create({ schema, doc, plugins: treatyPlugins(options, mapping) })
}
