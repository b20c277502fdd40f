// Where the text of a paragraph went when a drafter joined it into another.
//
// Joining paragraphs (Backspace at the start of one, Delete at the end of the one before, a
// selection deleted across paragraphs) moves what is left of the removed paragraph into the block
// it joins, and deletes the paragraph. A drafter who typed into that paragraph meanwhile, not
// having seen the join, puts their words back beside the words around them (rescue.ts) — unless
// those words went too (deleted with the selection, or afterwards), when nothing in the text says
// where the paragraph went, and a paragraph deleted on purpose looks the same. So the joining
// editor records each join for everyone, before it writes the join (the record map of the content
// Y.Doc, ydoc.ts JOINS_MAP: removed paragraph's id → key of the block it joined), and a drafter who
// deletes a paragraph whole clears its record: what was typed into it goes with it.
import type { Node } from 'prosemirror-model'
import { ReplaceStep, type Transform } from 'prosemirror-transform'
import { blockKey } from './block-key.js'

/** What a local change did to paragraphs, as the record of joins keeps it. */
export interface JoinsMade {
  /** Paragraphs the change removed by joining them, by id → the key of the block their text went to. */
  joined: ReadonlyMap<string, string>
  /** Paragraphs the change removed whole, their text with them (their records no longer hold). */
  removed: readonly string[]
}

/** Nothing joined or removed. */
export const NO_JOINS: JoinsMade = { joined: new Map(), removed: [] }

/** The ids of the paragraphs in `doc` between `from` and `to`, with the position each starts at. */
function paragraphsBetween(doc: Node, from: number, to: number): Array<{ id: string; pos: number; node: Node }> {
  const out: Array<{ id: string; pos: number; node: Node }> = []
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.type.name === 'paragraph') {
      if (typeof node.attrs.id === 'string' && node.attrs.id) out.push({ id: node.attrs.id, pos, node })
      return false
    }
    return !node.isTextblock
  })
  return out
}

/** The ids of every paragraph in `doc` among `ids`. */
function presentAmong(doc: Node, ids: ReadonlySet<string>): Set<string> {
  const found = new Set<string>()
  doc.descendants((node) => {
    if (node.type.name === 'paragraph') { if (ids.has(node.attrs.id as string)) found.add(node.attrs.id as string); return false }
    return !node.isTextblock
  })
  return found
}

/**
 * The paragraphs local change `tr` joined into another block, and those it removed whole. Only
 * steps that replace more than text inside one block can do either; typing looks at nothing more. A removed
 * paragraph joined when where its text ended now lies inside a text block of another key (a
 * paragraph deleted whole leaves that place between blocks).
 */
export function joinsMade(tr: Transform): JoinsMade {
  let candidates: Array<{ id: string; step: number; end: number }> | null = null
  tr.steps.forEach((step, i) => {
    // (a step that wraps or lifts content keeps the paragraphs it moves: only a replacement removes one)
    if (!(step instanceof ReplaceStep)) return
    const { from, to } = step as unknown as { from: number; to: number }
    if (from >= to) return
    const doc = tr.docs[i]!
    const $from = doc.resolve(from)
    if ($from.parent.isTextblock && $from.sameParent(doc.resolve(to))) return
    for (const p of paragraphsBetween(doc, from, to)) (candidates ??= []).push({ id: p.id, step: i, end: p.pos + p.node.nodeSize - 1 })
  })
  if (candidates === null) return NO_JOINS
  const found: Array<{ id: string; step: number; end: number }> = candidates
  const still = presentAmong(tr.doc, new Set(found.map((c) => c.id)))
  const joined = new Map<string, string>()
  const removed = new Set<string>()
  for (const { id, step, end } of found) {
    if (still.has(id) || joined.has(id)) continue
    const $end = tr.doc.resolve(tr.mapping.slice(step).map(end, -1))
    const head = $end.parent.isTextblock ? blockKey($end.parent, $end.depth > 0 ? $end.node($end.depth - 1) : null) : ''
    if (head && head !== id) { joined.set(id, head); removed.delete(id) } else removed.add(id)
  }
  return joined.size === 0 && removed.size === 0 ? NO_JOINS : { joined, removed: [...removed] }
}

/**
 * The keys of the blocks paragraph `id`'s text went to by recorded joins (`joinedInto`), in order:
 * the block it was joined into, the block that one was joined into, and so on (stopping before a
 * key met again). Empty when the paragraph was not joined.
 */
export function joinChain(id: string, joinedInto: (id: string) => string | undefined): string[] {
  const chain: string[] = []
  const seen = new Set<string>([id])
  for (let key = joinedInto(id); key !== undefined && !seen.has(key); key = joinedInto(key)) {
    chain.push(key)
    seen.add(key)
  }
  return chain
}

/**
 * The key of the block paragraph `id`'s text went to: the first block its recorded joins lead to
 * that `present` says is there; null when the paragraph was not joined, or its text went to blocks
 * that are all gone too.
 */
export function joinedHome(id: string, joinedInto: (id: string) => string | undefined, present: (key: string) => boolean): string | null {
  return joinChain(id, joinedInto).find(present) ?? null
}
