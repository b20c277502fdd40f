// The heartbeat: the server answers a ping at once, also before the document has loaded, and a
// ping changes nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCHEMA_VERSION } from '../../editor/model/index.js'
import { encodePing, isPing } from '../../editor/model/sync-messages.js'
import { createDocument, type TestServer } from '../helpers/server.js'
import { waitFor } from '../helpers/ws-client.js'
import { RawPeer, TestAccess } from './peers.js'
import { startSyncServer } from './server.js'

let t: TestServer
let docId: string
const access = new TestAccess()

beforeAll(async () => {
  t = await startSyncServer({ access })
  docId = (await createDocument(t, 'Heartbeat')).id
  access.grant(docId, 'otto', 'observer')
})
afterAll(() => t.dispose())

describe('a ping', () => {
  it('is answered with a ping, sent before the document loaded or after, and the connection stays open', async () => {
    const peer = await RawPeer.open(`${t.syncUrl}/${docId}?schema=${SCHEMA_VERSION}&user=otto`, { onOpen: (ws) => ws.send(encodePing()) })
    await waitFor(() => peer.received.some(isPing), 'the answer to the early ping')
    peer.requestState()
    await peer.synced()
    const before = peer.received.filter(isPing).length
    peer.send(encodePing())
    await waitFor(() => peer.received.filter(isPing).length === before + 1, 'the answer to the second ping')
    expect(peer.open).toBe(true)
    expect(peer.denied).toEqual([])
    peer.close()
  })
})
