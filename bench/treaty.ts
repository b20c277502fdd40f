// The treaties the benchmark edits and opens, built with the model's builders, and the seeding
// step that puts one into a server's document through the ordinary sync protocol.
import type { Node } from 'prosemirror-model'
import * as Y from 'yjs'
import { prosemirrorToYXmlFragment } from 'y-prosemirror'
import { article, doc, heading, paragraph, preamble, recital, title } from '../editor/model/build.js'
import { CONTENT_FRAGMENT } from '../editor/model/ydoc.js'

const WORDS = ('the states parties shall ensure that any person who in good faith facilitates negotiations with an ' +
  'armed group or organized criminal group under an authorisation is protected from prosecution for acts ' +
  'strictly necessary to those negotiations and that such protection is notified to the depositary').split(' ')

/** Deterministic filler prose of about `words` words, varied by `seed`. */
function prose(seed: number, words: number): string {
  const out: string[] = []
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 13) % WORDS.length]!)
  const text = out.join(' ')
  return text[0]!.toUpperCase() + text.slice(1) + '.'
}

/** A treaty of `articles` numbered articles, each with a heading and 2 to 4 paragraphs. */
export function buildTreaty(articles: number): Node {
  const body: Node[] = []
  for (let a = 1; a <= articles; a++) {
    const paragraphs: Node[] = []
    const count = 2 + (a % 3)
    for (let p = 1; p <= count; p++) paragraphs.push(...paragraph({ id: `para-${a}-${p}` }, prose(a * 5 + p, 24 + ((a + p) % 17))))
    body.push(article({ id: `art-${a}` }, heading(`Provision ${a}`), ...paragraphs))
  }
  return doc(
    title(`Benchmark Treaty of ${articles} Articles`),
    preamble(recital('The States Parties to this Treaty,'), recital('Have agreed as follows:')),
    ...body,
  )
}

/** Replaces the content fragment of `ydoc` with `treaty`, in one transaction. */
export function writeTreaty(ydoc: Y.Doc, treaty: Node): void {
  // updateYFragment (behind prosemirrorToYXmlFragment) diffs against what is there, so content a
  // server put in a new document (Pacta's empty treaty) is replaced rather than appended to.
  ydoc.transact(() => { prosemirrorToYXmlFragment(treaty, ydoc.getXmlFragment(CONTENT_FRAGMENT)) }, 'seed')
}

/** Number of article elements at the top level of the content fragment. */
export function countArticles(ydoc: Y.Doc): number {
  let n = 0
  for (const child of ydoc.getXmlFragment(CONTENT_FRAGMENT).toArray()) {
    if (child instanceof Y.XmlElement && child.nodeName === 'article') n++
  }
  return n
}

/** Every text run of a paragraph block (the paragraph element holds it directly): the places drafting clients type into. */
export function paragraphTexts(ydoc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = []
  const walk = (el: Y.XmlElement | Y.XmlFragment) => {
    for (const child of el.toArray()) {
      if (!(child instanceof Y.XmlElement)) continue
      if (child.nodeName === 'paragraph') { for (const run of child.toArray()) if (run instanceof Y.XmlText) out.push(run) }
      else walk(child)
    }
  }
  walk(ydoc.getXmlFragment(CONTENT_FRAGMENT))
  return out
}
