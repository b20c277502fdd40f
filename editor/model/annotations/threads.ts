// What a person does with threads: open one on a range, reply, edit or delete their own words,
// resolve and reopen, assign, delete a thread, dismiss an orphan. Each operation builds the
// thread as it would be, judges it with the server's own rules (rules.ts) and writes it only
// when they allow it; otherwise it throws an AnnotationError with the server's reason.
import type * as Y from 'yjs'
import { newId } from '../ids.js'
import { anchorRange } from './anchors.js'
import type { Stamp, ThreadRecord } from './records.js'
import { threadChangeProblemFor, type Actor } from './rules.js'
import { getThread, listThreads, writeThread } from './store.js'

/** A change the rules refuse; `message` is the reason the server would give. */
export class AnnotationError extends Error {
  override name = 'AnnotationError'
}

/** Everything an operation needs: the two Y.Docs' types, who acts, and a clock. */
export interface ReviewContext {
  /** The document's annotations Y.Doc. */
  annotations: Y.Doc
  /** The treaty text (the content Y.Doc's fragment), for anchors. */
  content: Y.XmlFragment
  actor: Actor
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number
}

const nowOf = (ctx: ReviewContext): number => Math.floor((ctx.now ?? Date.now)())

/** Judges `after` against the stored thread with the server's rules and writes it, or throws. */
export function commitThread(ctx: ReviewContext, before: ThreadRecord | undefined, after: ThreadRecord): ThreadRecord {
  const threadCount = listThreads(ctx.annotations).length + (before === undefined ? 1 : 0)
  const problem = threadChangeProblemFor(after.id, before, after, ctx.actor, { now: nowOf(ctx), threadCount, content: ctx.content })
  if (problem) throw new AnnotationError(problem)
  writeThread(ctx.annotations, before, after)
  return after
}

function existing(ctx: ReviewContext, threadId: string): ThreadRecord {
  const thread = getThread(ctx.annotations, threadId)
  if (!thread) throw new AnnotationError(`there is no thread ${threadId.slice(0, 64)}`)
  return thread
}

/** What a new thread says and where. */
export interface NewThread {
  /** The ProseMirror range commented on (from < to). */
  from: number
  to: number
  body: string
  /** Account ids mentioned in the body (see parseMentions). */
  mentions?: string[]
  assignee?: string | null
}

/** The fields every new thread starts with, for `threadFields` callers (comments and suggestions). */
export function newThreadRecord(ctx: ReviewContext, from: number, to: number, fields: Pick<ThreadRecord, 'kind' | 'body' | 'mentions' | 'suggestion' | 'assignee'>): ThreadRecord {
  let placed
  try {
    placed = anchorRange(ctx.content, from, to)
  } catch (err) {
    throw new AnnotationError(`the anchor is outside the document: ${(err as Error).message}`)
  }
  return {
    id: newId('thread'), author: ctx.actor.userId, created: nowOf(ctx), ...placed, editedAt: null,
    decision: null, resolution: null, deleted: null, dismissed: null, replies: {}, ...fields,
  }
}

/** Opens a comment thread on from..to. */
export function createThread(ctx: ReviewContext, input: NewThread): ThreadRecord {
  if (!(input.to > input.from)) throw new AnnotationError('a comment needs some text selected')
  const thread = newThreadRecord(ctx, input.from, input.to, {
    kind: 'comment', body: input.body, mentions: input.mentions ?? [], suggestion: null, assignee: input.assignee ?? null,
  })
  return commitThread(ctx, undefined, thread)
}

/** Adds a reply to a thread; returns the reply's id. */
export function replyTo(ctx: ReviewContext, threadId: string, body: string, mentions: string[] = []): string {
  const before = existing(ctx, threadId)
  const id = newId('reply')
  const reply = { id, author: ctx.actor.userId, at: nowOf(ctx), body, mentions, editedAt: null, deletedAt: null }
  commitThread(ctx, before, { ...before, replies: { ...before.replies, [id]: reply } })
  return id
}

function changeReply(ctx: ReviewContext, threadId: string, replyId: string, change: (r: ThreadRecord['replies'][string]) => ThreadRecord['replies'][string]): void {
  const before = existing(ctx, threadId)
  const reply = before.replies[replyId]
  if (!reply) throw new AnnotationError(`thread ${threadId.slice(0, 64)} has no reply ${replyId.slice(0, 64)}`)
  commitThread(ctx, before, { ...before, replies: { ...before.replies, [replyId]: change(reply) } })
}

/** Changes the body of one's own reply (it is marked edited). */
export function editReply(ctx: ReviewContext, threadId: string, replyId: string, body: string, mentions: string[] = []): void {
  changeReply(ctx, threadId, replyId, (r) => ({ ...r, body, mentions, editedAt: Math.max(nowOf(ctx), (r.editedAt ?? 0) + 1) }))
}

/** Deletes one's own reply: it stays in the thread, marked deleted, without its body. */
export function deleteReply(ctx: ReviewContext, threadId: string, replyId: string): void {
  changeReply(ctx, threadId, replyId, (r) => ({ ...r, body: '', mentions: [], deletedAt: nowOf(ctx) }))
}

/** Changes the opening comment of one's own thread (it is marked edited). */
export function editComment(ctx: ReviewContext, threadId: string, body: string, mentions: string[] = []): void {
  const before = existing(ctx, threadId)
  commitThread(ctx, before, { ...before, body, mentions, editedAt: Math.max(nowOf(ctx), (before.editedAt ?? 0) + 1) })
}

const stamp = (ctx: ReviewContext): Stamp => ({ by: ctx.actor.userId, at: nowOf(ctx) })

/** Resolves a thread (its author, or a drafter or convener). */
export function resolveThread(ctx: ReviewContext, threadId: string): void {
  const before = existing(ctx, threadId)
  if (before.resolution !== null) return
  commitThread(ctx, before, { ...before, resolution: stamp(ctx) })
}

/** Reopens a resolved thread (its author, or a drafter or convener). */
export function reopenThread(ctx: ReviewContext, threadId: string): void {
  const before = existing(ctx, threadId)
  if (before.resolution === null) return
  commitThread(ctx, before, { ...before, resolution: null })
}

/** Assigns a thread to a member (account id), or unassigns it with null. */
export function assignThread(ctx: ReviewContext, threadId: string, assignee: string | null): void {
  const before = existing(ctx, threadId)
  commitThread(ctx, before, { ...before, assignee })
}

/** Deletes a thread (its author, or a convener): hidden everywhere, kept in the Y.Doc. */
export function deleteThread(ctx: ReviewContext, threadId: string): void {
  const before = existing(ctx, threadId)
  commitThread(ctx, before, { ...before, deleted: stamp(ctx) })
}

/** Dismisses an orphaned thread (conveners): no longer listed among orphans, kept in the Y.Doc. */
export function dismissThread(ctx: ReviewContext, threadId: string): void {
  const before = existing(ctx, threadId)
  commitThread(ctx, before, { ...before, dismissed: stamp(ctx) })
}
