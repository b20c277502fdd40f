// Concurrent moves of one article.
//
// Yjs has no move: moving an article deletes it and inserts a copy. When two drafters move the
// same article at once, both delete the original and each inserts a copy, so the merged document
// holds two copies with the same id. Each move therefore stamps its copy (the article's `moved`
// attribute, unique and totally ordered): wherever two articles share an id and their stamps
// differ, the copy with the greatest stamp is the article, the same on every client whatever order
// updates arrive in, and normalisation deletes the others (see normalize.ts).
//
// The deleted copy may hold words typed into it after its move. The client that made that move
// (the only one that knows its stamp is its own) carries them into the surviving copy, once:
// `rescueInto` adds to the survivor, block by block, the words of the lost copy that the survivor
// lacks. Only one client writes them, so they are not doubled; a word deleted in the survivor but
// kept in the lost copy comes back, as the safer error.
import type { Node } from 'prosemirror-model'
import type { Transform } from 'prosemirror-transform'
import { schema } from './schema.js'
import { positionOfText } from './text-offsets.js'

/** Transaction meta of a move: its stamp, so the editor remembers which stamps are its own. */
export const MOVE_META = 'pacta:articleMove'

/** A new move stamp: sortable by time, then unique by its random tail. */
export function newMoveStamp(): string {
  const bytes = new Uint8Array(6)
  globalThis.crypto.getRandomValues(bytes)
  const tail = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${Date.now().toString(36).padStart(9, '0')}-${tail}`
}

/** The stamp of an article's last move ('' when it was never moved). */
export const moveStamp = (article: Node): string => (typeof article.attrs.moved === 'string' ? article.attrs.moved : '')

/** An article found in a document. */
export interface PlacedArticle { node: Node; pos: number }

/** Every article of `doc`, by id, in document order. */
export function articlesById(doc: Node): Map<string, PlacedArticle[]> {
  const byId = new Map<string, PlacedArticle[]>()
  doc.descendants((node, pos) => {
    if (node.type.name === 'article') {
      const id = typeof node.attrs.id === 'string' ? node.attrs.id : ''
      if (id) byId.set(id, [...(byId.get(id) ?? []), { node, pos }])
      return false
    }
    return !node.isTextblock
  })
  return byId
}

/**
 * The copies that lost a concurrent move: of articles sharing an id whose stamps differ, all but
 * the one with the greatest stamp (by position, for normalisation to delete).
 */
export function lostMoveCopies(doc: Node): Set<number> {
  const lost = new Set<number>()
  for (const copies of articlesById(doc).values()) {
    if (copies.length < 2) continue
    const stamps = new Set(copies.map((c) => moveStamp(c.node)))
    if (stamps.size < 2) continue
    const best = [...stamps].sort().pop()!
    for (const copy of copies) if (moveStamp(copy.node) !== best) lost.add(copy.pos)
  }
  return lost
}

/** The surviving copy of the article `id` whose stamp is greater than `stamp`, if any. */
export function survivorOf(doc: Node, id: string, stamp: string): PlacedArticle | null {
  let best: PlacedArticle | null = null
  for (const copy of articlesById(doc).get(id) ?? []) {
    const s = moveStamp(copy.node)
    if (s > stamp && (!best || s > moveStamp(best.node))) best = copy
  }
  return best
}

/** The key, in the shared record of removed losing copies (ydoc.ts MOVE_REMOVALS_MAP), of article `id`'s copy stamped `stamp`. */
export const removalKey = (id: string, stamp: string): string => `${id} ${stamp}`

/** A copy of article `id` that this editor removed as losing a concurrent move. */
export interface RemovedCopy { id: string; stamp: string }

/** An article to put back (copiesToBringBack): the copy to insert, and where a copy of it stood. */
export interface CopyToBringBack { id: string; node: Node; pos: number }

/**
 * The articles to bring back, one copy each, because the change from `oldDoc` to `newDoc` removed
 * every copy of them left, each recorded as removed as losing a move, while this editor had removed
 * a losing copy of them too (`removed`; `removerOf` reads the record, `self` is this editor's client
 * id): the copy as this editor last had it, and its position in `oldDoc`. Every removal was right
 * where it was made — a copy loses to one that another drafter's undo then takes away, or that the
 * other copy's own mover removed — but together they leave the article nowhere, and nobody deleted
 * it. Each editor the record names as the remover of a copy brings the article back once; the
 * copies brought back then settle as any concurrent moves do, and what was typed into a losing one
 * follows its typist's words into the survivor (rescue.ts). An article deleted on purpose is not
 * recorded, and stays deleted.
 */
export function copiesToBringBack(
  oldDoc: Node, newDoc: Node, removed: readonly RemovedCopy[], removerOf: (key: string) => unknown, self: number,
): CopyToBringBack[] {
  if (removed.length === 0) return []
  const before = articlesById(oldDoc)
  const after = articlesById(newDoc)
  const out: CopyToBringBack[] = []
  for (const copy of [...removed].reverse()) {
    const gone = before.get(copy.id)
    if (!gone?.length || after.has(copy.id) || removerOf(removalKey(copy.id, copy.stamp)) !== self) continue
    if (!gone.every((g) => removerOf(removalKey(copy.id, moveStamp(g.node))) !== undefined)) continue
    if (out.some((o) => o.id === copy.id)) continue
    // as this editor last had the article: the copy the change removed (with the greatest stamp),
    // which holds what was typed since this editor removed its own
    const last = gone.reduce((a, g) => (moveStamp(g.node) > moveStamp(a.node) ? g : a))
    out.push({ id: copy.id, node: last.node, pos: gone[0]!.pos })
  }
  return out
}

/** Words with the spaces after them: the units a rescue compares and inserts. */
const WORDS = /\S+\s*|\s+/g
export const wordsOf = (text: string): string[] => text.match(WORDS) ?? []

/**
 * For each word of `theirs` that `ours` lacks (by a longest common subsequence of words), the
 * index in `ours`' word list before which it belongs. Runs of added words come out in order.
 */
function addedWords(ours: string[], theirs: string[]): Array<{ before: number; word: string }> {
  const n = ours.length
  const m = theirs.length
  // LCS table, from the ends; treaty paragraphs are short enough for the quadratic table
  const table: Uint16Array[] = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i]![j] = ours[i]!.trim() === theirs[j]!.trim() ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!)
    }
  }
  const added: Array<{ before: number; word: string }> = []
  let i = 0
  let j = 0
  while (j < m) {
    if (i < n && ours[i]!.trim() === theirs[j]!.trim()) { i++; j++ }
    else if (i < n && table[i + 1]![j]! >= table[i]![j + 1]!) i++
    else { added.push({ before: i, word: theirs[j]! }); j++ }
  }
  return added
}

/** A text to insert at a document position. */
export interface TextEdit { pos: number; text: string }

/**
 * The insertions that add to the text block `node` (at `pos`) the words of `theirs` it lacks, each
 * where a longest common subsequence of words puts it, for the words `wanted` accepts.
 */
export function missingWordEdits(node: Node, pos: number, theirs: string, wanted: (word: string) => boolean = () => true): TextEdit[] {
  const oursWords = wordsOf(node.textContent)
  const added = addedWords(oursWords, wordsOf(theirs)).filter((a) => wanted(a.word))
  if (added.length === 0) return []
  // text offsets of each word start in the block, mapped to document positions
  const offsets: number[] = []
  let at = 0
  for (const w of oursWords) { offsets.push(at); at += w.length }
  offsets.push(at)
  return added.map(({ before, word }) => ({
    pos: positionOfText(node, pos, offsets[before]!),
    text: before === oursWords.length && oursWords.length > 0 && !/\s$/.test(oursWords[oursWords.length - 1]!) ? ` ${word.trimEnd()}` : word,
  }))
}

/** Applies `edits` to `tr`, later positions first; at one position, in the order given. */
export function applyTextEdits(tr: Transform, edits: readonly TextEdit[]): void {
  edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.pos - a.e.pos || b.i - a.i).forEach(({ e }) => { tr.insert(e.pos, schema.text(e.text)) })
}

/**
 * A block a repair adds to an article, written to Yjs on its own. y-prosemirror writes a change
 * to an element's children by pairing old and new children from both ends and rewriting the pairs
 * in place; when one write both adds a block to an article and changes another of its blocks, it
 * can pair each old element with the new block beside it and rewrite the whole run — deleting the
 * text and parameters of elements others are typing into. A repair therefore changes text in
 * existing blocks in one write and adds each block in a write of its own (normalize plugin).
 */
export interface BlockToAdd {
  /** The article's id and move stamp (its copy): the block goes into that copy, or the survivor of its moves. */
  article: string
  stamp: string
  /** The id of the child it follows; null: right after the article's heading. */
  after: string | null
  node: Node
}

/** The id of the last child of `article` (at `articlePos`) that ends at or before `at`. */
function idBefore(article: Node, articlePos: number, at: number): string | null {
  let id: string | null = null
  article.forEach((child, offset) => {
    if (articlePos + 1 + offset + child.nodeSize <= at && typeof child.attrs.id === 'string' && child.attrs.id) id = child.attrs.id
  })
  return id
}

/** Describes inserting `node` at `at` in the article at `articlePos` of `doc` as a block to add later. */
export function blockToAdd(doc: Node, articlePos: number, at: number, node: Node): BlockToAdd {
  const article = doc.nodeAt(articlePos)!
  return { article: String(article.attrs.id), stamp: moveStamp(article), after: idBefore(article, articlePos, at), node }
}

/**
 * Adds `block` to `tr`'s document now: into its article's copy (placeOfBlock); when the copy
 * already holds a block with its id (the article's moved copy brought it meanwhile), the words of
 * `block` that one lacks go into it instead. False when there is no such article.
 */
export function addBlockToArticle(tr: Transform, block: BlockToAdd): boolean {
  const place = placeOfBlock(tr.doc, block)
  if (place === null) return false
  if (typeof place === 'number') tr.insert(place, block.node)
  else applyTextEdits(tr, missingWordEdits(place.node, place.pos, block.node.textContent))
  return true
}

/**
 * Where `block` goes in `doc` now: in its article's copy (or, when that copy is gone, the one
 * with the greatest stamp), after the child it follows (after the heading when that child is
 * gone); the block with its id there, when the article already holds one; null when there is no
 * such article.
 */
function placeOfBlock(doc: Node, block: BlockToAdd): number | { node: Node; pos: number } | null {
  const copies = articlesById(doc).get(block.article) ?? []
  const copy = copies.find((c) => moveStamp(c.node) === block.stamp) ?? [...copies].sort((a, b) => moveStamp(a.node).localeCompare(moveStamp(b.node))).pop() ??
    containerById(doc, block.article)
  if (!copy) return null
  let at = copy.pos + 1
  let leading = true
  let there: { node: Node; pos: number } | null = null
  copy.node.forEach((child, offset) => {
    const end = copy.pos + 1 + offset + child.nodeSize
    if (leading && child.type.name === 'heading') at = end
    else leading = false
    if (block.node.attrs.id && child.attrs.id === block.node.attrs.id && child.isTextblock) there ??= { node: child, pos: end - child.nodeSize }
    if (block.after !== null && child.attrs.id === block.after) at = end
  })
  return there ?? at
}

/** The element other than an article (an annex, the final provisions) with id `id`, if any: a block's home that is never moved. */
function containerById(doc: Node, id: string): PlacedArticle | null {
  let found: PlacedArticle | null = null
  if (id) {
    doc.descendants((node, pos) => {
      if (found || node.isTextblock) return false
      if (node.attrs.id === id) { found = { node, pos }; return false }
      return true
    })
  }
  return found
}

/** The text blocks of an article, keyed for matching: paragraphs by id, headings by their order. */
function blocksOf(article: Node, start: number): Array<{ key: string; node: Node; pos: number }> {
  const out: Array<{ key: string; node: Node; pos: number }> = []
  let headings = 0
  article.forEach((child, offset) => {
    if (!child.isTextblock) return
    const key = child.type.name === 'paragraph' && child.attrs.id ? `p:${String(child.attrs.id)}` : `${child.type.name}:${headings++}`
    out.push({ key, node: child, pos: start + offset })
  })
  return out
}

/**
 * Adds to the article at `survivorPos` in `tr.doc` what the lost copy `lost` holds and the
 * survivor lacks, of the words `wanted` accepts (by the lost copy's block): words of matching
 * blocks, and blocks the survivor does not have (after the block they followed), holding those
 * words. Given `addBlock`, the blocks go to it, to be added each in a write of its own
 * (BlockToAdd), and only words go into `tr`. A lost block's words are read with `textOf` (its
 * text, by default). Returns whether anything was added.
 */
export function rescueInto(
  tr: Transform, survivorPos: number, lost: Node, wanted: (block: Node, word: string) => boolean = () => true,
  addBlock?: (block: BlockToAdd) => void, textOf: (block: Node) => string = (block) => block.textContent,
): boolean {
  const survivor = tr.doc.nodeAt(survivorPos)
  if (!survivor || survivor.type.name !== 'article') return false
  const ours = new Map(blocksOf(survivor, survivorPos + 1).map((b) => [b.key, b]))
  // insertions from the end of the article backwards, so earlier positions stay valid
  const edits: Array<{ pos: number; apply: () => void }> = []
  const insertText = (e: TextEdit) => ({ pos: e.pos, apply: () => { tr.insert(e.pos, schema.text(e.text)) } })
  let lastMatchedEnd = survivorPos + 1 + (survivor.firstChild?.type.name === 'heading' ? survivor.firstChild.nodeSize : 0)
  const pendingBlocks: Node[] = []
  let added = false
  const flushBlocks = (at: number) => {
    if (pendingBlocks.length === 0) return
    const blocks = pendingBlocks.splice(0)
    if (addBlock) { added = true; blocks.forEach((node) => addBlock(blockToAdd(tr.doc, survivorPos, at, node))) }
    else edits.push({ pos: at, apply: () => { tr.insert(at, blocks) } })
  }
  for (const theirs of blocksOf(lost, 0)) {
    const match = ours.get(theirs.key)
    if (!match) {
      // a block added to the lost copy: carried over with its wanted words (an id it shares is
      // repaired by normalisation)
      const words = wordsOf(textOf(theirs.node)).filter((w) => w.trim() !== '' && wanted(theirs.node, w))
      if (words.length > 0) pendingBlocks.push(theirs.node.type.create(theirs.node.attrs, schema.text(words.join('').trimEnd())))
      continue
    }
    flushBlocks(match.pos)
    lastMatchedEnd = match.pos + match.node.nodeSize
    edits.push(...missingWordEdits(match.node, match.pos, textOf(theirs.node), (w) => wanted(theirs.node, w)).map(insertText))
  }
  flushBlocks(lastMatchedEnd)
  if (edits.length === 0) return added
  // stable order: later positions first; at one position, later-found edits first keeps their order
  edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.pos - a.e.pos || b.i - a.i).forEach(({ e }) => e.apply())
  return true
}
