import type { Node } from 'prosemirror-model'
import { Transform } from 'prosemirror-transform'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT, PARAMETERS_MAP, build, schema } from '../../editor/model/index.js'
import { createDocument, startTestServer, storeFingerprint, type TestServer } from '../helpers/server.js'
import { connectClient, editTreaty, openRawSocket, treatyOf, waitFor, type SyncClient } from '../helpers/ws-client.js'
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../server/sync/protocol.js'
import { encodePing, encodeRoleRequest, MESSAGE_PING, MESSAGE_ROLE } from '../../editor/model/sync-messages.js'

const servers: TestServer[] = []
const clients: SyncClient[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const s of servers.splice(0)) await s.dispose()
})

async function server(overrides = {}): Promise<TestServer> {
  const s = await startTestServer(overrides)
  servers.push(s)
  return s
}

async function client(t: TestServer, id: string, options: Parameters<typeof connectClient>[2] = {}): Promise<SyncClient> {
  const c = connectClient(t.syncUrl, id, options)
  clients.push(c)
  await c.synced()
  return c
}

/** Position just inside the first node of `type`. */
function inside(treaty: Node, type: string): number {
  let at = -1
  treaty.descendants((n, pos) => {
    if (at < 0 && n.type.name === type) at = pos + 1
    return at < 0
  })
  if (at < 0) throw new Error(`no ${type}`)
  return at
}

const typeInto = (type: string, text: string) => (treaty: Node) =>
  new Transform(treaty).insert(inside(treaty, type), schema.text(text)).doc

const appendArticle = (headingText: string, text: string) => (treaty: Node) =>
  new Transform(treaty).insert(treaty.content.size, build.article({ id: `art-${headingText.toLowerCase()}` }, build.heading(headingText), build.paragraph(text))).doc

/** The stored content of a document, as a fresh Y.Doc built from snapshot and log. */
async function stored(t: TestServer, id: string): Promise<Y.Doc> {
  const state = await t.server.store.loadState(id, 'content')
  const doc = new Y.Doc()
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot)
  for (const u of state.updates) Y.applyUpdate(doc, u)
  return doc
}

