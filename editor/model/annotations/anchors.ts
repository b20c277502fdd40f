// Anchors: ProseMirror ranges of the treaty turned into Yjs relative positions, and back. The
// positions stick to characters, so concurrent edits around or inside a range move it with its
// words. Resolution reads only shared state (never which client undid what), so every client
// with the same Yjs state finds the same range, or finds the thread orphaned.
import * as Y from 'yjs'
import { CONTENT_FRAGMENT } from '../ydoc.js'
import { FragmentPositions } from './positions.js'
import { captureQuote, findQuote } from './quote.js'
import type { Anchor, Quote, RelativePositionJSON } from './records.js'

/**
 * Where an anchor is now: `attached` to its own characters; `reattached` to the same words found
 * again by their quote (they were deleted and restored, e.g. by an undo); or `orphaned` when its
 * whole text is gone. An orphaned thread is kept and listed with its quote.
 */
export type AnchorState =
  | { status: 'attached' | 'reattached'; from: number; to: number }
  | { status: 'orphaned' }

/** An anchor for the range from..to of the treaty (a point when equal) and the quote of its words. */
export function anchorRange(fragment: Y.XmlFragment, from: number, to: number, positions = new FragmentPositions(fragment)): { anchor: Anchor; quote: Quote } {
  if (!(to >= from)) throw new RangeError(`an anchor's end (${to}) comes before its start (${from})`)
  const start = positions.placeAt(from)
  const end = positions.placeAt(to)
  if (start === null || end === null) {
    throw new RangeError(`the range ${from}–${to} is outside the document (its content is ${positions.contentSize} long)`)
  }
  const startRel = Y.createRelativePositionFromTypeIndex(start.type, start.index, 0)
  const anchor: Anchor = {
    start: Y.relativePositionToJSON(startRel) as RelativePositionJSON,
    end: to === from ? null : Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(end.type, end.index, -1)) as RelativePositionJSON,
  }
  return { anchor, quote: captureQuote(fragment, from, to) }
}

const isClockId = (v: unknown): v is { client: number; clock: number } =>
  typeof v === 'object' && v !== null && Number.isSafeInteger((v as { client: unknown }).client) && (v as { client: number }).client >= 0 &&
  Number.isSafeInteger((v as { clock: unknown }).clock) && (v as { clock: number }).clock >= 0

/**
 * What is wrong with one relative position of an anchor read from a client, or null. It must be
 * an item or type id (or the content fragment's name) with a numeric association; anything else
 * could make Yjs create a new root type while resolving it.
 */
export function relativePositionProblem(value: unknown, what: string): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${what} is not a relative position`
  const keys = Object.keys(value)
  const extra = keys.find((k) => !['type', 'tname', 'item', 'assoc'].includes(k))
  if (extra) return `${what} has an unknown field "${extra.slice(0, 20)}"`
  const rel = value as Record<string, unknown>
  if (rel.assoc !== undefined && !Number.isSafeInteger(rel.assoc)) return `${what}'s association is not an integer`
  if (rel.tname !== undefined && (rel.tname !== CONTENT_FRAGMENT || rel.type !== undefined)) return `${what} points outside the treaty text`
  if (rel.type !== undefined && !isClockId(rel.type)) return `${what}'s type is not a Yjs id`
  if (rel.item !== undefined) return isClockId(rel.item) ? null : `${what}'s item is not a Yjs id`
  return rel.tname !== undefined || rel.type !== undefined ? null : `${what} names neither an item nor a type`
}

/** The Yjs place of a checked relative position, or null when it cannot be resolved (unknown or collected). */
function place(doc: Y.Doc, json: RelativePositionJSON): { type: Y.AbstractType<any>; index: number } | null {
  const abs = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc, false)
  return abs ? { type: abs.type, index: abs.index } : null
}

/**
 * Checks an anchor a client wrote against the content: both positions well formed, pointing at
 * items the content has, inside the treaty text (not the parameter values). Returns the reason
 * it is refused, or null.
 */
export function anchorProblem(anchor: unknown, fragment: Y.XmlFragment): string | null {
  if (typeof anchor !== 'object' || anchor === null) return 'the anchor is missing'
  const { start, end } = anchor as { start?: unknown; end?: unknown }
  const extra = Object.keys(anchor).find((k) => k !== 'start' && k !== 'end')
  if (extra) return `the anchor has an unknown field "${extra.slice(0, 20)}"`
  const doc = fragment.doc
  if (!doc) return 'the treaty text is not available to check the anchor'
  for (const [what, rel] of [['its start', start], ['its end', end]] as const) {
    if (what === 'its end' && rel === null) continue
    const problem = relativePositionProblem(rel, `the anchor's ${what.slice(4)}`)
    if (problem) return problem
    const json = rel as RelativePositionJSON
    for (const id of [json.item, json.type]) {
      if (id && Y.getState(doc.store, id.client) <= id.clock) return `the anchor's ${what.slice(4)} points outside the document (no such text)`
    }
    const found = place(doc, json)
    if (found === null) return `the anchor's ${what.slice(4)} points to text that is no longer in the document`
    if (found.type !== fragment && (found.type._item === null || !Y.isParentOf(fragment, found.type._item))) {
      return `the anchor's ${what.slice(4)} points outside the treaty text`
    }
  }
  return null
}

/**
 * Where `anchor` is in `fragment` now. Its own characters first; when its whole text is gone
 * (or the block holding it), the quote is searched for, so that text restored by an undo finds
 * its threads again; when that fails too, the thread is orphaned.
 */
export function resolveAnchor(anchor: Anchor, quote: Quote, fragment: Y.XmlFragment, positions = new FragmentPositions(fragment)): AnchorState {
  const own = resolveOwn(anchor, fragment, positions)
  if (own) return { status: 'attached', ...own }
  const found = findQuote(fragment, quote)
  return found ? { status: 'reattached', ...found } : { status: 'orphaned' }
}

/** The range the anchor's own characters span, or null when they are all gone. */
function resolveOwn(anchor: Anchor, fragment: Y.XmlFragment, positions: FragmentPositions): { from: number; to: number } | null {
  const doc = fragment.doc
  if (!doc || !isResolvable(anchor)) return null
  const start = safePlace(doc, anchor.start)
  const from = start && positions.positionOf(start)
  if (from === null || from === undefined) return null
  if (anchor.end === null) return { from, to: from }
  const end = safePlace(doc, anchor.end)
  const to = end && positions.positionOf(end)
  if (to === null || to === undefined || to <= from) return null
  return { from, to }
}

/** True when both positions are well formed (they may point at deleted text). */
function isResolvable(anchor: Anchor): boolean {
  return relativePositionProblem(anchor.start, 'start') === null && (anchor.end === null || relativePositionProblem(anchor.end, 'end') === null)
}

function safePlace(doc: Y.Doc, json: RelativePositionJSON): { type: Y.AbstractType<any>; index: number } | null {
  if (relativePositionProblem(json, 'position') !== null) return null
  for (const id of [json.item, json.type]) if (id && Y.getState(doc.store, id.client) <= id.clock) return null
  return place(doc, json)
}

/** True when the anchor resolves to nothing: neither its own characters nor its quote are in the document. */
export function isOrphaned(anchor: Anchor, quote: Quote, fragment: Y.XmlFragment, positions?: FragmentPositions): boolean {
  return resolveAnchor(anchor, quote, fragment, positions).status === 'orphaned'
}
