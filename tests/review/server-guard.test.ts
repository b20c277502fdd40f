// Raw y-protocols writes on the annotations channel that forge another author, change another
// person's words, break the limits or come from a role that may not write: each is dropped, its
// sender told why, and nothing stored changes — the annotations counterpart of the content
// channel's write vectors (tests/sync/reviewer-writes.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  MAX_BODY_LENGTH, MAX_REPLIES_PER_THREAD, MAX_THREADS_PER_DOCUMENT, REPLIES_KEY, THREADS_MAP, createThread, flatten, getThread, resolveThread,
  newThreadRecord, replyTo, writeThread, type ReviewContext, type ThreadRecord,
} from '../../editor/model/annotations/index.js'
import { CONTENT_FRAGMENT } from '../../editor/model/index.js'
import type { Role } from '../../editor/model/permissions.js'
import { REFUSED_WRITE_PREFIX } from '../../editor/model/sync-messages.js'
import { DurableStatus, encodeDurableRequest, encodeUpdate } from '../../server/sync/protocol.js'
import { createDocument, storeFingerprint, type TestServer } from '../helpers/server.js'
import { waitFor } from '../helpers/ws-client.js'
import { craft, RawPeer, stockClient, TestAccess } from '../sync/peers.js'
import { startSyncServer } from '../sync/server.js'
import { reviewer, textRange } from './fixture.js'

let t: TestServer
let docId: string
const access = new TestAccess()
let content: ReturnType<typeof stockClient>
let annotations: ReturnType<typeof stockClient>
/** Dora's thread, with Rita's reply. */
let thread: string
let ritasReply: string

/** `userId` reviewing on `doc` over the drafter's copy of the treaty, on the real clock. */
const as = (doc: Y.Doc, userId: string, role: Role): ReviewContext => reviewer(content.doc, doc, userId, role, Date.now)

/** A range of `length` characters `skip` characters into the treaty text. */
const words = (skip = 0, length = 4) => textRange(content.doc, skip, length)

beforeAll(async () => {
  t = await startSyncServer({ access })
  docId = (await createDocument(t, 'Reviewed treaty')).id
  for (const [user, role] of [['dora', 'drafter'], ['rita', 'reviewer'], ['rex', 'reviewer'], ['otto', 'observer'], ['cora', 'convener']] as const) {
    access.grant(docId, user, role)
  }
  content = stockClient(t.syncUrl, docId, 'dora')
  annotations = stockClient(t.syncUrl, `${docId}/annotations`, 'dora')
  await Promise.all([content.synced(), annotations.synced()])
  thread = createThread(as(annotations.doc, 'dora', 'drafter'), { ...words(), body: 'Is this the right term?' }).id
  const rita = stockClient(t.syncUrl, `${docId}/annotations`, 'rita')
  await rita.synced()
  await waitFor(() => getThread(rita.doc, thread) !== undefined, 'rita to read the thread')
  ritasReply = replyTo(as(rita.doc, 'rita', 'reviewer'), thread, 'It is.')
  await waitFor(() => getThread(annotations.doc, thread)?.replies[ritasReply] !== undefined, 'the reply to reach dora')
  rita.destroy()
})
afterAll(async () => {
  content.destroy()
  annotations.destroy()
  await t.dispose()
})

/** A complete thread record by `author` on some words, with `changes` over it (written without any check). */
function forged(doc: Y.Doc, author: string, changes: Partial<ThreadRecord> = {}): ThreadRecord {
  const record = { ...newThreadRecord(as(doc, author, 'reviewer'), words(2, 5).from, words(2, 5).to, { kind: 'comment', body: 'A comment', mentions: [], suggestion: null, assignee: null }), ...changes }
  writeThread(doc, undefined, record)
  return record
}

/** Sets `field` of reply `replyId` in thread `threadId` directly. */
const setReply = (d: Y.Doc, threadId: string, replyId: string, field: string, value: unknown) =>
  (((d.getMap(THREADS_MAP).get(threadId) as Y.Map<unknown>).get(REPLIES_KEY) as Y.Map<unknown>).get(replyId) as Y.Map<unknown>).set(field, value)
