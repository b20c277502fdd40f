// The schema version a document's content carries is the server's to write: a drafter's client
// that deletes or changes it is closed, the version is restored for everyone, and the document
// still opens, unchanged, after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT, META_MAP, SCHEMA_KEY, SCHEMA_VERSION } from '../../editor/model/index.js'
import { CloseCode } from '../../editor/model/sync-messages.js'
import { encodeUpdate } from '../../server/sync/protocol.js'
import { createDocument, type TestServer } from '../helpers/server.js'
import { waitFor } from '../helpers/ws-client.js'
import { craft, RawPeer, stockClient, TestAccess } from './peers.js'
import { startSyncServer } from './server.js'

let t: TestServer
const access = new TestAccess()

beforeAll(async () => { t = await startSyncServer({ access }) })
afterAll(async () => { await t.dispose() })

/** A drafter's raw connection to `docId`, synced. */
async function drafterPeer(docId: string): Promise<RawPeer> {
  const peer = await RawPeer.open(`${t.syncUrl}/${docId}?schema=${SCHEMA_VERSION}&user=mallory`)
  peer.requestState()
  await peer.synced()
  return peer
}

describe('the content\'s schema version', () => {
  it.each([
    ['deleted', (d: Y.Doc) => d.getMap(META_MAP).delete(SCHEMA_KEY)],
    ['set back to 1', (d: Y.Doc) => d.getMap(META_MAP).set(SCHEMA_KEY, 1)],
  ])('%s by a client: the connection is closed, the version restored, and the document opens after a restart', async (_name, change) => {
    const docId = (await createDocument(t, 'Guarded treaty')).id
    access.grant(docId, 'mallory', 'drafter')
    access.grant(docId, 'dora', 'drafter')
    const mallory = await drafterPeer(docId)
    const text = mallory.doc.getXmlFragment(CONTENT_FRAGMENT).toString()
    mallory.send(encodeUpdate(craft(mallory.doc, change)))
    const closed = await mallory.closed
    expect(closed.code).toBe(CloseCode.forbidden)
    expect(closed.reason).toContain('schema version')
    const room = await t.server.rooms.peek(docId)
    expect(room!.doc.getMap(META_MAP).get(SCHEMA_KEY)).toBe(SCHEMA_VERSION)

    const restarted = await t.restart()
    t = restarted
    const dora = stockClient(t.syncUrl, docId, 'dora')
    await dora.synced()
    await waitFor(() => dora.doc.getMap(META_MAP).get(SCHEMA_KEY) === SCHEMA_VERSION, 'the version reaches a client')
    expect(dora.doc.getXmlFragment(CONTENT_FRAGMENT).toString()).toBe(text)
    dora.destroy()
  })
})
