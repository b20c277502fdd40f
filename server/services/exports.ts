// The export use cases: who may export a document, loading its current content, rendering a format, and the audit entry.
import * as Y from 'yjs'
import type { LintView } from '../../editor/model/api-views.js'
import type { Clause } from '../../editor/model/clauses/clause.js'
import { contentCopyOfUpdates, type DocumentContent } from '../../editor/model/content.js'
import { lintDocument, lintErrors, parameterDeclarations, type LibraryLookup, type LintFinding } from '../../editor/model/lint/index.js'
import { canExportFinal, canRead } from '../../editor/model/permissions.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'
import { AppError } from '../errors.js'
import { treatyToAkn } from '../export/akn.js'
import type { WordComment } from '../export/docx.js'
import { threadParagraphs } from '../export/comment-text.js'
import { treatyToHtml } from '../export/html.js'
import { treatyToMarkdown } from '../export/markdown.js'
import { inProcessPages, type PageExporter } from '../export/page-exports.js'
import { exportThreads } from '../export/html-comments.js'
import type { AccountStore } from '../store/accounts.js'
import type { Logger } from '../log.js'
import type { Channel, Store } from '../store/store.js'
import type { AccessService } from './access.js'
import type { AuditService } from './audit.js'
import type { CurrentUser } from './sessions.js'

/** One exported file: its text (or bytes, for binary formats), its media type and a safe download name. */
export interface ExportFile {
  body: string | Buffer
  contentType: string
  filename: string
}

/** What an export may ask for. */
export interface ExportRequest {
  /** Leave drafting notes out. */
  clean: boolean
  /** Include the comment threads (HTML and Word: a working copy for review). */
  comments?: boolean
  /**
   * A final export (conveners): always clean, and refused while the lint finds errors. A draft
   * export (the default) is made whatever the lint finds.
   */
  final?: boolean
}

/** What an HTML export may ask for. */
export type HtmlExportRequest = ExportRequest

/** The formats a document exports to. */
export const EXPORT_FORMATS = ['html', 'akn', 'markdown', 'docx', 'pdf'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** The formats a working copy with the comment threads is made in. */
export const COMMENT_FORMATS: ReadonlySet<ExportFormat> = new Set(['html', 'docx'])

/** Whether `name` is one of EXPORT_FORMATS. */
export const isExportFormat = (name: string): name is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(name)

/** What renders one format: its file type and extension, and the exporter. */
interface FormatSpec {
  contentType: string
  extension: string
  render(content: DocumentContent, meta: ExportMeta): string | Promise<Buffer>
}

/** What an exporter is told besides the content. */
interface ExportMeta {
  documentId: string
  title: string
  createdAt: Date
  clean: boolean
  /** The comment threads to draw, with their authors' names (HTML with comments only). */
  comments?: Parameters<typeof treatyToHtml>[2]['comments']
  /** The parameters' labels by name, from the clauses the document's articles come from. */
  labels: ReadonlyMap<string, string>
  /** Where PDF and Word files are rendered. */
  pages: PageExporter
}

/** Bytes as a Buffer, without copying them. */
const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

const FORMATS: Record<ExportFormat, FormatSpec> = {
  html: {
    contentType: 'text/html; charset=utf-8', extension: 'html',
    render: ({ doc, parameters, citationStyle }, m) => treatyToHtml(doc, parameters, { title: m.title, clean: m.clean, comments: m.comments, labels: m.labels, citationStyle }),
  },
  akn: {
    contentType: 'application/akn+xml; charset=utf-8', extension: 'akn.xml',
    render: ({ doc, parameters, citationStyle }, m) => treatyToAkn(doc, parameters, { documentId: m.documentId, title: m.title, clean: m.clean, createdAt: m.createdAt, labels: m.labels, citationStyle }),
  },
  markdown: {
    contentType: 'text/markdown; charset=utf-8', extension: 'md',
    render: ({ doc, parameters, citationStyle }, m) => treatyToMarkdown(doc, parameters, { title: m.title, clean: m.clean, labels: m.labels, citationStyle }),
  },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx',
    render: async ({ doc, parameters, citationStyle }, m) => asBuffer(await m.pages.render('docx', doc, parameters, { title: m.title, clean: m.clean, labels: m.labels, citationStyle, wordComments: wordComments(m.comments) })),
  },
  pdf: {
    contentType: 'application/pdf', extension: 'pdf',
    render: async ({ doc, parameters, citationStyle }, m) => asBuffer(await m.pages.render('pdf', doc, parameters, { title: m.title, clean: m.clean, labels: m.labels, citationStyle })),
  },
}

