// How library text in a document stands against the library: the text of each provenance
// record is compared with a fresh instantiation of the recorded clause (ids ignored).
import type { Node } from 'prosemirror-model'
import type { Clause } from './clause.js'
import { readProvenance, type ClauseProvenance } from './provenance.js'
import { isBlock, libraryNodes, ownNodes, unitKey, variantFor } from './record-nodes.js'

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
