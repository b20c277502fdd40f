// Find and replace in a treaty, without a DOM: where a pattern occurs in the text of the text
// blocks, the article that bounds a search, and the replacement of matches keeping their marks.
//
// A block's text is read with one placeholder character per inline node that is not text (a
// parameter, a cross-reference, a line break). The placeholder is neither a letter nor a digit and
// no pattern may contain it, so a match never includes or crosses such a node: a parameter's value
// and a reference's number are never found, and a replacement can never remove or split them.
// Each character of the block's text is one document position, so a match's offsets in the text
// are its positions in the block.
import type { Mark, Node } from 'prosemirror-model'
import type { Transform } from 'prosemirror-transform'

/** What to look for. */
export interface FindQuery {
  /** The text to find, as typed (not a regular expression). Empty finds nothing. */
  pattern: string
  /** Upper and lower case must agree (otherwise "party" finds "Party" and "PARTY"). */
  matchCase: boolean
  /**
   * The match must not be part of a longer word: where the pattern begins with a letter, digit or
   * underscore, the character before the match must not be one, and likewise after its end.
   */
  wholeWord: boolean
}

/** A query that finds nothing until a pattern is typed. */
export const EMPTY_QUERY: FindQuery = Object.freeze({ pattern: '', matchCase: false, wholeWord: false })

/** One occurrence: the document positions around the matched text (never spanning two blocks). */
export interface FindMatch {
  from: number
  to: number
}

/** Where a search looks: the whole document, or the article with the given stable id. */
export type FindScope = { kind: 'document' } | { kind: 'article'; id: string }

/** Stands for an inline node that is not text in a block's searchable text. */
const ATOM = '\uFFFC'
const WORD_CHAR = /[\p{L}\p{N}\p{M}_]/u

/**
 * Why `query` finds nothing whatever the document holds, as a sentence for the find bar, or null
 * when it can be searched.
 */
export function queryProblem(query: FindQuery): string | null {
  if (query.pattern === '') return 'Type the text to find.'
  if (query.pattern.includes(ATOM)) return 'The text to find contains a character that cannot be searched for.'
  return null
}

/** The regular expression that finds `query`, or null when the query finds nothing (see `queryProblem`). */
export function queryPattern(query: FindQuery): RegExp | null {
  if (queryProblem(query)) return null
  let source = query.pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  if (query.wholeWord) {
    const chars = [...query.pattern]
    if (WORD_CHAR.test(chars[0]!)) source = `(?<![\\p{L}\\p{N}\\p{M}_])${source}`
    if (WORD_CHAR.test(chars[chars.length - 1]!)) source = `${source}(?![\\p{L}\\p{N}\\p{M}_])`
  }
  return new RegExp(source, query.matchCase ? 'gu' : 'giu')
}

/**
 * A text block's searchable text: its text, with one placeholder character per position of an
 * inline node that is not text (a footnote takes as many as its size: its own text is searched
 * as a block of its own, see `DocumentSearch`).
 */
export function searchableText(block: Node): string {
  let text = ''
  block.forEach((child) => { text += child.isText ? child.text! : ATOM.repeat(child.nodeSize) })
  return text
}

/** The matches of `pattern` in a text block as offsets into its content: [from, to, from, to, …]. */
function blockOffsets(block: Node, pattern: RegExp): number[] {
  const text = searchableText(block)
  const out: number[] = []
  pattern.lastIndex = 0
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    // a query never matches the empty string, but a guard keeps a bad pattern from looping
    if (m[0].length === 0) { pattern.lastIndex++; continue }
    out.push(m.index, m.index + m[0].length)
  }
  return out
}

/**
 * Searches a document for one query, remembering each text block's matches by the block's node:
 * documents share the nodes they did not change (the Yjs binding keeps them too), so searching a
 * changed document again runs the pattern over the changed blocks only.
 */
export class DocumentSearch {
  private readonly pattern: RegExp | null
  private readonly byBlock = new WeakMap<Node, number[]>()
  /** How many text blocks the pattern has been run over so far (the others were remembered). */
  blocksSearched = 0

  constructor(readonly query: FindQuery) {
    this.pattern = queryPattern(query)
  }

