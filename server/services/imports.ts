// The import use cases: preview a file (what would be recognised, nothing stored) and create a
// document from it. Anyone who may create a document may import one; its importer becomes its convener.
import type { ImportPreviewView, ImportResultView } from '../../editor/model/api-views.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { ImportError } from '../import/errors.js'
import { importFile, type ImportFile, type ImportLimits, type ImportedTreaty } from '../import/index.js'
import type { Logger } from '../log.js'
import type { AuditService } from './audit.js'
import type { DocumentsService } from './documents.js'
import type { CurrentUser } from './sessions.js'

/** Longest title a document gets from a file (the API's limit for titles). */
const MAX_TITLE = 200
/** How many article headings a preview lists. */
const OUTLINE_LENGTH = 20

/** A usable document title from the file's title or name: one line, no control characters, at most 200 characters. */
export function titleFrom(imported: ImportedTreaty, filename: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim()
  const base = clean(filename.replace(/^.*[\\/]/, '').replace(/\.(akn\.xml|[A-Za-z0-9]+)$/, ''))
  const title = clean(imported.title) || base || 'Imported treaty'
  const chars = [...title]
  return chars.length > MAX_TITLE ? `${chars.slice(0, MAX_TITLE - 1).join('')}…` : title
}

/** The first article headings as the document will number them, for the preview. */
function outlineOf(imported: ImportedTreaty): string[] {
  const numbering = numberTreaty(imported.doc)
  const out: string[] = []
  imported.doc.descendants((node, pos) => {
    if (out.length >= OUTLINE_LENGTH) return false
    if (node.type.name !== 'article') return !node.isTextblock
    const heading = node.firstChild?.type.name === 'heading' ? node.firstChild.textContent.trim() : ''
    const marker = numbering.byPos.get(pos)?.marker ?? 'Article'
    out.push(heading ? `${marker} — ${heading}` : marker)
    return false
  })
  return out
}

/** Which request refused a file: the preview or the creation. */
export type ImportStage = 'preview' | 'create'

const actorOf = (u: CurrentUser) => ({ id: u.id, name: u.displayName })

/** Import rules; the route and the command line call it, it calls the importers and DocumentsService. */
export class ImportsService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly audit: AuditService,
    private readonly log: Logger,
    private readonly limits: ImportLimits,
  ) {}

  /** What importing `file` would give: its report, title and first articles. Nothing is stored but the audit entry. */
  async preview(file: ImportFile, user: CurrentUser): Promise<ImportPreviewView> {
    const imported = await this.read(file, user, 'preview')
    await this.audit.record('import-previewed', actorOf(user), { detail: this.detail(file, imported) })
    return { report: imported.report, title: titleFrom(imported, file.filename), outline: outlineOf(imported) }
  }

  /**
   * Creates a document from `file`, titled `title` or else by the file. The file is read in full
   * before anything is stored, so a file that cannot be imported creates nothing.
   */
  async create(file: ImportFile, title: string | undefined, user: CurrentUser): Promise<ImportResultView> {
    const imported = await this.read(file, user, 'create')
    const document = await this.documents.create(title ?? titleFrom(imported, file.filename), { doc: imported.doc, parameters: imported.parameters }, user)
    this.log.info('document imported', { document: document.id, format: imported.report.format })
    await this.audit.record('document-imported', actorOf(user), { documentId: document.id, detail: this.detail(file, imported) })
    return { document, report: imported.report }
  }

  /**
   * Records in the audit log a file refused before any importer read it (over the size limit, a
   * compressed upload), with the reason the caller was given.
   */
  async refused(file: { filename: string; bytes: number; format?: string }, error: ImportError, stage: ImportStage, user: CurrentUser): Promise<void> {
    this.log.info('import refused', { status: error.status, reason: error.message })
    await this.audit.record('import-refused', actorOf(user), {
      detail: { filename: file.filename.slice(0, 200), format: file.format ?? null, bytes: file.bytes, stage, status: error.status, reason: error.message.slice(0, 300) },
    })
  }

  /** `file` imported, or the ImportError that refuses it, recorded in the audit log first. */
  private async read(file: ImportFile, user: CurrentUser, stage: ImportStage): Promise<ImportedTreaty> {
    try {
      return importFile(file, this.limits)
    } catch (err) {
      if (err instanceof ImportError) await this.refused({ filename: file.filename, bytes: file.bytes.length, ...(file.format !== undefined ? { format: file.format } : {}) }, err, stage, user)
      throw err
    }
  }

  private detail(file: ImportFile, imported: ImportedTreaty) {
    return {
      filename: file.filename.slice(0, 200), format: imported.report.format, bytes: file.bytes.length,
      articles: imported.report.counts.articles, fallbacks: imported.report.fallbacks.length,
    }
  }
}
