// The sidebar's filters as functions of a thread and the person looking: open, resolved, mine,
// for me (assigned to me or mentioned), and the orphans listed apart with their quotes.
import type * as Y from 'yjs'
import { resolveAnchor } from './anchors.js'
import { FragmentPositions } from './positions.js'
import type { ThreadRecord } from './records.js'

/** The filters a thread list offers. */
export type ThreadFilter = 'all' | 'open' | 'resolved' | 'mine' | 'for-me'

/** Everyone a thread mentions: in its opening comment and in replies not deleted. */
export function mentionedIn(thread: ThreadRecord): Set<string> {
  const people = new Set(thread.mentions)
  for (const reply of Object.values(thread.replies)) if (reply.deletedAt === null) for (const m of reply.mentions) people.add(m)
  return people
}

/** True when the thread is for `me`: assigned to me, or I am mentioned in it. */
export const isForMe = (thread: ThreadRecord, me: string): boolean => thread.assignee === me || mentionedIn(thread).has(me)

/** True when the thread is listed at all: not deleted, not dismissed. */
export const isListed = (thread: ThreadRecord): boolean => thread.deleted === null && thread.dismissed === null

/** True when a listed thread passes `filter` for the person `me`. */
export function matchesFilter(thread: ThreadRecord, filter: ThreadFilter, me: string): boolean {
  if (!isListed(thread)) return false
  switch (filter) {
    case 'all': return true
    case 'open': return thread.resolution === null
    case 'resolved': return thread.resolution !== null
    case 'mine': return thread.author === me
    case 'for-me': return isForMe(thread, me)
  }
}

/** The threads that pass `filter` for `me`, in the given order. */
export const filterThreads = (threads: readonly ThreadRecord[], filter: ThreadFilter, me: string): ThreadRecord[] =>
  threads.filter((t) => matchesFilter(t, filter, me))

/** The listed threads whose whole text is gone from `content` (shown apart, "on deleted text", with their quotes). */
export function orphanedThreads(threads: readonly ThreadRecord[], content: Y.XmlFragment): ThreadRecord[] {
  const positions = new FragmentPositions(content)
  return threads.filter((t) => isListed(t) && resolveAnchor(t.anchor, t.quote, content, positions).status === 'orphaned')
}
