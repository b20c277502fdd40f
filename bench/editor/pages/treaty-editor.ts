// Pacta's treaty editor without the application around it: the editor state the page builds
// (`createTreatyState`: the binding, every treaty plugin, the keymaps) over a stock y-websocket
// provider and server, as the y-prosemirror page has them, with no account, no panels, no review
// channels and no persistence. Beside the y-prosemirror page it prices what the treaty editor
// itself costs to open; beside Pacta's page, what the application adds.
// The room is the page's `?room=`; the y-websocket server is the page's own host.
import { EditorView } from 'prosemirror-view'
import { createTreatyState } from '../../../editor/editor-state.js'
import { insertParameter, insertXref } from '../../../editor/commands/inline.js'
import { CONTENT_FRAGMENT, META_MAP, PARAMETERS_MAP } from '../../../editor/model/ydoc.js'
import { ClauseCache } from '../../../editor/ui/library-client.js'
import { ApiError } from '../../../editor/api.js'
import { editorHost, expose, fail } from './frame.js'
import { syncedDocument } from './synced.js'

async function main() {
  const host = editorHost()
  const { ydoc, provider } = await syncedDocument()
  const state = createTreatyState({
    fragment: ydoc.getXmlFragment(CONTENT_FRAGMENT),
    parameters: ydoc.getMap<string>(PARAMETERS_MAP),
    meta: ydoc.getMap<unknown>(META_MAP),
    awareness: provider.awareness,
    // no library here: a clause record's source is looked up and found missing
    clauses: new ClauseCache(async (id) => { throw new ApiError(404, `no clause ${id}`) }, async () => { throw new ApiError(404, 'no library') }),
    openProvenance: () => {},
    insertXref: insertXref(),
    insertParameter: insertParameter(),
  })
  expose(new EditorView(host, { state, attributes: { class: 'treaty', spellcheck: 'true' } }))
}

main().catch(fail)
