// The local numbers of a clause's paragraph blocks ("1.", "(a)", "(i)"), and the text of its
// references, as a clause shows them outside a document: in the library preview and in the text of
// a clause compared with the library.
import type { Node } from 'prosemirror-model'
import { clampLevel, schema } from '../schema.js'
import { isNumberedUnit, numberTreaty, unitMarker } from '../numbering.js'
import { citeReferences, type CitationStyle, type Citations } from '../citation.js'

/**
 * The marker of each node of `blocks` as the clause numbers it on its own: paragraphs "1.",
 * "2." …, their sub-paragraphs "(a)" …, and those "(i)" …, each level counted again under every
 * unit of the level above (as `numberTreaty` counts); '' for a block that takes no number (text
 * continuing a unit, a heading, a note).
 */
export function localMarkers(blocks: readonly Node[]): string[] {
  const counters = [0, 0, 0]
  return blocks.map((block) => {
    if (!isNumberedUnit(block)) return ''
    const level = clampLevel(block.attrs.level)
    const n = ++counters[level]!
    counters.fill(0, level + 1)
    return unitMarker(level, n)
  })
}

/**
 * The text of the references in a clause's nodes (its articles, or the paragraphs it inserts into
 * an article), each resolved against the clause's own numbering: "paragraph 2" within an article,
 * "Article 2(1)" (or "article 2, paragraph 1") to another of its articles.
 */
export function clauseCitations(nodes: readonly Node[], style: CitationStyle): Citations {
  const paragraphs = nodes.filter((n) => n.type.name === 'paragraph')
  const articles = nodes.filter((n) => n.type.name === 'article')
  // the paragraphs a clause inserts are read as the article they will be in
  const doc = schema.nodes.doc.create(null, paragraphs.length ? [...articles, schema.nodes.article.create(null, paragraphs)] : articles)
  return citeReferences(doc, numberTreaty(doc), style)
}
