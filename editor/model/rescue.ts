// Text this editor wrote that a concurrent join or move took away.
//
// Joining two paragraphs (Backspace at the start of one, Delete at the end of the one before)
// moves the second paragraph's text into the first and deletes the second; moving an article
// deletes it and inserts a copy. Yjs has no move: what another drafter typed into the deleted
// paragraph or article meanwhile stays in the deleted element and is gone. Every editor therefore
// remembers where it recently wrote (the block — a paragraph by its id, an article's heading by
// the article's — the text, and the words around it). When a change from elsewhere replaces such
// a block by a moved copy (or deletes it and the copy arrives later), the editor puts each of its
// own words the copy lacks back where the words around it stand; when a join removes the block
// while the words around its text arrive in another paragraph, the editor writes its text back
// there, next to the same words. Only the editor that wrote a text restores it, so nothing is
// doubled; a paragraph deleted on purpose takes its words with it to no other paragraph, so
// nothing deleted comes back. Where the words around a text cannot tell, the delete sets of the
// updates that brought the change can (editor/model/unseen-deletions.ts): own text they do not
// list, the change's authors never had, and it goes back; and where the words around it went too,
// the joining editor's record of the join names the block its paragraph went to (joins.ts).
import type { Node } from 'prosemirror-model'
import type { Transform } from 'prosemirror-transform'
import { schema } from './schema.js'
import { applyTextEdits, blockToAdd, lostMoveCopies, missingWordEdits, moveStamp, survivorOf, wordsOf, type BlockToAdd, type TextEdit } from './moves.js'
import { positionOfText } from './text-offsets.js'
import { newId } from './ids.js'
import { blockKey } from './block-key.js'
import { joinChain, joinedHome } from './joins.js'
import type { CarriedWords } from './carried-text.js'
import { NOTHING_UNSEEN, type UnseenText } from './unseen-deletions.js'

/** Text this editor wrote into a paragraph, with the words around it then. */
export interface OwnText {
  /** The paragraph's id. */
  block: string
  text: string
  /** Up to CONTEXT characters of the paragraph just before and after the text. */
  before: string
  after: string
  /**
   * Set once a change from elsewhere removed the paragraph and the text found no place: the
   * paragraph's whole text then. A moved article's copy can arrive after its original was deleted
   * (Yjs applies a deletion at once but holds an insertion until what it was inserted next to has
   * arrived); when a paragraph with the same id comes back, the text is put back into it.
   */
  gone?: string
  /** With `gone`: where the block stood, to make it again in a moved copy of its article that lacks it. */
  goneFrom?: BlockPlace
  /**
   * Set when the text is remembered in a block it was carried to (by a join, or put back there
   * after one), not the block it was written in: a drafter who deletes that block on purpose
   * without ever having had the text did not delete it, and it is made again on its own.
   */
  carried?: true
}

/**
 * Whether `word` is among the text `unseen` (UnseenText) holds. The binding writes an insertion as
 * the shortest change between the texts before and after, so what was typed can be stored shifted
 * right by the letters it shares with what follows it (" typed" before " text" is stored as "yped t"):
 * the word counts when the unseen text holds it, or its end from at most half-way through.
 */
export function isUnseenWord(unseen: string, word: string): boolean {
  if (word === '') return false
  for (let k = 0; k <= Math.floor(word.length / 2) && (k === 0 || word.length > 3); k++) if (unseen.includes(word.slice(k))) return true
  return false
}

/** How much of the paragraph around a text is remembered to find it again. */
const CONTEXT = 24
/** How many texts an editor remembers (older ones are forgotten first). */
const REMEMBERED_TEXTS = 200
/** The shortest context that identifies where a paragraph's text went. */
const MIN_CONTEXT = 6

/**
 * Where `after` differs from `before`: the length `start` of the text they begin with and the
 * length `end` of the text they end with (never overlapping), so `after.slice(start, after.length
 * - end)` is what was written in between.
 */
function changedSpan(before: string, after: string): { start: number; end: number } {
  let start = 0
  const max = Math.min(before.length, after.length)
  while (start < max && before[start] === after[start]) start++
  let end = 0
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++
  return { start, end }
}

const idOf = (node: Node): string => (typeof node.attrs.id === 'string' ? node.attrs.id : '')

/** A text block found in a document, with its key. */
interface KeyedBlock { node: Node; pos: number; key: string }

/** The keyed text blocks `tr` touched in its final document, each once. */
function touchedBlocks(tr: Transform): KeyedBlock[] {
  const out: KeyedBlock[] = []
  const seen = new Set<number>()
  tr.mapping.maps.forEach((map, i) => {
    const rest = tr.mapping.slice(i + 1)
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      const from = Math.max(0, rest.map(newStart, -1))
      const to = Math.min(tr.doc.content.size, rest.map(newEnd, 1))
      tr.doc.nodesBetween(from, to, (node, pos, parent) => {
        const key = node.isTextblock ? blockKey(node, parent) : ''
        if (key) {
          if (!seen.has(pos)) { seen.add(pos); out.push({ node, pos, key }) }
          return false
        }
        return !node.isTextblock
      })
    })
  })
  return out
}

/** The text block with key `key` at or around old position `pos` of `doc`, if it is there. */
function oldBlock(doc: Node, pos: number, key: string): Node | null {
  const at = Math.max(0, Math.min(pos, doc.content.size))
  const $pos = doc.resolve(at)
  for (let d = $pos.depth; d > 0; d--) {
    const node = $pos.node(d)
    if (node.isTextblock && blockKey(node, $pos.node(d - 1)) === key) return node
  }
  for (const node of [$pos.nodeAfter, $pos.nodeBefore]) if (node?.isTextblock && blockKey(node, $pos.parent) === key) return node
  return null
}

/**
 * The texts a local transaction wrote (typing, pasting, joining), appended to `known` (the last
 * REMEMBERED_TEXTS kept). Typing on at the end of the last text extends it.
 */
