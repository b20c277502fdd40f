// Suggestions: a thread proposing a change to its range (replace it with text, delete it, or
// insert text at a point), and the decision on it. Accepting changes the text through the
// accepting person's editor, as an ordinary undoable edit; `suggestedChange` says what to apply.
import type * as Y from 'yjs'
import { resolveAnchor } from './anchors.js'
import type { SuggestionOp, ThreadRecord } from './records.js'
import { AnnotationError, commitThread, newThreadRecord, type ReviewContext } from './threads.js'
import { getThread } from './store.js'

/** What a new suggestion proposes, and where. */
export interface NewSuggestion {
  op: SuggestionOp
  /** The range to replace or delete; for an insertion, from === to is the point. */
  from: number
  to: number
  /** Replacement or inserted text ('' for a deletion). */
  text: string
  /** An optional comment with it. */
  body?: string
  mentions?: string[]
}

/** Proposes a change; returns the suggestion's thread. */
export function suggest(ctx: ReviewContext, input: NewSuggestion): ThreadRecord {
  if (input.op === 'insert' ? input.to !== input.from : !(input.to > input.from)) {
    throw new AnnotationError(input.op === 'insert' ? 'an insertion is proposed at a point, not on a range' : `a ${input.op} needs some text selected`)
  }
  const thread = newThreadRecord(ctx, input.from, input.to, {
    kind: 'suggestion', body: input.body ?? '', mentions: input.mentions ?? [], assignee: null,
    suggestion: { op: input.op, text: input.op === 'delete' ? '' : input.text },
  })
  return commitThread(ctx, undefined, thread)
}

/** Records the decision on a suggestion (drafters and conveners); an accepted one must still have its range. */
export function decideSuggestion(ctx: ReviewContext, threadId: string, verdict: 'accepted' | 'rejected'): void {
  const before = getThread(ctx.annotations, threadId)
  if (!before) throw new AnnotationError(`there is no thread ${threadId.slice(0, 64)}`)
  commitThread(ctx, before, { ...before, decision: { verdict, by: ctx.actor.userId, at: Math.floor((ctx.now ?? Date.now)()) } })
}

/**
 * The edit accepting a suggestion makes: replace from..to with `text` (an insertion has
 * from === to, a deletion text ''), and `current`, the text there now, to compare with the
 * quote (when they differ the text changed since the suggestion was made). Null when the
 * suggestion's range no longer exists, or the thread is not a suggestion.
 */
export function suggestedChange(thread: ThreadRecord, content: Y.XmlFragment, textBetween: (from: number, to: number) => string): { from: number; to: number; text: string; current: string; changed: boolean } | null {
  if (thread.kind !== 'suggestion' || thread.suggestion === null) return null
  const place = resolveAnchor(thread.anchor, thread.quote, content)
  if (place.status === 'orphaned') return null
  const current = textBetween(place.from, place.to)
  return { from: place.from, to: place.to, text: thread.suggestion.text, current, changed: current !== thread.quote.text }
}
