// Finding and rebuilding the treaty's structural units around a position: the helpers the commands share.
import { Fragment, type Node, type NodeType, type ResolvedPos } from 'prosemirror-model'
import { schema } from '../model/schema.js'
import { newId } from '../model/ids.js'

/** The paragraph levels, outermost first: 1. → (a) → (i). */
export const LEVEL_TYPES = ['paragraph', 'subparagraph', 'subsubparagraph'] as const

/** The level (0, 1 or 2) of a paragraph-like unit, or -1 for anything else. */
export const levelOf = (node: Node): number => (LEVEL_TYPES as readonly string[]).indexOf(node.type.name)

/** An ancestor of a resolved position: the node, the position before it and its depth. */
export interface Found {
  node: Node
  pos: number
  depth: number
}

/** The innermost ancestor of `$pos` whose type name passes `test`, or null. */
export function ancestor($pos: ResolvedPos, test: (name: string) => boolean): Found | null {
  for (let d = $pos.depth; d > 0; d--) {
    const node = $pos.node(d)
    if (test(node.type.name)) return { node, pos: $pos.before(d), depth: d }
  }
  return null
}

/** The innermost paragraph, sub-paragraph or sub-sub-paragraph holding `$pos`. */
export const unitAt = ($pos: ResolvedPos) => ancestor($pos, (n) => (LEVEL_TYPES as readonly string[]).includes(n))

/** Containers that may hold articles in the treaty's body. */
const BODY_CONTAINERS = new Set(['part', 'chapter', 'section'])
/** Top-level nodes that come after the body. */
const BACK = new Set(['final_provisions', 'conclusion', 'annex'])

/**
 * Where a new article goes when the selection is in no article: at the end of the body,
 * inside the last part/chapter/section when the body ends with one, before the back matter.
 */
export function bodyArticleEnd(doc: Node): number {
  let container: Node = doc
  let start = 0 // position where `container`'s content starts
  let end = topLevelBodyEnd(doc)
  for (;;) {
    // the child that ends right at `end`, if it is a division
    let last: { node: Node; pos: number } | null = null
    container.forEach((child, offset) => { if (start + offset + child.nodeSize === end) last = { node: child, pos: start + offset } })
    const found = last as { node: Node; pos: number } | null
    if (!found || !BODY_CONTAINERS.has(found.node.type.name)) return end
    container = found.node
    start = found.pos + 1
    end = found.pos + found.node.nodeSize - 1
  }
}

/** The position just before the first back-matter node (final provisions, conclusion, annexes). */
export function topLevelBodyEnd(doc: Node): number {
  let end = doc.content.size
  let found = false
  doc.forEach((child, offset) => {
    if (!found && BACK.has(child.type.name)) { end = offset; found = true }
  })
  return end
}

/** A new empty paragraph of level `level`, with a fresh id. */
export function emptyUnit(level: number): Node {
  const type = LEVEL_TYPES[level]!
  return schema.nodes[type]!.create({ id: newId(type) }, schema.nodes.prose.create())
}

/** A new article: an empty heading and one empty paragraph, all with fresh ids. */
export const emptyArticle = (): Node =>
  schema.nodes.article.create({ id: newId('article') }, [schema.nodes.heading.create(), emptyUnit(0)])

/** A new part holding one new article. */
export const emptyPart = (): Node =>
  schema.nodes.part.create({ id: newId('part') }, [schema.nodes.heading.create(), emptyArticle()])

/** Whether `node` or anything inside it is a drafting note (which only a paragraph may hold). */
export const holdsNote = (node: Node): boolean => {
  let found = false
  node.descendants((n) => { if (n.type.name === 'drafting_note') found = true; return !found })
  return found
}

/**
 * Rebuilds a paragraph-like unit at `level`, keeping its id and text: its own sub-units move one
 * level below it. Below (i) there is no level, so deeper units become (i) siblings following it.
 * Returns the rebuilt unit and any such siblings. Drafting notes are left where they are only at
 * level 0; callers refuse a change that would move one deeper (see `holdsNote`).
 */
export function rebuildAt(unit: Node, level: number): Node[] {
  const type: NodeType = schema.nodes[LEVEL_TYPES[level]!]!
  if (level < 2) {
    const content: Node[] = []
    unit.forEach((child) => {
      if (levelOf(child) >= 0) content.push(...rebuildAt(child, level + 1))
      else content.push(child)
    })
    return [type.create(unit.attrs, content)]
  }
  const out: Node[] = []
  let run: Node[] = []
  let first = true
  const flush = () => {
    out.push(type.create(first ? unit.attrs : { id: newId(type.name) }, run))
    first = false
    run = []
  }
  unit.forEach((child) => {
    if (levelOf(child) >= 0) {
      if (first || run.length) flush()
      out.push(...rebuildAt(child, 2))
    } else if (child.isTextblock) run.push(child)
  })
  if (first || run.length) flush()
  return out
}

/** The position of the node that is `target` (the same object) inside `doc`, or -1. */
export function positionOf(doc: Node, target: Node): number {
  let found = -1
  doc.descendants((node, pos) => {
    if (found >= 0) return false
    if (node === target) { found = pos; return false }
    return !node.isTextblock
  })
  return found
}

/** A fragment of `node`'s children from `from` (inclusive) to `to` (exclusive). */
export function childrenBetween(node: Node, from: number, to = node.childCount): Fragment {
  const out: Node[] = []
  for (let i = from; i < to; i++) out.push(node.child(i))
  return Fragment.fromArray(out)
}
