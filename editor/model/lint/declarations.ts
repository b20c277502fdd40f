// The parameter declarations a document's library text brings: for each clause recorded in an
// article's provenance, that clause's parameters (first declaration of a name wins), so the
// lint knows which unfilled parameters are required.
import type { Node } from 'prosemirror-model'
import type { Clause, ClauseParameter } from '../clauses/clause.js'
import { readProvenance } from '../clauses/provenance.js'

/** Parameter declarations of the clauses `doc`'s articles came from, looked up with `clause`. */
export function parameterDeclarations(doc: Node, clause: (id: string) => Clause | undefined): Map<string, ClauseParameter> {
  const declarations = new Map<string, ClauseParameter>()
  doc.descendants((node) => {
    if (node.type.name !== 'article') return !node.isTextblock
    for (const record of readProvenance(node.attrs.clause)) {
      for (const p of clause(record.id)?.parameters ?? []) if (!declarations.has(p.name)) declarations.set(p.name, p)
    }
    return false
  })
  return declarations
}
