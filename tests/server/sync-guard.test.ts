import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT, SCHEMA_VERSION } from '../../editor/model/index.js'
import { encodeSyncStep1, encodeUpdate } from '../../server/sync/protocol.js'
import { createDocument, startTestServer, storeFingerprint, type TestServer } from '../helpers/server.js'
import { connectClient, openRawSocket, treatyOf, waitFor, type SyncClient } from '../helpers/ws-client.js'

let t: TestServer
let docId: string
let a: SyncClient
let b: SyncClient

beforeAll(async () => {
  t = await startTestServer({ maxMessageBytes: 4096 })
  docId = (await createDocument(t, 'Guarded')).id
  a = connectClient(t.syncUrl, docId)
  b = connectClient(t.syncUrl, docId)
  await Promise.all([a.synced(), b.synced()])
})
afterAll(async () => {
  a.destroy()
  b.destroy()
  await t.dispose()
})

/** An awareness message carrying one entry with raw JSON text `state`. */
function awarenessWith(state: string): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, 777)
  encoding.writeVarUint(inner, 1)
  encoding.writeVarString(inner, state)
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, 1)
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

/** A real content update that would add a paragraph, for clients that must not get it in. */
function intrusiveUpdate(): Uint8Array {
  const doc = new Y.Doc()
  const el = new Y.XmlElement('paragraph')
  el.insert(0, [new Y.XmlText('INTRUDER')])
  doc.getXmlFragment(CONTENT_FRAGMENT).insert(0, [el])
  return encodeUpdate(Y.encodeStateAsUpdate(doc))
}

/** Checks that the two well-behaved clients still sync through the server. */
async function othersStillSync(marker: string) {
  a.doc.getMap('parameters').set('marker', marker)
  await waitFor(() => b.doc.getMap('parameters').get('marker') === marker, `b to receive ${marker}`)
  expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
}

const MALFORMED: [string, number[] | Uint8Array, RegExp][] = [
  ['an empty message', [], /malformed message: empty message/],
  ['an unknown message type', [9], /unknown message type 9/],
  ['an unknown sync message type', [0, 7], /unknown sync message type 7/],
  ['an update longer than the message', [0, 2, 50, 1, 2], /update is longer than the message/],
  ['an update that is not a Yjs update', [0, 2, 4, 250, 3, 1, 200], /update is not a valid Yjs update/],
  ['a state vector that cannot be decoded', [0, 0, 2, 5, 1], /state vector cannot be decoded/],
  ['trailing bytes after a message', [3, 9], /1 unexpected bytes after awareness query/],
  ['a truncated varint', [0, 2, 0xff], /update length is truncated/],
  ['awareness state that is not JSON', awarenessWith('{oops'), /awareness state of client 777 is not JSON/],
  ['awareness state that is not an object', awarenessWith('42'), /awareness state of client 777 is not an object/],
]

describe('malformed sync messages', () => {
  it.each(MALFORMED)('%s closes only that connection with 4400, is logged, and changes nothing', async (_name, bytes, reason) => {
    const before = await storeFingerprint(t.server.store)
    const room = (await t.server.rooms.peek(docId))!
    const contentBefore = treatyOf(room.doc).toJSON()
    const raw = await openRawSocket(`${t.syncUrl}/${docId}?schema=${SCHEMA_VERSION}`)
    raw.send(bytes)
    const closed = await raw.closed
    expect(closed.code).toBe(4400)
    expect(closed.reason).toMatch(reason)
    const logged = t.logs.find((r) => r.message === 'sync connection closed' && r.fields.reason === closed.reason)
    expect(logged?.level).toBe('warn')
    expect(logged?.fields).toMatchObject({ document: docId, code: 4400 })
    expect(treatyOf(room.doc).toJSON()).toEqual(contentBefore)
    expect(await storeFingerprint(t.server.store)).toBe(before)
    await othersStillSync(_name)
    expect(await storeFingerprint(t.server.store)).not.toBe(before)
  })

  it('a message over MAX_MESSAGE_BYTES closes the connection with 4413', async () => {
    const raw = await openRawSocket(`${t.syncUrl}/${docId}`)
    raw.send(new Uint8Array(5000))
    expect(await raw.closed).toEqual({ code: 4413, reason: 'message too large: 5000 bytes, the limit is 4096' })
    await othersStillSync('after oversize')
  })
})

describe('schema version at connection', () => {
  it('an older editor is closed with 4426 before it receives or applies anything', async () => {
    const before = await storeFingerprint(t.server.store)
    const raw = await openRawSocket(`${t.syncUrl}/${docId}?schema=${SCHEMA_VERSION - 1}`)
    raw.send(encodeSyncStep1(new Uint8Array([0])))
    raw.send(intrusiveUpdate())
    expect(await raw.closed).toEqual({ code: 4426, reason: 'schema outdated: reload the editor' })
    expect(raw.messages).toEqual([])

    // The stock provider with local content: closed for good, nothing exchanged either way.
    const local = new Y.Doc()
    local.getXmlFragment(CONTENT_FRAGMENT).insert(0, [new Y.XmlElement('paragraph')])
    const outdated = connectClient(t.syncUrl, docId, { schema: SCHEMA_VERSION - 1, doc: local })
    expect(await outdated.closed).toEqual({ code: 4426, reason: 'schema outdated: reload the editor' })
    expect(outdated.provider.synced).toBe(false)
    expect(local.getXmlFragment(CONTENT_FRAGMENT).length).toBe(1)
    outdated.destroy()

    expect(await storeFingerprint(t.server.store)).toBe(before)
    expect(treatyOf((await t.server.rooms.peek(docId))!.doc).textContent).not.toContain('INTRUDER')
  })

  it('a newer editor is told the server is older', async () => {
    const raw = await openRawSocket(`${t.syncUrl}/${docId}?schema=${SCHEMA_VERSION + 1}`)
    expect(await raw.closed).toEqual({ code: 4426, reason: 'server is older than this editor' })
    expect(raw.messages).toEqual([])
  })

  it('a malformed schema parameter is closed with 4400', async () => {
    const raw = await openRawSocket(`${t.syncUrl}/${docId}?schema=latest`)
    expect(await raw.closed).toEqual({ code: 4400, reason: 'malformed schema parameter "latest"' })
  })

  it('a plain y-websocket client without the parameter may sync', async () => {
    const plain = connectClient(t.syncUrl, docId, { schema: null })
    await plain.synced()
    expect(plain.json()).toEqual(a.json())
    plain.destroy()
  })
})
