import { beforeEach, describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { newTreaty } from '../../editor/model/index.js'
import { createLogger, type LogRecord } from '../../server/log.js'
import { contentState } from '../../editor/model/content.js'
import { encodeAwareness, encodeSyncStep1, encodeUpdate, MESSAGE_SYNC, SYNC_STEP2, SYNC_UPDATE } from '../../server/sync/protocol.js'
import { Room } from '../../server/sync/room.js'
import type { Connection } from '../../server/sync/connection.js'
import { fakeConnection, MemoryStore, type FakeSocket } from './fakes.js'
import { waitFor } from '../helpers/ws-client.js'
import { applyRemoteUpdate, unseenDeletedText } from '../../editor/model/unseen-deletions.js'

let store: MemoryStore
let logs: LogRecord[]

beforeEach(async () => {
  store = new MemoryStore()
  logs = []
  await store.createDocument({ id: 'd1', title: 'T', createdAt: 0, updatedAt: 0 }, [{ channel: 'content', state: contentState(newTreaty('T')) }])
})

function load(): Promise<Room> {
  return Room.load({
    documentId: 'd1', channel: 'content', store, log: createLogger('debug', (r) => logs.push(r)),
    maxMessageBytes: 1 << 20, compactAfterUpdates: 100, idleUnloadMs: 60_000, storeRetryMs: 20,
    onIdle: () => {}, onGone: (r) => r.terminate(4410, 'document deleted'),
  })
}

/** A client change to the room's document, as an update message, and the change's text. */
function clientUpdate(room: Room, key: string, value: string): Uint8Array {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
  let update: Uint8Array | null = null
  doc.on('update', (u: Uint8Array) => { update = u })
  doc.getMap('parameters').set(key, value)
  return encodeUpdate(update!)
}

const kinds = (socket: FakeSocket) => socket.sent.map((m) => (m[0] === MESSAGE_SYNC ? (m[1] === SYNC_UPDATE ? 'update' : m[1] === SYNC_STEP2 ? 'step2' : 'step1') : 'awareness'))
const tick = () => new Promise((r) => setImmediate(r))

async function joined(room: Room, n: number) {
  const all = Array.from({ length: n }, () => fakeConnection('d1'))
  for (const { conn, socket } of all) { room.join(conn); socket.sent = [] }
  return all
}

/** An update from `a`, then one from `b` in a later turn, each stored as its own batch whose sync is held. */
async function twoBatchesWaitingForTheDisk(room: Room, a: Connection, b: Connection) {
  const first = store.holdNext()
  await room.receive(a, clientUpdate(room, 'place', 'Geneva'))
  await tick()
  await tick()
  const second = store.holdNext()
  await room.receive(b, clientUpdate(room, 'depositary', 'the Secretary-General'))
  await tick()
  await tick()
  return { first, second }
}

describe('room: group commit and durability', () => {
  it('stores updates that arrive in the same tick in one transaction, then broadcasts them to all but their sender', async () => {
    const room = await load()
    const [a, b, c] = await joined(room, 3)
    const release = store.hold()
    await room.receive(a!.conn, clientUpdate(room, 'place', 'Geneva'))
    await room.receive(b!.conn, clientUpdate(room, 'depositary', 'the Secretary-General'))
    await tick()
    await tick()
    expect(kinds(c!.socket)).toEqual([]) // not durable yet, so not sent
    release()
    await room.durable()
    expect(store.appendCalls.map((batch) => batch.length)).toEqual([2])
    expect(kinds(c!.socket)).toEqual(['update', 'update'])
    expect(kinds(a!.socket)).toEqual(['update'])
    expect(kinds(b!.socket)).toEqual(['update'])
    expect(room.stats).toMatchObject({ batches: 1, updatesStored: 2 })
  })

  it('answers sync step 1 only once the pending updates are stored', async () => {
    const room = await load()
    const [a, c] = await joined(room, 2)
    const release = store.hold()
    await room.receive(a!.conn, clientUpdate(room, 'place', 'Geneva'))
    const answered = room.receive(c!.conn, encodeSyncStep1(new Uint8Array([0])))
    await tick()
    await tick()
    expect(kinds(c!.socket)).toEqual([])
    release()
    await answered
    expect(kinds(c!.socket)).toContain('step2')
    const fresh = new Y.Doc()
    const step2 = c!.socket.sent[kinds(c!.socket).indexOf('step2')]!
    const decoder = decoding.createDecoder(step2)
    decoding.readVarUint(decoder)
    decoding.readVarUint(decoder)
    Y.applyUpdate(fresh, decoding.readVarUint8Array(decoder))
    expect(fresh.getMap('parameters').get('place')).toBe('Geneva')
  })

  it('keeps updates in memory and broadcasts nothing while the store fails, then retries', async () => {
    const room = await load()
    const [a, b] = await joined(room, 2)
    store.failNext = 2
    await room.receive(a!.conn, clientUpdate(room, 'place', 'Geneva'))
    // the store has failed once (it is logged), and nothing went out before or after
    await waitFor(() => logs.some((l) => l.level === 'error' && /storing updates failed/.test(l.message)), 'the failure to be logged')
    expect(kinds(b!.socket)).toEqual([])
    await room.durable()
    expect(store.appendCalls).toHaveLength(1)
    expect(kinds(b!.socket)).toEqual(['update'])
  })

  it('writes the next batch while the one before waits for the disk, and sends both in order once both are durable', async () => {
    const room = await load()
    const [a, b, c] = await joined(room, 3)
    const { first, second } = await twoBatchesWaitingForTheDisk(room, a!.conn, b!.conn)
    expect(store.appendCalls).toHaveLength(2) // written without waiting for the first sync
    second()
    await tick()
    await tick()
    expect(kinds(c!.socket)).toEqual([]) // the second is durable, but the first is not
    first()
    await room.durable()
    await tick()
    expect(kinds(c!.socket)).toEqual(['update', 'update'])
    const seen = new Y.Doc()
    const order = c!.socket.sent.map((m) => {
      const decoder = decoding.createDecoder(m)
      decoding.readVarUint(decoder)
      decoding.readVarUint(decoder)
      Y.applyUpdate(seen, decoding.readVarUint8Array(decoder))
      return [...seen.getMap('parameters').keys()].sort().join(',')
    })
    expect(order).toEqual(['place', 'depositary,place'])
    expect(room.stats).toMatchObject({ batches: 2, updatesStored: 2 })
  })

  it('when a batch fails, the batch written after it is not sent either: both are stored again, in order', async () => {
    const room = await load()
    const [a, b, c] = await joined(room, 3)
    const { first, second } = await twoBatchesWaitingForTheDisk(room, a!.conn, b!.conn)
    first(new Error('EIO: i/o error, fdatasync'))
    second()
    await tick()
    await tick()
    expect(kinds(c!.socket)).toEqual([])
    expect(logs.some((l) => l.level === 'error' && /storing updates failed/.test(l.message))).toBe(true)
    await room.durable()
    await tick()
    expect(store.appendCalls.map((batch) => batch.length)).toEqual([1, 1, 2])
    expect(kinds(c!.socket)).toEqual(['update', 'update'])
    expect(room.stats).toMatchObject({ batches: 1, updatesStored: 2 })
  })

  it("sends a connection's presence after its updates that are still being stored, and others' presence at once", async () => {
    const room = await load()
    const [a, b, c] = await joined(room, 3)
    const cursor = (clientId: number, clock: number) => encodeAwareness([{ clientId, clock, state: JSON.stringify({ cursor: { anchor: clock, head: clock } }) }])
    const release = store.hold()
    await room.receive(a!.conn, clientUpdate(room, 'place', 'Geneva'))
    await room.receive(a!.conn, cursor(11, 1)) // a's cursor now points into text not yet durable
    await room.receive(b!.conn, cursor(22, 1)) // b has nothing unsent
    await tick()
    await tick()
    expect(kinds(c!.socket)).toEqual(['awareness'])
    release()
    await room.durable()
    await tick()
    expect(kinds(c!.socket)).toEqual(['awareness', 'update', 'awareness'])
    expect(kinds(b!.socket)).toEqual(['awareness', 'update', 'awareness'])
    // a's presence, once its update is stored, goes out even when nothing else is pending.
    await room.receive(a!.conn, cursor(11, 2))
    expect(kinds(c!.socket)).toHaveLength(4)
  })

  it('drops writes from a connection that may not write', async () => {
    const room = await load()
    const [a, b] = await joined(room, 2)
    a!.conn.canWrite = false
    await room.receive(a!.conn, clientUpdate(room, 'place', 'Nowhere'))
    await room.durable()
    expect(room.doc.getMap('parameters').get('place')).toBeUndefined()
    expect(room.stats.refusedWrites).toBe(1)
    expect(kinds(b!.socket)).toEqual([])
    expect(store.appendCalls).toEqual([])
  })
})

describe('room: what is sent on', () => {
  it("sends an update on as its writer sent it: a deleted element's delete set lists only what the deleting writer had", async () => {
    const room = await load()
    const [writer, deleter] = await joined(room, 2)
    /** A client's document in step with the room's, and its next update as a message. */
    const client = () => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc))
      const next = (change: () => void): Uint8Array => {
        let update: Uint8Array | null = null
        const keep = (u: Uint8Array) => { update = u }
        doc.on('update', keep)
        change()
        doc.off('update', keep)
        return encodeUpdate(update!)
      }
      return { doc, next }
    }
    const first = client()
    await room.receive(writer!.conn, first.next(() => first.doc.getArray<Y.Text>('notes').insert(0, [new Y.Text('base')])))
    await room.durable()
    const w = client()
    const d = client()
    // the writer types into the text; the other deletes the text, not having received the typing
    await room.receive(writer!.conn, w.next(() => w.doc.getArray<Y.Text>('notes').get(0).insert(4, ' own words')))
    await room.receive(deleter!.conn, d.next(() => d.doc.getArray<Y.Text>('notes').delete(0, 1)))
    await room.durable()
    const sent = writer!.socket.sent.filter((m) => m[0] === MESSAGE_SYNC && m[1] === SYNC_UPDATE)
    expect(sent).toHaveLength(1)
    const decoder = decoding.createDecoder(sent[0]!)
    decoding.readVarUint(decoder)
    decoding.readVarUint(decoder)
    const answers: string[] = []
    w.doc.getArray('notes').observeDeep(() => { answers.push(unseenDeletedText(w.doc).own) })
    applyRemoteUpdate(w.doc, decoding.readVarUint8Array(decoder), 'server')
    expect(w.doc.getArray('notes').length).toBe(0)
    expect(answers).toEqual([' own words'])
    // the room's own document has the deletion whole, also of what the deleter never had
    expect(room.doc.getArray('notes').length).toBe(0)
  })

  it("answers a writer that was away with a state whose delete set lists only what writers deleted: the writer's words the deleter never had are unseen", async () => {
    const room = await load()
    const [writer, deleter] = await joined(room, 2)
    const seed = new Y.Doc()
    seed.getArray<Y.Text>('notes').insert(0, [new Y.Text('base')])
    await room.receive(writer!.conn, encodeUpdate(Y.encodeStateAsUpdate(seed)))
    await room.durable()
    const copy = () => { const doc = new Y.Doc(); Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc)); return doc }
    const w = copy()
    const d = copy()
    // the writer types (the room has it), then is away while another deletes the text, never having had the typing
    const before = Y.encodeStateVector(w)
    w.getArray<Y.Text>('notes').get(0).insert(4, ' own words')
    await room.receive(writer!.conn, encodeUpdate(Y.encodeStateAsUpdate(w, before)))
    const dBefore = Y.encodeStateVector(d)
    d.getArray<Y.Text>('notes').delete(0, 1)
    await room.receive(deleter!.conn, encodeUpdate(Y.encodeStateAsUpdate(d, dBefore)))
    await room.durable()
    // back, the writer asks for what it lacks
    writer!.socket.sent.length = 0
    await room.receive(writer!.conn, encodeSyncStep1(Y.encodeStateVector(w)))
    const answer = writer!.socket.sent.find((m) => m[0] === MESSAGE_SYNC && m[1] === SYNC_STEP2)
    expect(answer).toBeDefined()
    const decoder = decoding.createDecoder(answer!)
    decoding.readVarUint(decoder)
    decoding.readVarUint(decoder)
    const answers: string[] = []
    w.getArray('notes').observeDeep(() => { answers.push(unseenDeletedText(w).own) })
    applyRemoteUpdate(w, decoding.readVarUint8Array(decoder), 'server')
    expect(answers).toEqual([' own words'])
    // and it ends as the room's document
    expect(w.getArray('notes').length).toBe(0)
    expect(Y.encodeStateVector(w)).toEqual(Y.encodeStateVector(room.doc))
  })
})

