// The editor's annotations channel against the real sync server: threads arrive live, and after
// the server refuses a write the channel starts a fresh Y.Doc from the server's state, so the
// refused write is gone and the next honest write is accepted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { AnnotationsChannel } from '../../editor/collab/annotations.js'
import { createThread, getThread, newThreadRecord, writeThread, type ReviewContext } from '../../editor/model/annotations/index.js'
import type { Role } from '../../editor/model/permissions.js'
import { SCHEMA_VERSION } from '../../editor/model/schema.js'
import { createDocument, type TestServer } from '../helpers/server.js'
import { waitFor } from '../helpers/ws-client.js'
import { stockClient, TestAccess } from '../sync/peers.js'
import { startSyncServer } from '../sync/server.js'
import { reviewer, textRange } from './fixture.js'

let t: TestServer
let docId: string
const access = new TestAccess()
let content: ReturnType<typeof stockClient>
let dora: ReturnType<typeof stockClient>
let channel: AnnotationsChannel

const as = (doc: Y.Doc, userId: string, role: Role): ReviewContext => reviewer(content.doc, doc, userId, role, Date.now)

const words = (skip = 0, length = 4) => textRange(content.doc, skip, length)

beforeAll(async () => {
  t = await startSyncServer({ access })
  docId = (await createDocument(t, 'Channel test')).id
  access.grant(docId, 'dora', 'drafter')
  access.grant(docId, 'rita', 'reviewer')
  content = stockClient(t.syncUrl, docId, 'dora')
  dora = stockClient(t.syncUrl, `${docId}/annotations`, 'dora')
  channel = new AnnotationsChannel(t.syncUrl, docId, { schema: String(SCHEMA_VERSION), user: 'rita' },
    { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 200 })
  await Promise.all([content.synced(), dora.synced()])
  await waitFor(() => channel.synced, 'the annotations channel to sync')
})

afterAll(async () => {
  channel?.destroy()
  dora?.destroy()
  content?.destroy()
  await t?.dispose()
})

describe('the annotations channel', () => {
  it('reports the threads another member opens, by id', async () => {
    const seen: Array<Set<string> | null> = []
    const stop = channel.on('change', (ids) => seen.push(ids))
    const id = createThread(as(dora.doc, 'dora', 'drafter'), { ...words(0), body: 'Is this right?' }).id
    await waitFor(() => getThread(channel.doc, id) !== undefined, 'the thread to arrive')
    stop()
    expect(seen.some((ids) => ids?.has(id))).toBe(true)
  })

  it('after a refused write it syncs a fresh Y.Doc without that write, and takes honest writes again', async () => {
    const refused: string[] = []
    channel.on('refused', (reason) => refused.push(reason))
    const before = channel.doc
    // a thread written in dora's name from rita's connection
    const forged = newThreadRecord(as(before, 'dora', 'drafter'), words(1).from, words(1).to, { kind: 'comment', body: 'Forged', mentions: [], suggestion: null, assignee: null })
    writeThread(before, undefined, forged)
    await waitFor(() => refused.length > 0, 'the refusal')
    expect(refused[0]).toMatch(/in the name of dora/)
    expect(channel.doc).not.toBe(before)
    await waitFor(() => channel.synced, 'the fresh Y.Doc to sync')
    expect(getThread(channel.doc, forged.id)).toBeUndefined()
    expect(channel.doc.getMap('threads').size).toBe(1)
    const honest = createThread(as(channel.doc, 'rita', 'reviewer'), { ...words(2), body: 'An honest comment' }).id
    await waitFor(() => getThread(dora.doc, honest) !== undefined, 'the honest thread to reach dora')
    expect(getThread(dora.doc, forged.id)).toBeUndefined()
    expect(refused.length).toBe(1)
  })

  it('made not to connect, syncs nothing until it is told to connect, then the threads there are', async () => {
    const connections = () => t.server.rooms.connectionsOf('rita', docId).length
    const before = connections()
    const later = new AnnotationsChannel(t.syncUrl, docId, { schema: String(SCHEMA_VERSION), user: 'rita' },
      { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 200, connect: false })
    try {
      // a thread opened meanwhile reaches the connected channel, and not this one, which has no connection
      const id = createThread(as(dora.doc, 'dora', 'drafter'), { ...words(3), body: 'Before the page connects' }).id
      await waitFor(() => getThread(channel.doc, id) !== undefined, 'the thread to reach the connected channel')
      expect(connections()).toBe(before)
      expect(later.synced).toBe(false)
      expect(getThread(later.doc, id)).toBeUndefined()
      later.connect()
      later.connect()
      await waitFor(() => later.synced, 'the channel to sync once connected')
      expect(getThread(later.doc, id)?.body).toBe('Before the page connects')
    } finally {
      later.destroy()
    }
  })
})
