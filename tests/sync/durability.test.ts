// Durability you can see: the editor's tracker says "saving" then "saved" only once the server stored its edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { trackDurability, type SaveState } from '../../editor/collab/durability.js'
import { PARAMETERS_MAP } from '../../editor/model/index.js'
import { encodeUpdate, MESSAGE_DURABLE } from '../../server/sync/protocol.js'
import { createDocument, type TestServer } from '../helpers/server.js'
import { waitFor } from '../helpers/ws-client.js'
import { craft, RawPeer, stockClient, TestAccess } from './peers.js'
import { startSyncServer } from './server.js'

const access = new TestAccess()
let t: TestServer
let docId: string
beforeAll(async () => {
  t = await startSyncServer({ access })
  docId = (await createDocument(t, 'Durable')).id
  access.grant(docId, 'dora', 'drafter')
  access.grant(docId, 'rita', 'reviewer')
})
afterAll(async () => {
  await t.dispose()
})

async function storedParameters(): Promise<Y.Map<unknown>> {
  const state = await t.server.store.loadState(docId, 'content')
  const doc = new Y.Doc()
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot)
  for (const u of state.updates) Y.applyUpdate(doc, u)
  return doc.getMap(PARAMETERS_MAP)
}

describe('durability tracker', () => {
  it('goes saving → saved, and "saved" means the edit is in the database', async () => {
    const client = stockClient(t.syncUrl, docId, 'dora')
    const tracker = trackDurability(client.provider)
    const states: SaveState[] = []
    tracker.onChange((s) => states.push(s))
    await client.synced()
    // Hold the database: the edit is applied but not stored, so the tracker must keep saying "saving".
    const store = t.server.store as unknown as { appendUpdates: (...a: unknown[]) => Promise<unknown> }
    const append = store.appendUpdates.bind(store)
    let release!: () => void
    const gate = new Promise<void>((r) => { release = r })
    store.appendUpdates = async (...a) => { await gate; return append(...a) }
    try {
      expect(await tracker.settled()).toBe('saved') // nothing sent yet: at once
      client.doc.getMap(PARAMETERS_MAP).set('place', 'Geneva')
      expect(tracker.state).toBe('saving')
      let settledWith: SaveState | null = null
      void tracker.settled().then((s) => { settledWith = s })
      await new Promise((r) => setTimeout(r, 100))
      expect(tracker.state).toBe('saving')
      expect(settledWith).toBeNull()
      expect((await storedParameters()).get('place')).toBeUndefined()
      release()
      await waitFor(() => tracker.state === 'saved', 'saved')
      expect((await storedParameters()).get('place')).toBe('Geneva')
      expect(states).toEqual(['saving', 'saved'])
      await waitFor(() => settledWith !== null, 'settled')
      expect(settledWith).toBe('saved')
      expect(tracker.confirmed).toBe(tracker.local)
    } finally {
      store.appendUpdates = append
      tracker.destroy()
      client.destroy()
    }
  })

  it('edits made offline are "saving" until the reconnect stored them', async () => {
    const client = stockClient(t.syncUrl, docId, 'dora')
    const tracker = trackDurability(client.provider)
    try {
      await client.synced()
      client.provider.disconnect()
      client.doc.getMap(PARAMETERS_MAP).set('offline', 'typed on a train')
      expect(client.provider.ws).toBeNull() // nothing can confirm it while there is no connection
      expect(tracker.state).toBe('saving')
      client.provider.connect()
      await waitFor(() => tracker.state === 'saved', 'saved after the reconnect')
      expect((await storedParameters()).get('offline')).toBe('typed on a train')
    } finally {
      tracker.destroy()
      client.destroy()
    }
  })

  it('a reviewer’s edit is "refused", never "saved"', async () => {
    const client = stockClient(t.syncUrl, docId, 'rita')
    const tracker = trackDurability(client.provider)
    const warn = console.warn
    console.warn = () => {}
    try {
      await client.synced()
      client.doc.getMap(PARAMETERS_MAP).set('reviewer', 'INTRUDER')
      await waitFor(() => tracker.state === 'refused', 'refused')
      expect(await tracker.settled()).toBe('refused')
      expect(tracker.reason).toMatch(/permission-denied: a reviewer may not change the treaty text/)
      await new Promise((r) => setTimeout(r, 100))
      expect(tracker.state).toBe('refused')
    } finally {
      console.warn = warn
      tracker.destroy()
      client.destroy()
    }
  })

  it('a client that never asks never receives a durability message', async () => {
    const peer = await RawPeer.open(`${t.syncUrl}/${docId}?user=dora`)
    peer.requestState()
    await peer.synced()
    peer.send(encodeUpdate(craft(peer.doc, (d) => d.getMap(PARAMETERS_MAP).set('plain', 'client'))))
    const room = (await t.server.rooms.peek(docId))!
    await waitFor(() => room.doc.getMap(PARAMETERS_MAP).get('plain') === 'client', 'the edit applied')
    await room.durable()
    // it asks who is present: the answer comes after anything the server sent it before
    const answers = peer.awareness.length
    peer.send([3])
    await waitFor(() => peer.awareness.length > answers, 'the awareness query answered')
    expect(peer.received.filter((m) => m[0] === MESSAGE_DURABLE)).toEqual([])
    peer.close()
  })
})
