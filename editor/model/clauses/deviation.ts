// Clause drift: compares library text in a document with a fresh instantiation of the recorded
// clause, variant and parameters (ids ignored), shows the difference word by word, and rebuilds
// the text from a newer library version while keeping the parameter values and stable ids.
import type { Node } from 'prosemirror-model'
import { clampLevel } from '../schema.js'
import { isNumberedUnit } from '../numbering.js'
import type { Clause } from './clause.js'
import { localMarkers } from './markers.js'
import { instantiateClause } from './instantiate.js'
import { parameterText } from './values.js'
import { readProvenance, writeProvenance, type ClauseProvenance } from './provenance.js'

/**
 * How one piece of library text stands against the library:
 * - `unchanged`: same text as the library version it came from;
 * - `modified`: edited since insertion (same library version);
 * - `outdated`: the library holds a newer version (`differs` says whether the text differs from it);
 * - `unknown-clause`: the library no longer has this clause, so nothing can be compared;
 * - `missing-text`: every paragraph a paragraph clause inserted has since been deleted.
 */
export type DeviationStatus = 'unchanged' | 'modified' | 'outdated' | 'unknown-clause' | 'missing-text'

/** One provenance record of an article and how its text compares with the library. */
export interface ClauseDeviation {
  record: ClauseProvenance
  /** Position of the record in the article's `clause` attribute (see provenance.ts). */
  index: number
  status: DeviationStatus
  /** Whether the text differs from the library's current version of the clause. */
  differs: boolean
  /** The library's current version, when the clause is known. */
  libraryVersion?: number
  /** The recorded variant no longer exists; an update falls back to the first variant. */
  variantGone?: boolean
}

/** A run of the word-level difference: kept, added (in the library text) or deleted (from the document). */
export interface DiffPart {
  op: 'same' | 'add' | 'del'
  text: string
}

/** Whether `node` is a paragraph block: a unit of any level, or text continuing one. */
const isBlock = (node: Node) => node.type.name === 'paragraph'

/** A block's level, and whether it continues a unit: what a comparison sees of its place, and what pairs new blocks with old on update. */
const unitKey = (node: Node) => `level=${clampLevel(node.attrs.level)}${node.attrs.continues ? ' continues' : ''}`

