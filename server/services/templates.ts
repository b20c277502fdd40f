// The template use cases: list the templates/ files (loaded at start, and again when the
// library changes), and build a new document's content from one against the shipped clauses.
// No SQL and no HTTP here.
import { resolve } from 'node:path'
import type { Node } from 'prosemirror-model'
import type { TemplateView } from '../../editor/model/api-views.js'
import type { Clause } from '../../editor/model/clauses/index.js'
import { buildTemplate, type Template } from '../../editor/model/templates/index.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import { loadTemplates } from '../library/load-templates.js'

/** What a new document made from a template starts with. */
export interface TemplateContent {
  doc: Node
  parameters: Record<string, string>
}

/** The loaded templates and how to build a document from one. */
export class TemplatesService {
  private constructor(
    private readonly root: string,
    private templates: ReadonlyMap<string, Template>,
    private clauses: ReadonlyMap<string, Clause>,
    private readonly log: Logger,
  ) {}

  /** Loads templates/ under `root`, checked against `clauses`; a bad template is logged and skipped. */
  static async load(root: string, clauses: ReadonlyMap<string, Clause>, log: Logger): Promise<TemplatesService> {
    const { templates, problems } = await TemplatesService.read(root, clauses, log)
    log.info('templates loaded', { templates: templates.size, problems })
    return new TemplatesService(root, templates, clauses, log)
  }

  /** Reads templates/ again, checked against `clauses` (the library as just reloaded), and serves them from then on. */
  async reload(clauses: ReadonlyMap<string, Clause>): Promise<void> {
    const { templates, problems } = await TemplatesService.read(this.root, clauses, this.log)
    this.templates = templates
    this.clauses = clauses
    this.log.info('templates reloaded', { templates: templates.size, problems })
  }

  private static async read(root: string, clauses: ReadonlyMap<string, Clause>, log: Logger) {
    const lib = await loadTemplates(resolve(root, 'templates'), clauses)
    for (const e of lib.errors) log.warn('template file skipped', { path: e.path, field: e.field, problem: e.message })
    return { templates: lib.byId as ReadonlyMap<string, Template>, problems: lib.errors.length }
  }

  /** Every template, by title. */
  list(): TemplateView[] {
    return [...this.templates.values()]
      .map((t) => ({ id: t.id, title: t.name, summary: t.summary, version: t.version }))
      .sort((a, b) => a.title.localeCompare(b.title))
  }

  /** The content of a new document built from template `id`; 404 (field "template") when unknown. */
  build(id: string): TemplateContent {
    const template = this.templates.get(id)
    if (!template) throw new AppError(404, `no template "${id.slice(0, 100)}"`, 'template')
    const built = buildTemplate(template, this.clauses)
    if (built.errors.length) this.log.warn('template built with gaps', { template: id, errors: built.errors.map((e) => `${e.field}: ${e.message}`).join('; ') })
    return { doc: built.doc, parameters: built.parameters }
  }
}
