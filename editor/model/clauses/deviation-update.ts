// Updating a clause's text to the library's current version, keeping its parameter values, the
// article's id and the paragraph ids that references elsewhere point to.
import type { Node } from 'prosemirror-model'
import type { Clause } from './clause.js'
import { readProvenance, writeProvenance, type ClauseProvenance } from './provenance.js'
import { isBlock, libraryNodes, ownNodes, unitKey, variantFor } from './record-nodes.js'

/** Every paragraph block id in `nodes` by level (see `unitKey`), in document order; and every reference target in order. */
function collect(nodes: Node[]): { units: Map<string, string[]>; refs: string[] } {
  const units = new Map<string, string[]>()
  const refs: string[] = []
  const walk = (node: Node) => {
    if (isBlock(node) && node.attrs.id) {
      const key = unitKey(node)
      const list = units.get(key) ?? []
      list.push(String(node.attrs.id))
      units.set(key, list)
    }
    if (node.type.name === 'xref') refs.push(String(node.attrs.target))
    node.forEach(walk)
  }
  nodes.forEach(walk)
  return { units, refs }
}

/** Rebuilds `node` with ids and reference targets renamed through `rename`. */
function renamed(node: Node, rename: (id: string, isRef: boolean, refIndex: number) => string, counter = { refs: 0 }): Node {
  if (node.isText) return node
  let attrs = node.attrs
  if (typeof attrs.id === 'string' && attrs.id) attrs = { ...attrs, id: rename(attrs.id, false, -1) }
  if (node.type.name === 'xref') attrs = { ...attrs, target: rename(String(attrs.target), true, counter.refs++) }
  const children: Node[] = []
  node.forEach((c) => children.push(renamed(c, rename, counter)))
  return node.type.create(attrs, children, node.marks)
}

/**
 * The article with record `index`'s text replaced by the library's current version of `clause`
 * (same variant, or the first when it is gone; the recorded parameter values kept), and the
 * record moved to the new version. The article keeps its id, and the n-th paragraph,
 * sub-paragraph … of the new text (the n-th block of its level; text closing a list counted
 * apart) takes the id of the n-th of the old one, so references from elsewhere in the document
 * keep their targets. Drafting notes and paragraphs of other clauses in the article are kept
 * after the clause text (for a paragraph clause, where they stand).
 */
export function updateClauseArticle(article: Node, index: number, clause: Clause): Node {
  const records = readProvenance(article.attrs.clause)
  const record = records[index]
  if (!record) throw new Error(`the article has no clause record ${index}`)
  if (record.id !== clause.id) throw new Error(`record ${index} is clause "${record.id}", not "${clause.id}"`)
  const { variant } = variantFor(clause, record)
  const { own, rest, at } = ownNodes(article, records, index)
  const lib = libraryNodes(clause, record)
  if (!record.paragraphs && !lib.article) throw new Error(`clause "${clause.id}" version ${clause.version} has no article ${record.article ?? 1}`)

  // fresh ids → old ids, by type and order; fresh references outside the new text → the old reference at the same place
  const old = collect(own)
  const fresh = collect(lib.nodes)
  const map = new Map<string, string>()
  for (const [key, ids] of fresh.units) ids.forEach((id, i) => { const o = old.units.get(key)?.[i]; if (o) map.set(id, o) })
  const freshIds = new Set([...fresh.units.values()].flat())
  if (lib.article) { map.set(String(lib.article.attrs.id), String(article.attrs.id)); freshIds.add(String(lib.article.attrs.id)) }
  const rename = (id: string, isRef: boolean, refIndex: number) => {
    if (map.has(id)) return map.get(id)!
    if (isRef && !freshIds.has(id)) return old.refs[refIndex] ?? id
    return id
  }
  const counter = { refs: 0 }
  const nodes = lib.nodes.map((n) => renamed(n, rename, counter))

  const next: ClauseProvenance = { ...record, version: clause.version, variant }
  if (record.paragraphs) next.paragraphs = nodes.map((n) => String(n.attrs.id))
  const attr = writeProvenance(records.map((r, i) => (i === index ? next : r)))

  const children: Node[] = []
  if (record.paragraphs) {
    // the new blocks take the place of the first old one (or go at the end when all are gone)
    let placed = false
    article.forEach((c, _offset, i) => {
      if (!at.has(i)) children.push(c)
      else if (!placed) { children.push(...nodes); placed = true }
    })
    if (!placed) children.push(...nodes)
  } else children.push(...nodes, ...rest)
  return article.type.create({ ...article.attrs, clause: attr }, children, article.marks)
}