/** The threads of a working copy as Word comments on their words (threads on deleted text have none). */
function wordComments(comments: ExportMeta['comments']): WordComment[] {
  if (!comments) return []
  return comments.threads.flatMap((t) => (t.from === null || t.to === null ? [] : [{
    from: t.from, to: t.to, author: comments.name(t.thread.author), date: new Date(t.thread.created),
    resolved: t.thread.resolution !== null, paragraphs: threadParagraphs(t.thread, comments.name),
  }]))
}

/** The message of a refused final export, naming its errors (the first ten). */
export function finalRefusal(errors: readonly LintFinding[]): string {
  const listed = errors.slice(0, 10).map((f) => f.message).join('; ')
  const more = errors.length > 10 ? `; and ${errors.length - 10} more` : ''
  return `final export refused: the check found ${errors.length} error${errors.length === 1 ? '' : 's'}: ${listed}${more}`
}

/**
 * A download file name from a document title: letters, digits, spaces, dots, hyphens and
 * underscores kept (spaces as hyphens), at most 80 characters, never empty; `extension` added.
 */
export function exportFilename(title: string, extension: string): string {
  const base = title.normalize('NFKD').replace(/[^A-Za-z0-9 ._-]+/g, '').trim().replace(/\s+/g, '-').replace(/^[.-]+/, '').slice(0, 80).replace(/[.-]+$/, '')
  return `${base || 'treaty'}.${extension}`
}

/** The loaded rooms, whose in-memory state may be ahead of the store (`Rooms`). */
export interface LiveDocuments {
  peek(documentId: string, channel?: Channel): Promise<{ doc: Y.Doc } | undefined>
}

/**
 * Export rules; the route calls it. Any member may export a draft (final exports, for conveners,
 * come with versions). It loads the content; the exporters only render it.
 */
export class ExportsService {
  constructor(
    private readonly store: Store & Pick<AccountStore, 'listMembers'>,
    private readonly live: LiveDocuments | null,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly log: Logger,
    /** The library's clauses, for the parameters they declare required; none known without it. */
    private readonly clauses: (id: string) => Clause | undefined = () => undefined,
    /** Where PDF and Word files are rendered: a server's export workers, else the calling thread. */
    private readonly pages: PageExporter = inProcessPages,
    /** Which library clauses define terms and establish bodies, for the fixes findings offer; none without it. */
    private readonly library: () => LibraryLookup | undefined = () => undefined,
  ) {}

  /** The document's current content as a standalone HTML file. 404 unknown document, 403 not a member. */
  async html(documentId: string, request: HtmlExportRequest, user: CurrentUser, remote?: string): Promise<ExportFile> {
    return this.export(documentId, 'html', request, user, remote)
  }


