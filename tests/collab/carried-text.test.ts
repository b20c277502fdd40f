// Text nobody remembers typing that an editor's own change wrote again: the treaty as the server
// created it, carried by a join the binding wrote as a rewrite of the neighbouring paragraph
// (editor/model/carried-text.ts), then remembered by that editor (rescue.ts `rememberCarried`).
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as b from '../../editor/model/build.js'
import { contentState } from '../../editor/model/content.js'
import { takeCarriedWords } from '../../editor/model/carried-text.js'
import { rememberCarried, type OwnText } from '../../editor/model/rescue.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'

/** An editor's document holding a treaty the server created: "seeded words" in p-1, p-2 empty. */
function editorDoc(): { doc: Y.Doc; paragraphs: () => Y.XmlElement[] } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, contentState(b.doc(b.title('Treaty'),
    b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'seeded words '), b.paragraph({ id: 'p-2' })))))
  const article = () => doc.getXmlFragment(CONTENT_FRAGMENT).toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === 'article') as Y.XmlElement
  return { doc, paragraphs: () => article().toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph') }
}

/** What the binding wrote for a join in seed 27: p-2's element made p-1, with p-1's text written again, and p-1's element deleted. */
function rewriteIntoNeighbour(doc: Y.Doc, paragraphs: () => Y.XmlElement[], text: string) {
  doc.transact(() => {
    const [first, second] = paragraphs()
    second!.setAttribute('id', 'p-1')
    second!.insert(0, [new Y.XmlText(text)])
    const article = first!.parent as Y.XmlElement
    article.delete(article.toArray().indexOf(first!), 1)
  })
}

describe('text nobody remembers that an editor wrote again', () => {
  it('is found where the rewrite put it when the treaty as created was carried, and taken once', () => {
    const { doc, paragraphs } = editorDoc()
    expect(takeCarriedWords(doc)).toEqual([])
    rewriteIntoNeighbour(doc, paragraphs, 'seeded words ')
    const found = takeCarriedWords(doc)
    expect(found).toEqual([{ block: 'p-1', blockText: 'seeded words ', words: new Set(['seeded', 'words']) }])
    expect(takeCarriedWords(doc)).toEqual([])
  })

  it('leaves out what another drafter typed there: theirs to remember', () => {
    const { doc, paragraphs } = editorDoc()
    takeCarriedWords(doc)
    // a collaborator types "typed " at the start of p-1
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    const text = (other.getXmlFragment(CONTENT_FRAGMENT).toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === 'article') as Y.XmlElement)
      .toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'paragraph')[0]!.get(0) as Y.XmlText
    text.insert(0, 'typed')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
    rewriteIntoNeighbour(doc, paragraphs, 'typedseeded words ')
    expect(takeCarriedWords(doc)).toEqual([{ block: 'p-1', blockText: 'typedseeded words ', words: new Set(['seeded', 'words']) }])
  })

  it('is nothing for a paragraph deleted with no text written again, or deleted with its article', () => {
    const { doc, paragraphs } = editorDoc()
    takeCarriedWords(doc)
    doc.transact(() => { const [first] = paragraphs(); const article = first!.parent as Y.XmlElement; article.delete(article.toArray().indexOf(first!), 1) })
    expect(takeCarriedWords(doc)).toEqual([])
    const fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
    doc.transact(() => fragment.delete(fragment.toArray().findIndex((n) => n instanceof Y.XmlElement && n.nodeName === 'article'), 1))
    expect(takeCarriedWords(doc)).toEqual([])
  })

  it('is remembered as carried in runs where it stands, also against a word without a space, unless remembered there already', () => {
    const known: OwnText[] = [{ block: 'p-1', text: 'mine ', before: '', after: '' }]
    const text = 'mine typedseeded words, more here'
    const kept = rememberCarried(known, [{ block: 'p-1', blockText: text, words: new Set(['seeded', 'words,', 'here', 'mine']) }])
    expect(kept.slice(1)).toEqual([
      { block: 'p-1', text: 'seeded words,', before: 'mine typed', after: ' more here', carried: true },
      { block: 'p-1', text: 'here', before: 'typedseeded words, more ', after: '', carried: true },
    ])
    expect(rememberCarried(known, [])).toBe(known)
  })
})