export function rememberWritten(tr: Transform, known: readonly OwnText[]): readonly OwnText[] {
  if (!tr.docChanged) return known
  let out = [...known]
  const back = tr.mapping.invert()
  for (const { node, pos, key: id } of touchedBlocks(tr)) {
    // what this editor deleted of its own text again is no longer worth putting back
    const now = presenceIn(node.textContent)
    out = out.flatMap((e) => (e.block === id ? (pruned(e, now) ?? []) : [e]))
    const old = oldBlock(tr.before, back.map(pos, 1), id)
    const oldText = old?.textContent ?? ''
    const text = node.textContent
    let { start, end } = changedSpan(oldText, text)
    // an insertion the diff cannot place exactly (" typed" after "charlie" in "charlie text"
    // reads as "yped t" after "charlie t") is slid back to start a word, as it was typed
    if (start + end === oldText.length) {
      const length = text.length - start - end
      let slid = start
      while (slid > 0 && !/\s/.test(text[slid - 1]!) && text[slid - 1] === text[slid - 1 + length]) slid--
      if (slid < start && (slid === 0 || /\s/.test(text[slid - 1]!))) { end += start - slid; start = slid }
    }
    const written = text.slice(start, text.length - end)
    if (written.trim() === '') continue
    const before = text.slice(Math.max(0, start - CONTEXT), start)
    const after = text.slice(text.length - end, text.length - end + CONTEXT)
    const last = out[out.length - 1]
    if (last && last.block === id && last.text.length > 0 && before.endsWith(last.text.slice(-CONTEXT))) {
      out[out.length - 1] = { ...last, text: last.text + written, after }
    } else out.push({ block: id, text: written, before, after })
  }
  return out.length > REMEMBERED_TEXTS ? out.slice(-REMEMBERED_TEXTS) : out
}

/**
 * The remembered texts with what this editor's own changes carried (carried-text.ts): each run of
 * such words in the paragraph they now stand in, remembered there as carried, unless already
 * remembered in it.
 */
export function rememberCarried(known: readonly OwnText[], carried: readonly CarriedWords[]): readonly OwnText[] {
  if (carried.length === 0) return known
  const out = [...known]
  for (const { block, blockText, words } of carried) {
    const remembered = out.filter((e) => e.block === block).map((e) => e.text)
    // where each word stands (words can stand against others without a space: "中45갭丝29객"),
    // runs of them apart only by spaces taken together
    const spans = [...words].filter((w) => !remembered.some((t) => t.includes(w)))
      .map((w) => { const start = blockText.indexOf(w); return { start, end: start + w.length } })
      .filter((r) => r.start >= 0).sort((a, b) => a.start - b.start)
    const runs: Array<{ start: number; end: number }> = []
    for (const span of spans) {
      const last = runs[runs.length - 1]
      if (last && blockText.slice(last.end, span.start).trim() === '') last.end = Math.max(last.end, span.end)
      else runs.push({ ...span })
    }
    for (const { start, end } of runs) {
      out.push({ block, text: blockText.slice(start, end), before: blockText.slice(Math.max(0, start - CONTEXT), start), after: blockText.slice(end, end + CONTEXT), carried: true })
    }
  }
  return out.length > REMEMBERED_TEXTS ? out.slice(-REMEMBERED_TEXTS) : out
}

/**
 * The remembered texts after this editor's own undo or redo, which the binding shows as a change
 * from Yjs (so rememberWritten does not see it): a text whose block it removed follows its words
 * to the one block it changed that holds them (undoing a split joins them into the block before),
 * with the words around them there. A text found in no such block, or in several, stays as it was.
 */
export function followOwnText(oldDoc: Node, newDoc: Node, known: readonly OwnText[]): readonly OwnText[] {
  if (known.length === 0) return known
  const { removed, changed } = paragraphChanges(oldDoc, newDoc)
  if (removed.size === 0 || !known.some((e) => removed.has(e.block))) return known
  return known.map((entry) => {
    const text = entry.text.trim()
    if (!removed.has(entry.block) || text === '') return entry
    // (a paragraph made again holds the text without the space it was typed with: trimmed)
    const homes = changed.filter((c) => c.node.textContent.includes(text))
    const home = homes.length === 1 ? homes[0] : homes.find((c) => placeBetween(c.node.textContent, entry.before, entry.after, MIN_CONTEXT) >= 0)
    return home ? rehomed(entry, home.key, home.node.textContent) : entry
  })
}

/** `entry` as a text put back into block `block`: no longer gone. */
function placedIn(entry: OwnText, block: string): OwnText {
  const { gone: _gone, goneFrom: _from, ...placed } = entry
  return { ...placed, block }
}

/** `entry` as a text of block `key`, whose text `blockText` holds it, with the words around it there. */
function rehomed(entry: OwnText, key: string, blockText: string): OwnText {
  const found = blockText.indexOf(entry.text)
  const at = Math.max(0, found >= 0 ? found : blockText.indexOf(entry.text.trim()))
  return { block: key, text: entry.text, before: blockText.slice(Math.max(0, at - CONTEXT), at), after: blockText.slice(at + entry.text.length, at + entry.text.length + CONTEXT), carried: true }
}

/**
 * Where in `text` a text written between `before` and `after` belongs: after the longest end of
 * `before`, else before the longest start of `after`, found in `text` (whole words, at least
 * `least` characters; words written elsewhere meanwhile can break up the remembered context).
 * -1 when neither is there.
 */
function placeBetween(text: string, before: string, after: string, least: number): number {
  for (let k = before.length; k >= least && k > 0; k--) {
    if (k < before.length && !/\s/.test(before[before.length - k - 1]!)) continue
    const i = text.lastIndexOf(before.slice(-k))
    if (i >= 0) return i + k
  }
  for (let k = after.length; k >= least && k > 0; k--) {
    if (k < after.length && !/\s/.test(after[k]!) && !/\s/.test(after[k - 1]!)) continue
    const i = text.indexOf(after.slice(0, k))
    if (i >= 0) return i
  }
  return -1
}

/**
 * Keyed text blocks (paragraphs and article headings, `blockKey`) a change removed, with their old
 * node, and those it changed or added.
 */
export interface ParagraphChanges {
  removed: Map<string, Node>
  changed: KeyedBlock[]
  /** The old version of every block the change removed or changed, by key. */
  previous: Map<string, Node>
  /** Blocks whose article the change replaced by a copy made by a move (moves.ts), by key. */
  moved: Map<string, KeyedBlock>
  /** Where each removed or changed block stood: its article and the keyed block before it. */
  places: Map<string, BlockPlace>
  /** Articles the change added or changed, by id (a moved copy among them), with their stamps. */
  articles: Map<string, { node: Node; pos: number }>
}

