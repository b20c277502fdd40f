// Text this editor wrote that a concurrent join took away.
//
// Joining two paragraphs (Backspace at the start of one, Delete at the end of the one before)
// moves the second paragraph's text into the first and deletes the second. Yjs has no move: what
// another drafter typed into the second paragraph meanwhile, or joined into it, stays in the
// deleted element and is gone. Every editor therefore remembers where it recently wrote (the
// paragraph, the text, and the words around it). When a change from elsewhere removes such a
// paragraph while the words around its text arrive in another paragraph (the one it was joined
// into), the editor writes its own text back there, next to the same words. Only the editor that
// wrote a text restores it, so nothing is doubled; a paragraph deleted on purpose takes its words
// with it to no other paragraph, so nothing deleted comes back.
import type { Node } from 'prosemirror-model'
import type { Transform } from 'prosemirror-transform'
import { schema } from './schema.js'
import { lostMoveCopies, moveStamp, survivorOf } from './moves.js'
import { positionOfText } from './text-offsets.js'

/** Text this editor wrote into a paragraph, with the words around it then. */
export interface OwnText {
  /** The paragraph's id. */
  block: string
  text: string
  /** Up to CONTEXT characters of the paragraph just before and after the text. */
  before: string
  after: string
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

/** The paragraphs `tr` touched in its final document, each once. */
function touchedParagraphs(tr: Transform): Array<{ node: Node; pos: number }> {
  const out: Array<{ node: Node; pos: number }> = []
  const seen = new Set<number>()
  tr.mapping.maps.forEach((map, i) => {
    const rest = tr.mapping.slice(i + 1)
    map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      const from = Math.max(0, rest.map(newStart, -1))
      const to = Math.min(tr.doc.content.size, rest.map(newEnd, 1))
      tr.doc.nodesBetween(from, to, (node, pos) => {
        if (node.type.name === 'paragraph') {
          if (!seen.has(pos)) { seen.add(pos); out.push({ node, pos }) }
          return false
        }
        return !node.isTextblock
      })
    })
  })
  return out
}

