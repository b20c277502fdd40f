// Who may change what in a thread, as one pure function of the thread before and after, the
// person acting and the treaty text. The server's annotations guard judges every incoming
// update with it; the editor's operations (threads.ts) judge their own changes with it before
// writing, so a refusal the server would send is an error the editor shows first.
import type * as Y from 'yjs'
import {
  canModerateThreads, canResolveAnyThread, canResolveSuggestions, canWriteAnnotations, canWriteNotes, type Role,
} from '../permissions.js'
import { anchorProblem, isOrphaned } from './anchors.js'
import {
  MAX_BODY_LENGTH, MAX_CLOCK_SKEW_MS, MAX_ID_LENGTH, MAX_MENTIONS, MAX_NOTES_PER_USER, MAX_QUOTE_LENGTH, MAX_REPLIES_PER_THREAD,
  MAX_SUGGESTION_LENGTH, MAX_THREADS_PER_DOCUMENT, QUOTE_CONTEXT_LENGTH,
} from './limits.js'
import type { Anchor, NoteRecord, Quote, ReplyRecord, Stamp, ThreadRecord } from './records.js'

/** The person behind a change: their account id and role in the document. */
export interface Actor {
  userId: string
  role: Role
}

/** What a change is judged against besides the thread itself. */
export interface RuleContext {
  /** The judge's clock (ms since the epoch): times may not be further ahead than MAX_CLOCK_SKEW_MS. */
  now: number
  /** Threads in the document after the change. */
  threadCount: number
  /** The treaty text, to check anchors; null when it is not at hand (changes that need it are refused). */
  content: Y.XmlFragment | null
}

/** Ids of threads, replies and notes: URL-safe, 1 to MAX_ID_LENGTH characters. */
export const ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ID_LENGTH}}$`)

// Line breaks and tabs are text; every other control character is refused (bodies are plain text).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/**
 * What is wrong with a comment, reply or note body, or null. `what` names it in the reason
 * ("the reply"). Empty bodies are refused unless `mayBeEmpty` (a suggestion's own comment).
 */
export function bodyProblem(body: string, what: string, mayBeEmpty = false): string | null {
  if (!mayBeEmpty && body.trim().length === 0) return `${what} is empty`
  if (body.length > MAX_BODY_LENGTH) return `${what} is ${body.length} characters long; the limit is ${MAX_BODY_LENGTH}`
  const control = CONTROL.exec(body)
  if (control) return `${what} contains the control character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  return null
}

function timeProblem(t: number, what: string, now: number): string | null {
  if (!Number.isSafeInteger(t) || t < 0) return `${what} is not a time`
  if (t > now + MAX_CLOCK_SKEW_MS) return `${what} is in the future`
  return null
}

function mentionsProblem(mentions: string[], what: string): string | null {
  if (mentions.length > MAX_MENTIONS) return `${what} mentions ${mentions.length} people; the limit is ${MAX_MENTIONS}`
  const bad = mentions.find((m) => !ID_PATTERN.test(m))
  return bad === undefined ? null : `${what} mentions "${bad.slice(0, 40)}", which is not an account id`
}

function quoteProblem(quote: Quote, what: string): string | null {
  if (quote.text.length > MAX_QUOTE_LENGTH) return `${what}'s quote is ${quote.text.length} characters long; the limit is ${MAX_QUOTE_LENGTH}`
  if (quote.before.length > QUOTE_CONTEXT_LENGTH || quote.after.length > QUOTE_CONTEXT_LENGTH) {
    return `${what}'s quote context is longer than ${QUOTE_CONTEXT_LENGTH} characters`
  }
  return null
}

function stampProblem(stamp: Stamp, actor: Actor, what: string, now: number): string | null {
  if (stamp.by !== actor.userId) return `${what} is written in the name of ${stamp.by.slice(0, 64)}, not of ${actor.userId}`
  return timeProblem(stamp.at, `${what}'s time`, now)
}

/** A role with its article, for reasons ("an observer", "a drafter"). */
const withArticle = (role: Role): string => (role === 'observer' ? `an ${role}` : `a ${role}`)

const same = (x: unknown, y: unknown): boolean => JSON.stringify(x) === JSON.stringify(y)

