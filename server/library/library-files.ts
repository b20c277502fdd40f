// Reads a library folder (clauses/ or templates/) file by file, reporting unreadable folders and
// files as library errors so that one bad file never stops the others from loading.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { LibraryError } from '../../editor/model/clauses/index.js'

/** Every file under `dir` whose name ends with `ext`, as sorted relative paths with "/". */
export async function listFiles(dir: string, ext: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort()
}

/** One readable library file: its path relative to the library root, its path as errors name it, its text. */
export interface LibraryFile {
  file: string
  path: string
  text: string
}

/**
 * The readable files under `root` that `select` keeps from its listing. Errors name a file as
 * `<root folder>/<file>` (e.g. `clauses/amnesty/conditional-amnesty.md`); an unreadable folder
 * or file is pushed to `errors` as `(directory)` or `(file)` and skipped.
 */
export async function readLibraryFiles(
  root: string,
  kind: 'clause' | 'template',
  select: (root: string) => Promise<string[]>,
  errors: LibraryError[],
): Promise<LibraryFile[]> {
  let files: string[]
  try { files = await select(root) } catch (e) {
    errors.push({ path: root, field: '(directory)', message: `cannot read the ${kind} directory: ${(e as Error).message}` })
    return []
  }
  const prefix = root.split(/[\\/]/).filter(Boolean).pop() ?? `${kind}s`
  const out: LibraryFile[] = []
  for (const file of files) {
    const path = `${prefix}/${file}`
    try { out.push({ file, path, text: await readFile(join(root, file), 'utf8') }) } catch (e) {
      errors.push({ path, field: '(file)', message: `cannot read: ${(e as Error).message}` })
    }
  }
  return out
}
