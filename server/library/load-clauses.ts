// Loads the clauses/ tree: every `<category>/<id>.md` file is read, validated through the
// model, and either kept or reported and skipped. One bad file never stops the others.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { validateClause, type Clause, type LibraryError } from '../../editor/model/clauses/index.js'
import { splitFrontMatter } from './front-matter.js'

/** The loaded library: valid clauses in path order, by id, and what was skipped and why. */
export interface ClauseLibrary {
  clauses: Clause[]
  byId: Map<string, Clause>
  /** The file each clause came from, relative to the library root. */
  pathOf: Map<string, string>
  errors: LibraryError[]
}

/** Every file under `dir` whose name ends with `ext`, as sorted relative paths with "/". */
export async function listFiles(dir: string, ext: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

/**
 * Loads every clause under `root` (README.md files excepted). Errors name the file relative to
 * `root`'s parent (e.g. `clauses/amnesty/conditional-amnesty.md`), the field and the problem;
 * a duplicate id is reported with both paths and the later file skipped.
 */
export async function loadClauses(root: string): Promise<ClauseLibrary> {
  const lib: ClauseLibrary = { clauses: [], byId: new Map(), pathOf: new Map(), errors: [] }
  let files: string[]
  try {
    files = (await listFiles(root, '.md')).filter((f) => !/(^|\/)README\.md$/i.test(f))
  } catch (e) {
    lib.errors.push({ path: root, field: '(directory)', message: `cannot read the clause directory: ${(e as Error).message}` })
    return lib
  }
  const prefix = root.split(/[\\/]/).filter(Boolean).pop() ?? 'clauses'
  for (const file of files) {
    const path = `${prefix}/${file}`
    let text: string
    try { text = await readFile(join(root, file), 'utf8') } catch (e) {
      lib.errors.push({ path, field: '(file)', message: `cannot read: ${(e as Error).message}` })
      continue
    }
    const clause = parseClauseFile(text, path, lib.errors)
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

/** Parses and validates the text of one clause file; pushes its errors and returns null when bad. */
export function parseClauseFile(text: string, path: string, errors: LibraryError[]): Clause | null {
  const split = splitFrontMatter(text)
  if (split.error) { errors.push({ path, ...split.error }); return null }
  const result = validateClause(split.data, path, split.bodyLine)
  if (result.errors) { errors.push(...result.errors); return null }
  return result.clause
}