/** Checks a new anchor: well formed, in the treaty text, and (unless a comment, which may be orphaned) on text that still exists. */
function newAnchorProblem(anchor: Anchor, quote: Quote, what: string, mustExist: boolean, content: Y.XmlFragment | null): string | null {
  if (content === null) return `the treaty text is not available to check ${what}'s anchor; try again`
  const problem = anchorProblem(anchor, content)
  if (problem) return `${what}: ${problem}`
  if (mustExist && isOrphaned(anchor, quote, content)) return `${what} is on a range that no longer exists`
  return null
}

/** Checks a reply written new into a thread. */
function newReplyProblem(threadId: string, reply: ReplyRecord, key: string, actor: Actor, now: number): string | null {
  const what = `reply ${key.slice(0, 64)} of thread ${threadId.slice(0, 64)}`
  if (!ID_PATTERN.test(key) || reply.id !== key) return `${what} is not stored under its own id`
  if (reply.author !== actor.userId) return `${what} is written in the name of ${reply.author.slice(0, 64)}, not of ${actor.userId}`
  if (reply.editedAt !== null || reply.deletedAt !== null) return `${what} is new and cannot be edited or deleted already`
  return timeProblem(reply.at, `${what}'s time`, now) ?? bodyProblem(reply.body, `${what}`) ?? mentionsProblem(reply.mentions, what)
}

/** Checks a change to an existing reply: only its author, only its body (then marked edited) or its deletion. */
function replyChangeProblem(threadId: string, before: ReplyRecord, after: ReplyRecord, actor: Actor, now: number): string | null {
  const what = `reply ${before.id.slice(0, 64)} of thread ${threadId.slice(0, 64)}`
  if (same(before, after)) return null
  if (before.author !== actor.userId) return `${what} belongs to ${before.author.slice(0, 64)}; only they may change or delete it`
  if (after.id !== before.id || after.author !== before.author || after.at !== before.at) return `${what}: its id, author and time cannot change`
  if (before.deletedAt !== null) return `${what} is deleted and cannot change`
  if (after.deletedAt !== null) {
    if (after.body !== '' || after.mentions.length > 0) return `${what}: a deleted reply keeps no body`
    return timeProblem(after.deletedAt, `${what}'s deletion time`, now)
  }
  if (after.editedAt === null || after.editedAt === before.editedAt) return `${what}: an edited reply must say when it was edited`
  return timeProblem(after.editedAt, `${what}'s edit time`, now) ?? bodyProblem(after.body, what) ?? mentionsProblem(after.mentions, what)
}

/** Checks a thread written new: in the actor's own name, well formed, within the limits, anchored in the treaty text. */
function newThreadProblem(id: string, t: ThreadRecord, actor: Actor, ctx: RuleContext): string | null {
  const what = `thread ${id.slice(0, 64)}`
  if (!ID_PATTERN.test(id) || t.id !== id) return `${what} is not stored under its own id`
  if (t.author !== actor.userId) return `${what} is written in the name of ${t.author.slice(0, 64)}, not of ${actor.userId}`
  if (ctx.threadCount > MAX_THREADS_PER_DOCUMENT) return `the document has ${MAX_THREADS_PER_DOCUMENT} threads, the limit`
  const time = timeProblem(t.created, `${what}'s creation time`, ctx.now)
  if (time) return time
  if (t.editedAt !== null || t.resolution !== null || t.decision !== null || t.deleted !== null || t.dismissed !== null) {
    return `${what} is new and cannot be edited, resolved, decided, deleted or dismissed already`
  }
  if (t.assignee !== null && !ID_PATTERN.test(t.assignee)) return `${what} is assigned to "${t.assignee.slice(0, 40)}", which is not an account id`
  if (t.kind === 'comment') {
    if (t.suggestion !== null) return `${what} is a comment and cannot carry a suggestion`
  } else {
    const s = t.suggestion
    if (s === null) return `${what} is a suggestion without a proposed change`
    if (s.text.length > MAX_SUGGESTION_LENGTH) return `${what} proposes ${s.text.length} characters; the limit is ${MAX_SUGGESTION_LENGTH}`
    if (s.op === 'delete' && s.text !== '') return `${what} deletes its range and cannot also propose text`
    if (s.op !== 'delete' && s.text.length === 0) return `${what} proposes no text to ${s.op === 'insert' ? 'insert' : 'replace the range with'}`
    if ((s.op === 'insert') !== (t.anchor.end === null)) return `${what}: an insertion is anchored at a point, a ${s.op} on a range`
    const control = bodyProblem(s.text, `${what}'s proposed text`, true)
    if (control) return control
  }
  if (t.kind === 'comment' && t.anchor.end === null) return `${what} is a comment on no text (its anchor is a point)`
  return bodyProblem(t.body, `${what}'s comment`, t.kind === 'suggestion') ?? mentionsProblem(t.mentions, what) ??
    quoteProblem(t.quote, what) ?? newAnchorProblem(t.anchor, t.quote, what, t.kind === 'suggestion', ctx.content) ??
    repliesProblem(id, undefined, t, actor, ctx)
}

