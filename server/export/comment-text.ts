// A comment thread as plain paragraphs, for formats whose comments hold text only (Word): the
// opening comment (with what a suggestion proposes and how it was decided), each reply with its
// writer and date, and the thread's status. Names come through `name` (an account's display name).
import { repliesInOrder, type ThreadRecord } from '../../editor/model/annotations/index.js'

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** The paragraphs of one thread, in reading order. */
export function threadParagraphs(thread: ThreadRecord, name: (userId: string) => string): string[] {
  const out: string[] = []
  const change = thread.suggestion
  if (change) {
    const what = change.op === 'delete' ? 'Suggests deleting the quoted text' : `Suggests ${change.op === 'insert' ? 'inserting' : 'replacing it with'} “${change.text}”`
    const decided = thread.decision ? ` — ${thread.decision.verdict === 'accepted' ? 'accepted' : 'rejected'} by ${name(thread.decision.by)}` : ''
    out.push(`${what}${decided}`)
  }
  if (thread.body) out.push(...thread.body.split('\n'))
  for (const reply of repliesInOrder(thread)) {
    out.push(`${name(reply.author)}, ${day(reply.at)}: ${reply.deletedAt !== null ? '(reply deleted)' : reply.body.replace(/\n/g, ' ')}`)
  }
  out.push(thread.resolution !== null ? `Resolved by ${name(thread.resolution.by)}` : 'Open')
  return out
}
