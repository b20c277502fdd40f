// The comment threads of an HTML export with comments: every listed thread (not deleted or
// dismissed) resolved against the treaty text and drawn after the text block its words start
// in — quote, author's display name, date, body, suggestion, status and replies — and the
// threads whose text was deleted (or that start outside any text block) in a closing section.
//
// Bodies, quotes and names come from members and are untrusted: every one goes through html.ts's
// `escapeHtml`, line breaks become <br>, and the only tags and attributes are literals of this
// module (so an export with comments passes the same inspection as one without).
import type { Node } from 'prosemirror-model'
import type * as Y from 'yjs'
import { FragmentPositions, isListed, listThreads, repliesInOrder, resolveAnchor, type ThreadRecord } from '../../editor/model/annotations/index.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'

/** One thread as the export shows it, with where its words are now (null: on deleted text). */
export interface ExportThread {
  thread: ThreadRecord
  from: number | null
  /** Where its words end now (null with `from`). */
  to: number | null
}

/**
 * The listed threads of `annotations`, resolved against the content Y.Doc `content` (whose
 * fragment the treaty node was read from), in the order of their text; orphans last.
 */
export function exportThreads(annotations: Y.Doc, content: Y.Doc): ExportThread[] {
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  const positions = new FragmentPositions(fragment)
  const out = listThreads(annotations).filter(isListed).map((thread) => {
    const at = resolveAnchor(thread.anchor, thread.quote, fragment, positions)
    return at.status === 'orphaned' ? { thread, from: null, to: null } : { thread, from: at.from, to: at.to }
  })
  return out.sort((a, b) => (a.from ?? Infinity) - (b.from ?? Infinity))
}

/** Where the threads go: their HTML by the position of the text block they start in, and the rest. */
export interface CommentPlacement {
  /** Threads' HTML by text block position; taken (deleted) as the exporter writes each block. */
  byBlock: Map<number, string>
  /** Threads on deleted text, or starting outside any text block. */
  elsewhere: string[]
}

/** Escapes like html.ts's escapeHtml (passed in, so the exporter keeps one escaping function). */
type Escape = (value: unknown) => string

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/** A body: escaped, its line breaks kept. */
const bodyHtml = (body: string, escape: Escape) => escape(body).split('\n').join('<br>')

/** One thread's HTML; `name` gives an account's display name. */
export function threadHtml(t: ExportThread, name: (userId: string) => string, escape: Escape): string {
  const { thread } = t
  const resolved = thread.resolution !== null
  const parts: string[] = [`<aside class="comment-thread${resolved ? ' comment-resolved' : ''}">`]
  parts.push(`<p class="comment-quote">${t.from === null ? '<span class="comment-orphan">On deleted text: </span>' : ''}“${escape(thread.quote.text)}”</p>`)
  const byline = (author: string, at: number, edited: boolean) =>
    `<span class="comment-author">${escape(name(author))}</span> <span class="comment-date">${escape(day(at))}</span>${edited ? ' <span class="comment-edited">(edited)</span>' : ''}`
  parts.push(`<div class="comment">${byline(thread.author, thread.created, thread.editedAt !== null)}`)
  const change = thread.suggestion
  if (change) {
    const what = change.op === 'delete' ? 'Suggests deleting the quoted text' : `Suggests ${change.op === 'insert' ? 'inserting' : 'replacing it with'} “${escape(change.text)}”`
    const decided = thread.decision ? ` — ${thread.decision.verdict === 'accepted' ? 'accepted' : 'rejected'} by ${escape(name(thread.decision.by))}` : ''
    parts.push(`<p class="comment-suggestion">${what}${decided}</p>`)
  }
  if (thread.body) parts.push(`<p class="comment-body">${bodyHtml(thread.body, escape)}</p>`)
  parts.push('</div>')
  for (const reply of repliesInOrder(thread)) {
    parts.push(`<div class="comment comment-reply">${byline(reply.author, reply.at, reply.editedAt !== null)}`)
    parts.push(reply.deletedAt !== null ? '<p class="comment-deleted">Reply deleted</p>' : `<p class="comment-body">${bodyHtml(reply.body, escape)}</p>`)
    parts.push('</div>')
  }
  parts.push(`<p class="comment-status">${resolved ? `Resolved by ${escape(name(thread.resolution!.by))}` : 'Open'}</p>`)
  parts.push('</aside>')
  return parts.join('')
}

/** Places each thread after the text block of `doc` its words start in. */
export function placeComments(doc: Node, threads: readonly ExportThread[], name: (userId: string) => string, escape: Escape): CommentPlacement {
  const byBlock = new Map<number, string>()
  const elsewhere: string[] = []
  for (const t of threads) {
    const html = threadHtml(t, name, escape)
    let block: number | null = null
    if (t.from !== null && t.from <= doc.content.size) {
      const $from = doc.resolve(t.from)
      if ($from.parent.isTextblock && $from.depth > 0) block = $from.before($from.depth)
    }
    if (block === null) elsewhere.push(html)
    else byBlock.set(block, (byBlock.get(block) ?? '') + html)
  }
  return { byBlock, elsewhere }
}