/** Checks the replies of a thread, before and after. */
function repliesProblem(id: string, before: ThreadRecord | undefined, after: ThreadRecord, actor: Actor, ctx: RuleContext): string | null {
  const old = before?.replies ?? {}
  for (const key of Object.keys(old)) if (!(key in after.replies)) return `reply ${key.slice(0, 64)} of thread ${id.slice(0, 64)} cannot be removed; mark it deleted instead`
  let added = 0
  for (const [key, reply] of Object.entries(after.replies)) {
    const prior = old[key]
    const problem = prior ? replyChangeProblem(id, prior, reply, actor, ctx.now) : newReplyProblem(id, reply, key, actor, ctx.now)
    if (problem) return problem
    if (!prior) added++
  }
  const count = Object.keys(after.replies).length
  if (added > 0 && count > MAX_REPLIES_PER_THREAD) return `thread ${id.slice(0, 64)} has ${MAX_REPLIES_PER_THREAD} replies, the limit`
  if (added > 0 && after.deleted !== null) return `thread ${id.slice(0, 64)} is deleted and takes no replies`
  return null
}

/** Checks a change to an existing thread, field by field. */
function threadChangeProblem(id: string, b: ThreadRecord, a: ThreadRecord, actor: Actor, ctx: RuleContext): string | null {
  const what = `thread ${id.slice(0, 64)}`
  for (const field of ['id', 'author', 'created', 'kind', 'anchor', 'quote', 'suggestion'] as const) {
    if (!same(b[field], a[field])) return `${what}: its ${field} cannot change`
  }
  const isAuthor = actor.userId === b.author
  if (!same([b.body, b.mentions, b.editedAt], [a.body, a.mentions, a.editedAt])) {
    if (!isAuthor) return `${what}'s comment belongs to ${b.author.slice(0, 64)}; only they may edit it`
    if (a.editedAt === null || a.editedAt === b.editedAt) return `${what}: an edited comment must say when it was edited`
    const problem = timeProblem(a.editedAt, `${what}'s edit time`, ctx.now) ?? bodyProblem(a.body, `${what}'s comment`, a.kind === 'suggestion') ??
      mentionsProblem(a.mentions, what)
    if (problem) return problem
  }
  if (!same(b.decision, a.decision)) {
    if (b.decision !== null) return `the decision on ${what} is final`
    if (a.kind !== 'suggestion') return `${what} is a comment; only suggestions are accepted or rejected`
    if (!canResolveSuggestions(actor.role)) return `${withArticle(actor.role)} may not accept or reject suggestions`
    const problem = stampProblem(a.decision!, actor, `the decision on ${what}`, ctx.now)
    if (problem) return problem
    if (a.decision!.verdict === 'accepted') {
      if (ctx.content === null) return `the treaty text is not available to check ${what}'s range; try again`
      if (isOrphaned(a.anchor, a.quote, ctx.content)) return `${what} is on a range that no longer exists; it can only be rejected`
    }
  }
  if (!same(b.resolution, a.resolution)) {
    if (!isAuthor && !canResolveAnyThread(actor.role)) return `${withArticle(actor.role)} may resolve or reopen only their own threads; ${what} belongs to ${b.author.slice(0, 64)}`
    if (a.resolution !== null) {
      const problem = stampProblem(a.resolution, actor, `the resolution of ${what}`, ctx.now)
      if (problem) return problem
    }
  }
  if (a.assignee !== b.assignee) {
    if (!isAuthor && !canResolveAnyThread(actor.role)) return `${withArticle(actor.role)} may assign only their own threads; ${what} belongs to ${b.author.slice(0, 64)}`
    if (a.assignee !== null && !ID_PATTERN.test(a.assignee)) return `${what} is assigned to "${a.assignee.slice(0, 40)}", which is not an account id`
  }
  if (!same(b.deleted, a.deleted)) {
    if (b.deleted !== null) return `${what} is deleted for good`
    if (!isAuthor && !canModerateThreads(actor.role)) return `${what} belongs to ${b.author.slice(0, 64)}; only they or a convener may delete it`
    const problem = stampProblem(a.deleted!, actor, `the deletion of ${what}`, ctx.now)
    if (problem) return problem
  }
  if (!same(b.dismissed, a.dismissed)) {
    if (b.dismissed !== null) return `${what} is dismissed for good`
    if (!canModerateThreads(actor.role)) return `${withArticle(actor.role)} may not dismiss orphaned threads; conveners do`
    const problem = stampProblem(a.dismissed!, actor, `the dismissal of ${what}`, ctx.now)
    if (problem) return problem
    if (ctx.content === null) return `the treaty text is not available to check that ${what} is orphaned; try again`
    if (!isOrphaned(a.anchor, a.quote, ctx.content)) return `${what} is not orphaned: its text is still in the document`
  }
  return repliesProblem(id, b, a, actor, ctx)
}

