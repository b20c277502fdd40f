// What the annotations Y.Doc holds, as plain data: threads with their replies, suggestions and
// decisions, and (in a person's own notes Y.Doc) private notes. The Y.Doc layout is:
//
//   threads: Y.Map<threadId, Y.Map>          one Y.Map per thread, one key per field below
//     <thread>.replies: Y.Map<replyId, Y.Map> one Y.Map per reply, one key per field
//   notes:   Y.Map<noteId, Y.Map>            only in a person's notes Y.Doc, never in the shared one
//
// Every field that can change on its own is its own key, so concurrent changes to different
// fields (a reply and a resolve, an assignment and an edit) all survive. Fields that must change
// together are one value (`resolution` is who and when, or null). Nothing is ever removed from
// these maps: deleting marks a thread or reply deleted, so a concurrent reply is never lost.
// People are named by account id only; display names come from the member list, so a client
// cannot put a misleading name beside its own id.

/** Name of the Y.Map of threads in the annotations Y.Doc. */
export const THREADS_MAP = 'threads'

/** Name of the Y.Map of private notes in a person's notes Y.Doc. */
export const NOTES_MAP = 'notes'

/** Key of a thread's replies (a nested Y.Map) in the thread's Y.Map. */
export const REPLIES_KEY = 'replies'

/**
 * A Yjs relative position as JSON (`Y.relativePositionToJSON`): the item it sticks to, or the
 * type whose start or end it marks, and the side it associates with.
 */
export interface RelativePositionJSON {
  type?: { client: number; clock: number }
  tname?: string
  item?: { client: number; clock: number }
  assoc?: number
}

/**
 * Where a thread or note sits in the treaty text: relative positions into the content fragment,
 * so concurrent edits move it with its words. `start` associates right (≥ 0: it sticks to the
 * first anchored character), `end` left (< 0: it sticks to the last); `end` is null for a point
 * (a suggestion to insert text there).
 */
export interface Anchor {
  start: RelativePositionJSON
  end: RelativePositionJSON | null
}

/** The anchored words when the thread was made, with some text either side, to find them again. */
export interface Quote {
  text: string
  before: string
  after: string
}

/** Who did something, and when (milliseconds since the epoch). */
export interface Stamp {
  by: string
  at: number
}

/** What a suggestion proposes for its range. */
export type SuggestionOp = 'replace' | 'delete' | 'insert'

/** A proposed change to the text: replace the range with `text`, delete it, or insert `text` at the point. */
export interface Suggestion {
  op: SuggestionOp
  /** The replacement or inserted text ('' for a deletion). */
  text: string
}

/** A drafter's or convener's decision on a suggestion. */
export interface Decision extends Stamp {
  verdict: 'accepted' | 'rejected'
}

/** One reply in a thread. */
export interface ReplyRecord {
  id: string
  /** Account id of the writer. */
  author: string
  at: number
  /** Plain text; '' once deleted. */
  body: string
  /** Account ids of the members the body mentions. */
  mentions: string[]
  /** When the author last changed the body, or null. */
  editedAt: number | null
  /** When the author deleted it, or null; a deleted reply stays in place, without its body. */
  deletedAt: number | null
}

/** A thread as stored: the opening comment with its anchor, and everything that happened to it. */
export interface ThreadRecord {
  id: string
  /** Account id of whoever opened the thread. */
  author: string
  created: number
  kind: 'comment' | 'suggestion'
  anchor: Anchor
  quote: Quote
  /** The opening comment (plain text; may be '' for a suggestion, whose change speaks for itself). */
  body: string
  mentions: string[]
  editedAt: number | null
  /** The proposed change (suggestions only; null for comments). */
  suggestion: Suggestion | null
  /** Accepted or rejected, by whom and when; null while undecided (and always for comments). */
  decision: Decision | null
  /** Who resolved the thread and when; null while it is open. */
  resolution: Stamp | null
  /** Account id of the member the thread is assigned to, or null. */
  assignee: string | null
  /** Deleted by its author (or a convener): hidden, kept. */
  deleted: Stamp | null
  /** An orphaned thread a convener dismissed: no longer listed, kept. */
  dismissed: Stamp | null
  replies: Record<string, ReplyRecord>
}

/** The fields of a thread's Y.Map, in the order they are written. */
export const THREAD_FIELDS = [
  'id', 'author', 'created', 'kind', 'anchor', 'quote', 'body', 'mentions', 'editedAt', 'suggestion',
  'decision', 'resolution', 'assignee', 'deleted', 'dismissed', REPLIES_KEY,
] as const satisfies readonly (keyof ThreadRecord)[]

/** The fields of a reply's Y.Map. */
export const REPLY_FIELDS = ['id', 'author', 'at', 'body', 'mentions', 'editedAt', 'deletedAt'] as const satisfies readonly (keyof ReplyRecord)[]

/** A private note: visible to its writer only, kept in that person's own notes Y.Doc. */
export interface NoteRecord {
  id: string
  created: number
  anchor: Anchor
  quote: Quote
  body: string
  editedAt: number | null
}

/** The fields of a note's Y.Map. */
export const NOTE_FIELDS = ['id', 'created', 'anchor', 'quote', 'body', 'editedAt'] as const satisfies readonly (keyof NoteRecord)[]

/** True when the thread is open (not resolved). */
export const isOpen = (thread: ThreadRecord): boolean => thread.resolution === null

/** Replies in the order they were written (time, then id, so every client lists them alike). */
export function repliesInOrder(thread: ThreadRecord): ReplyRecord[] {
  return Object.values(thread.replies).sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
