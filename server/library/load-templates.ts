// Loads the templates/ folder: each `<id>.yaml` is parsed, validated through the model and
// checked against the clause library; a bad template is reported and skipped.
import type { Clause, LibraryError } from '../../editor/model/clauses/index.js'
import { templateReferenceErrors, validateTemplate, type Template } from '../../editor/model/templates/index.js'
import { parseYaml } from './front-matter.js'
import { listFiles, readLibraryFiles } from './library-files.js'

/** The loaded templates, by id, and what was skipped and why. */
export interface TemplateLibrary {
  templates: Template[]
  byId: Map<string, Template>
  pathOf: Map<string, string>
  errors: LibraryError[]
}

/**
 * Loads every `*.yaml` template under `root` and checks it against `clauses` (the loaded clause
 * library): a template naming a missing clause or variant is reported precisely and skipped.
 */
export async function loadTemplates(root: string, clauses: ReadonlyMap<string, Clause>): Promise<TemplateLibrary> {
  const lib: TemplateLibrary = { templates: [], byId: new Map(), pathOf: new Map(), errors: [] }
  const files = await readLibraryFiles(root, 'template', async (dir) => [...await listFiles(dir, '.yaml'), ...await listFiles(dir, '.yml')].sort(), lib.errors)
  for (const { file, path, text } of files) {
    const parsed = parseYaml(text)
    if ('error' in parsed) { lib.errors.push({ path, ...parsed.error }); continue }
    const result = validateTemplate(parsed.value, path)
    if (result.errors) { lib.errors.push(...result.errors); continue }
    const t = result.template
    const name = file.split('/').pop()!.replace(/\.ya?ml$/, '')
    if (name !== t.id) { lib.errors.push({ path, field: 'id', message: `id "${t.id}" does not match the file name "${name}"` }); continue }
    const refErrors = templateReferenceErrors(t, clauses, path)
    if (refErrors.length) { lib.errors.push(...refErrors); continue }
    const first = lib.pathOf.get(t.id)
    if (first !== undefined) { lib.errors.push({ path, field: 'id', message: `duplicate id "${t.id}": already used by ${first}; this file is skipped` }); continue }
    lib.templates.push(t)
    lib.byId.set(t.id, t)
    lib.pathOf.set(t.id, path)
  }
  return lib
}