const threadMap = (d: Y.Doc, id: string) => d.getMap(THREADS_MAP).get(id) as Y.Map<unknown>
const reply = (author: string, body: string, id = `re-${author}-${Math.random().toString(36).slice(2, 8)}`) =>
  ({ id, author, at: Date.now(), body, mentions: [], editedAt: null, deletedAt: null })
const addReplies = (d: Y.Doc, threadId: string, ...replies: ReturnType<typeof reply>[]) => {
  const before = getThread(d, threadId)!
  writeThread(d, before, { ...before, replies: { ...before.replies, ...Object.fromEntries(replies.map((r) => [r.id, r])) } })
}

/** [what, who sends it, the change, the reason it must be refused with] */
type Vector = [string, string, (d: Y.Doc) => void, RegExp]
const VECTORS: Vector[] = [
  ['a thread written in another member\'s name', 'rex', (d) => { forged(d, 'dora') }, /thread .* is written in the name of dora, not of rex/],
  ['a reply written in another member\'s name', 'rex', (d) => addReplies(d, thread, reply('rita', 'I agree')), /reply .* is written in the name of rita, not of rex/],
  ['an edit of another member\'s reply', 'rex', (d) => { setReply(d, thread, ritasReply, 'body', 'I disagree'); setReply(d, thread, ritasReply, 'editedAt', Date.now()) },
    /reply .* belongs to rita; only they may change or delete it/],
  ['a deletion of another member\'s reply', 'dora', (d) => { setReply(d, thread, ritasReply, 'body', ''); setReply(d, thread, ritasReply, 'deletedAt', Date.now()) },
    /belongs to rita; only they may change or delete it/],
  ['the removal of one\'s own reply instead of marking it deleted', 'rita', (d) => (threadMap(d, thread).get(REPLIES_KEY) as Y.Map<unknown>).delete(ritasReply),
    /reply .* cannot be removed; mark it deleted instead/],
  ['the removal of a whole thread, by its author', 'dora', (d) => d.getMap(THREADS_MAP).delete(thread), /thread .* cannot be removed; mark it deleted instead/],
  ['an edit of another member\'s comment', 'rita', (d) => { threadMap(d, thread).set('body', 'Rewritten'); threadMap(d, thread).set('editedAt', Date.now()) },
    /comment belongs to dora; only they may edit it/],
  ['a resolution in another member\'s name', 'dora', (d) => threadMap(d, thread).set('resolution', { by: 'cora', at: Date.now() }),
    /resolution of thread .* is written in the name of cora, not of dora/],
  ['a reviewer resolving someone else\'s thread', 'rex', (d) => threadMap(d, thread).set('resolution', { by: 'rex', at: Date.now() }),
    /a reviewer may resolve or reopen only their own threads/],
  ['a changed author on an existing thread', 'dora', (d) => threadMap(d, thread).set('author', 'rex'), /its author cannot change/],
  ['an empty comment', 'rex', (d) => { forged(d, 'rex', { body: '  \n ' }) }, /comment is empty/],
  ['an over-long reply', 'rex', (d) => addReplies(d, thread, reply('rex', 'x'.repeat(MAX_BODY_LENGTH + 1))),
    new RegExp(`is ${MAX_BODY_LENGTH + 1} characters long; the limit is ${MAX_BODY_LENGTH}`)],
  [`more than ${MAX_REPLIES_PER_THREAD} replies in a thread`, 'rex', (d) => addReplies(d, thread, ...Array.from({ length: MAX_REPLIES_PER_THREAD }, (_, i) => reply('rex', `r${i}`, `re-many-${i}`))),
    new RegExp(`has ${MAX_REPLIES_PER_THREAD} replies, the limit`)],
  [`more than ${MAX_THREADS_PER_DOCUMENT} threads`, 'rex', (d) => d.transact(() => { for (let i = 0; i < MAX_THREADS_PER_DOCUMENT; i++) forged(d, 'rex', { id: `th-many-${i}` }) }),
    new RegExp(`the document has ${MAX_THREADS_PER_DOCUMENT} threads, the limit`)],
  ['a reply to a thread that does not exist', 'rex', (d) => {
    const replies = new Y.Map<unknown>()
    const m = new Y.Map<unknown>()
    for (const [k, v] of Object.entries(reply('rex', 'hello?', 're-lost'))) m.set(k, v)
    replies.set('re-lost', m)
    const ghost = new Y.Map<unknown>()
    ghost.set(REPLIES_KEY, replies)
    d.getMap(THREADS_MAP).set('th-ghost', ghost)
  }, /there is no thread th-ghost to reply to/],
  ['an anchor outside the document', 'rex', (d) => { forged(d, 'rex', { anchor: { start: { item: { client: 4242, clock: 7 }, assoc: 0 }, end: { item: { client: 4242, clock: 9 }, assoc: -1 } } }) },
    /anchor's start points outside the document/],
  ['an anchor in another root type', 'rex', (d) => { forged(d, 'rex', { anchor: { start: { tname: 'parameters', assoc: 0 }, end: { tname: 'parameters', assoc: -1 } } }) }, /points outside the treaty text/],
  ['a time in the future', 'rex', (d) => { forged(d, 'rex', { created: Date.now() + 3_600_000 }) }, /creation time is in the future/],
  ['a field the layout does not have', 'rex', (d) => threadMap(d, thread).set('html', '<script>alert(1)</script>'), /has an unknown field "html"/],
  ['another root type', 'rex', (d) => d.getMap('intruder').set('x', 'INTRUDER'), /holds only the "threads" map; "intruder" is not part of it/],
  ['a decision by a reviewer', 'rex', (d) => {
    const s = forged(d, 'rex', { kind: 'suggestion', suggestion: { op: 'replace', text: 'better' } })
    threadMap(d, s.id).set('decision', { verdict: 'accepted', by: 'rex', at: Date.now() })
  }, /new and cannot be edited, resolved, decided/],
]

/** What the server holds for the document: its annotations in memory and everything stored. */
async function held(): Promise<{ memory: Uint8Array; stored: string }> {
  const room = (await t.server.rooms.peek(docId, 'annotations'))!
  await room.durable()
  return { memory: Y.encodeStateAsUpdate(room.doc), stored: await storeFingerprint(t.server.store) }
}

let clientIds = 700_000

/** Sends `change` as one raw update from `user`, then a durability request; returns the peer once answered. */
async function attack(user: string, change: (d: Y.Doc) => void): Promise<RawPeer> {
  const peer = await RawPeer.open(`${t.syncUrl}/${docId}/annotations?user=${user}`)
  peer.requestState()
  await peer.synced()
  peer.send(encodeUpdate(craft(peer.doc, change, ++clientIds)))
  peer.send(encodeDurableRequest(1))
  await waitFor(() => peer.durable.length > 0, 'the durability answer')
  return peer
}

describe('annotation writes the review rules allow', () => {
  it('a reviewer\'s own thread, and a drafter resolving it, reach everyone', async () => {
    const peer = await RawPeer.open(`${t.syncUrl}/${docId}/annotations?user=rex`)
    peer.requestState()
    await peer.synced()
    let id = ''
    peer.send(encodeUpdate(craft(peer.doc, (d) => { id = createThread(as(d, 'rex', 'reviewer'), { ...words(1, 6), body: 'My own comment' }).id }, ++clientIds)))
    await waitFor(() => getThread(annotations.doc, id)?.author === 'rex', 'the reviewer\'s thread to reach the drafter')
    resolveThread(as(annotations.doc, 'dora', 'drafter'), id)
    const room = (await t.server.rooms.peek(docId, 'annotations'))!
    await waitFor(() => getThread(room.doc, id)?.resolution?.by === 'dora', 'the resolution to reach the server')
    expect(peer.denied).toEqual([])
    peer.close()
  })
})

describe('annotation writes the review rules refuse', () => {
  it.each(VECTORS)('%s: dropped, its sender told why, nothing stored changes, reading goes on', async (_name, user, change, reason) => {
    const before = await held()
    const peer = await attack(user, change)
    expect(peer.durable[0]!.status).toBe(DurableStatus.refused)
    expect(peer.denied).toHaveLength(1)
    expect(peer.denied[0]!.startsWith(REFUSED_WRITE_PREFIX)).toBe(true)
    expect(peer.denied[0]).toMatch(reason)
    expect(await held()).toEqual(before)
    expect(peer.open).toBe(true)
    // reading goes on: the drafter's next reply reaches the refused peer
    const marker = replyTo(as(annotations.doc, 'dora', 'drafter'), thread, `after ${_name}`)
    await waitFor(() => getThread(peer.doc, thread)?.replies[marker] !== undefined, 'the refused peer to read on')
    peer.close()
  })

  it('an observer\'s thread in their own name is refused by role before any rule', async () => {
    const before = await held()
    const peer = await attack('otto', (d) => { forged(d, 'otto') })
    expect(peer.durable[0]!.status).toBe(DurableStatus.refused)
    expect(peer.denied[0]).toMatch(/may not change annotations/)
    expect(await held()).toEqual(before)
    peer.close()
  })

  it('a later write that builds on a refused one is refused too, and says to reload', async () => {
    const before = await held()
    const peer = await RawPeer.open(`${t.syncUrl}/${docId}/annotations?user=rex`)
    peer.requestState()
    await peer.synced()
    const local = new Y.Doc()
    local.clientID = ++clientIds
    Y.applyUpdate(local, Y.encodeStateAsUpdate(peer.doc))
    let sv = Y.encodeStateVector(local)
    forged(local, 'dora')
    peer.send(encodeUpdate(Y.encodeStateAsUpdate(local, sv)))
    sv = Y.encodeStateVector(local)
    forged(local, 'rex')
    peer.send(encodeUpdate(Y.encodeStateAsUpdate(local, sv)))
    peer.send(encodeDurableRequest(2))
    await waitFor(() => peer.durable.length > 0, 'the durability answer')
    expect(peer.durable[0]!.status).toBe(DurableStatus.refused)
    expect(await held()).toEqual(before)
    const logged = t.logs.filter((r) => r.message === 'sync write refused').map((r) => String(r.fields.reason))
    expect(logged.at(-1)).toMatch(/builds on changes the server does not have .* reload/)
    peer.close()
  })

  it('a suggestion on a range that no longer exists is refused, though a comment there would be kept as an orphan', async () => {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(content.doc))
    const range = words(5, 3)
    // the drafter deletes those words, then a reviewer who had not seen it suggests a change there
    const text = (() => {
      const walk = (type: Y.XmlFragment | Y.XmlElement): Y.XmlText | null => {
        for (const child of type.toArray()) {
          if (child instanceof Y.XmlText && child.length > 0) return child
          if (child instanceof Y.XmlElement) { const f = walk(child); if (f) return f }
        }
        return null
      }
      return walk(content.doc.getXmlFragment(CONTENT_FRAGMENT))!
    })()
    const stale: ReviewContext = { annotations: new Y.Doc(), content: copy.getXmlFragment(CONTENT_FRAGMENT), actor: { userId: 'rex', role: 'reviewer' } }
    const record = newThreadRecord(stale, range.from, range.to, { kind: 'suggestion', body: '', mentions: [], assignee: null, suggestion: { op: 'replace', text: 'new words' } })
    const contentRoom = (await t.server.rooms.peek(docId, 'content'))!
    const deleted = flatten(content.doc.getXmlFragment(CONTENT_FRAGMENT)).text.slice(0, 20)
    text.delete(0, text.length)
    await waitFor(() => !flatten(contentRoom.doc.getXmlFragment(CONTENT_FRAGMENT)).text.startsWith(deleted), 'the deletion to reach the server')
    const before = await held()
    const peer = await attack('rex', (d) => writeThread(d, undefined, record))
    expect(peer.denied[0]).toMatch(/is on a range that no longer exists/)
    expect(await held()).toEqual(before)
    peer.close()
  })
})