/**
 * Where a block stood: its article's id and move stamp, the id of the element it stood in ('' when
 * that has none), and the key of the keyed block before it.
 */
export interface BlockPlace { article: string; stamp: string; parent: string; after: string | null }

/**
 * What changed between two documents, paragraph by paragraph, looking only into subtrees that
 * are not the same node objects (the binding keeps the nodes of everything a remote update did
 * not touch, so a small update costs little on a long treaty).
 */
export function paragraphChanges(oldDoc: Node, newDoc: Node): ParagraphChanges {
  // the rescue (normalize.ts) and the doubling notices (merge-notices.ts) both ask about the same
  // remote transaction; documents are immutable, so the answer for the same pair is kept
  if (lastChanges?.oldDoc === oldDoc && lastChanges.newDoc === newDoc) return lastChanges.changes
  const changes = computeParagraphChanges(oldDoc, newDoc)
  lastChanges = { oldDoc, newDoc, changes }
  return changes
}

/** The last pair of documents paragraphChanges compared, and what it found. */
let lastChanges: { oldDoc: Node; newDoc: Node; changes: ParagraphChanges } | null = null

function computeParagraphChanges(oldDoc: Node, newDoc: Node): ParagraphChanges {
  const removedOld = new Map<string, Node>()
  const oldStamps = new Map<string, string>()
  const changed: KeyedBlock[] = []
  const newStamps = new Map<string, string>()
  const keyOf = (node: Node) => `${node.type.name}:${idOf(node)}`
  const stampOf = (node: Node | null, outer: string) =>
    node?.type.name === 'article' ? (typeof node.attrs.moved === 'string' ? node.attrs.moved : '') : outer
  const places = new Map<string, BlockPlace>()
  const articles = new Map<string, { node: Node; pos: number }>()
  const articleOf = (node: Node | null, outer: string) => (node?.type.name === 'article' ? idOf(node) : outer)
  const compare = (oldNode: Node | null, newNode: Node | null, newStart: number, oldStamp: string, newStamp: string, oldArticle = '', newArticle = '') => {
    const oldKids: Node[] = []
    oldNode?.forEach((c) => { oldKids.push(c) })
    const newKids: Array<{ node: Node; pos: number }> = []
    newNode?.forEach((c, offset) => { newKids.push({ node: c, pos: newStart + offset }) })
    const newSet = new Set(newKids.map((k) => k.node))
    const oldSet = new Set(oldKids)
    const oldContainers = new Map<string, Node>()
    let lastKey: string | null = null
    for (const kid of oldKids) {
      const key = kid.isTextblock ? blockKey(kid, oldNode) : ''
      if (!newSet.has(kid)) {
        if (key) { removedOld.set(key, kid); oldStamps.set(key, oldStamp); places.set(key, { article: oldArticle, stamp: oldStamp, parent: oldNode ? idOf(oldNode) : '', after: lastKey }) }
        else if (!kid.isTextblock && !kid.isLeaf) oldContainers.set(keyOf(kid), kid)
      }
      if (key) lastKey = key
    }
    for (const kid of newKids) {
      if (oldSet.has(kid.node)) continue
      if (kid.node.isTextblock) {
        const key = blockKey(kid.node, newNode)
        if (key) { changed.push({ ...kid, key }); newStamps.set(key, newStamp) }
      } else if (!kid.node.isTextblock && !kid.node.isLeaf) {
        const key = keyOf(kid.node)
        const old = oldContainers.get(key) ?? null
        if (kid.node.type.name === 'article' && idOf(kid.node)) articles.set(idOf(kid.node), kid)
        compare(old, kid.node, kid.pos + 1, stampOf(old, oldStamp), stampOf(kid.node, newStamp), articleOf(old, oldArticle), articleOf(kid.node, newArticle))
        oldContainers.delete(key)
      }
    }
    for (const gone of oldContainers.values()) compare(gone, null, 0, stampOf(gone, oldStamp), newStamp, articleOf(gone, oldArticle), newArticle)
  }
  compare(oldDoc, newDoc, 0, '', '')
  const removed = new Map<string, Node>()
  const still = new Set(changed.map((c) => c.key))
  for (const [key, node] of removedOld) if (!still.has(key)) removed.set(key, node)
  // a block whose article was replaced by a moved copy (its move stamp differs)
  const moved = new Map<string, KeyedBlock>()
  for (const c of changed) {
    if (removedOld.has(c.key) && oldStamps.get(c.key) !== newStamps.get(c.key)) moved.set(c.key, c)
  }
  return { removed, changed, previous: removedOld, moved, places, articles }
}


/**
 * `entry` with only the words of its text that `present` (words of its block now) still has, or
 * null when none is left: what a drafter deleted, having seen it, is not worth putting back.
 */
function pruned(entry: OwnText, present: Presence): OwnText | null {
  const words = wordsOf(entry.text)
  const left = words.filter((w) => present.has(w.trim()))
  if (left.length === words.length) return entry
  return left.some((w) => w.trim() !== '') ? { ...entry, text: left.join('') } : null
}

/**
 * `entry` pruned to what `block` (the block with its key that a change changed) still holds — unless
 * another block of `doc` with the same key holds all its words: two editors can each make a
 * paragraph again under one id (rescue's `makeAgain`) until a repair gives one of them a new id
 * (normalize.ts), and the other's text is not this editor's words deleted.
 */
function prunedUnlessTwinHolds(doc: Node, entry: OwnText, block: Node): OwnText | null {
  const next = pruned(entry, presenceIn(block.textContent))
  if (next === entry) return entry
  const words = wordsOf(entry.text).map((w) => w.trim()).filter(Boolean)
  let twin = false
  doc.descendants((node, _pos, parent) => {
    if (twin || !node.isTextblock) return !twin
    if (node !== block && blockKey(node, parent) === entry.block) {
      const present = presenceIn(node.textContent)
      twin = words.every((w) => present.has(w))
    }
    return false
  })
  return twin ? entry : next
}

