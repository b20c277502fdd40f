// A modified client with a read-only role tries every way of writing it can; nothing reaches the store or anyone else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createThread, flatten, getThread, replyTo, type ReviewContext } from '../../editor/model/annotations/index.js'
import { CONTENT_FRAGMENT, PARAMETERS_MAP, SCHEMA_VERSION } from '../../editor/model/index.js'
import type { Role } from '../../editor/model/permissions.js'
import { encodeDurableRequest, encodeSyncStep2, encodeUpdate, DurableStatus } from '../../server/sync/protocol.js'
import { createDocument, type TestServer } from '../helpers/server.js'
import { waitFor } from '../helpers/ws-client.js'
import { craft, RawPeer, stockClient, TestAccess } from './peers.js'
import { startSyncServer } from './server.js'

let t: TestServer
let docId: string
const access = new TestAccess()
let drafter: ReturnType<typeof stockClient>
let drafterAnn: ReturnType<typeof stockClient>
/** The thread the drafter opened before the attacks. */
let t1: string

/** `userId` reviewing on `annotations` over the drafter's copy of the treaty. */
const as = (annotations: Y.Doc, userId: string, role: Role): ReviewContext =>
  ({ annotations, content: drafter.doc.getXmlFragment(CONTENT_FRAGMENT), actor: { userId, role } })

/** The first three characters of the treaty text. */
function firstWords(): { from: number; to: number } {
  const from = flatten(drafter.doc.getXmlFragment(CONTENT_FRAGMENT)).positions.find((p) => p >= 0)!
  return { from, to: from + 3 }
}

beforeAll(async () => {
  t = await startSyncServer({ access })
  docId = (await createDocument(t, 'Reviewed treaty')).id
  access.grant(docId, 'dora', 'drafter')
  access.grant(docId, 'rita', 'reviewer')
  access.grant(docId, 'otto', 'observer')
  drafter = stockClient(t.syncUrl, docId, 'dora')
  drafterAnn = stockClient(t.syncUrl, `${docId}/annotations`, 'dora')
  await Promise.all([drafter.synced(), drafterAnn.synced()])
  drafter.doc.getMap(PARAMETERS_MAP).set('party', 'the Parties')
  t1 = createThread(as(drafterAnn.doc, 'dora', 'drafter'), { ...firstWords(), body: 'first thread' }).id
  await waitFor(() => drafter.provider.synced, 'drafter synced')
})
afterAll(async () => {
  drafter.destroy()
  drafterAnn.destroy()
  await t.dispose()
})

/** What a change does to a copy of the document. */
type Change = [name: string, channel: 'content' | 'annotations', change: (doc: Y.Doc) => void]

const paragraph = (text: string) => {
  const el = new Y.XmlElement('paragraph')
  el.insert(0, [new Y.XmlText(text)])
  return el
}
/** The first Y.XmlText in the fragment, found by walking. */
function firstText(doc: Y.Doc): Y.XmlText {
  const walk = (node: Y.XmlElement | Y.XmlFragment): Y.XmlText | null => {
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) return child
      if (child instanceof Y.XmlElement) { const found = walk(child); if (found) return found }
    }
    return null
  }
  const found = walk(doc.getXmlFragment(CONTENT_FRAGMENT))
  if (!found) throw new Error('no text in the treaty')
  return found
}

const CONTENT_CHANGES: Change[] = [
  ['insert a paragraph at the start', 'content', (d) => d.getXmlFragment(CONTENT_FRAGMENT).insert(0, [paragraph('INTRUDER start')])],
  ['append a paragraph', 'content', (d) => { const f = d.getXmlFragment(CONTENT_FRAGMENT); f.insert(f.length, [paragraph('INTRUDER end')]) }],
  ['type into existing text', 'content', (d) => firstText(d).insert(0, 'INTRUDER ')],
  ['delete existing text', 'content', (d) => { const x = firstText(d); x.delete(0, Math.min(3, x.length)) }],
  ['delete a whole article', 'content', (d) => d.getXmlFragment(CONTENT_FRAGMENT).delete(1, 1)],
  ['format existing text bold', 'content', (d) => { const x = firstText(d); x.format(0, Math.max(1, x.length), { strong: {} }) }],
  ['change an element attribute', 'content', (d) => (d.getXmlFragment(CONTENT_FRAGMENT).get(1) as Y.XmlElement).setAttribute('id', 'INTRUDER')],
  ['fill a parameter', 'content', (d) => d.getMap(PARAMETERS_MAP).set('party', 'INTRUDER')],
  ['delete a parameter', 'content', (d) => d.getMap(PARAMETERS_MAP).delete('party')],
  ['create a new root type', 'content', (d) => d.getMap('intruder').set('x', 'INTRUDER')],
]
const ANNOTATION_CHANGES: Change[] = [
  ['add a comment thread', 'annotations', (d) => d.getMap('threads').set('evil', 'INTRUDER')],
  ['delete a thread', 'annotations', (d) => d.getMap('threads').delete(t1)],
]

