// Plain ProseMirror: the treaty schema and document with ProseMirror's own history and keymaps, no Yjs.
import { Node } from 'prosemirror-model'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { history, redo, undo } from 'prosemirror-history'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap } from 'prosemirror-commands'
import { schema } from '../../../editor/model/schema.js'
import { editorHost, expose, fail } from './frame.js'

async function main() {
  const host = editorHost()
  const res = await fetch('/unclos.json')
  if (!res.ok) throw new Error(`GET /unclos.json: ${res.status}`)
  const doc = Node.fromJSON(schema, await res.json())
  const state = EditorState.create({
    doc,
    plugins: [history(), keymap({ 'Mod-z': undo, 'Mod-y': redo, 'Mod-Shift-z': redo }), keymap(baseKeymap)],
  })
  expose(new EditorView(host, { state, attributes: { class: 'treaty', spellcheck: 'true' } }))
}

main().catch(fail)
