// Checks across clauses: a parameter name is document-wide, so every clause that declares it
// must give it the same type (and, for a choice, the same options).
import type { Clause, LibraryError } from '../../editor/model/clauses/index.js'

/** One error per clause whose parameter disagrees with the first declaration of that name. */
export function parameterConflicts(clauses: Clause[], pathOf: ReadonlyMap<string, string>): LibraryError[] {
  const first = new Map<string, { clause: Clause; type: string; options: string }>()
  const errors: LibraryError[] = []
  for (const c of clauses) {
    c.parameters.forEach((p, i) => {
      const options = (p.options ?? []).join(' | ')
      const seen = first.get(p.name)
      if (!seen) { first.set(p.name, { clause: c, type: p.type, options }); return }
      if (seen.type !== p.type || seen.options !== options) {
        errors.push({
          path: pathOf.get(c.id) ?? c.id,
          field: `parameters[${i}].type`,
          message: `parameter "${p.name}" is ${p.type}${options ? ` (${options})` : ''} here but ${seen.type}${seen.options ? ` (${seen.options})` : ''} in ${pathOf.get(seen.clause.id) ?? seen.clause.id}; a name means one value across the document`,
        })
      }
    })
  }
  return errors
}