/** The words of `text`, without their spaces. */
const wordSet = (text: string): Set<string> => new Set(wordsOf(text).map((w) => w.trim()).filter(Boolean))

/** What a block's text still holds of a word. */
interface Presence { has(word: string): boolean }

/**
 * Which words `text` still holds: anywhere in it, also run into a neighbour (a space deleted
 * between two words leaves both there).
 */
const presenceIn = (text: string): Presence => ({ has: (word) => word !== '' && text.includes(word) })

/**
 * `text` with each of `words` standing as a word of its own (a space deleted between two words
 * runs them into one), to line it up word by word with another version of the block.
 */
export function separated(text: string, words: ReadonlySet<string>): string {
  let out = text
  for (const word of words) if (word) out = out.split(word).join(` ${word} `)
  return out === text ? text : out.replace(/\s+/g, ' ').trimStart()
}

/** The words of the remembered texts, by block key. */
export function ownWordsByBlock(known: readonly OwnText[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>()
  for (const entry of known) {
    const words = out.get(entry.block) ?? new Set<string>()
    for (const word of wordSet(entry.text)) words.add(word)
    out.set(entry.block, words)
  }
  return out
}

/**
 * Writes back into `tr` this editor's own text that a change from `oldDoc` to `tr.doc` took away
 * without having seen it: from a block that is still there under the same key in a moved copy of
 * its article (or came back in one, after its deletion arrived first), each missing own word goes
 * where the words around it put it; from a paragraph a join removed, the text goes beside the
 * words around it in the paragraph they arrived in. A paragraph made again goes to `addBlock`
 * when given (to be added in a write of its own: BlockToAdd), else into `tr`. `replaced` says
 * whether the change made the block with a key anew in the shared document (its element is not the
 * one this editor wrote into); `joinedInto`, the key of the block a paragraph was recorded as joined
 * into (joins.ts). Returns the texts still worth remembering and how many blocks got text back.
 */
export function restoreOwnText(
  tr: Transform, oldDoc: Node, known: readonly OwnText[], ownMoves: readonly string[] = [], addBlock?: (block: BlockToAdd) => void,
  replaced: (key: string, node: Node) => boolean = () => false, unseen: UnseenText = NOTHING_UNSEEN,
  joinedInto: (id: string) => string | undefined = () => undefined,
): { kept: readonly OwnText[]; restored: number } {
  if (known.length === 0) return { kept: known, restored: 0 }
  const changes = paragraphChanges(oldDoc, tr.doc)
  const { removed, changed, places, articles } = changes
  // added to below: copies, as the same answer may be asked for again
  const previous = new Map(changes.previous)
  const moved = new Map(changes.moved)
  // paragraphs this editor wrote into that a moved copy of their article lacks (added to the
  // article after the move): made again in the copy, holding this editor's text
  const remake = new Map<string, { article: number; after: string | null; old: Node }>()
  const ownBlocks = new Set(known.map((e) => e.block))
  // a paragraph in a copy that lost a concurrent move of its article (normalisation removes it):
  // its text goes to the same paragraph of the surviving copy (the losing mover carries its copy
  // over whole, moves.ts; this is for the others who typed into it)
  const lostCopies = lostMoveCopies(tr.doc)
  // text put into a losing copy would go when normalisation removes it
  const lostRanges = [...lostCopies].map((pos) => ({ from: pos, to: pos + tr.doc.nodeAt(pos)!.nodeSize }))
  const inLostCopy = (block: KeyedBlock) => lostRanges.some((r) => block.pos > r.from && block.pos < r.to)
  for (const pos of lostCopies) {
    const copy = tr.doc.nodeAt(pos)!
    if (ownMoves.includes(moveStamp(copy))) continue
    const survivor = survivorOf(tr.doc, idOf(copy), moveStamp(copy))
    if (!survivor) continue
    const inSurvivor = new Map<string, KeyedBlock>()
    survivor.node.forEach((child, offset) => {
      const key = child.isTextblock ? blockKey(child, survivor.node) : ''
      if (key) inSurvivor.set(key, { node: child, pos: survivor.pos + 1 + offset, key })
    })
    let lastKey: string | null = null
    copy.forEach((child) => {
      const key = child.isTextblock ? blockKey(child, copy) : ''
      const target = inSurvivor.get(key)
      if (key && !target && ownBlocks.has(key)) remake.set(key, { article: survivor.pos, after: lastKey, old: child })
      if (key) lastKey = key
      if (!key || !target || moved.has(key)) return
      moved.set(key, target)
      previous.set(key, child)
    })
  }
  // a paragraph removed with its article, whose moved copy arrived in the same change (or now)
  const copyOf = (place: BlockPlace): { node: Node; pos: number } | null => {
    const copy = articles.get(place.article)
    return copy && moveStamp(copy.node) !== place.stamp ? copy : null
  }
  for (const [key, old] of removed) {
    const place = places.get(key)
    const copy = place && ownBlocks.has(key) && old.type.name === 'paragraph' ? copyOf(place) : null
    if (copy && place) remake.set(key, { article: copy.pos, after: place.after, old })
  }
  for (const entry of known) {
    const copy = entry.goneFrom && !remake.has(entry.block) && !changed.some((c) => c.key === entry.block) ? copyOf(entry.goneFrom) : null
    if (copy && entry.goneFrom && entry.gone !== undefined) {
      remake.set(entry.block, { article: copy.pos, after: entry.goneFrom.after, old: schema.nodes.paragraph.create({ id: entry.block }, entry.gone ? schema.text(entry.gone) : null) })
    }
  }
  // a block removed earlier with this editor's text in it, arriving again (a late moved copy)
  const returning = new Map<string, string>()
  const changedByKey = new Map(changed.map((c) => [c.key, c]))
  for (const entry of known) {
    const back = entry.gone !== undefined && !removed.has(entry.block) ? changedByKey.get(entry.block) : undefined
    if (back && !moved.has(entry.block)) { moved.set(entry.block, back); returning.set(entry.block, entry.gone!) }
  }
  // a block the change wrote anew under the same key and stamp (undoing a move puts the article
  // back as the undoing drafter had it; the binding can rewrite an element into its neighbour): as
  // a moved copy, it lacks what this editor wrote into the element it replaces
  // (a text of its own that the same change shows in another block was carried there, by a split
  // or a join undone: it is not missing)
  const carried = new Set<string>()
  /** The block each such text was carried to, to be remembered there. */
  const carriedTo = new Map<OwnText, KeyedBlock>()
  // blocks that stay, only their own words deleted unseen go back (below)
  const unseenOnly = new Set<string>()
  for (const c of changed) {
    if (moved.has(c.key) || !ownBlocks.has(c.key) || !changes.previous.has(c.key) || !replaced(c.key, c.node)) continue
    moved.set(c.key, c)
    const others = changed.filter((o) => o.key !== c.key)
    for (const e of known) {
      const home = e.block === c.key && e.text.trim() ? others.find((o) => o.node.textContent.includes(e.text.trim())) : undefined
      if (!home) continue
      wordSet(e.text).forEach((w) => carried.add(w))
      carriedTo.set(e, home)
    }
  }
  // a block that stays, from which the change deleted own words its author had not received (its
  // text run together with the next one's over a deleted parameter or cross-reference, or rewritten
  // by the binding): as a moved copy, it lacks them, and they go back beside the same words
  // (own by what this editor remembers writing: its words can have been written again under
  // another's client id, when that editor rewrote the element holding them)
  const lostUnseen = (word: string) => unseen.all !== '' && isUnseenWord(unseen.all, word)
  if (unseen.all !== '') {
    for (const c of changed) {
      if (moved.has(c.key) || !ownBlocks.has(c.key) || !changes.previous.has(c.key)) continue
      const present = presenceIn(c.node.textContent)
      const missing = known.some((e) => e.block === c.key && wordsOf(e.text).some((w) => w.trim() !== '' && !present.has(w.trim()) && lostUnseen(w.trim())))
      if (missing) { moved.set(c.key, c); unseenOnly.add(c.key) }
    }
  }
  // (a change of one block: typing; a split changes two, and the second may hold own text's context)
  if (removed.size === 0 && moved.size === 0 && remake.size === 0 && changed.length <= 1) {
    // a collaborator who saw some of the text deleted it from a block that stays: forget that much
    let kept: OwnText[] | null = null
    known.forEach((entry, i) => {
      const block = changedByKey.get(entry.block)
      const next = block ? prunedUnlessTwinHolds(tr.doc, entry, block.node) : entry
      if (next !== entry && !kept) kept = known.slice(0, i)
      if (kept && next) kept.push(next)
    })
    return { kept: kept ?? known, restored: 0 }
  }
  let restored = 0
  const firstStep = tr.steps.length
  const mapped = (block: KeyedBlock): { node: Node; pos: number } | null => {
    const pos = tr.mapping.slice(firstStep).map(block.pos, 1)
    const node = tr.doc.nodeAt(pos)
    return node?.isTextblock ? { node, pos } : null
  }
  // blocks of a moved article: the same block, so every own word it lacks goes back
  for (const [key, block] of moved) {
    const own = known.filter((e) => e.block === key)
    if (own.length === 0) continue
    const target = mapped(block)
    if (!target) continue
    const ownWords = wordSet(own.map((e) => e.text).join(' '))
    const present = presenceIn(target.node.textContent)
    const before = separated(returning.get(key) ?? previous.get(key)!.textContent, ownWords)
    const onlyUnseen = unseenOnly.has(key)
    const edits = missingWordEdits(target.node, target.pos, before, (w) => ownWords.has(w.trim()) && !present.has(w.trim()) && !carried.has(w.trim()) && (!onlyUnseen || lostUnseen(w.trim())))
    if (edits.length > 0) { applyTextEdits(tr, edits); restored++ }
  }
  /** The words each paragraph made again holds, by key. */
  const remadeWords = new Map<string, Set<string>>()
  /**
   * Makes paragraph `key` again in the element at `parent` (a position in the document before this
   * repair: an article, or its moved copy), after the block `after` (else at the element's end),
   * holding this editor's texts of it, of which only the words `keep` accepts, under the id `id`.
   * False when nothing is left to hold, the element is not there or holds the paragraph already.
   */
  const makeAgain = (key: string, parent: number, after: string | null, old: Node, keep: (word: string) => boolean = () => true, id = key): boolean => {
    const own = known.filter((e) => e.block === key).map((e) => e.text)
    const oldText = old.textContent
    own.sort((x, y) => oldText.indexOf(x) - oldText.indexOf(y))
    const text = own.map((t) => wordsOf(t).filter((w) => keep(w.trim())).join('').trim()).filter(Boolean).join(' ')
    const pos = tr.mapping.slice(firstStep).map(parent, 1)
    const copy = tr.doc.nodeAt(pos)
    if (!text || !copy || copy.isTextblock || copy.isLeaf) return false
    let at = pos + copy.nodeSize - 1
    let there = false
    copy.forEach((child, offset) => {
      const childKey = child.isTextblock ? blockKey(child, copy) : ''
      if (childKey === key) there = true
      if (after !== null && childKey === after) at = pos + 1 + offset + child.nodeSize
    })
    if (there) return false
    const paragraph = schema.nodes.paragraph.create({ ...old.attrs, id }, schema.text(text))
    if (addBlock) addBlock(blockToAdd(tr.doc, pos, at, paragraph))
    else tr.insert(at, paragraph)
    remadeWords.set(key, new Set([...remadeWords.get(key) ?? [], ...wordSet(text)]))
    restored++
    return true
  }
  for (const [key, { article, after, old }] of remake) makeAgain(key, article, after, old)
  /**
   * A paragraph removed by a change whose authors had none of its text (unseen-deletions.ts): they
   * removed it as they saw it, empty (Backspace in an empty paragraph, or it was not there yet),
   * while this editor typed into it. Made again where it stood, after the same block in the same
   * element, holding what this editor typed, as a deleted range keeps what was typed into it
   * meanwhile; under an id of its own, as every writer of it makes its own. (A paragraph removed
   * by a drafter who saw any of its text goes with all of it, joins.test.ts, except for own text
   * `carried` there from a block that drafter did not delete: only that is made again.) Returns its id.
   */
  const startDoc = tr.docs[firstStep] ?? tr.doc
  const remadeAs = new Map<string, string>()
  const remakeUnseen = (key: string, old: Node, carried: boolean, joinedTo?: string): string | null => {
    if (remadeAs.has(key)) return remadeAs.get(key)!
    const place = places.get(joinedTo ?? key)
    if (!place?.parent || old.type.name !== 'paragraph') return null
    // (a paragraph recorded as joined into a block this change removed: its words went there, and
    // the remover never had them — they are made again where that block stood, as carried there)
    const seenSome = joinedTo === undefined && wordsOf(old.textContent).some((w) => w.trim() !== '' && !isUnseenWord(unseen.all, w.trim()))
    if (seenSome && !carried) return null
    const carriedWords = wordSet(known.filter((e) => e.block === key && e.carried).map((e) => e.text).join(' '))
    let container: number | null = null
    startDoc.descendants((node, pos) => {
      if (container === null && !node.isTextblock && idOf(node) === place.parent) container = pos
      return container === null && !node.isTextblock
    })
    if (container === null) return null
    const elsewhere = changed.map((c) => c.node.textContent)
    const id = newId('paragraph')
    const keep = (w: string) => lostUnseen(w) && !elsewhere.some((t) => t.includes(w)) && (!seenSome || carriedWords.has(w))
    if (!makeAgain(key, container, place.after, old, keep, id)) return null
    remadeAs.set(key, id)
    return id
  }
  /**
   * When the words right around a text are gone too (a deleted selection whose end blocks joined
   * took the start of the paragraph), the paragraph that received the end of the removed one
   * (the changed block holding its last word not written here, and most of its other words)
   * gets every own word it lacks where the words around it put it. Once per removed block.
   */
  const tailDone = new Map<string, boolean>()
  /** The keyed blocks of the document this repair started from, by key (read once, when asked). */
  let keyed: Map<string, KeyedBlock> | null = null
  const keyedAtStart = (): Map<string, KeyedBlock> => {
    if (keyed) return keyed
    const found = new Map<string, KeyedBlock>()
    startDoc.descendants((node, pos, parent) => {
      if (!node.isTextblock) return true
      const key = blockKey(node, parent)
      if (key && !found.has(key)) found.set(key, { node, pos, key })
      return false
    })
    return (keyed = found)
  }
  /**
   * Where to make again the words of paragraph `key`, recorded as joined into a block that is not
   * there: the first block the records lead to that this change removed, else (every one was gone
   * before) the paragraph itself. Null when the paragraph was not joined.
   */
  const joinedGone = (key: string): string | null => {
    const chain = joinChain(key, joinedInto)
    return chain.length === 0 ? null : chain.find((k) => removed.has(k)) ?? key
  }
  /** The block each removed block's own words went to by restoreBesideTail, by the removed block's key. */
  const tailHome = new Map<string, KeyedBlock>()
  /** The words of every block the change wrote (read once, when asked). */
  let writtenWords: Presence[] | null = null
  const cameAlong = (w: string): boolean => (writtenWords ??= changed.map((c) => presenceIn(c.node.textContent))).some((p) => p.has(w))
  const restoreBesideTail = (key: string, old: string): boolean => {
    const done = tailDone.get(key)
    if (done !== undefined) return done
    // (not the words a paragraph made again for the block holds already)
    const madeAgain = remadeWords.get(key)
    let own = new Set([...wordSet(known.filter((e) => e.block === key).map((e) => e.text).join(' '))].filter((w) => !madeAgain?.has(w)))
    // (own words run into each other or into another's, by a deleted space, read apart)
    const apart = separated(old, own)
    const othersThan = (mine: ReadonlySet<string>) => wordsOf(apart).map((w) => w.trim()).filter((w) => w && !mine.has(w))
    let others = othersThan(own)
    // (when none of the others' words came along to a block the change wrote — the paragraph held
    // only own words, or the others' went too — own words written into it by this editor's split,
    // which the joining drafter had as well, show where its end went, and only the rest are put back)
    if (!others.some(cameAlong)) {
      const along = new Set([...own].filter(cameAlong))
      if (along.size > 0 && along.size < own.size) {
        own = new Set([...own].filter((w) => !along.has(w)))
        others = othersThan(own)
      }
    }
    // (the last of them that came along: where the join put the paragraph's end)
    const last = others.filter(cameAlong).pop()
    let best: { node: Node; pos: number } | null = null
    let bestScore = 0
    for (const candidate of last ? changed : []) {
      if (inLostCopy(candidate)) continue
      const target = mapped(candidate)
      if (!target) continue
      const words = presenceIn(target.node.textContent)
      if (!words.has(last!)) continue
      const score = others.filter((w) => words.has(w)).length
      if (score > bestScore) { best = target; bestScore = score; tailHome.set(key, candidate) }
    }
    // none of its other words is left (the selection took them all, or were deleted since): the
    // end of the block it was recorded as joined into, else of the block the selection started in,
    // the nearest block before it that the same change changed
    if (!best) {
      const home = joinedHome(key, joinedInto, (k) => keyedAtStart().has(k))
      let before = home === null ? places.get(key)?.after ?? null : null
      for (let guard = 0; before !== null && removed.has(before) && guard < 1000; guard++) before = places.get(before)?.after ?? null
      const head = home !== null ? keyedAtStart().get(home) : before !== null ? changedByKey.get(before) : undefined
      const target = head ? mapped(head) : null
      const present = target ? presenceIn(target.node.textContent) : null
      const missing = present ? wordsOf(apart).filter((w) => own.has(w.trim()) && !present.has(w.trim())).join('').trimEnd() : ''
      if (target && missing) {
        const text = target.node.textContent
        tr.insert(target.pos + target.node.nodeSize - 1, schema.text(text === '' || /\s$/.test(text) ? missing : ` ${missing}`))
        restored++
        tailDone.set(key, true)
        tailHome.set(key, head!)
        return true
      }
    }
    let placed = false
    if (best) {
      const present = presenceIn(best.node.textContent)
      const edits = missingWordEdits(best.node, best.pos, apart, (w) => own.has(w.trim()) && !present.has(w.trim()))
      if (edits.length > 0) { applyTextEdits(tr, edits); restored++ }
      placed = true
    }
    tailDone.set(key, placed)
    return placed
  }
  /**
   * A join can also keep the removed paragraph's element and delete the one it was joined into
   * (the binding matches the joined paragraph to whichever element looks more like it): the block
   * keeps its key but not this editor's text in it. When a block took in a removed block's text
   * and has none of an own text's words left, the text is put back beside the same words.
   */
  const joinedText = [...removed.values()].map((r) => r.textContent.trim()).filter((t) => t.length > 0)
  const restoreIntoJoined = (entry: OwnText, current: Node): boolean => {
    if (joinedText.length === 0) return false
    const text = current.textContent
    if (!joinedText.some((t) => text.includes(t.slice(0, MIN_CONTEXT)))) return false
    const present = presenceIn(text)
    const words = [...wordSet(entry.text)]
    if (words.length === 0 || words.some((w) => present.has(w))) return false
    const block = changedByKey.get(entry.block)
    const target = block ? mapped(block) : null
    if (!target) return false
    let at = placeBetween(text, entry.before, entry.after, 1)
    if (at < 0 && entry.before === '') at = 0
    if (at < 0) return false
    tr.insert(positionOfText(target.node, target.pos, at), schema.text(entry.text))
    restored++
    return true
  }
  /**
   * A split can also carry the end of a paragraph into a new one written without this editor's
   * text in it (the binding deletes and rewrites text it cannot merge): when an own text's words
   * are gone from its block, and so is the text after it, which now starts another block the same
   * change wrote, the words go back before that text.
   */
  const restoreIntoSplit = (entry: OwnText, current: Node): boolean => {
    const words = [...wordSet(entry.text)]
    const here = presenceIn(current.textContent)
    if (words.length === 0 || words.some((w) => here.has(w)) || entry.after.trim().length < MIN_CONTEXT) return false
    if (current.textContent.includes(entry.after.trim().slice(0, MIN_CONTEXT))) return false
    for (const candidate of changed) {
      if (candidate.key === entry.block || inLostCopy(candidate)) continue
      const target = mapped(candidate)
      if (!target) continue
      const text = target.node.textContent
      const present = presenceIn(text)
      if (words.some((w) => present.has(w))) continue
      const at = placeBetween(text, '', entry.after, MIN_CONTEXT)
      if (at < 0) continue
      tr.insert(positionOfText(target.node, target.pos, at), schema.text(entry.text))
      restored++
      return true
    }
    return false
  }
  /**
   * Whether the paragraph made again under `entry`'s key holds the words of it the change deleted
   * unseen (made again for another text of the block, it can hold only that one's: the text carried
   * there, when its remover had the rest).
   */
  const heldAgain = (entry: OwnText): boolean => {
    const words = remadeWords.get(entry.block)
    return words !== undefined && [...wordSet(entry.text)].every((w) => words.has(w) || !lostUnseen(w))
  }
  const kept: OwnText[] = []
  const stillThere = new Map(changed.map((c) => [c.key, c.node]))
  for (const entry of known) {
    const carriedHome = carriedTo.get(entry)
    const carriedNow = carriedHome ? mapped(carriedHome) : null
    if (carriedHome && carriedNow) {
      kept.push(rehomed(entry, carriedHome.key, carriedNow.node.textContent))
      continue
    }
    if (moved.has(entry.block) || heldAgain(entry)) {
      kept.push(placedIn(entry, remadeAs.get(entry.block) ?? entry.block))
      continue
    }
    if (!removed.has(entry.block)) {
      const current = stillThere.get(entry.block)
      if (current && (restoreIntoJoined(entry, current) || restoreIntoSplit(entry, current))) { kept.push(entry); continue }
      const next = current ? prunedUnlessTwinHolds(tr.doc, entry, current) : entry
      if (next) kept.push(next)
      continue
    }
    // a joined paragraph's text went to some changed paragraph: next to the words around it
    const old = previous.get(entry.block)!.textContent
    const rest = old.replace(entry.text, '').trim()
    let placed = false
    for (const candidate of changed) {
      if (inLostCopy(candidate)) continue
      const target = mapped(candidate)
      if (!target) continue
      const text = target.node.textContent
      const at = placeBetween(text, entry.before, entry.after, MIN_CONTEXT)
      if (at < 0) continue
      // the paragraph's other words must be there too (a paragraph deleted on purpose sends none;
      // a join after a deleted selection may carry only the paragraph's end)
      if (rest.length > 0 && !text.includes(rest.slice(0, 12)) && !text.includes(rest.slice(-12))) continue
      placed = true
      // what the drafter who joined it saw (or its start) came along: still this editor's text, there
      // (also its words run into their neighbours by a deleted space: written again, they would
      // double and could split a neighbour)
      const there = presenceIn(text)
      if ([...wordSet(entry.text)].every((w) => there.has(w))) { kept.push(rehomed(entry, candidate.key, text)); break }
      let seen = 0
      while (seen < entry.text.length && text[at + seen] === entry.text[seen]) seen++
      // (only a start followed by the words after the text came along: the "t" of "text." is not
      // the "t" of a "typed" that went)
      const afterStart = entry.after.slice(0, MIN_CONTEXT)
      const follows = (k: number) => (afterStart ? text.startsWith(afterStart, at + k) : at + k >= text.trimEnd().length)
      while (seen > 0 && !follows(seen)) seen--
      tr.insert(positionOfText(target.node, target.pos, at + seen), schema.text(entry.text.slice(seen)))
      restored++
      // still this editor's text, now in that block (a later move of its article must not lose it)
      const now = mapped(candidate)
      if (now) kept.push(rehomed(entry, candidate.key, now.node.textContent))
      break
    }
    const again = !placed && unseen.all !== '' ? remakeUnseen(entry.block, previous.get(entry.block)!, entry.carried === true) : null
    if (again !== null && heldAgain(entry)) {
      placed = true
      kept.push(placedIn(entry, again))
    }
    if (!placed && restoreBesideTail(entry.block, old)) {
      placed = true
      const home = tailHome.get(entry.block)
      const now = home ? mapped(home) : null
      if (home && now) kept.push(rehomed(entry, home.key, now.node.textContent))
    }
    const joinedTo = !placed && unseen.all !== '' ? joinedGone(entry.block) : null
    const remadeThere = joinedTo !== null ? remakeUnseen(entry.block, previous.get(entry.block)!, true, joinedTo) : null
    if (remadeThere !== null && heldAgain(entry)) {
      placed = true
      kept.push(placedIn(entry, remadeThere))
    }
    const place = places.get(entry.block)
    if (!placed) kept.push({ ...entry, gone: old, ...(place ? { goneFrom: place } : {}) })
  }
  return { kept, restored }
}

/** A recital of `doc` (of any of its preambles: a merge can leave two for a moment), with where it stands. */
interface RecitalAt { node: Node; pos: number; preamble: number; index: number }

/** The recitals of `doc`'s preambles, in order; `preambles` gets each preamble's position. */
function recitalsOf(doc: Node, preambles: number[] = []): RecitalAt[] {
  const out: RecitalAt[] = []
  doc.forEach((child, offset) => {
    if (child.type.name !== 'preamble') return
    const preamble = preambles.push(offset) - 1
    child.forEach((r, at, index) => { if (r.type.name === 'recital') out.push({ node: r, pos: offset + 1 + at, preamble, index }) })
  })
  return out
}

/**
 * Recitals a change from elsewhere removed while this editor had typed into them. When the change's
 * authors had none of their text (Backspace in what was, for them, an empty recital), they are made
 * again where they stood in the preamble, holding this editor's words the change deleted unseen.
 * When the words they had and left stand in another recital the change rewrote (a join: a selection
 * deleted across recitals, Backspace at the start of one), this editor's words go beside them there.
 * A recital has no id, so nothing is remembered of it (rememberWritten): what this client wrote is
 * told by the update's delete set (`unseen.own`). Returns how many recitals got text back.
 */
export function remakeUnseenRecitals(tr: Transform, oldDoc: Node, unseen: UnseenText): number {
  if (unseen.own === '') return 0
  const preambles: number[] = []
  const before = recitalsOf(oldDoc)
  const after = recitalsOf(tr.doc, preambles)
  if (before.length === 0 || preambles.length === 0) return 0
  const left = new Map<string, number>()
  for (const r of after) left.set(r.node.textContent, (left.get(r.node.textContent) ?? 0) + 1)
  const oldTexts = new Set(before.map((r) => r.node.textContent))
  const everywhere = tr.doc.textContent
  const again: Array<{ at: RecitalAt; text: string }> = []
  const joined: TextEdit[] = []
  let joinedGiven = 0
  for (const r of before) {
    const text = r.node.textContent
    const still = left.get(text) ?? 0
    if (still > 0) { left.set(text, still - 1); continue }
    const words = wordsOf(text).map((w) => w.trim()).filter(Boolean)
    const own = new Set(words.filter((w) => isUnseenWord(unseen.own, w) && !everywhere.includes(w)))
    if (own.size === 0) continue
    if (words.every((w) => isUnseenWord(unseen.all, w))) { again.push({ at: r, text: [...own].join(' ') }); continue }
    const stayed = words.filter((w) => !own.has(w) && !isUnseenWord(unseen.all, w))
    const home = after.find((h) => !oldTexts.has(h.node.textContent) && stayed.some((w) => h.node.textContent.includes(w)))
    const edits = home ? missingWordEdits(home.node, home.pos, text, (w) => own.has(w.trim())) : []
    if (edits.length > 0) { joined.push(...edits); joinedGiven++ }
  }
  const firstStep = tr.steps.length
  applyTextEdits(tr, joined)
  // from the last, so the places of the ones before stay where they were
  for (const { at: { preamble, index }, text } of again.reverse()) {
    const into = Math.min(preamble, preambles.length - 1)
    let at = preambles[into]! + 1
    for (const r of after) if (r.preamble === into && r.index < index) at = r.pos + r.node.nodeSize
    tr.insert(tr.mapping.slice(firstStep).map(at), schema.nodes.recital.create(null, schema.text(text)))
  }
  return again.length + joinedGiven
}

/** Text shorter than this is not reported as doubled: short words repeat by design. */
const MIN_DOUBLED = 8

/**
 * Paragraphs (by position in `newDoc`) whose text a change from `oldDoc` seems to have doubled:
 * y-prosemirror cannot merge a split and a join of the same paragraphs, or two joins of one
 * paragraph, without writing some text twice (a paragraph joined twice into the one before; the
 * text split off a paragraph left at its end too, or as two equal paragraphs). Only paragraphs
 * the change touched are looked at.
 */
export function doubledParagraphs(oldDoc: Node, newDoc: Node): number[] {
  const { removed, changed, previous } = paragraphChanges(oldDoc, newDoc)
  const flagged = new Set<number>()
  const paragraphAt = (parent: Node, index: number): Node | null => {
    const node = index >= 0 && index < parent.childCount ? parent.child(index) : null
    return node?.type.name === 'paragraph' ? node : null
  }
  for (const { node, pos, key } of changed) {
    const text = node.textContent
    // a removed paragraph's text arrived here twice
    for (const gone of removed.values()) {
      const t = gone.textContent.trim()
      if (t.length < MIN_DOUBLED) continue
      const first = text.indexOf(t)
      if (first >= 0 && text.indexOf(t, first + t.length) >= 0) flagged.add(pos)
    }
    // what the change wrote here sits right beside the same text
    const old = previous.get(key)
    if (old) {
      const { start, end } = changedSpan(old.textContent, text)
      const written = text.slice(start, text.length - end).trim()
      if (written.length >= MIN_DOUBLED) {
        const head = text.slice(0, start).trimEnd()
        const tail = text.slice(text.length - end).trimStart()
        if (head.endsWith(written) || tail.startsWith(written)) flagged.add(pos)
      }
    }
    // this paragraph repeats the end of the one before it, or the one after repeats this one's end
    const $pos = newDoc.resolve(pos)
    const index = $pos.index()
    const trimmed = text.trim()
    const prev = paragraphAt($pos.parent, index - 1)
    if (trimmed.length >= MIN_DOUBLED && prev && prev.textContent.trimEnd().endsWith(trimmed)) flagged.add(pos)
    const next = paragraphAt($pos.parent, index + 1)
    const nextText = next?.textContent.trim() ?? ''
    if (next && nextText.length >= MIN_DOUBLED && text.trimEnd().endsWith(nextText)) flagged.add(pos + node.nodeSize)
  }
  return [...flagged].sort((a, b) => a - b)
}
