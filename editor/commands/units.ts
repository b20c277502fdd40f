// Finding and rebuilding the treaty's structural units around a position: the helpers the commands share.
import type { Node, ResolvedPos } from 'prosemirror-model'
import { clampLevel, schema } from '../model/schema.js'
import { newId } from '../model/ids.js'

/** The level (0 "1.", 1 "(a)", 2 "(i)") of a paragraph block, or -1 for anything else. */
export const levelOf = (node: Node): number => (node.type.name === 'paragraph' ? clampLevel(node.attrs.level) : -1)

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

/** The paragraph block (of any level) holding `$pos`, or null. */
export const unitAt = ($pos: ResolvedPos): Found | null =>
  $pos.parent.type.name === 'paragraph' ? { node: $pos.parent, pos: $pos.before(), depth: $pos.depth } : null

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

/** A new empty paragraph block of level `level`, with a fresh id. */
export function emptyUnit(level: number): Node {
  return schema.nodes.paragraph.create({ id: newId('paragraph'), level })
}

/** A new article: an empty heading and one empty paragraph, all with fresh ids. */
export const emptyArticle = (): Node =>
  schema.nodes.article.create({ id: newId('article') }, [schema.nodes.heading.create(), emptyUnit(0)])

/** A new part holding one new article. */
export const emptyPart = (): Node =>
  schema.nodes.part.create({ id: newId('part') }, [schema.nodes.heading.create(), emptyArticle()])
