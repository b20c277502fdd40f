// Shared builders for the library API tests: small valid clauses made through the validator.
import { validateClause, type Clause } from '../../editor/model/clauses/index.js'

/** A valid clause with the given fields over a small default (one article, one parameter). */
export function makeClause(fields: Record<string, unknown> = {}): Clause {
  const raw = {
    id: 'test-clause',
    title: 'Test clause',
    category: 'process',
    tags: ['pacta-confidentiality'],
    version: 1,
    summary: 'A clause for tests.',
    inserts: 'article',
    parameters: [{ name: 'party_a', label: 'First party', type: 'party', required: true }],
    sources: [{ instrument: 'Charter of the United Nations', article: 33 }],
    body: '### Heading\n\n1. {{party_a}} shall act in good faith.\n2. As provided in {{ref:1}}:\n   (a) first;\n   (b) second.\n',
    ...fields,
  }
  const result = validateClause(raw, `test/${String(raw.id)}`)
  if (result.errors) throw new Error(result.errors.map((e) => `${e.field}: ${e.message}`).join('\n'))
  return result.clause
}
