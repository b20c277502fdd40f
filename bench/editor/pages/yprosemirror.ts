// y-prosemirror as its README sets it up: the treaty schema bound to a Y.XmlFragment that a stock
// y-websocket provider syncs, with the binding's sync, cursor and undo plugins and no treaty plugins.
// The room is the page's `?room=`; the y-websocket server is the page's own host.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap } from 'prosemirror-commands'
import { initProseMirrorDoc, redo, undo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror'
import { schema } from '../../../editor/model/schema.js'
import { CONTENT_FRAGMENT } from '../../../editor/model/ydoc.js'
import { editorHost, expose, fail } from './frame.js'

async function main() {
  const host = editorHost()
  const room = new URLSearchParams(location.search).get('room') ?? 'unclos'
  const ydoc = new Y.Doc()
  // the provider's defaults, as Pacta's page has them (updates are also posted to other tabs over a BroadcastChannel)
  const provider = new WebsocketProvider(`ws://${location.host}`, room, ydoc)
  provider.awareness.setLocalStateField('user', { name: 'Bench', color: '#1f77b4' })
  // mounted after the first sync, as Pacta mounts its editor
  await new Promise<void>((resolve) => {
    const onSync = (synced: boolean) => { if (synced) { provider.off('sync', onSync); resolve() } }
    provider.on('sync', onSync)
  })
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
