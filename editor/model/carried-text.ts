// Text nobody remembers typing that this editor's own change wrote again.
//
// The binding writes a change to a paragraph as it finds shortest: joining an empty paragraph into
// the one before can come out as rewriting the emptied paragraph's element with the text of the
// one before and deleting that one's element. The text is then stored again under this editor's
// client id. What drafters typed is theirs to put back if a collaborator who never had the new
// element deletes it (rescue.ts remembers what each editor typed); but text that nobody typed in
// an editor — the treaty as it was created or imported, or migrated by the server — and this
// editor's own text it no longer remembers would then be remembered by no one. The editor that
// wrote it again takes it on: each change it writes is read for paragraphs it deleted whose
// text written outside any editor (or under its own id) now stands, written by it, in another
// paragraph, and rescue.ts remembers those words there as carried.
import * as Y from 'yjs'
import { META_MAP, WRITTEN_OUTSIDE_EDITORS } from './ydoc.js'

/** Words of text nobody remembers that a change of this editor wrote again into paragraph `block`. */
export interface CarriedWords {
  /** The id of the paragraph the words now stand in. */
  block: string
  /** That paragraph's text after the change. */
  blockText: string
  /** The words (without spaces), as they stood in the paragraphs the change deleted. */
  words: ReadonlySet<string>
}

/** Records in `ydoc` that the content its client writes is written outside any editor (a new document, a migration). */
export function markWrittenOutsideEditors(ydoc: Y.Doc): void {
  ydoc.getMap<unknown>(META_MAP).set(`${WRITTEN_OUTSIDE_EDITORS}${ydoc.clientID}`, true)
}

/** The client ids whose text no editor remembers typing: those that wrote outside any editor, and `doc`'s own. */
function unrememberedWriters(doc: Y.Doc): Set<number> {
  const out = new Set<number>([doc.clientID])
  doc.getMap<unknown>(META_MAP).forEach((value, key) => {
    if (value === true && key.startsWith(WRITTEN_OUTSIDE_EDITORS)) {
      const client = Number(key.slice(WRITTEN_OUTSIDE_EDITORS.length))
      if (Number.isSafeInteger(client)) out.add(client)
    }
  })
  return out
}

const watched = new WeakMap<Y.Doc, { found: CarriedWords[] }>()

/**
 * What this client's own changes to `doc` carried since the last call (CarriedWords), taken. The
 * first call starts watching the document; changes before it are not read.
 */
export function takeCarriedWords(doc: Y.Doc): CarriedWords[] {
  const watch = watched.get(doc)
  if (!watch) {
    const fresh = { found: [] as CarriedWords[] }
    watched.set(doc, fresh)
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.local && tr.deleteSet.clients.size > 0) fresh.found.push(...carriedBy(doc, tr))
    })
    return []
  }
  if (watch.found.length === 0) return []
  const found = watch.found
  watch.found = []
  return found
}

/** A shared paragraph element, or null. */
const paragraphOf = (type: unknown): Y.XmlElement | null =>
  type instanceof Y.XmlElement && type.nodeName === 'paragraph' ? type : null

/** The text of shared paragraph `element` as it stands. */
function textOf(element: Y.XmlElement): string {
  let text = ''
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) for (const op of child.toDelta() as Array<{ insert: unknown }>) if (typeof op.insert === 'string') text += op.insert
  }
  return text
}

/** The words of text by `writers` that deleted paragraph `element` held just before `tr` deleted it. */
function unrememberedWordsOf(element: Y.XmlElement, tr: Y.Transaction, writers: Set<number>): string[] {
  const words: string[] = []
  for (let child = element._start; child; child = child.right) {
    if (!(child.content instanceof Y.ContentType) || !(child.content.type instanceof Y.XmlText)) continue
    let run = ''
    for (let item = child.content.type._start; item; item = item.right) {
      const there = !item.deleted || Y.isDeleted(tr.deleteSet, item.id)
      if (!there || !(item.content instanceof Y.ContentString)) continue
      if (writers.has(item.id.client)) run += item.content.str
      else run += ' '
    }
    words.push(...(run.match(/\S+/g) ?? []))
  }
  return words
}

/** The text each shared paragraph got from this client in `tr`, by element. */
function writtenIn(doc: Y.Doc, tr: Y.Transaction): Map<Y.XmlElement, string> {
  const from = tr.beforeState.get(doc.clientID) ?? 0
  const structs = doc.store.clients.get(doc.clientID) ?? []
  const out = new Map<Y.XmlElement, string>()
  for (let i = structs.length - 1; i >= 0 && structs[i]!.id.clock + structs[i]!.length > from; i--) {
    const item = structs[i]
    if (!(item instanceof Y.Item) || item.deleted || !(item.content instanceof Y.ContentString)) continue
    const paragraph = paragraphOf((item.parent as Y.AbstractType<unknown> | null)?._item?.parent)
    if (paragraph) out.set(paragraph, `${item.content.str} ${out.get(paragraph) ?? ''}`)
  }
  return out
}

/** What local transaction `tr` carried (CarriedWords): paragraphs it deleted whose unremembered words it wrote into another. */
function carriedBy(doc: Y.Doc, tr: Y.Transaction): CarriedWords[] {
  const deleted: Y.XmlElement[] = []
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return
    const paragraph = paragraphOf(struct.content.type)
    // (a paragraph deleted with its article, as a move deletes it, is the move's to follow: moves.ts)
    if (paragraph && !(struct.parent as Y.AbstractType<unknown>)._item?.deleted) deleted.push(paragraph)
  })
  if (deleted.length === 0) return []
  const writers = unrememberedWriters(doc)
  const words = deleted.flatMap((element) => unrememberedWordsOf(element, tr, writers))
  if (words.length === 0) return []
  const out: CarriedWords[] = []
  for (const [element, written] of writtenIn(doc, tr)) {
    const id = element.getAttribute('id')
    const found = new Set(words.filter((word) => written.includes(word)))
    if (typeof id === 'string' && found.size > 0) out.push({ block: id, blockText: textOf(element), words: found })
  }
  return out
}