/** The paragraph with id `id` at or around old position `pos` of `doc`, if it is there. */
function oldParagraph(doc: Node, pos: number, id: string): Node | null {
  const at = Math.max(0, Math.min(pos, doc.content.size))
  const $pos = doc.resolve(at)
  for (let d = $pos.depth; d >= 0; d--) {
    const node = $pos.node(d)
    if (node.type.name === 'paragraph' && node.attrs.id === id) return node
  }
  const after = $pos.nodeAfter
  if (after?.type.name === 'paragraph' && after.attrs.id === id) return after
  const before = $pos.nodeBefore
  if (before?.type.name === 'paragraph' && before.attrs.id === id) return before
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
  for (const { node, pos } of touchedParagraphs(tr)) {
    const id = typeof node.attrs.id === 'string' ? node.attrs.id : ''
    if (!id) continue
    // what this editor deleted of its own text again is no longer worth putting back
    const now = node.textContent
    out = out.filter((e) => e.block !== id || now.includes(e.text))
    const old = oldParagraph(tr.before, back.map(pos, 1), id)
    const oldText = old?.textContent ?? ''
    const text = node.textContent
    const { start, end } = changedSpan(oldText, text)
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

/** Paragraphs a change removed (by id, with their old node) and paragraphs it changed or added. */
export interface ParagraphChanges {
  removed: Map<string, Node>
  changed: Array<{ node: Node; pos: number }>
  /** The old version of every paragraph the change removed or changed, by id. */
  previous: Map<string, Node>
  /** Paragraphs whose article the change replaced by a copy made by a move (moves.ts), by id. */
  moved: Map<string, { node: Node; pos: number }>
}

const idOf = (node: Node): string => (typeof node.attrs.id === 'string' ? node.attrs.id : '')

/**
 * What changed between two documents, paragraph by paragraph, looking only into subtrees that
 * are not the same node objects (the binding keeps the nodes of everything a remote update did
 * not touch, so a small update costs little on a long treaty).
 */
export function paragraphChanges(oldDoc: Node, newDoc: Node): ParagraphChanges {
  const removedOld = new Map<string, Node>()
  const oldStamps = new Map<string, string>()
  const changed: Array<{ node: Node; pos: number }> = []
  const newStamps = new Map<string, string>()
  const keyOf = (node: Node) => `${node.type.name}:${idOf(node)}`
  const stampOf = (node: Node | null, outer: string) =>
    node?.type.name === 'article' ? (typeof node.attrs.moved === 'string' ? node.attrs.moved : '') : outer
  const compare = (oldNode: Node | null, newNode: Node | null, newStart: number, oldStamp: string, newStamp: string) => {
    const oldKids: Node[] = []
    oldNode?.forEach((c) => { oldKids.push(c) })
    const newKids: Array<{ node: Node; pos: number }> = []
    newNode?.forEach((c, offset) => { newKids.push({ node: c, pos: newStart + offset }) })
    const newSet = new Set(newKids.map((k) => k.node))
    const oldSet = new Set(oldKids)
    const oldContainers = new Map<string, Node>()
    for (const kid of oldKids) {
      if (newSet.has(kid)) continue
      if (kid.type.name === 'paragraph') {
        if (idOf(kid)) { removedOld.set(idOf(kid), kid); oldStamps.set(idOf(kid), oldStamp) }
      } else if (!kid.isTextblock && !kid.isLeaf) oldContainers.set(keyOf(kid), kid)
    }
    for (const kid of newKids) {
      if (oldSet.has(kid.node)) continue
      if (kid.node.type.name === 'paragraph') { changed.push(kid); newStamps.set(idOf(kid.node), newStamp) }
      else if (!kid.node.isTextblock && !kid.node.isLeaf) {
        const key = keyOf(kid.node)
        const old = oldContainers.get(key) ?? null
        compare(old, kid.node, kid.pos + 1, stampOf(old, oldStamp), stampOf(kid.node, newStamp))
        oldContainers.delete(key)
      }
    }
    for (const gone of oldContainers.values()) compare(gone, null, 0, stampOf(gone, oldStamp), newStamp)
  }
  compare(oldDoc, newDoc, 0, '', '')
  const removed = new Map<string, Node>()
  const still = new Set(changed.map((c) => idOf(c.node)))
  for (const [id, node] of removedOld) if (!still.has(id)) removed.set(id, node)
  // a paragraph whose article was replaced by a moved copy (its move stamp differs)
  const moved = new Map<string, { node: Node; pos: number }>()
  for (const c of changed) {
    const id = idOf(c.node)
    if (removedOld.has(id) && oldStamps.get(id) !== newStamps.get(id)) moved.set(id, c)
  }
  return { removed, changed, previous: removedOld, moved }
}


/**
 * Writes back into `tr` the remembered texts whose paragraph the change from `oldDoc` to
 * `tr.doc` removed while the words around them arrived in a changed paragraph; returns the texts
 * still worth remembering (those whose paragraph is still there) and how many were written back.
 */
export function restoreOwnText(tr: Transform, oldDoc: Node, known: readonly OwnText[], ownMoves: readonly string[] = []): { kept: readonly OwnText[]; restored: number } {
  if (known.length === 0) return { kept: known, restored: 0 }
  const { removed, changed, previous, moved } = paragraphChanges(oldDoc, tr.doc)
  // a paragraph in a copy that lost a concurrent move of its article (normalisation removes it):
  // its text goes to the same paragraph of the surviving copy (the losing mover carries its copy
  // over whole, moves.ts; this is for the others who typed into it)
  for (const pos of lostMoveCopies(tr.doc)) {
    const copy = tr.doc.nodeAt(pos)!
    if (ownMoves.includes(moveStamp(copy))) continue
    const survivor = survivorOf(tr.doc, idOf(copy), moveStamp(copy))
    if (!survivor) continue
    const inSurvivor = new Map<string, { node: Node; pos: number }>()
    survivor.node.forEach((child, offset) => { if (child.type.name === 'paragraph') inSurvivor.set(idOf(child), { node: child, pos: survivor.pos + 1 + offset }) })
    copy.forEach((child) => {
      const target = inSurvivor.get(idOf(child))
      if (child.type.name !== 'paragraph' || !target || moved.has(idOf(child))) return
      moved.set(idOf(child), target)
      previous.set(idOf(child), child)
    })
  }
  if (removed.size === 0 && moved.size === 0) {
    const changedText = new Map(changed.map((c) => [idOf(c.node), c.node.textContent]))
    const kept = known.filter((e) => { const t = changedText.get(e.block); return t === undefined || t.includes(e.text) })
    return { kept: kept.length === known.length ? known : kept, restored: 0 }
  }
  const kept: OwnText[] = []
  let restored = 0
  const firstStep = tr.steps.length
  const still = new Map(changed.map((c) => [idOf(c.node), c.node]))
  for (const entry of known) {
    const movedTo = moved.get(entry.block)
    if (!removed.has(entry.block) && !movedTo) {
      // a collaborator who saw the text deleted it from a paragraph that stays: forget it
      const current = still.get(entry.block)
      if (!current || current.textContent.includes(entry.text)) kept.push(entry)
      continue
    }
    // a joined paragraph's text went to some changed paragraph; a moved article's, to its copy
    const targets = movedTo ? [movedTo] : changed
    const mapping = tr.mapping.slice(firstStep)
    for (const target of targets) {
      const pos = mapping.map(target.pos, 1)
      const node = tr.doc.nodeAt(pos)
      if (!node || node.type.name !== 'paragraph') continue
      const text = node.textContent
      let at = -1
      if (entry.before.length >= MIN_CONTEXT || (entry.before.length > 0 && entry.after.length === 0)) {
        const i = text.lastIndexOf(entry.before)
        if (i >= 0) at = i + entry.before.length
      }
      if (at < 0 && entry.after.length >= MIN_CONTEXT) {
        const i = text.indexOf(entry.after)
        if (i >= 0) at = i
      }
      if (at < 0 && movedTo && entry.before === '' ) at = 0
      if (at < 0) continue
      // the paragraph's other words must be there too: a paragraph deleted on purpose sends none
      const rest = previous.get(entry.block)!.textContent.replace(entry.text, '').trim()
      if (rest.length > 0 && !text.includes(rest.slice(0, 12))) continue
      // the drafter who joined or moved it saw the text (or its start): that much came along
      if (text.includes(entry.text)) break
      let seen = 0
      while (seen < entry.text.length && text[at + seen] === entry.text[seen]) seen++
      tr.insert(positionOfText(node, pos, at + seen), schema.text(entry.text.slice(seen)))
      restored++
      break
    }
    if (movedTo) kept.push(entry)
  }
  return { kept, restored }
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
  for (const { node, pos } of changed) {
    const text = node.textContent
    // a removed paragraph's text arrived here twice
    for (const gone of removed.values()) {
      const t = gone.textContent.trim()
      if (t.length < MIN_DOUBLED) continue
      const first = text.indexOf(t)
      if (first >= 0 && text.indexOf(t, first + t.length) >= 0) flagged.add(pos)
    }
    // what the change wrote here sits right beside the same text
    const old = previous.get(idOf(node))
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