  /** Every match in `doc`, in document order; within `scope` only when given (a missing article finds nothing). */
  matches(doc: Node, scope: FindScope = { kind: 'document' }): FindMatch[] {
    const pattern = this.pattern
    if (!pattern) return []
    let root: Node = doc
    let start = 0
    if (scope.kind === 'article') {
      const found = findArticle(doc, scope.id)
      if (!found) return []
      root = found.node
      start = found.pos + 1
    }
    const out: FindMatch[] = []
    // a footnote's text is searched as a block of its own, inside the block that holds it
    let nested = false
    root.descendants((node, pos) => {
      if (!node.inlineContent) return !node.isInline
      let offsets = this.byBlock.get(node)
      if (!offsets) {
        this.byBlock.set(node, (offsets = blockOffsets(node, pattern)))
        this.blocksSearched++
      }
      const contentStart = start + pos + 1
      for (let i = 0; i < offsets.length; i += 2) out.push({ from: contentStart + offsets[i]!, to: contentStart + offsets[i + 1]! })
      if (!node.isTextblock) { nested = nested || offsets.length > 0; return false }
      // only a block holding a footnote is looked into
      return hasFootnote(node)
    })
    return nested ? out.sort((a, b) => a.from - b.from) : out
  }
}

/** Whether the text block `block` holds a footnote. */
function hasFootnote(block: Node): boolean {
  let found = false
  block.forEach((child) => { if (child.type.name === 'footnote') found = true })
  return found
}

/** Every match of `query` in `doc` (within `scope` when given), in document order. */
export function findMatches(doc: Node, query: FindQuery, scope?: FindScope): FindMatch[] {
  return new DocumentSearch(query).matches(doc, scope)
}

/** The article with stable id `id` and the position before it, or null. */
export function findArticle(doc: Node, id: string): { node: Node; pos: number } | null {
  if (!id) return null
  let found: { node: Node; pos: number } | null = null
  doc.descendants((node, pos) => {
    if (found || node.isTextblock) return false
    if (node.type.name === 'article' && node.attrs.id === id) { found = { node, pos }; return false }
    return true
  })
  return found
}

/** The stable id of the article holding position `pos`, or null outside articles (or in one without an id yet). */
export function articleIdAt(doc: Node, pos: number): string | null {
  const $pos = doc.resolve(pos)
  for (let d = $pos.depth; d > 0; d--) {
    const node = $pos.node(d)
    if (node.type.name === 'article') return node.attrs.id ? String(node.attrs.id) : null
  }
  return null
}

/** The index of the first match at or after `pos`, wrapping round to the first match; -1 when there are none. */
export function matchIndexFrom(matches: readonly FindMatch[], pos: number): number {
  if (matches.length === 0) return -1
  let lo = 0
  let hi = matches.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (matches[mid]!.from < pos) lo = mid + 1
    else hi = mid
  }
  return lo === matches.length ? 0 : lo
}

/** The marks of the character after `pos`, or of the one before where `pos` ends its text. */
function marksAround(doc: Node, pos: number): readonly Mark[] {
  const after = doc.nodeAt(pos)
  if (after?.isText) return after.marks
  const $pos = doc.resolve(pos)
  return $pos.nodeBefore?.isText ? $pos.nodeBefore.marks : []
}

/**
 * Replaces one match with `replacement` in `tr`, changing only what differs: the characters the
 * match and the replacement share at their start and end stay as they are (with their marks and
 * anything anchored to them), and the new characters take the marks of the first character they
 * replace, so a defined term or bold text stays one. Returns the position after the replacement.
 */
export function replaceMatch(tr: Transform, match: FindMatch, replacement: string): number {
  const old = tr.doc.textBetween(match.from, match.to)
  let head = 0
  while (head < old.length && head < replacement.length && old[head] === replacement[head]) head++
  let tail = 0
  while (tail < old.length - head && tail < replacement.length - head && old[old.length - 1 - tail] === replacement[replacement.length - 1 - tail]) tail++
  const from = match.from + head
  const to = match.to - tail
  const text = replacement.slice(head, replacement.length - tail)
  const marks = marksAround(tr.doc, from < to ? from : Math.max(match.from, from - 1))
  if (text) tr.replaceWith(from, to, tr.doc.type.schema.text(text, marks))
  else if (from < to) tr.delete(from, to)
  return match.from + replacement.length
}

/**
 * Replaces every match with `replacement` in `tr`, last first so the earlier positions stay
 * valid; one transform, so one undoable change. Returns how many were replaced.
 */
export function replaceMatches(tr: Transform, matches: readonly FindMatch[], replacement: string): number {
  for (let i = matches.length - 1; i >= 0; i--) replaceMatch(tr, matches[i]!, replacement)
  return matches.length
}