/** How the change is delivered. Each returns the messages to send, given the update. */
type Envelope = [name: string, deliver: (peer: RawPeer, update: Uint8Array, base: Y.Doc) => void | Promise<void>]
const ENVELOPES: Envelope[] = [
  ['as an update message', (p, u) => p.send(encodeUpdate(u))],
  ['as sync step 2', (p, u) => p.send(encodeSyncStep2(u))],
  ['split into two updates', (p, u) => {
    // Structs and deletions sent apart: the halves of one change.
    const decoded = Y.decodeUpdate(u)
    const structsOnly = Y.diffUpdate(u, new Uint8Array([0]))
    p.send(encodeUpdate(structsOnly))
    if (decoded.ds.clients.size > 0) p.send(encodeUpdate(u))
  }],
  ['merged with an empty update', (p, u) => p.send(encodeUpdate(Y.mergeUpdates([new Uint8Array([0, 0]), u])))],
  ['sent 20 times in a burst', (p, u) => { for (let i = 0; i < 20; i++) p.send(encodeUpdate(u)) }],
  ['as sync step 2 with a durability request', (p, u) => { p.send(encodeSyncStep2(u)); p.send(encodeDurableRequest(7)) }],
]

const vectors: [string, Change, Envelope][] = []
for (const change of [...CONTENT_CHANGES, ...ANNOTATION_CHANGES]) for (const env of ENVELOPES) vectors.push([`${change[0]} ${env[0]}`, change, env])

/** Everything the server has for a channel, as stored: snapshot plus log. */
async function storedDoc(channel: 'content' | 'annotations'): Promise<Y.Doc> {
  const state = await t.server.store.loadState(docId, channel)
  const doc = new Y.Doc()
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot)
  for (const u of state.updates) Y.applyUpdate(doc, u)
  return doc
}

const ATTACKER_IDS = new Set<number>()
let marker = 0

/** No attacker client id, no "INTRUDER" text, and the drafter's view equals the server's. */
async function assertUntouched(): Promise<void> {
  for (const channel of ['content', 'annotations'] as const) {
    const room = (await t.server.rooms.peek(docId, channel))!
    const stored = await storedDoc(channel)
    for (const doc of [room.doc, stored, channel === 'content' ? drafter.doc : drafterAnn.doc]) {
      for (const client of Y.decodeStateVector(Y.encodeStateVector(doc)).keys()) expect(ATTACKER_IDS.has(client)).toBe(false)
      expect(JSON.stringify(doc.toJSON())).not.toContain('INTRUDER')
    }
    expect(Y.encodeStateAsUpdate(stored)).toEqual(Y.encodeStateAsUpdate(room.doc))
  }
  expect(drafter.doc.getMap(PARAMETERS_MAP).get('party')).toBe('the Parties')
  expect(getThread(drafterAnn.doc, t1)?.body).toBe('first thread')
}

