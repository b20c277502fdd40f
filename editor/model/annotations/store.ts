// Reading and writing thread records in the annotations Y.Doc: a new thread or reply becomes a
// Y.Map with one key per field, and a change writes only the keys that differ, so concurrent
// changes to different fields both survive.
import * as Y from 'yjs'
import { readThread } from './read.js'
import { REPLIES_KEY, REPLY_FIELDS, THREAD_FIELDS, THREADS_MAP, type ReplyRecord, type ThreadRecord } from './records.js'

/** Transaction origin of the review changes a person makes in the editor (undo may track it). */
export const REVIEW_ORIGIN = 'review'

/** The threads map of an annotations Y.Doc. */
export const threadsOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(THREADS_MAP)

/** The thread stored under `id`, or undefined when there is none or it does not read. */
export function getThread(doc: Y.Doc, id: string): ThreadRecord | undefined {
  const map = threadsOf(doc).get(id)
  if (map === undefined) return undefined
  const read = readThread(id, map)
  return read.ok ? read.value : undefined
}

/** Every thread that reads, in creation order (time, then id). */
export function listThreads(doc: Y.Doc): ThreadRecord[] {
  const out: ThreadRecord[] = []
  for (const [id, map] of threadsOf(doc).entries()) {
    const read = readThread(id, map)
    if (read.ok) out.push(read.value)
  }
  return out.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

function replyMap(reply: ReplyRecord): Y.Map<unknown> {
  const map = new Y.Map<unknown>()
  for (const field of REPLY_FIELDS) map.set(field, reply[field])
  return map
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * Writes `after` over what is stored for its thread (`before`, undefined for a new thread):
 * new maps for a new thread or reply, and for existing ones only the keys that changed.
 */
export function writeThread(doc: Y.Doc, before: ThreadRecord | undefined, after: ThreadRecord, origin: unknown = REVIEW_ORIGIN): void {
  doc.transact(() => {
    const threads = threadsOf(doc)
    if (before === undefined) {
      const map = new Y.Map<unknown>()
      for (const field of THREAD_FIELDS) {
        if (field === REPLIES_KEY) {
          const replies = new Y.Map<unknown>()
          for (const reply of Object.values(after.replies)) replies.set(reply.id, replyMap(reply))
          map.set(REPLIES_KEY, replies)
        } else map.set(field, after[field])
      }
      threads.set(after.id, map)
      return
    }
    const map = threads.get(after.id) as Y.Map<unknown>
    for (const field of THREAD_FIELDS) {
      if (field !== REPLIES_KEY && !same(before[field], after[field])) map.set(field, after[field])
    }
    const replies = map.get(REPLIES_KEY) as Y.Map<unknown>
    for (const reply of Object.values(after.replies)) {
      const prior = before.replies[reply.id]
      if (!prior) { replies.set(reply.id, replyMap(reply)); continue }
      const replyY = replies.get(reply.id) as Y.Map<unknown>
      for (const field of REPLY_FIELDS) if (!same(prior[field], reply[field])) replyY.set(field, reply[field])
    }
  }, origin)
}
