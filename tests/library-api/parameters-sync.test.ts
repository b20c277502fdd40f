// Document-wide parameters between two collaborators over the real server: a clause inserted by
// one brings its values only where the document has none, and a value filled or changed by
// either is what every occurrence shows for both.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { resolve } from 'node:path'
import { schema } from '../../editor/model/schema.js'
import { PARAMETERS_MAP } from '../../editor/model/ydoc.js'
import { instantiateClause } from '../../editor/model/clauses/index.js'
import { parametersPlugin, parameterList } from '../../editor/plugins/parameters.js'
import { insertClause, valueConflicts } from '../../editor/commands/clauses.js'
import { loadClauses } from '../../server/library/load-clauses.js'
import { createDocument, startTestServer, type TestServer } from '../helpers/server.js'
import { connectClient, editTreaty, treatyOf, waitFor, type SyncClient } from '../helpers/ws-client.js'

let t: TestServer
let a: SyncClient
let b: SyncClient

beforeAll(async () => {
  t = await startTestServer()
  const id = (await createDocument(t, 'Parameters')).id
  a = connectClient(t.syncUrl, id)
  b = connectClient(t.syncUrl, id)
  await Promise.all([a.synced(), b.synced()])
})
afterAll(async () => { a?.destroy(); b?.destroy(); await t?.dispose() })

/** An editor state over a client's current treaty and shared values, with the cursor in the first article. */
function stateOf(doc: Y.Doc): EditorState {
  const treaty = treatyOf(doc)
  let inArticle = 1
  treaty.descendants((n, pos) => { if (inArticle === 1 && n.type.name === 'heading') inArticle = pos + 1; return inArticle === 1 })
  const state = EditorState.create({ schema, doc: treaty, plugins: [parametersPlugin(doc.getMap<string>(PARAMETERS_MAP))] })
  return state.apply(state.tr.setSelection((state.selection.constructor as typeof import('prosemirror-state').TextSelection).create(treaty, inArticle)))
}

/** Inserts `instance` with its values as the editor would. */
function insertInto(doc: Y.Doc, instance: ReturnType<typeof instantiateClause>): void {
  const state = stateOf(doc)
  let next: Node | null = null
  expect(insertClause(instance)(state, (tr) => { next = tr.doc })).toBe(true)
  editTreaty(doc, () => next!)
}

const shown = (doc: Y.Doc, name: string) => doc.getMap<string>(PARAMETERS_MAP).get(name)

it('values filled by one collaborator reach the other for every occurrence, and a clause never overwrites them', async () => {
  const lib = await loadClauses(resolve(import.meta.dirname, '../../clauses'))
  const depositary = lib.byId.get('depositary')!
  const denunciation = lib.byId.get('denunciation')!
  const shared = depositary.parameters.map((p) => p.name).filter((n) => denunciation.parameters.some((p) => p.name === n))
  expect(shared).toContain('instrument')

  // A inserts the depositary clause with a value for "instrument"; it goes to the shared values
  const first = instantiateClause(depositary, { values: { instrument: 'Treaty' } })
  insertInto(a.doc, first)
  await waitFor(() => shown(b.doc, 'instrument') === 'Treaty', 'B to see the value A filled')
  await waitFor(() => treatyOf(b.doc).textContent.length > 0 && JSON.stringify(b.json()).includes('"instrument"'), 'B to see the clause with its parameter')

  // B inserts another clause using the same parameter with another value: the document keeps its own
  const second = instantiateClause(denunciation, { values: { instrument: 'Protocol' } })
  expect(valueConflicts(stateOf(b.doc), second.parameters)).toEqual([{ name: 'instrument', current: 'Treaty', proposed: 'Protocol' }])
  insertInto(b.doc, second)
  await waitFor(() => parameterList(stateOf(a.doc)).filter((p) => p.name === 'instrument').length === 1 && countAtoms(a.doc, 'instrument') >= 2, 'A to see both clauses')
  expect(shown(a.doc, 'instrument')).toBe('Treaty')

  // B changes the value: A's every occurrence shows the new one (one value per name)
  b.doc.getMap<string>(PARAMETERS_MAP).set('instrument', 'Agreement')
  await waitFor(() => shown(a.doc, 'instrument') === 'Agreement', 'A to see the value B changed')
  expect(parameterList(stateOf(a.doc)).find((p) => p.name === 'instrument')?.value).toBe('Agreement')
})

function countAtoms(doc: Y.Doc, name: string): number {
  let n = 0
  treatyOf(doc).descendants((node) => { if (node.type.name === 'parameter' && node.attrs.name === name) n++; return true })
  return n
}