/**
 * Why `actor` may not turn thread `id` from `before` into `after` (undefined: absent), or null
 * when they may. Threads are never removed; a new one is written in the actor's own name; only
 * authors change their own words; resolving, assigning, deciding, deleting and dismissing follow
 * the roles (editor/model/permissions.ts).
 */
export function threadChangeProblemFor(id: string, before: ThreadRecord | undefined, after: ThreadRecord | undefined, actor: Actor, ctx: RuleContext): string | null {
  if (!canWriteAnnotations(actor.role)) return `${withArticle(actor.role)} may not write annotations`
  if (after === undefined) return before === undefined ? null : `thread ${id.slice(0, 64)} cannot be removed; mark it deleted instead`
  if (before === undefined) return newThreadProblem(id, after, actor, ctx)
  return threadChangeProblem(id, before, after, actor, ctx)
}

/** What a change to a private note needs besides the note: the clock, the count and the treaty text. */
export interface NoteContext {
  now: number
  noteCount: number
  content: Y.XmlFragment | null
}

/**
 * Why a person may not turn their note `id` from `before` into `after`, or null. A person's
 * notes Y.Doc is theirs alone, so there is no authorship to check: only shape, limits and the anchor.
 */
export function noteChangeProblemFor(id: string, before: NoteRecord | undefined, after: NoteRecord | undefined, role: Role, ctx: NoteContext): string | null {
  if (!canWriteNotes(role)) return `${withArticle(role)} may not keep private notes`
  if (after === undefined) return null
  const what = `note ${id.slice(0, 64)}`
  if (before === undefined) {
    if (!ID_PATTERN.test(id) || after.id !== id) return `${what} is not stored under its own id`
    if (ctx.noteCount > MAX_NOTES_PER_USER) return `you have ${MAX_NOTES_PER_USER} notes on this document, the limit`
    return timeProblem(after.created, `${what}'s creation time`, ctx.now) ?? bodyProblem(after.body, `${what}`) ??
      quoteProblem(after.quote, what) ?? newAnchorProblem(after.anchor, after.quote, what, false, ctx.content)
  }
  for (const field of ['id', 'created', 'anchor', 'quote'] as const) if (!same(before[field], after[field])) return `${what}: its ${field} cannot change`
  if (before.body !== after.body) {
    if (after.editedAt === null) return `${what}: an edited note must say when it was edited`
    return timeProblem(after.editedAt, `${what}'s edit time`, ctx.now) ?? bodyProblem(after.body, what)
  }
  return null
}
