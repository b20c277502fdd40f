// Loads the clauses/ tree: every `<category>/<id>.md` file is read, validated through the
// model, and either kept or reported and skipped. One bad file never stops the others.
import { EMPTY_STANDARD, validateClause, type Clause, type LegalStandard, type LibraryError } from '../../editor/model/clauses/index.js'
import { splitFrontMatter } from './front-matter.js'
import { listFiles, readLibraryFiles } from './library-files.js'
import { loadStandard } from './load-standards.js'

/** Documentation beside the clauses (README.md, CITATIONS.md): file names in capitals are never clauses. */
const DOCUMENTATION = /(^|\/)[A-Z][A-Z-]*\.md$/

/** The loaded library: valid clauses in path order, by id, and what was skipped and why. */
export interface ClauseLibrary {
  clauses: Clause[]
  byId: Map<string, Clause>
  /** The file each clause came from, relative to the library root. */
  pathOf: Map<string, string>
  errors: LibraryError[]
  /** The legal standard (clauses/standards.yaml) the clauses were checked against. */
  standard: LegalStandard
  /** Whether the folder has a standards.yaml at all. */
  hasStandard: boolean
}

/**
 * Loads every clause under `root` (documentation such as README.md and CITATIONS.md excepted), checked against the legal standard
 * in `root`/standards.yaml. Errors name the file relative to
 * `root`'s parent (e.g. `clauses/amnesty/conditional-amnesty.md`), the field and the problem;
 * a duplicate id is reported with both paths and the later file skipped.
 */
export async function loadClauses(root: string): Promise<ClauseLibrary> {
  const { standard, errors, found } = await loadStandard(root)
  const lib: ClauseLibrary = { clauses: [], byId: new Map(), pathOf: new Map(), errors, standard, hasStandard: found }
  const files = await readLibraryFiles(root, 'clause', async (dir) => (await listFiles(dir, '.md')).filter((f) => !DOCUMENTATION.test(f)), lib.errors)
  for (const { file, path, text } of files) {
    const clause = parseClauseFile(text, path, lib.errors, standard)
    if (!clause) continue
    const parts = file.split('/')
    const folder = parts.length > 1 ? parts[parts.length - 2] : undefined
    const name = parts[parts.length - 1]!.replace(/\.md$/, '')
    const misplaced: LibraryError[] = []
    if (folder !== clause.category) misplaced.push({ path, field: 'category', message: `category "${clause.category}" does not match the folder "${folder ?? '(none)'}": clauses live in clauses/<category>/<id>.md` })
    if (name !== clause.id) misplaced.push({ path, field: 'id', message: `id "${clause.id}" does not match the file name "${name}.md"` })
    if (misplaced.length) { lib.errors.push(...misplaced); continue }
    const first = lib.pathOf.get(clause.id)
    if (first !== undefined) {
      lib.errors.push({ path, field: 'id', message: `duplicate id "${clause.id}": already used by ${first}; this file is skipped` })
      continue
    }
    lib.clauses.push(clause)
    lib.byId.set(clause.id, clause)
    lib.pathOf.set(clause.id, path)
  }
  return lib
}

/** Parses and validates the text of one clause file against `standard`; pushes its errors and returns null when bad. */
export function parseClauseFile(text: string, path: string, errors: LibraryError[], standard: LegalStandard = EMPTY_STANDARD): Clause | null {
  const split = splitFrontMatter(text)
  if (split.error) { errors.push({ path, ...split.error }); return null }
  const result = validateClause(split.data, path, split.bodyLine, standard)
  if (result.errors) { errors.push(...result.errors); return null }
  return result.clause
}