/** The variant an update or comparison uses: the recorded one, or the first when it is gone. */
function variantFor(clause: Clause, record: ClauseProvenance): { variant: string; gone: boolean } {
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
function ownNodes(article: Node, records: ClauseProvenance[], index: number): { own: Node[]; rest: Node[]; at: Set<number> } {
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
function libraryNodes(clause: Clause, record: ClauseProvenance): { nodes: Node[]; article: Node | null } {
  const { variant } = variantFor(clause, record)
  const instance = instantiateClause(clause, { variant, values: record.parameters })
  if (instance.kind === 'paragraphs' || record.paragraphs) return { nodes: instance.nodes, article: null }
  const article = instance.nodes[(record.article ?? 1) - 1] ?? null
  const nodes: Node[] = []
  article?.forEach((c) => nodes.push(c))
  return { nodes, article }
}

/** Relative keys for the ids inside `nodes` (and the article's own), so texts compare without ids. */
function relativeIds(nodes: Node[], articleId: string | null): Map<string, string> {
  const keys = new Map<string, string>()
  if (articleId) keys.set(articleId, 'article')
  let n = 0
  const walk = (node: Node) => {
    if (isBlock(node) && node.attrs.id) keys.set(String(node.attrs.id), `u${n++}`)
    node.forEach(walk)
  }
  nodes.forEach(walk)
  return keys
}

/** A canonical string of `nodes`: structure (with paragraph levels), text, marks, parameters and relative references. */
function canonical(nodes: Node[], keys: Map<string, string>): string {
  const out: string[] = []
  const walk = (node: Node) => {
    if (node.isText) {
      const marks = node.marks.map((m) => m.type.name + (Object.keys(m.attrs).length ? JSON.stringify(m.attrs) : '')).sort().join(',')
      out.push(`${JSON.stringify(node.text)}${marks ? `[${marks}]` : ''}`)
    } else if (node.type.name === 'parameter') out.push(`{{${String(node.attrs.name)}}}`)
    else if (node.type.name === 'xref') out.push(`{{ref:${keys.get(String(node.attrs.target)) ?? 'outside'}}}`)
    else if (node.isLeaf) out.push(`<${node.type.name}/>`)
    else {
      out.push(`<${node.type.name}${isBlock(node) ? ` ${unitKey(node)}` : ''}>`)
      node.forEach(walk)
      out.push(`</${node.type.name}>`)
    }
  }
  nodes.forEach(walk)
  return out.join('')
}

/**
 * How each provenance record of `article` compares with the library. `lookup` returns the
 * library's current clause for an id (undefined when unknown or not loaded yet).
 */
export function articleDeviations(article: Node, lookup: (id: string) => Clause | undefined): ClauseDeviation[] {
  const records = readProvenance(article.attrs.clause)
  return records.map((record, index) => {
    const clause = lookup(record.id)
    if (!clause) return { record, index, status: 'unknown-clause', differs: false }
    const { own } = ownNodes(article, records, index)
    const gone = variantFor(clause, record).gone
    if (record.paragraphs && own.length === 0) return { record, index, status: 'missing-text', differs: true, libraryVersion: clause.version, ...(gone ? { variantGone: true } : {}) }
    const lib = libraryNodes(clause, record)
    const mine = canonical(own, relativeIds(own, record.paragraphs ? null : String(article.attrs.id)))
    const theirs = canonical(lib.nodes, relativeIds(lib.nodes, lib.article ? String(lib.article.attrs.id) : null))
    const differs = mine !== theirs
    const status: DeviationStatus = clause.version > record.version ? 'outdated' : differs ? 'modified' : 'unchanged'
    return { record, index, status, differs, libraryVersion: clause.version, ...(gone ? { variantGone: true } : {}) }
  })
}

/** Reads a node list as text, one block per line with local numbers ("1.", "(a)", "(i)"). */
export function clauseText(nodes: Node[], valueOf: (name: string) => string | undefined = () => undefined): string {
  const lines: string[] = []
  const inline = (block: Node) => {
    let s = ''
    block.forEach((n) => {
      if (n.isText) s += n.text
      else if (n.type.name === 'parameter') { const v = valueOf(String(n.attrs.name)); s += v ? parameterText(v) : `[${String(n.attrs.name)}]` }
      else if (n.type.name === 'xref') s += '[reference]'
      else if (n.type.name === 'hard_break') s += ' '
    })
    return s
  }
  const write = (list: Node[]) => {
    const markers = localMarkers(list)
    list.forEach((node, i) => {
      if (node.isTextblock) lines.push((markers[i] ? markers[i] + ' ' : '') + inline(node))
      else { const children: Node[] = []; node.forEach((c) => children.push(c)); write(children) }
    })
  }
  write(nodes)
  return lines.join('\n')
}

/**
 * The document's text of record `index` of `article` and the library's current text of the same
 * clause, variant and parameters, with their word-level difference.
 */
export function deviationDiff(article: Node, index: number, clause: Clause, valueOf?: (name: string) => string | undefined): { current: string; library: string; diff: DiffPart[] } {
  const records = readProvenance(article.attrs.clause)
  const record = records[index]
  if (!record) throw new Error(`the article has no clause record ${index}`)
  const current = clauseText(ownNodes(article, records, index).own, valueOf)
  const library = clauseText(libraryNodes(clause, record).nodes, valueOf)
  return { current, library, diff: wordDiff(current, library) }
}

/** Largest number of cells the word diff fills before it falls back to "all replaced". */
const MAX_DIFF_CELLS = 4_000_000

/** The word-level difference from `a` to `b` (longest common subsequence of words and spaces). */
export function wordDiff(a: string, b: string): DiffPart[] {
  const x = a.match(/\s+|[^\s]+/g) ?? []
  const y = b.match(/\s+|[^\s]+/g) ?? []
  let start = 0
  while (start < x.length && start < y.length && x[start] === y[start]) start++
  let endX = x.length
  let endY = y.length
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) { endX--; endY-- }
  const parts: DiffPart[] = []
  const push = (op: DiffPart['op'], text: string) => {
    if (!text) return
    const last = parts[parts.length - 1]
    if (last?.op === op) last.text += text
    else parts.push({ op, text })
  }
  push('same', x.slice(0, start).join(''))
  const mx = x.slice(start, endX)
  const my = y.slice(start, endY)
  const n = mx.length
  const m = my.length
  if (n * m > MAX_DIFF_CELLS) {
    push('del', mx.join(''))
    push('add', my.join(''))
  } else if (n && m) {
    // lcs[i][j] = length of the LCS of mx[i..] and my[j..]
    const lcs = new Uint32Array((n + 1) * (m + 1))
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] = mx[i] === my[j] ? lcs[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (m + 1) + j]!, lcs[i * (m + 1) + j + 1]!)
      }
    }
    let i = 0
    let j = 0
    while (i < n && j < m) {
      if (mx[i] === my[j]) { push('same', mx[i]!); i++; j++ }
      else if (lcs[(i + 1) * (m + 1) + j]! >= lcs[i * (m + 1) + j + 1]!) push('del', mx[i++]!)
      else push('add', my[j++]!)
    }
    while (i < n) push('del', mx[i++]!)
    while (j < m) push('add', my[j++]!)
  } else {
    push('del', mx.join(''))
    push('add', my.join(''))
  }
  push('same', x.slice(endX).join(''))
  return parts
}

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
