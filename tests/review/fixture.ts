// A small treaty in a content Y.Doc, an annotations Y.Doc beside it, and ways to find words in
// it and read ranges back through ProseMirror (so the model's positions are checked against
// the editor's own document, not against themselves).
import type { Node } from 'prosemirror-model'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import * as Y from 'yjs'
import { article, doc, heading, paragraph, param, title } from '../../editor/model/build.js'
import { contentState } from '../../editor/model/content.js'
import type { Role } from '../../editor/model/permissions.js'
import { schema } from '../../editor/model/schema.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'
import { flatten, type ReviewContext } from '../../editor/model/annotations/index.js'

/** The treaty the review tests comment on. */
export const reviewTreaty = (): Node => doc(
  title('Model Treaty on Safer Negotiation'),
  article({ id: 'art-1' }, heading('Purpose'),
    paragraph({ id: 'para-1' }, 'The Parties shall protect negotiators at all times and in every place.'),
    paragraph({ id: 'para-2' }, 'Each ', param('party'), ' shall report on the measures it has taken.')),
  article({ id: 'art-2' }, heading('Safe conduct'),
    paragraph({ id: 'para-3' }, 'Safe conduct shall be granted to every mediator for the duration of the talks.')),
)

/** The review treaty's content state, made once so that every client starts from the same Yjs items. */
export const INITIAL_CONTENT = contentState(reviewTreaty())

/** A content Y.Doc holding the review treaty (client id fixed so runs replay). */
export function contentDoc(clientID = 1): Y.Doc {
  const ydoc = new Y.Doc()
  ydoc.clientID = clientID
  Y.applyUpdate(ydoc, INITIAL_CONTENT)
  return ydoc
}

/** The treaty as ProseMirror builds it from a fragment, read from a copy (the converter may delete what it cannot build). */
export function pmDoc(fragment: Y.XmlFragment): Node {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(fragment.doc!))
  return yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(CONTENT_FRAGMENT), schema)
}

/** The ProseMirror range of the first occurrence of `words` in one text block (through ProseMirror itself). */
export function rangeOf(fragment: Y.XmlFragment, words: string): { from: number; to: number } {
  const node = pmDoc(fragment)
  let found: { from: number; to: number } | null = null
  node.descendants((child, pos) => {
    if (found || !child.isText) return !found
    const i = child.text!.indexOf(words)
    if (i >= 0) found = { from: pos + i, to: pos + i + words.length }
    return false
  })
  if (!found) throw new Error(`"${words}" is not in the treaty`)
  return found
}

/** The text of from..to as ProseMirror reads it (blocks separated by a line break, leaves as ￼). */
export const textOf = (fragment: Y.XmlFragment, from: number, to: number): string => pmDoc(fragment).textBetween(from, to, '\n', '\uFFFC')

/** The Y.XmlText holding `words` (to edit it the way y-prosemirror would). */
export function yTextWith(fragment: Y.XmlFragment, words: string): Y.XmlText {
  const walk = (type: Y.XmlFragment | Y.XmlElement): Y.XmlText | null => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlText && child.toString().includes(words)) return child
      if (child instanceof Y.XmlElement) { const found = walk(child); if (found) return found }
    }
    return null
  }
  const found = walk(fragment)
  if (!found) throw new Error(`no Y.XmlText holds "${words}"`)
  return found
}

/** The paragraph element with stable id `id`. */
export function paragraphEl(fragment: Y.XmlFragment, id: string): Y.XmlElement {
  const walk = (type: Y.XmlFragment | Y.XmlElement): Y.XmlElement | null => {
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlElement) {
        if (child.getAttribute('id') === id) return child
        const found = walk(child)
        if (found) return found
      }
    }
    return null
  }
  const found = walk(fragment)
  if (!found) throw new Error(`no element ${id}`)
  return found
}

/** A review context for `userId` with `role` over the two docs, on a fixed clock. */
export function reviewer(content: Y.Doc, annotations: Y.Doc, userId: string, role: Role = 'reviewer', now = () => 1_800_000_000_000): ReviewContext {
  return { annotations, content: content.getXmlFragment(CONTENT_FRAGMENT), actor: { userId, role }, now }
}

/** A range of `length` characters of the treaty text in `content`, `skip` characters in. */
export function textRange(content: Y.Doc, skip = 0, length = 4): { from: number; to: number } {
  const positions = flatten(content.getXmlFragment(CONTENT_FRAGMENT)).positions.filter((p) => p >= 0)
  return { from: positions[skip]!, to: positions[skip + length - 1]! + 1 }
}

/** Sends every update of each doc to the others until they agree (an ideal network). */
export function syncAll(...docs: Y.Doc[]): void {
  for (const a of docs) for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
}
