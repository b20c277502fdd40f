// Private notes ("only me") travel on the person's own notes channel and are stored apart:
// another member's connections — content, annotations, their own notes — never carry a byte of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addNote, createThread, flatten, getThread, listNotes, NOTES_MAP, THREADS_MAP } from '../../editor/model/annotations/index.js'
import { CONTENT_FRAGMENT, PARAMETERS_MAP, SCHEMA_VERSION } from '../../editor/model/index.js'
import { encodeUpdate } from '../../server/sync/protocol.js'
import { createDocument, type TestServer } from '../helpers/server.js'
import { waitFor } from '../helpers/ws-client.js'
import { RawPeer, stockClient, TestAccess } from '../sync/peers.js'
import { startSyncServer } from '../sync/server.js'

let t: TestServer
let docId: string
const access = new TestAccess()
const SECRET = 'ONLY-ANN-MAY-READ-THIS-7f3a'

beforeAll(async () => {
  t = await startSyncServer({ access })
  docId = (await createDocument(t, 'Treaty with private notes')).id
  access.grant(docId, 'ann', 'reviewer')
  access.grant(docId, 'bob', 'drafter')
  access.grant(docId, 'otto', 'observer')
})
afterAll(async () => { await t.dispose() })

/** A raw peer (it keeps every frame it receives) on `channel` of the document as `user`. */
async function listen(channel: '' | '/annotations' | '/notes', user: string): Promise<RawPeer> {
  const peer = await RawPeer.open(`${t.syncUrl}/${docId}${channel}?schema=${SCHEMA_VERSION}&user=${user}`)
  peer.requestState()
  await peer.synced()
  return peer
}

const carries = (peer: RawPeer, text: string): boolean => peer.received.some((frame) => Buffer.from(frame).includes(text))

describe('a private note', () => {
  it('reaches its writer\'s other connections and the store, and no frame sent to another member holds it', async () => {
    const bobs = await Promise.all([listen('', 'bob'), listen('/annotations', 'bob'), listen('/notes', 'bob')])
    const ottos = await Promise.all([listen('/annotations', 'otto'), listen('/notes', 'otto')])
    const annElsewhere = await listen('/notes', 'ann')
    const content = stockClient(t.syncUrl, docId, 'ann')
    const notes = stockClient(t.syncUrl, `${docId}/notes`, 'ann')
    await Promise.all([content.synced(), notes.synced()])
    const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
    const from = flatten(fragment).positions.find((p) => p >= 0)!
    addNote({ notes: notes.doc, content: fragment, role: 'reviewer' }, from, from + 3, `${SECRET}: ask the legal office`)

    // the writer's other tab gets it, so the server has sent it wherever it goes
    await waitFor(() => carries(annElsewhere, SECRET), 'the note to reach ann\'s other connection')
    expect(listNotes(annElsewhere.doc).map((n) => n.body)).toEqual([`${SECRET}: ask the legal office`])

    // later traffic reaches bob and otto on every channel they hold, none of it with the note
    const bobContent = stockClient(t.syncUrl, docId, 'bob')
    await bobContent.synced()
    bobContent.doc.getMap(PARAMETERS_MAP).set('marker', 'after the note')
    const annotations = stockClient(t.syncUrl, `${docId}/annotations`, 'ann')
    await annotations.synced()
    const thread = createThread({ annotations: annotations.doc, content: fragment, actor: { userId: 'ann', role: 'reviewer' } }, { from, to: from + 3, body: 'A shared comment' })
    await waitFor(() => bobs[0]!.doc.getMap(PARAMETERS_MAP).get('marker') === 'after the note', 'bob\'s content connection to read on')
    await waitFor(() => getThread(bobs[1]!.doc, thread.id) !== undefined && getThread(ottos[0]!.doc, thread.id) !== undefined, 'the shared thread to reach bob and otto')
    for (const peer of [...bobs, ...ottos]) {
      expect(peer.received.length).toBeGreaterThan(0)
      expect(carries(peer, SECRET)).toBe(false)
    }
    expect(bobs[2]!.doc.getMap(NOTES_MAP).size).toBe(0)
    expect(bobs[1]!.doc.getMap(THREADS_MAP).size).toBe(1)

    // stored under ann's notes channel only, never in the shared annotations
    const room = (await t.server.rooms.peek(docId, 'notes:ann'))!
    await room.durable()
    const stored = async (channel: Parameters<typeof t.server.store.loadState>[1]) => {
      const state = await t.server.store.loadState(docId, channel)
      return [state.snapshot, ...state.updates].filter((u): u is Uint8Array => u !== null).some((u) => Buffer.from(u).includes(SECRET))
    }
    expect(await stored('notes:ann')).toBe(true)
    expect(await stored('annotations')).toBe(false)
    expect(await stored('notes:bob')).toBe(false)
    for (const peer of [...bobs, ...ottos, annElsewhere]) peer.close()
    for (const client of [content, notes, bobContent, annotations]) client.destroy()
  })

  it('is kept by observers too, and its body and anchor are checked like a comment\'s', async () => {
    const notes = await listen('/notes', 'otto')
    const content = stockClient(t.syncUrl, docId, 'otto')
    await content.synced()
    const local = new Y.Doc()
    Y.applyUpdate(local, Y.encodeStateAsUpdate(notes.doc))
    const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
    const from = flatten(fragment).positions.find((p) => p >= 0)!
    const before = Y.encodeStateVector(local)
    addNote({ notes: local, content: fragment, role: 'observer' }, from, from + 2, 'Observer\'s own reminder')
    notes.send(encodeUpdate(Y.encodeStateAsUpdate(local, before)))
    const room = (await t.server.rooms.peek(docId, 'notes:otto'))!
    await waitFor(() => room.doc.getMap(NOTES_MAP).size === 1, 'the observer\'s note to be stored')
    expect(notes.denied).toEqual([])

    const bad = new Y.Doc()
    Y.applyUpdate(bad, Y.encodeStateAsUpdate(room.doc))
    const sv = Y.encodeStateVector(bad)
    const map = new Y.Map<unknown>()
    for (const [k, v] of Object.entries({ id: 'note-x', created: Date.now(), anchor: { start: { item: { client: 99, clock: 1 }, assoc: 0 }, end: null }, quote: { text: '', before: '', after: '' }, body: 'far away', editedAt: null })) map.set(k, v)
    bad.getMap(NOTES_MAP).set('note-x', map)
    const other = await listen('/notes', 'otto')
    other.send(encodeUpdate(Y.encodeStateAsUpdate(bad, sv)))
    await waitFor(() => other.denied.length > 0, 'the refusal')
    expect(other.denied[0]).toMatch(/^refused: note note-x: the anchor's start points outside the document/)
    expect(room.doc.getMap(NOTES_MAP).size).toBe(1)
    for (const p of [notes, other]) p.close()
    content.destroy()
  })
})

