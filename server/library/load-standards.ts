// Reads clauses/standards.yaml, the library's legal standard (shared pieces of text and the rules
// saying which clauses must include them), and validates it through the model.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EMPTY_STANDARD, validateStandard, type LegalStandard, type LibraryError } from '../../editor/model/clauses/index.js'
import { parseYaml } from './front-matter.js'

/** The file, inside the clauses folder, that holds the legal standard. */
export const STANDARDS_FILE = 'standards.yaml'

/**
 * Loads `<root>/standards.yaml`. A missing file gives the empty standard with no error (the
 * library check reports it for the shipped library); a bad one is reported field by field and
 * its valid parts kept. `path` names the file in errors as `<root folder>/standards.yaml`.
 */
export async function loadStandard(root: string): Promise<{ standard: LegalStandard; errors: LibraryError[]; found: boolean }> {
  const path = `${root.split(/[\\/]/).filter(Boolean).pop() ?? 'clauses'}/${STANDARDS_FILE}`
  let text: string
  try { text = await readFile(join(root, STANDARDS_FILE), 'utf8') } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { standard: EMPTY_STANDARD, errors: [], found: false }
    return { standard: EMPTY_STANDARD, errors: [{ path, field: '(file)', message: `cannot read: ${(e as Error).message}` }], found: false }
  }
  const parsed = parseYaml(text)
  if ('error' in parsed) return { standard: EMPTY_STANDARD, errors: [{ path, ...parsed.error }], found: true }
  return { ...validateStandard(parsed.value, path), found: true }
}
