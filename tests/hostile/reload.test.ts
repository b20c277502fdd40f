// An update Yjs throws on, sent over real sockets: the room reloads from the store and the clients reconnect to it.
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PARAMETERS_MAP, SCHEMA_VERSION } from '../../editor/model/index.js'
import { createDocument } from '../helpers/server.js'
import { connectClient, waitFor } from '../helpers/ws-client.js'
import { RawPeer, TestAccess } from '../sync/peers.js'
import { startSyncServer } from '../sync/server.js'
import { encodeUpdate } from '../../server/sync/protocol.js'
import { openArena, type Arena } from './harness.js'

const CRASHERS = new URL('../fixtures/crashers/', import.meta.url)

let arena: Arena

/** Replays the first recorded update that Yjs throws on (with the messages before it) to `url`; returns the last peer. */
async function sendCrasher(url: string): Promise<RawPeer> {
  const file = readdirSync(CRASHERS).filter((f) => f.startsWith('apply-failure')).sort()[0]!
  const fixture = JSON.parse(readFileSync(new URL(file, CRASHERS), 'utf8')) as { history: { connection: number; message: string }[]; connection: number; message: string }
  let peer = await RawPeer.open(url)
  let connection = fixture.history[0]?.connection ?? fixture.connection
  for (const step of [...fixture.history, { connection: fixture.connection, message: fixture.message }]) {
    if (step.connection !== connection) { peer.close(); peer = await RawPeer.open(url); connection = step.connection }
    peer.send(Buffer.from(step.message, 'hex'))
  }
  return peer
}
beforeAll(async () => {
  arena = await openArena({ sync: { maxBufferedBytes: 1024 * 1024 } })
})
afterAll(async () => {
  await arena.dispose()
})

describe('recovery', () => {
  it('a fixture update that Yjs cannot apply: sender closed with 4400, others get 1012, reconnect, and find the stored document', async () => {
    const { id } = await createDocument(arena.t, 'Reloaded')
    const a = connectClient(arena.t.syncUrl, id)
    const b = connectClient(arena.t.syncUrl, id)
    try {
      await Promise.all([a.synced(), b.synced()])
      const closes: number[] = []
      a.provider.on('connection-close', (e) => { if (e) closes.push(e.code) })
      const peer = await sendCrasher(`${arena.t.syncUrl}/${id}?schema=${SCHEMA_VERSION}`)
      expect(await peer.closed).toEqual({ code: 4400, reason: 'malformed message: update could not be applied' })
      await waitFor(() => closes.includes(1012), 'a to be told the document reloads')
      await Promise.all([a.synced(), b.synced()])
      a.doc.getMap(PARAMETERS_MAP).set('after', 'reload')
      await waitFor(() => b.doc.getMap(PARAMETERS_MAP).get('after') === 'reload', 'a and b to sync again')
      // Memory and store agree: nothing half-applied was stored.
      const room = (await arena.t.server.rooms.peek(id))!
      await room.durable()
      const state = await arena.t.server.store.loadState(id, 'content')
      const stored = new Y.Doc()
      if (state.snapshot) Y.applyUpdate(stored, state.snapshot)
      for (const u of state.updates) Y.applyUpdate(stored, u)
      expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(room.doc))
    } finally {
      a.destroy()
      b.destroy()
    }
    await arena.healthy('a reloaded neighbour')
  })

  it('a client that stops reading is cut (4503) once SYNC_MAX_BUFFERED_BYTES pile up; the others carry on', async () => {
    const peer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`)
    const room = (await arena.t.server.rooms.peek(arena.docId))!
    await waitFor(() => room.size === 3, 'the reader to join')
    ;(peer.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    const writer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`)
    await waitFor(() => room.size === 4, 'the writer to join')
    // About 24 MB of edits: more than the kernel's socket buffers plus the 1 MB cap.
    for (let i = 0; i < 12; i++) {
      const doc = new Y.Doc()
      doc.getMap('bulk').set(`k${i}`, 'x'.repeat(2 * 1024 * 1024))
      writer.send(encodeUpdate(Y.encodeStateAsUpdate(doc)))
      await new Promise((r) => setTimeout(r, 30))
    }
    await waitFor(() => room.size === 3, 'the stalled reader to be cut', 15_000)
    writer.close()
    const closed = arena.t.logs.find((r) => r.message === 'sync connection cut: not reading')
    expect(closed?.fields).toMatchObject({ code: 4503 })
    peer.ws.terminate()
    await arena.healthy('a stalled reader')
  }, 30_000)
})

describe('a member whose update cannot be applied', () => {
  it('is refused sync for SYNC_BAD_UPDATE_COOLDOWN_MS, twice as long the next time; other members are not', async () => {
    const access = new TestAccess()
    const t = await startSyncServer({ access, sync: { badUpdateCooldownMs: 600 } })
    try {
      const { id } = await createDocument(t, 'Held back')
      access.grant(id, 'mallory', 'drafter')
      access.grant(id, 'dora', 'drafter')
      const url = (user: string) => `${t.syncUrl}/${id}?schema=${SCHEMA_VERSION}&user=${user}`
      expect((await (await sendCrasher(url('mallory'))).closed).code).toBe(4400)
      const refused = await RawPeer.open(url('mallory')).then((p) => { p.close(); return null }, (err: { status: number; body: string }) => err)
      expect(refused?.status).toBe(429)
      expect(JSON.parse(refused!.body)).toEqual({ status: 429, error: 'sync refused for 1 s: an update from this account could not be applied' })
      const dora = await RawPeer.open(url('dora'))
      dora.requestState()
      await dora.synced()
      dora.close()
      expect(t.logs.some((r) => r.message === 'sync user held back after an update that could not be applied' && r.fields.user === 'mallory')).toBe(true)

      await waitFor(() => t.server.rooms.heldBack('mallory') === 0, 'the hold to end', 2000)
      expect((await (await sendCrasher(url('mallory'))).closed).code).toBe(4400)
      expect(t.server.rooms.heldBack('mallory')).toBeGreaterThan(600)
    } finally {
      await t.dispose()
    }
  })
})