describe('room: unload and deletion', () => {
  it('unload stores pending updates, closes connections with 1001 and compacts the log', async () => {
    const room = await load()
    const [a] = await joined(room, 1)
    const release = store.hold()
    await room.receive(a!.conn, clientUpdate(room, 'place', 'Geneva'))
    const unloading = room.unload()
    release()
    await unloading
    expect(a!.socket.closedWith).toEqual({ code: 1001, reason: 'server shutting down' })
    const state = await store.loadState('d1', 'content')
    expect(state.updates).toEqual([])
    const reloaded = new Y.Doc()
    Y.applyUpdate(reloaded, state.snapshot!)
    expect(reloaded.getMap('parameters').get('place')).toBe('Geneva')
    expect(room.state).toBe('closed')
  })

  it('a document deleted while loaded closes its connections with 4410 and stores nothing more', async () => {
    const room = await load()
    const [a, b] = await joined(room, 2)
    await store.deleteDocument('d1')
    await room.receive(a!.conn, clientUpdate(room, 'place', 'Geneva'))
    await room.durable()
    expect(a!.socket.closedWith).toEqual({ code: 4410, reason: 'document deleted' })
    expect(b!.socket.closedWith).toEqual({ code: 4410, reason: 'document deleted' })
    expect(kinds(b!.socket)).toEqual([])
    expect(store.appendCalls).toEqual([])
  })
})
