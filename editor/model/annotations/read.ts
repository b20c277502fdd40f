// Reading threads, replies and notes out of their Y.Maps, strictly: every field present with the
// right type and no other field. The server reads what a client wrote this way before judging
// it (rules.ts); the editor reads the same way and leaves out what does not read.
import * as Y from 'yjs'
import {
  NOTE_FIELDS, REPLIES_KEY, REPLY_FIELDS, THREAD_FIELDS, type Decision, type NoteRecord, type Quote, type ReplyRecord, type Stamp,
  type Suggestion, type ThreadRecord,
} from './records.js'

/** A record read, or the reason it could not be. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string }

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error })

/** Thrown inside a reader; caught at its edge and turned into a Read failure. */
class Unreadable extends Error {}

type Fields = Record<string, unknown>

/** The entries of a Y.Map as an object, refusing keys outside `allowed` and missing ones. */
function fieldsOf(map: unknown, allowed: readonly string[], what: string): Fields {
  if (!(map instanceof Y.Map)) throw new Unreadable(`${what} is not a map`)
  const fields: Fields = {}
  for (const [key, value] of map.entries()) {
    if (!allowed.includes(key)) throw new Unreadable(`${what} has an unknown field "${key.slice(0, 40)}"`)
    fields[key] = value
  }
  const missing = allowed.find((k) => !(k in fields))
  if (missing) throw new Unreadable(`${what} has no ${missing}`)
  return fields
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string') throw new Unreadable(`${what} is not text`)
  return v
}
const num = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Unreadable(`${what} is not a number`)
  return v
}
const numOrNull = (v: unknown, what: string): number | null => (v === null ? null : num(v, what))
const strOrNull = (v: unknown, what: string): string | null => (v === null ? null : str(v, what))
const obj = (v: unknown, keys: readonly string[], what: string): Fields => {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) throw new Unreadable(`${what} is not an object`)
  const extra = Object.keys(v).find((k) => !keys.includes(k))
  if (extra) throw new Unreadable(`${what} has an unknown field "${extra.slice(0, 40)}"`)
  return v as Fields
}
const stampOrNull = (v: unknown, what: string): Stamp | null => {
  if (v === null) return null
  const o = obj(v, ['by', 'at'], what)
  return { by: str(o.by, `${what}'s by`), at: num(o.at, `${what}'s time`) }
}
const mentions = (v: unknown, what: string): string[] => {
  if (!Array.isArray(v)) throw new Unreadable(`${what} is not a list`)
  return v.map((m, i) => str(m, `${what} ${i + 1}`))
}
const quote = (v: unknown, what: string): Quote => {
  const o = obj(v, ['text', 'before', 'after'], what)
  return { text: str(o.text, `${what}'s text`), before: str(o.before, `${what}'s context before`), after: str(o.after, `${what}'s context after`) }
}
const suggestion = (v: unknown, what: string): Suggestion | null => {
  if (v === null) return null
  const o = obj(v, ['op', 'text'], what)
  if (o.op !== 'replace' && o.op !== 'delete' && o.op !== 'insert') throw new Unreadable(`${what}'s operation must be replace, delete or insert`)
  return { op: o.op, text: str(o.text, `${what}'s text`) }
}
const decision = (v: unknown, what: string): Decision | null => {
  if (v === null) return null
  const o = obj(v, ['verdict', 'by', 'at'], what)
  if (o.verdict !== 'accepted' && o.verdict !== 'rejected') throw new Unreadable(`${what} must be accepted or rejected`)
  return { verdict: o.verdict, by: str(o.by, `${what}'s by`), at: num(o.at, `${what}'s time`) }
}

function guard<T>(read: () => T): Read<T> {
  try {
    return { ok: true, value: read() }
  } catch (err) {
    if (err instanceof Unreadable) return fail(err.message)
    throw err
  }
}

/** One reply of thread `threadId`, stored under `id`. */
export function readReply(threadId: string, id: string, map: unknown): Read<ReplyRecord> {
  return guard(() => replyOf(threadId, id, map))
}

function replyOf(threadId: string, id: string, map: unknown): ReplyRecord {
  const what = `reply ${id.slice(0, 64)} of thread ${threadId.slice(0, 64)}`
  const f = fieldsOf(map, REPLY_FIELDS, what)
  return {
    id: str(f.id, `${what}'s id`),
    author: str(f.author, `${what}'s author`),
    at: num(f.at, `${what}'s time`),
    body: str(f.body, `${what}'s body`),
    mentions: mentions(f.mentions, `${what}'s mentions`),
    editedAt: numOrNull(f.editedAt, `${what}'s edit time`),
    deletedAt: numOrNull(f.deletedAt, `${what}'s deletion time`),
  }
}

/** The thread stored under `id` in the threads map. */
export function readThread(id: string, map: unknown): Read<ThreadRecord> {
  return guard(() => {
    const what = `thread ${id.slice(0, 64)}`
    const f = fieldsOf(map, THREAD_FIELDS, what)
    if (f.kind !== 'comment' && f.kind !== 'suggestion') throw new Unreadable(`${what}'s kind must be comment or suggestion`)
    const repliesMap = f[REPLIES_KEY]
    if (!(repliesMap instanceof Y.Map)) throw new Unreadable(`${what}'s replies are not a map`)
    const replies: Record<string, ReplyRecord> = {}
    for (const [rid, reply] of repliesMap.entries()) replies[rid] = replyOf(id, rid, reply)
    const anchor = obj(f.anchor, ['start', 'end'], `${what}'s anchor`)
    return {
      id: str(f.id, `${what}'s id`),
      author: str(f.author, `${what}'s author`),
      created: num(f.created, `${what}'s creation time`),
      kind: f.kind,
      anchor: { start: anchor.start as ThreadRecord['anchor']['start'], end: (anchor.end ?? null) as ThreadRecord['anchor']['end'] },
      quote: quote(f.quote, `${what}'s quote`),
      body: str(f.body, `${what}'s body`),
      mentions: mentions(f.mentions, `${what}'s mentions`),
      editedAt: numOrNull(f.editedAt, `${what}'s edit time`),
      suggestion: suggestion(f.suggestion, `${what}'s suggestion`),
      decision: decision(f.decision, `${what}'s decision`),
      resolution: stampOrNull(f.resolution, `${what}'s resolution`),
      assignee: strOrNull(f.assignee, `${what}'s assignee`),
      deleted: stampOrNull(f.deleted, `${what}'s deletion`),
      dismissed: stampOrNull(f.dismissed, `${what}'s dismissal`),
      replies,
    }
  })
}

/** The private note stored under `id` in a notes map. */
export function readNote(id: string, map: unknown): Read<NoteRecord> {
  return guard(() => {
    const what = `note ${id.slice(0, 64)}`
    const f = fieldsOf(map, NOTE_FIELDS, what)
    const anchor = obj(f.anchor, ['start', 'end'], `${what}'s anchor`)
    return {
      id: str(f.id, `${what}'s id`),
      created: num(f.created, `${what}'s creation time`),
      anchor: { start: anchor.start as NoteRecord['anchor']['start'], end: (anchor.end ?? null) as NoteRecord['anchor']['end'] },
      quote: quote(f.quote, `${what}'s quote`),
      body: str(f.body, `${what}'s body`),
      editedAt: numOrNull(f.editedAt, `${what}'s edit time`),
    }
  })
}