describe('a read-only connection built from raw y-protocols', () => {
  it(`has ${vectors.length} write vectors (at least 60)`, () => {
    expect(vectors.length).toBeGreaterThanOrEqual(60)
  })

  it.each(vectors)('%s: refused, told why, nothing stored or relayed, reads keep working', async (_name, [, channel, change], [, deliver]) => {
    const roles = channel === 'content' ? ['rita', 'otto'] : ['otto']
    for (const user of roles) {
      const room = channel === 'content' ? docId : `${docId}/annotations`
      const peer = await RawPeer.open(`${t.syncUrl}/${room}?schema=${SCHEMA_VERSION}&user=${user}`)
      peer.requestState()
      await peer.synced()
      const clientId = 900_000 + ATTACKER_IDS.size
      ATTACKER_IDS.add(clientId)
      const update = craft(peer.doc, change, clientId)
      await deliver(peer, update, peer.doc)
      // Reads keep working: the drafter's next edit reaches this peer.
      const value = `v${++marker}`
      if (channel === 'content') drafter.doc.getMap(PARAMETERS_MAP).set('marker', value)
      else replyTo(as(drafterAnn.doc, 'dora', 'drafter'), t1, value)
      const seen = () => channel === 'content'
        ? peer.doc.getMap(PARAMETERS_MAP).get('marker') === value
        : Object.values(getThread(peer.doc, t1)?.replies ?? {}).some((r) => r.body === value)
      await waitFor(seen, 'the peer to read the next edit')
      expect(peer.open).toBe(true)
      await waitFor(() => peer.denied.length > 0, 'a permission-denied notice')
      expect(peer.denied[0]).toMatch(/^permission-denied: a (reviewer|observer) may not change (the treaty text|annotations)/)
      if (peer.durable.length > 0) expect(peer.durable[0]!.status).toBe(DurableStatus.refused)
      peer.close()
      await t.server.rooms.peek(docId, channel).then((r) => r!.durable())
      await assertUntouched()
    }
  })

  it('a write sent in the handshake, before the document loaded, is refused too', async () => {
    for (const channel of ['content', 'annotations'] as const) {
      const room = channel === 'content' ? docId : `${docId}/annotations`
      const update = craft(channel === 'content' ? drafter.doc : drafterAnn.doc,
        (d) => (channel === 'content' ? d.getMap(PARAMETERS_MAP) : d.getMap('threads')).set('hs', 'INTRUDER'), 990_001)
      ATTACKER_IDS.add(990_001)
      const early = encodeUpdate(update)
      const peer = await RawPeer.open(`${t.syncUrl}/${room}?user=otto`, { onOpen: (ws) => { ws.send(early); ws.send(encodeSyncStep2(update)) } })
      peer.requestState()
      await peer.synced()
      await waitFor(() => peer.denied.length > 0, 'a permission-denied notice')
      peer.close()
      await assertUntouched()
    }
  })

  it('a reviewer may write annotations (the positive control) but still not content', async () => {
    const peer = await RawPeer.open(`${t.syncUrl}/${docId}/annotations?user=rita`)
    peer.requestState()
    await peer.synced()
    let id = ''
    peer.send(encodeUpdate(craft(peer.doc, (d) => { id = createThread(as(d, 'rita', 'reviewer'), { ...firstWords(), body: 'a reviewer comment' }).id }, 880_001)))
    await waitFor(() => getThread(drafterAnn.doc, id)?.body === 'a reviewer comment', 'the reviewer comment to reach the drafter')
    expect(peer.denied).toEqual([])
    peer.close()
    await assertUntouched()
  })

  it('a reviewer whose answer to the sync step 1 holds only what the room has, deletions included, is told nothing', async () => {
    // a deletion in the treaty: every copy's full state carries it from now on
    const text = firstText(drafter.doc)
    text.insert(0, 'gone')
    text.delete(0, 4)
    await waitFor(() => drafter.provider.synced, 'drafter synced')
    await t.server.rooms.peek(docId, 'content').then((r) => r!.durable())
    for (const user of ['rita', 'otto']) {
      const peer = await RawPeer.open(`${t.syncUrl}/${docId}?schema=${SCHEMA_VERSION}&user=${user}`)
      peer.requestState()
      await peer.synced()
      expect(Y.decodeUpdate(Y.encodeStateAsUpdate(peer.doc)).ds.clients.size).toBeGreaterThan(0)
      // what a reconnecting editor sends: its whole copy, nothing in it new to the room
      peer.send(encodeSyncStep2(Y.encodeStateAsUpdate(peer.doc)))
      peer.send(encodeDurableRequest(41))
      await waitFor(() => peer.durable.some((d) => d.token === 41), 'the durability answer')
      expect(peer.durable.find((d) => d.token === 41)!.status).toBe(DurableStatus.saved)
      expect(peer.denied).toEqual([])
      // a deletion the room lacks is still refused with a notice
      const gone = craft(peer.doc, (d) => { const x = firstText(d); x.delete(0, 1) }, 870_001)
      peer.send(encodeSyncStep2(gone))
      await waitFor(() => peer.denied.length > 0, 'a permission-denied notice')
      peer.close()
    }
    await assertUntouched()
  })

  it('a stock client as reviewer with local edits is refused with a notice and keeps reading', async () => {
    const local = new Y.Doc()
    local.getMap(PARAMETERS_MAP).set('offline', 'INTRUDER')
    ATTACKER_IDS.add(local.clientID)
    const reviewer = stockClient(t.syncUrl, docId, 'rita', local)
    const warnings: unknown[] = []
    const warn = console.warn
    console.warn = (...args: unknown[]) => { warnings.push(args) }
    try {
      await reviewer.synced()
      drafter.doc.getMap(PARAMETERS_MAP).set('marker', 'stock')
      await waitFor(() => local.getMap(PARAMETERS_MAP).get('marker') === 'stock', 'the reviewer to read')
      await waitFor(() => warnings.length > 0, 'the stock client to log the notice')
      expect(String(warnings[0])).toContain('permission-denied: a reviewer may not change the treaty text')
      expect(reviewer.provider.wsconnected).toBe(true)
    } finally {
      console.warn = warn
      reviewer.destroy()
    }
    await assertUntouched()
  })
})

