// `npm run clauses:check`: loads clauses/ and templates/, prints what was loaded and every
// problem (path, field, message), and exits non-zero when there is any.
import { resolve } from 'node:path'
import { loadClauses } from './load-clauses.js'
import { loadTemplates } from './load-templates.js'
import { parameterConflicts } from './consistency.js'

const root = resolve(process.argv[2] ?? '.')
const clauses = await loadClauses(resolve(root, 'clauses'))
const templates = await loadTemplates(resolve(root, 'templates'), clauses.byId)
const conflicts = parameterConflicts(clauses.clauses, clauses.pathOf)
const missing = clauses.hasStandard ? [] : [{ path: 'clauses/standards.yaml', field: '(file)', message: 'missing: the legal standard that amnesty, leniency, immunity, safe-conduct and confidentiality clauses must follow' }]
const errors = [...missing, ...clauses.errors, ...conflicts, ...templates.errors]

const variants = clauses.clauses.reduce((n, c) => n + c.variants.length, 0)
console.log(`clauses: ${clauses.clauses.length} loaded (${variants} variants); standard: ${clauses.standard.pieces.size} pieces, ${clauses.standard.regimes.length} regimes; templates: ${templates.templates.length} loaded`)
for (const e of errors) console.log(`${e.path}: ${e.field}: ${e.message}`)
if (errors.length) {
  console.log(`${errors.length} problem${errors.length === 1 ? '' : 's'}`)
  process.exit(1)
}
console.log('no problems')
