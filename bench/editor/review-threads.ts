// The review benchmark's threads: an annotations Y.Doc with `count` comment threads spread evenly
// over the treaty's paragraphs, anchored (Yjs relative positions) in a content Y.Doc made from the
// very state the server stores, so every anchor resolves on the page. Every third thread has two
// replies and every tenth is resolved, as in a document under review.
import type { Node } from 'prosemirror-model'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import { newThreadRecord, writeThread, type ReviewContext } from '../../editor/model/annotations/index.js'
import { schema } from '../../editor/model/schema.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'

/** Where the threads were put, for the runner's log. */
export interface BenchThreads {
  state: Uint8Array
  threads: number
  replies: number
  /** Paragraphs holding at least one thread. */
  paragraphs: number
}

/** The text ranges of each paragraph of `doc` with text, by stable id, in document order. */
function paragraphRanges(doc: Node): Array<{ id: string; from: number; to: number }> {
  const out: Array<{ id: string; from: number; to: number }> = []
  doc.descendants((node, pos) => {
    if (node.type.name !== 'paragraph') return !node.isTextblock
    if (node.textContent.length > 0) out.push({ id: String(node.attrs.id), from: pos + 1, to: pos + node.nodeSize - 1 })
    return false
  })
  return out
}

/**
 * Builds the annotations state: `count` threads, at most a few words each, one of them always on
 * `mustHave` (the paragraph typed into, so that typing moves a thread as it would in real use).
 */
export function benchThreads(content: Uint8Array, count: number, author: string, mustHave: string): BenchThreads {
  const contentDoc = new Y.Doc()
  Y.applyUpdate(contentDoc, content)
  const fragment = contentDoc.getXmlFragment(CONTENT_FRAGMENT)
  const copy = new Y.Doc()
  Y.applyUpdate(copy, content)
  const pm = yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(CONTENT_FRAGMENT), schema)
  const paragraphs = paragraphRanges(pm)
  if (paragraphs.length === 0) throw new Error('the treaty has no paragraph with text to comment on')
  const annotations = new Y.Doc()
  // a fixed clock a day before the run, so the server's skew check never applies
  const created = Date.now() - 86_400_000
  let tick = 0
  const ctx: ReviewContext = { annotations, content: fragment, actor: { userId: author, role: 'reviewer' }, now: () => created + tick++ }
  const chosen = new Map<number, number>()
  for (let i = 0; i < count; i++) {
    const at = Math.floor((i * paragraphs.length) / count)
    chosen.set(at, (chosen.get(at) ?? 0) + 1)
  }
  const must = paragraphs.findIndex((p) => p.id === mustHave)
  if (must < 0) throw new Error(`no paragraph ${mustHave} to put a thread on`)
  if (!chosen.has(must)) {
    // move one thread from the fullest paragraph, so the count stays exact
    const [fullest] = [...chosen.entries()].sort((a, b) => b[1] - a[1])[0]!
    chosen.set(fullest, chosen.get(fullest)! - 1)
    if (chosen.get(fullest) === 0) chosen.delete(fullest)
    chosen.set(must, 1)
  }
  let n = 0
  let replies = 0
  for (const [index, many] of chosen) {
    const p = paragraphs[index]!
    const length = p.to - p.from
    for (let k = 0; k < many; k++) {
      // the k-th of `many` slices of the paragraph, at most 24 characters of it
      const from = p.from + Math.floor((k * length) / many)
      const to = Math.min(p.to, from + Math.max(1, Math.min(24, Math.floor(length / many))))
      const thread = newThreadRecord(ctx, from, to, { kind: 'comment', body: `Comment ${n + 1}: is this wording agreed?`, mentions: [], suggestion: null, assignee: null })
      if (n % 3 === 0) {
        for (const r of [1, 2]) {
          const id = `reply-${n}-${r}`
          thread.replies[id] = { id, author, at: created + tick++, body: `Reply ${r} to comment ${n + 1}.`, mentions: [], editedAt: null, deletedAt: null }
          replies++
        }
      }
      if (n % 10 === 9) thread.resolution = { by: author, at: created + tick++ }
      writeThread(annotations, undefined, thread)
      n++
    }
  }
  return { state: Y.encodeStateAsUpdate(annotations), threads: n, replies, paragraphs: chosen.size }
}
