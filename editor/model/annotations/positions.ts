// ProseMirror positions of the content fragment read straight from its Yjs types, without an
// editor: the server checks anchors with it and the model resolves them with it. It counts as
// y-prosemirror builds the document (an element is a node: open and close tokens around its
// children, or one token for a leaf such as a parameter; a Y.XmlText is its characters), so the
// positions equal the editor's for the same Yjs state.
import * as Y from 'yjs'
import { schema } from '../schema.js'

/** A place inside a Yjs type: the type, and a count of live items (characters or children) before it. */
export interface YPlace {
  type: Y.AbstractType<any>
  index: number
}

type Container = Y.XmlFragment | Y.XmlElement

/** Each live child of `type` (a fragment or element), in order. */
function* liveChildren(type: Container): Generator<Y.XmlElement | Y.XmlText | Y.XmlHook> {
  for (let item = type._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    const content = item.content
    if (content instanceof Y.ContentType) yield content.type as Y.XmlElement | Y.XmlText
  }
}

/**
 * Positions over one content fragment, with node sizes cached: build one for a batch of
 * look-ups on an unchanged document (the sizes are wrong once the fragment changes).
 */
export class FragmentPositions {
  private readonly sizes = new Map<Y.AbstractType<any>, number>()
  private readonly starts = new Map<Y.AbstractType<any>, number>()

  constructor(readonly fragment: Y.XmlFragment) {}

  /** The ProseMirror size of the whole document's content. */
  get contentSize(): number {
    return this.contentSizeOf(this.fragment)
  }

  /** ProseMirror size of a child node: its characters, one for a leaf, or its content plus two. */
  sizeOf(type: Y.AbstractType<any>): number {
    if (type instanceof Y.XmlText) return type._length
    let size = this.sizes.get(type)
    if (size !== undefined) return size
    if (type instanceof Y.XmlElement) {
      const spec = schema.nodes[type.nodeName]
      size = spec?.isLeaf ? 1 : this.contentSizeOf(type) + 2
    } else size = 0
    this.sizes.set(type, size)
    return size
  }

  private contentSizeOf(type: Container): number {
    let size = 0
    for (const child of liveChildren(type)) size += this.sizeOf(child)
    return size
  }

  /**
   * The position where `type`'s content starts (for a Y.XmlText, where its first character is),
   * or null when it or a container of it is deleted or it is not inside this fragment.
   */
  contentStart(type: Y.AbstractType<any>): number | null {
    if (type === this.fragment) return 0
    const cached = this.starts.get(type)
    if (cached !== undefined) return cached
    const item = type._item
    if (item === null || item.deleted) return null
    const parent = item.parent
    if (!(parent instanceof Y.XmlElement || parent instanceof Y.XmlFragment)) return null
    const parentStart = this.contentStart(parent)
    if (parentStart === null) return null
    let pos = parentStart
    for (const sibling of liveChildren(parent)) {
      if (sibling === type) break
      pos += this.sizeOf(sibling)
    }
    const start = type instanceof Y.XmlText ? pos : pos + 1
    this.starts.set(type, start)
    return start
  }

  /** The ProseMirror position of a place, or null when its type is deleted or outside this fragment. */
  positionOf(place: YPlace): number | null {
    const { type, index } = place
    const start = this.contentStart(type)
    if (start === null) return null
    if (type instanceof Y.XmlText) return start + Math.min(index, type._length)
    if (!(type instanceof Y.XmlElement || type instanceof Y.XmlFragment)) return null
    let pos = start
    let i = 0
    for (const child of liveChildren(type)) {
      if (i++ >= index) break
      pos += this.sizeOf(child)
    }
    return pos
  }

  /**
   * The Yjs place of a ProseMirror position: inside a Y.XmlText where there is text at it (at a
   * boundary, the end of the text before), otherwise between the children of an element. Null
   * when the position is outside the document.
   */
  placeAt(pos: number): YPlace | null {
    if (!Number.isInteger(pos) || pos < 0 || pos > this.contentSize) return null
    let type: Container = this.fragment
    let rest = pos
    for (;;) {
      let index = 0
      let descended = false
      for (const child of liveChildren(type)) {
        const size = this.sizeOf(child)
        if (child instanceof Y.XmlText) {
          if (rest <= size) return { type: child, index: rest }
        } else if (rest > 0 && rest < size && child instanceof Y.XmlElement) {
          type = child
          rest -= 1
          descended = true
          break
        } else if (rest === 0) return { type, index }
        rest -= size
        index++
      }
      if (!descended) return { type, index }
    }
  }
}
