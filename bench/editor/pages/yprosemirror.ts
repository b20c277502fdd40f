// y-prosemirror as its README sets it up: the treaty schema bound to a Y.XmlFragment that a stock
// y-websocket provider syncs, with the binding's sync, cursor and undo plugins and no treaty plugins.
// The room is the page's `?room=`; the y-websocket server is the page's own host.
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap } from 'prosemirror-commands'
import { initProseMirrorDoc, redo, undo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import { schema } from '../../../editor/model/schema.js'
import { CONTENT_FRAGMENT } from '../../../editor/model/ydoc.js'
import { editorHost, expose, fail } from './frame.js'
import { syncedDocument } from './synced.js'

async function main() {
  const host = editorHost()
  const { ydoc, provider } = await syncedDocument()
  const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
  const { doc, mapping } = initProseMirrorDoc(fragment, schema)
  const state = EditorState.create({
    schema,
    doc,
    plugins: [
      ySyncPlugin(fragment, { mapping }),
      yCursorPlugin(provider.awareness),
      yUndoPlugin(),
      keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Mod-Shift-z': redo }),
      keymap(baseKeymap),
    ],
  })
  expose(new EditorView(host, { state, attributes: { class: 'treaty', spellcheck: 'true' } }))
}

main().catch(fail)