  /**
   * The document's current content in `format`. 404 unknown document, 403 not a member (or, for
   * a final export, not allowed to make one), 409 a final export while the lint finds errors.
   */
  async export(documentId: string, format: ExportFormat, request: ExportRequest, user: CurrentUser, remote?: string): Promise<ExportFile> {
    const final = request.final === true
    await this.access.require(user, documentId, final ? canExportFinal : canRead, final ? 'make a final export' : 'export this document')
    const record = await this.store.getDocument(documentId)
    if (!record) throw AppError.notFound(`document ${documentId.slice(0, 64)} does not exist`)
    const started = performance.now()
    const clean = request.clean || final
    const { content, findings } = await this.check(documentId)
    if (final) {
      const errors = lintErrors(findings)
      if (errors.length > 0) throw new AppError(409, finalRefusal(errors))
    }
    const spec = FORMATS[format]
    const comments = COMMENT_FORMATS.has(format) && request.comments && !final ? await this.commentThreads(documentId) : undefined
    const labels = new Map([...parameterDeclarations(content.doc, this.clauses)].map(([name, p]) => [name, p.label]))
    const body = await spec.render(content, { documentId, title: record.title, createdAt: new Date(record.createdAt), clean, comments, labels, pages: this.pages })
    const detail = { format, clean, ...(final ? { final } : {}), ...(comments ? { comments: true } : {}) }
    this.log.info('document exported', { document: documentId, ...detail, bytes: body.length, ms: Math.round(performance.now() - started) })
    await this.audit.record('document-exported', { id: user.id, name: user.displayName }, {
      documentId, detail, ...(remote ? { remote } : {}),
    })
    return { body, contentType: spec.contentType, filename: exportFilename(record.title, spec.extension) }
  }

  /** The lint's findings on the document's current content and review threads. 404 unknown document, 403 not a member. */
  async lint(documentId: string, user: CurrentUser): Promise<LintView> {
    await this.access.require(user, documentId, canRead, 'check this document')
    const { findings } = await this.check(documentId)
    return { findings, errors: lintErrors(findings).length, warnings: findings.length - lintErrors(findings).length }
  }

  /** The document's comment threads with their authors' display names, for a working copy. */
  private async commentThreads(documentId: string): Promise<NonNullable<ExportMeta['comments']>> {
    const [contentUpdates, annotationUpdates, members] = await Promise.all([
      this.updates(documentId, 'content'), this.updates(documentId, 'annotations'), this.store.listMembers(documentId),
    ])
    const docOf = (updates: Uint8Array[]) => {
      const doc = new Y.Doc({ gc: true })
      Y.transact(doc, () => { for (const update of updates) Y.applyUpdate(doc, update) })
      return doc
    }
    const content = docOf(contentUpdates)
    const annotations = docOf(annotationUpdates)
    try {
      const names = new Map(members.map((m) => [m.userId, m.displayName || m.username]))
      return { threads: exportThreads(annotations, content), name: (id) => names.get(id) ?? 'a former member' }
    } finally {
      annotations.destroy()
      content.destroy()
    }
  }

  /** The current content and the lint's findings on it (with the review threads of the annotations channel). */
  private async check(documentId: string): Promise<{ content: DocumentContent; findings: LintFinding[] }> {
    const [contentUpdates, annotationUpdates] = await Promise.all([this.updates(documentId, 'content'), this.updates(documentId, 'annotations')])
    const { content, copy } = contentCopyOfUpdates(contentUpdates)
    const annotations = new Y.Doc()
    const library = this.library()
    try {
      Y.transact(annotations, () => { for (const update of annotationUpdates) Y.applyUpdate(annotations, update) })
      const findings = lintDocument({
        ...content,
        declarations: parameterDeclarations(content.doc, this.clauses),
        clauses: this.clauses,
        ...(library ? { library } : {}),
        annotations: { doc: annotations, fragment: copy.getXmlFragment(CONTENT_FRAGMENT) },
      })
      return { content, findings }
    } finally {
      annotations.destroy()
      copy.destroy()
    }
  }

  /**
   * The state of one channel of document `documentId`: the live room's when the document is
   * loaded (edits confirmed to their author are in it), otherwise the stored snapshot and log.
   * The caller has checked that the document exists and that the user may read it.
   */
  private async updates(documentId: string, channel: Channel): Promise<Uint8Array[]> {
    const room = await this.live?.peek(documentId, channel)
    if (room) return [Y.encodeStateAsUpdate(room.doc)]
    const stored = await this.store.loadState(documentId, channel)
    return [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]
  }
}
