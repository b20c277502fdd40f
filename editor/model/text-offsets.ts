// Positions inside a text block counted as its textContent counts them (atoms have no text).
import type { Node } from 'prosemirror-model'

/** The document position of character `offset` of a paragraph's textContent. */
export function positionOfText(block: Node, blockPos: number, offset: number): number {
  let remaining = offset
  let pos = blockPos + 1
  for (let i = 0; i < block.childCount; i++) {
    const child = block.child(i)
    const length = child.isText ? child.text!.length : child.textContent.length
    if (remaining <= length && child.isText) return pos + remaining
    if (remaining < length) return pos
    remaining -= length
    pos += child.nodeSize
  }
  return pos
}
