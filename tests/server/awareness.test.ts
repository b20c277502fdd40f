import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeAwarenessUpdate, encodeAwareness, MESSAGE_AWARENESS, type AwarenessEntry } from '../../server/sync/protocol.js'
import * as decoding from 'lib0/decoding'
import { createDocument, startTestServer, type TestServer } from '../helpers/server.js'
import { connectClient, openRawSocket, waitFor, type RawSocket } from '../helpers/ws-client.js'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(async () => {
  await t.dispose()
})

/** The awareness entries a raw socket has received, message by message. */
function awarenessReceived(raw: RawSocket): AwarenessEntry[][] {
  return raw.messages.filter((m) => m[0] === MESSAGE_AWARENESS).map((m) => {
    const d = decoding.createDecoder(m)
    decoding.readVarUint(d)
    return decodeAwarenessUpdate(decoding.readVarUint8Array(d))
  })
}

const user = (name: string) => JSON.stringify({ user: { name, color: '#1e66f5' } })
const summary = (raw: RawSocket) => awarenessReceived(raw).map((m) => m.map((e) => `${e.clientId}@${e.clock}${e.state === 'null' ? ' left' : ''}`).join(','))

describe('awareness relay', () => {
  it('forwards news once and drops an echoed, duplicate or stale entry', async () => {
    const { id } = await createDocument(t, 'Presence')
    const r1 = await openRawSocket(`${t.syncUrl}/${id}`)
    const r2 = await openRawSocket(`${t.syncUrl}/${id}`)
    const room = (await t.server.rooms.peek(id))!
    await waitFor(() => room.size === 2, 'both sockets joined')

    const ann = encodeAwareness([{ clientId: 1001, clock: 3, state: user('Ann') }])
    r1.send(ann)
    await waitFor(() => summary(r2).length === 1, 'r2 to receive Ann')
    r2.send(ann) // what the stock client does with every awareness update it receives
    r1.send(ann) // a plain duplicate
    r1.send(encodeAwareness([{ clientId: 1001, clock: 2, state: user('Ann, stale') }]))
    r2.send(encodeAwareness([{ clientId: 1002, clock: 1, state: user('Bo') }]))
    await waitFor(() => room.awareness.stats.accepted + room.awareness.stats.dropped === 5, 'the five entries to be judged')
    // each socket asks who is present: the answer comes after anything relayed to it before
    r1.send(new Uint8Array([3]))
    r2.send(new Uint8Array([3]))
    await waitFor(() => summary(r1).length === 3 && summary(r2).length === 3, 'both awareness queries answered')

    // Each socket gets each piece of news exactly once (the sender included, which ignores it).
    expect(summary(r1)).toEqual(['1001@3', '1002@1', '1001@3,1002@1'])
    expect(summary(r2)).toEqual(['1001@3', '1002@1', '1001@3,1002@1'])
    expect(room.awareness.stats).toEqual({ accepted: 2, dropped: 3 })
    // signed in as the admin: the server stamps the account's name and colour over what was claimed
    expect(room.awareness.stateOf(1001)).toEqual({ user: { id: expect.any(String), name: 'Administrator', color: expect.stringMatching(/^#[0-9a-f]{6}$/i) } })

    // A joining client is told who is present.
    const r3 = await openRawSocket(`${t.syncUrl}/${id}`)
    await waitFor(() => summary(r3).length === 1, 'r3 to receive the present clients')
    expect(summary(r3)).toEqual(['1001@3,1002@1'])

    // Closing a connection removes its clients for everyone else, with a newer clock.
    r1.ws.close()
    await waitFor(() => summary(r2).length === 4, 'r2 to hear that Ann left')
    expect(summary(r2)[3]).toBe('1001@4 left')
    // The echo of that removal is stale too.
    r2.send(encodeAwareness([{ clientId: 1001, clock: 4, state: 'null' }]))
    r3.send(new Uint8Array([3]))
    await waitFor(() => summary(r3).length === 3, 'r3 to get its awareness query answered')
    expect(summary(r3).slice(1)).toEqual(['1001@4 left', '1002@1'])
    r2.ws.close()
    r3.ws.close()
  })

  it('stock clients: a cursor update reaches every client once, and their echoes are dropped', async () => {
    const { id } = await createDocument(t, 'Cursors')
    const clients = [0, 1, 2].map(() => connectClient(t.syncUrl, id))
    try {
      await Promise.all(clients.map((c) => c.synced()))
      clients.forEach((c, i) => c.provider.awareness.setLocalStateField('user', { name: `User ${i}`, color: '#40a02b' }))
      await waitFor(() => clients.every((c) => c.provider.awareness.getStates().size === 3), 'everyone to see everyone')
      const room = (await t.server.rooms.peek(id))!
      await new Promise((r) => setTimeout(r, 50))
      const start = { ...room.awareness.stats }

      const [a, b, c] = clients as [typeof clients[0], typeof clients[0], typeof clients[0]]
      for (let i = 0; i < 10; i++) a.provider.awareness.setLocalStateField('cursor', { anchor: i, head: i })
      const seen = () => [b, c].every((x) => (x.provider.awareness.getStates().get(a.doc.clientID) as { cursor?: { head: number } })?.cursor?.head === 9)
      await waitFor(seen, 'the last cursor position everywhere')
      await new Promise((r) => setTimeout(r, 50))

      // Ten updates accepted; the two other clients each echoed them, and all twenty echoes stopped here.
      expect(room.awareness.stats.accepted - start.accepted).toBe(10)
      expect(room.awareness.stats.dropped - start.dropped).toBe(20)
    } finally {
      clients.forEach((c) => c.destroy())
    }
  })
})
