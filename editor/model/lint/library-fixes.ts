// Which library clause mends an undefined term or an unestablished body, read from the clauses'
// own text with the rules' own tests (termMarks, establishingTexts, namesBody), so that a clause
// offered as a fix is one the rule counts once it is in the document. DOM-free: the server builds
// the index from the library and serves it (GET /api/library/fixes); the editor's Check and the
// server's lint look findings up in it.
import type { Clause } from '../clauses/clause.js'
import { instantiateClause } from '../clauses/instantiate.js'
import { parameterText } from '../clauses/values.js'
import { schema } from '../schema.js'
import type { ClauseRef, LibraryLookup } from './finding.js'
import { definedTerms } from './undefined-term.js'
import { establishingTexts, namesBody } from './unestablished-institution.js'

/** A clause (variant) whose text establishes bodies. */
export interface EstablishingClause extends ClauseRef {
  /** Its sentences that say "establish…", each parameter written `{{name}}`. */
  texts: string[]
  /** The clause's parameter defaults, which a parameter the document has no value for reads as. */
  defaults: Record<string, string>
}

/** What the library can supply: the serialisable index, as GET /api/library/fixes answers. */
export interface LibraryFixIndex {
  /** Term key → the clause (and variant) defining it. */
  terms: Record<string, ClauseRef>
  /** The clauses that establish a body, in the order they are preferred. */
  institutions: EstablishingClause[]
}

/** Definitions first (a clause of the `definitions` category is made for it), then by id. */
const preference = (a: Clause, b: Clause) => Number(b.category === 'definitions') - Number(a.category === 'definitions') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * The index of `clauses`: each term defined in some variant (the first clause and variant to
 * define it wins), and each clause variant with a sentence establishing something. Headings are
 * not read here, though the rule counts them: a heading names what an article is about ("Security
 * Council endorsement"), which does not make the clause the one to establish a body.
 */
export function libraryFixIndex(clauses: Iterable<Clause>): LibraryFixIndex {
  const terms: Record<string, ClauseRef> = {}
  const institutions: EstablishingClause[] = []
  for (const clause of [...clauses].sort(preference)) {
    const defaults = Object.fromEntries(clause.parameters.flatMap((p) => (p.default !== undefined ? [[p.name, p.default]] : [])))
    for (const variant of clause.variants) {
      const instance = instantiateClause(clause, { variant: variant.id })
      const ref = { clause: clause.id, variant: variant.id }
      for (const node of instance.nodes) for (const key of definedTerms(node)) if (!Object.prototype.hasOwnProperty.call(terms, key)) terms[key] = ref
      const articles = instance.kind === 'article' ? instance.nodes : [schema.nodes.article.create(null, instance.nodes)]
      const texts = articles.flatMap((a) => establishingTexts(a, (name) => `{{${name}}}`, false))
      if (texts.length) institutions.push({ ...ref, texts, defaults })
    }
  }
  return { terms, institutions }
}

/** An establishing text read with the document's values, else the clause's defaults. */
const readText = (text: string, values: Readonly<Record<string, string>>, defaults: Readonly<Record<string, string>>) =>
  text.replace(/\{\{([^}]*)\}\}/g, (_, name: string) => parameterText((Object.prototype.hasOwnProperty.call(values, name) && values[name]) || defaults[name] || ''))

/** The lookup the rules use, over `index`. */
export function libraryLookup(index: LibraryFixIndex): LibraryLookup {
  return {
    term: (key) => (Object.prototype.hasOwnProperty.call(index.terms, key) ? index.terms[key] : undefined),
    institution(name, values) {
      const found = index.institutions.find((c) => c.texts.some((t) => namesBody(readText(t, values, c.defaults), name)))
      return found && { clause: found.clause, variant: found.variant }
    },
  }
}
