// The nodes a clause's provenance record covers: in the document (which of an article's blocks
// are the clause's), and in the library (a fresh instantiation of the recorded clause, variant
// and parameters). Drift status, diff and update all compare these two.
import type { Node } from 'prosemirror-model'
import { clampLevel } from '../schema.js'
import { isNumberedUnit } from '../numbering.js'
import type { Clause } from './clause.js'
import { instantiateClause } from './instantiate.js'
import type { ClauseProvenance } from './provenance.js'

/** Whether `node` is a paragraph block: a unit of any level, or text continuing one. */
export const isBlock = (node: Node) => node.type.name === 'paragraph'

/** A block's level, and whether it continues a unit: what a comparison sees of its place, and what pairs new blocks with old on update. */
export const unitKey = (node: Node) => `level=${clampLevel(node.attrs.level)}${node.attrs.continues ? ' continues' : ''}`

/** The variant an update or comparison uses: the recorded one, or the first when it is gone. */
export function variantFor(clause: Clause, record: ClauseProvenance): { variant: string; gone: boolean } {
  const gone = !clause.variants.some((v) => v.id === record.variant)
  return { variant: gone ? clause.variants[0]!.id : record.variant, gone }
}

/**
 * The nodes of `article` that the record's text occupies (in order), their indices among the
 * article's children, and the rest. A paragraph clause's record lists the ids of the blocks it
 * inserted; a block added since under one of its paragraphs (a new sub-paragraph, text closing
 * a list) belongs to the clause as well, as it did when paragraphs contained their sub-paragraphs:
 * an unlisted block that is not a paragraph "1." of its own goes with the paragraph above it.
 */
export function ownNodes(article: Node, records: ClauseProvenance[], index: number): { own: Node[]; rest: Node[]; at: Set<number> } {
  const record = records[index]!
  const listed = new Set<string>()
  const claimed = new Set<string>()
  records.forEach((r, i) => { for (const id of r.paragraphs ?? []) { listed.add(id); if (i !== index) claimed.add(id) } })
  const own: Node[] = []
  const rest: Node[] = []
  const at = new Set<number>()
  // the id that decides who owns a block: its own when a record lists it, else its paragraph's
  let paragraph = ''
  article.forEach((child, _offset, i) => {
    let key = ''
    if (isBlock(child)) {
      const id = String(child.attrs.id ?? '')
      if (isNumberedUnit(child) && clampLevel(child.attrs.level) === 0) paragraph = id
      key = listed.has(id) ? id : paragraph
    }
    const mine = record.paragraphs
      ? isBlock(child) && record.paragraphs.includes(key)
      : child.type.name !== 'drafting_note' && !(isBlock(child) && claimed.has(key))
    if (mine) { own.push(child); at.add(i) } else rest.push(child)
  })
  return { own, rest, at }
}

/** The library's nodes for the record: the article's children, or the inserted paragraph blocks. */
export function libraryNodes(clause: Clause, record: ClauseProvenance): { nodes: Node[]; article: Node | null } {
  const { variant } = variantFor(clause, record)
  const instance = instantiateClause(clause, { variant, values: record.parameters })
  if (instance.kind === 'paragraphs' || record.paragraphs) return { nodes: instance.nodes, article: null }
  const article = instance.nodes[(record.article ?? 1) - 1] ?? null
  const nodes: Node[] = []
  article?.forEach((c) => nodes.push(c))
  return { nodes, article }
}