describe('sync between stock y-websocket clients', () => {
  it('two clients converge on concurrent edits made through ProseMirror', async () => {
    const t = await server()
    const { id } = await createDocument(t, 'Convergence')
    const a = await client(t, id)
    const b = await client(t, id)
    expect(a.json()).toEqual(b.json())

    // Concurrent: both edit before either sees the other's change.
    editTreaty(a.doc, typeInto('heading', 'Scope'))
    editTreaty(b.doc, appendArticle('Definitions', 'For the purposes of this Treaty:'))
    a.doc.getMap(PARAMETERS_MAP).set('place', 'Vienna')

    await waitFor(() => JSON.stringify(a.json()) === JSON.stringify(b.json()) && b.doc.getMap(PARAMETERS_MAP).get('place') === 'Vienna', 'convergence')
    const treaty = treatyOf(a.doc)
    expect(treaty.textContent).toContain('Scope')
    expect(treaty.textContent).toContain('For the purposes of this Treaty:')
    expect(treaty.child(treaty.childCount - 1).attrs.id).toBe('art-definitions')
  })

  it('stores every update before another client receives it', async () => {
    const t = await server()
    const { id } = await createDocument(t, 'Durable')
    const a = await client(t, id)
    const b = await client(t, id)
    let storedWhenReceived = ''
    b.doc.getXmlFragment(CONTENT_FRAGMENT).observeDeep(() => {
      // Read synchronously, as the update arrives: the store must already hold it.
      void stored(t, id).then((d) => { storedWhenReceived = treatyOf(d).textContent })
    })
    editTreaty(a.doc, typeInto('paragraph', 'Each Party shall'))
    await waitFor(() => storedWhenReceived.includes('Each Party shall'), 'the stored copy seen on receipt')
  })

  it('content survives a server restart', async () => {
    let t = await server({ compactAfterUpdates: 10_000 })
    const { id } = await createDocument(t, 'Restart')
    const a = await client(t, id)
    editTreaty(a.doc, typeInto('heading', 'Objective'))
    editTreaty(a.doc, appendArticle('Depositary', 'The depositary shall be'))
    const b = await client(t, id)
    await waitFor(() => treatyOf(b.doc).textContent.includes('The depositary shall be'), 'b to see the edits')
    const expected = a.json()
    a.destroy()
    b.destroy()

    t = await t.restart()
    servers.push(t)
    const c = await client(t, id)
    expect(c.json()).toEqual(expected)
  })

  it('the log is compacted into a snapshot past the threshold, and content survives it', async () => {
    let t = await server({ compactAfterUpdates: 5 })
    const { id } = await createDocument(t, 'Compaction')
    const a = await client(t, id)
    const b = await client(t, id)
    for (let i = 0; i < 12; i++) {
      editTreaty(a.doc, typeInto('paragraph', `w${i} `))
      await waitFor(() => treatyOf(b.doc).textContent.includes(`w${i} `), `edit ${i} to arrive`)
    }
    const room = await t.server.rooms.peek(id)
    expect(room!.stats.compactions).toBeGreaterThanOrEqual(2)
    const state = await t.server.store.loadState(id, 'content')
    expect(state.snapshot).not.toBeNull()
    expect(state.updates.length).toBeLessThan(5)
    expect(treatyOf(await stored(t, id)).textContent).toContain('w11 w10 w9')

    const expected = a.json()
    a.destroy()
    b.destroy()
    t = await t.restart()
    servers.push(t)
    expect((await client(t, id)).json()).toEqual(expected)
  })

  it('an idle document is unloaded, compacted, and loads again with its content', async () => {
    const t = await server({ idleUnloadMs: 50 })
    const { id } = await createDocument(t, 'Idle')
    const a = await client(t, id)
    editTreaty(a.doc, typeInto('heading', 'Idle edit'))
    const expected = a.json()
    await waitFor(() => t.server.rooms.size === 1, 'room loaded')
    await new Promise((r) => setTimeout(r, 100))
    a.destroy()
    await waitFor(() => t.server.rooms.size === 0, 'the room to unload')
    const state = await t.server.store.loadState(id, 'content')
    expect(state.updates).toEqual([])
    expect((await client(t, id)).json()).toEqual(expected)
  })

  it('encodes the state for joining clients once per document version, and sends a stored snapshot as it is', async () => {
    const t = await server()
    const { id } = await createDocument(t, 'Cache')
    const first = await client(t, id)
    await client(t, id)
    await client(t, id)
    const room = (await t.server.rooms.peek(id))!
    // a new document is stored as one snapshot: that is what joining clients get
    expect(room.stats.initialStateEncodings).toBe(0)

    editTreaty(first.doc, typeInto('heading', 'Changed'))
    const fourth = await client(t, id)
    await client(t, id)
    expect(room.stats.initialStateEncodings).toBe(1)
    expect(treatyOf(fourth.doc).textContent).toContain('Changed')
  })

  it('deleting a document closes its sync connections with 4410', async () => {
    const t = await server()
    const { id } = await createDocument(t, 'Deleted')
    const a = await client(t, id)
    expect((await t.request(`/api/documents/${id}`, { method: 'DELETE' })).status).toBe(204)
    expect(await a.closed).toEqual({ code: 4410, reason: 'document deleted' })
    expect(await t.server.store.loadState(id, 'content')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
  })

  it('refuses a sync path for a missing document with 404 before any WebSocket exists, changing nothing', async () => {
    const t = await server()
    const before = await storeFingerprint(t.server.store)
    for (const path of ['/sync/doesNotExist', '/sync/bad%20id!', '/elsewhere/x']) {
      const refused = await openRawSocket(t.syncUrl.replace('/sync', '') + path).then(() => null, (e) => e)
      expect(refused?.status, path).toBe(404)
      expect(JSON.parse(refused.body)).toMatchObject({ status: 404 })
    }
    const refused = await openRawSocket(`${t.syncUrl}/doesNotExist`).catch((e) => e)
    expect(JSON.parse(refused.body)).toEqual({ status: 404, error: 'document doesNotExist does not exist' })
    expect(await storeFingerprint(t.server.store)).toBe(before)
    expect(t.server.rooms.size).toBe(0)
  })

  it('stop() closes sync sockets with 1001 after storing what they sent', async () => {
    const t = await server()
    const { id } = await createDocument(t, 'Shutdown')
    const a = connectClient(t.syncUrl, id)
    clients.push(a)
    await a.synced()
    const closes: number[] = []
    a.provider.on('connection-close', (event) => { if (event) closes.push(event.code) })
    editTreaty(a.doc, typeInto('heading', 'Last words'))
    const room = (await t.server.rooms.peek(id))!
    await waitFor(() => treatyOf(room.doc).textContent.includes('Last words'), 'the server to apply the edit')
    await t.stop()
    await waitFor(() => closes.length > 0, 'the close to reach the client')
    expect(closes[0]).toBe(1001)
    a.provider.disconnect()
    const t2 = await t.restart()
    servers.push(t2)
    expect(treatyOf(await stored(t2, id)).textContent).toContain('Last words')
  })
})

describe('joining while the document loads', () => {
  const EMPTY_VECTOR = new Uint8Array([0])
  /** A sync message's type and, for sync messages, its step (0: step 1, 1: step 2, 2: update). */
  const kindOf = (m: Uint8Array) => `${m[0]}:${m[1]}`

  /** A new document, and a raw client that asked for all of it and was sent the stored snapshot. */
  async function answeredFromSnapshot(title: string) {
    const t = await server()
    const { id } = await createDocument(t, title)
    const { snapshot } = await t.server.store.loadState(id, 'content')
    const raw = await openRawSocket(`${t.syncUrl}/${id}`)
    raw.send(encodeSyncStep1(EMPTY_VECTOR))
    await waitFor(() => raw.messages.some((m) => kindOf(m) === '0:1'), 'the snapshot')
    return { t, id, snapshot: snapshot!, raw }
  }

  /** The stored treaty's text once it holds `words` (or after two seconds without them). */
  async function storedTextOnce(t: TestServer, id: string, words: string): Promise<string> {
    let text = ''
    for (let i = 0; i < 100 && !text.includes(words); i++) {
      text = treatyOf(await stored(t, id)).textContent
      await new Promise((r) => setTimeout(r, 20))
    }
    return text
  }

  it('sends a client that holds nothing the stored snapshot before the room is built, and what came after once it is', async () => {
    const t = await server()
    const { id } = await createDocument(t, 'Early')
    const { snapshot } = await t.server.store.loadState(id, 'content')
    const raw = await openRawSocket(`${t.syncUrl}/${id}`)
    raw.send(encodeSyncStep1(EMPTY_VECTOR))
    await waitFor(() => raw.messages.filter((m) => kindOf(m) === '0:1').length >= 2, 'two sync step 2 answers')
    // the snapshot, as stored, comes before the room's own step 1, which it sends when it has loaded
    expect(raw.messages[0]).toEqual(encodeSyncStep2(snapshot!))
    expect(kindOf(raw.messages[1]!)).toBe('0:0')
    // the question is then answered for what came after the snapshot: nothing here
    const [, after] = raw.messages.filter((m) => kindOf(m) === '0:1')
    expect(after!.length).toBeLessThan(16)
    const room = (await t.server.rooms.peek(id))!
    expect(room.loadedSnapshot?.bytes).toEqual(snapshot)
    raw.ws.close()
  })

  it('builds the room of a client answered from the snapshot once the client writes, not before', async () => {
    const { t, id, snapshot, raw } = await answeredFromSnapshot('Built when needed')
    // a heartbeat answered after the snapshot: the server has handled what followed it, and its
    // room, built, would have sent its own step 1 first
    raw.send(encodePing())
    await waitFor(() => raw.messages.some((m) => m[0] === MESSAGE_PING), 'the heartbeat answered')
    expect(raw.messages.filter((m) => kindOf(m) === '0:0')).toEqual([])
    // a write needs the room: it is built, joins the client and stores the write
    const mine = new Y.Doc()
    Y.applyUpdate(mine, snapshot)
    const before = Y.encodeStateVector(mine)
    editTreaty(mine, typeInto('heading', 'Written first'))
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(mine, before)))
    await waitFor(() => raw.messages.some((m) => kindOf(m) === '0:0'), 'the room\'s step 1')
    expect(await storedTextOnce(t, id, 'Written first')).toContain('Written first')
    raw.ws.close()
  })

  it('builds the room of a client answered from the snapshot at once when a second client joins', async () => {
    const { t, id, raw } = await answeredFromSnapshot('Built for a second client')
    const b = await client(t, id)
    await waitFor(() => raw.messages.some((m) => kindOf(m) === '0:0'), 'the room\'s step 1 to the first client')
    expect(treatyOf(b.doc).textContent).toContain('Built for a second client')
    raw.ws.close()
  })

  it('answers the editor early too, whose role request comes before its question', async () => {
    const t = await server()
    const { id } = await createDocument(t, 'Early editor')
    const { snapshot } = await t.server.store.loadState(id, 'content')
    const raw = await openRawSocket(`${t.syncUrl}/${id}`)
    raw.send(encodeRoleRequest())
    raw.send(encodeSyncStep1(EMPTY_VECTOR))
    await waitFor(() => raw.messages.filter((m) => kindOf(m) === '0:1').length >= 2, 'two sync step 2 answers')
    // the snapshot, as stored, is the first sync message, before the room's own step 1
    const sync = raw.messages.filter((m) => m[0] === 0)
    expect(sync[0]).toEqual(encodeSyncStep2(snapshot!))
    expect(kindOf(sync[1]!)).toBe('0:0')
    // and the role is answered once the room has loaded
    await waitFor(() => raw.messages.some((m) => m[0] === MESSAGE_ROLE), 'the role')
    raw.ws.close()
  })

  it('a stock client answered early converges, and its first edit is stored and reaches the others as before', async () => {
    const t = await server()
    const { id } = await createDocument(t, 'Early write')
    const a = await client(t, id)
    editTreaty(a.doc, typeInto('heading', 'Written at once'))
    const b = await client(t, id)
    await waitFor(() => treatyOf(b.doc).textContent.includes('Written at once'), 'the edit to reach a second client')
    expect(await storedTextOnce(t, id, 'Written at once')).toContain('Written at once')
    expect(a.json()).toEqual(b.json())
  })

  it('a snapshot stored without its schema version is sent only once the room has loaded (it may need migrating)', async () => {
    const t = await server()
    const { id } = await createDocument(t, 'Unrecorded')
    const { snapshot } = await t.server.store.loadState(id, 'content')
    await t.server.store.compact(id, 'content', snapshot!, 0)
    expect((await t.server.store.loadState(id, 'content')).snapshotSchema).toBeNull()
    const raw = await openRawSocket(`${t.syncUrl}/${id}`)
    raw.send(encodeSyncStep1(EMPTY_VECTOR))
    await waitFor(() => raw.messages.some((m) => kindOf(m) === '0:1'), 'the sync step 2 answer')
    expect(kindOf(raw.messages[0]!)).toBe('0:0')
    expect((await t.server.rooms.peek(id))!.loadedSnapshot?.bytes).toEqual(snapshot)
    raw.ws.close()
  })
})
