// The anchored words as text, with some context either side: taken when a thread is made, and
// searched for when its anchor no longer finds them (the text was deleted, then restored by an
// undo, which gives the restored characters new Yjs identities).
import * as Y from 'yjs'
import { schema } from '../schema.js'
import { MAX_QUOTE_LENGTH, QUOTE_CONTEXT_LENGTH } from './limits.js'
import type { Quote } from './records.js'

/** Stands for an inline leaf (a parameter, a cross-reference) in quoted text. */
export const LEAF_CHAR = '\uFFFC'

/** Marks the middle of a quote too long to keep whole: its head and tail are kept. */
export const ELISION = '\u2026'

/** Between two text blocks in quoted text. */
const BLOCK_BREAK = '\n'

/** The document as one string, with the ProseMirror position of each character (-1 for a block break). */
export interface FlatText {
  text: string
  positions: number[]
}

/** Flattens the live text of a fragment: text blocks separated by line breaks, inline leaves as LEAF_CHAR. */
export function flatten(fragment: Y.XmlFragment): FlatText {
  let text = ''
  const positions: number[] = []
  const walk = (type: Y.XmlFragment | Y.XmlElement, start: number): number => {
    let pos = start
    for (let item = type._start; item !== null; item = item.right) {
      if (item.deleted || !item.countable || !(item.content instanceof Y.ContentType)) continue
      const child = item.content.type
      if (child instanceof Y.XmlText) {
        for (let t = child._start; t !== null; t = t.right) {
          if (t.deleted || !t.countable) continue
          const str = t.content instanceof Y.ContentString ? t.content.str : LEAF_CHAR.repeat(t.length)
          for (let i = 0; i < str.length; i++) positions.push(pos + i)
          text += str
          pos += str.length
        }
      } else if (child instanceof Y.XmlElement) {
        const spec = schema.nodes[child.nodeName]
        if (spec?.isLeaf) {
          text += LEAF_CHAR
          positions.push(pos)
          pos += 1
          continue
        }
        if (spec?.isTextblock && text.length > 0) {
          text += BLOCK_BREAK
          positions.push(-1)
        }
        pos = walk(child, pos + 1) + 1
      }
    }
    return pos
  }
  walk(fragment, 0)
  return { text, positions }
}

/** Index of the first character at or after ProseMirror position `pos` (text.length when none). */
function indexAt(flat: FlatText, pos: number): number {
  let lo = 0
  let hi = flat.positions.length
  // positions are increasing apart from the -1 of block breaks, so search linearly near the answer
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    let p = flat.positions[mid]!
    let probe = mid
    while (p < 0 && probe + 1 < flat.positions.length) p = flat.positions[++probe]!
    if (p < 0 || p >= pos) hi = mid
    else lo = mid + 1
  }
  while (lo < flat.positions.length && flat.positions[lo]! < 0) lo++
  return lo
}

/** Shortens text longer than MAX_QUOTE_LENGTH to its head and tail around ELISION. */
function clip(text: string): string {
  if (text.length <= MAX_QUOTE_LENGTH) return text
  const half = (MAX_QUOTE_LENGTH - 1) >> 1
  return text.slice(0, half) + ELISION + text.slice(text.length - half)
}

/** The quote of the range from..to (a point when equal): its text and QUOTE_CONTEXT_LENGTH characters either side. */
export function captureQuote(fragment: Y.XmlFragment, from: number, to: number): Quote {
  const flat = flatten(fragment)
  let start = indexAt(flat, from)
  let end = indexAt(flat, to)
  while (end > start && flat.positions[end - 1]! < 0) end--
  while (start < end && flat.positions[start]! < 0) start++
  return {
    text: clip(flat.text.slice(start, end)),
    before: flat.text.slice(Math.max(0, start - QUOTE_CONTEXT_LENGTH), start),
    after: flat.text.slice(end, end + QUOTE_CONTEXT_LENGTH),
  }
}

const commonSuffix = (a: string, b: string): number => {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}
const commonPrefix = (a: string, b: string): number => {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

/** Every [start, end) in `text` where the quote's text is (head … tail for an elided quote). */
function occurrences(text: string, quote: string): [number, number][] {
  const found: [number, number][] = []
  const cut = quote.length === MAX_QUOTE_LENGTH ? quote.indexOf(ELISION) : -1
  const head = cut >= 0 ? quote.slice(0, cut) : quote
  const tail = cut >= 0 ? quote.slice(cut + 1) : ''
  for (let i = text.indexOf(head); i >= 0; i = text.indexOf(head, i + 1)) {
    if (cut < 0) { found.push([i, i + head.length]); continue }
    const j = text.indexOf(tail, i + head.length)
    if (j >= 0) found.push([i, j + tail.length])
  }
  return found
}

/**
 * Where the quoted words are now, found by their text and context: the occurrence whose
 * surroundings match the stored context best, if that match is unambiguous and covers at least
 * half of the context. Null when the words are not in the document.
 */
export function findQuote(fragment: Y.XmlFragment, quote: Quote): { from: number; to: number } | null {
  const flat = flatten(fragment)
  const point = quote.text.length === 0
  const needle = point ? quote.before + quote.after : quote.text
  if (needle.length === 0) return null
  let best: { score: number; start: number; end: number } | null = null
  let tie = false
  for (const [i, j] of occurrences(flat.text, needle)) {
    const [start, end] = point ? [i + quote.before.length, i + quote.before.length] : [i, j]
    const score = commonSuffix(quote.before, flat.text.slice(Math.max(0, start - quote.before.length), start)) +
      commonPrefix(quote.after, flat.text.slice(end, end + quote.after.length))
    if (best === null || score > best.score) { best = { score, start, end }; tie = false }
    else if (score === best.score) tie = true
  }
  if (best === null || tie) return null
  if (!point && best.score < Math.ceil((quote.before.length + quote.after.length) / 2)) return null
  const posOf = (index: number, side: 'from' | 'to'): number | null => {
    if (side === 'from') {
      for (let k = index; k < flat.positions.length; k++) if (flat.positions[k]! >= 0) return flat.positions[k]!
      return null
    }
    for (let k = index - 1; k >= 0; k--) if (flat.positions[k]! >= 0) return flat.positions[k]! + 1
    return null
  }
  const from = point ? posOf(best.start, 'from') ?? posOf(best.start, 'to') : posOf(best.start, 'from')
  const to = point ? from : posOf(best.end, 'to')
  if (from === null || to === null || to < from) return null
  return { from, to }
}
