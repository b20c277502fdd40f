// The export use cases: who may export a document, loading its current content, rendering a format, and the audit entry.
import * as Y from 'yjs'
import { contentOfYDoc } from '../../editor/model/content.js'
import { canRead } from '../../editor/model/permissions.js'
import { AppError } from '../errors.js'
import { treatyToHtml } from '../export/html.js'
import { exportThreads } from '../export/html-comments.js'
import type { AccountStore } from '../store/accounts.js'
import type { Logger } from '../log.js'
import type { Channel, Store } from '../store/store.js'
import type { AccessService } from './access.js'
import type { AuditService } from './audit.js'
import type { CurrentUser } from './sessions.js'

/** One exported file: its bytes as text, its media type and a safe download name. */
export interface ExportFile {
  body: string
  contentType: string
  filename: string
}

/** What an HTML export may ask for. */
export interface HtmlExportRequest {
  /** Leave drafting notes out. */
  clean: boolean
  /** Include the comment threads (a working copy for review). */
  comments?: boolean
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
  peek(documentId: string, channel?: 'content' | 'annotations'): Promise<{ doc: Y.Doc } | undefined>
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
  ) {}

  /** The document's current content as a standalone HTML file. 404 unknown document, 403 not a member. */
  async html(documentId: string, request: HtmlExportRequest, user: CurrentUser, remote?: string): Promise<ExportFile> {
    await this.access.require(user, documentId, canRead, 'export this document')
    const record = await this.store.getDocument(documentId)
    if (!record) throw AppError.notFound(`document ${documentId.slice(0, 64)} does not exist`)
    const started = performance.now()
    const content = await this.current(documentId, 'content')
    try {
      const { doc, parameters } = contentOfYDoc(content)
      let comments: Parameters<typeof treatyToHtml>[2]['comments']
      if (request.comments) {
        const annotations = await this.current(documentId, 'annotations')
        try {
          const names = new Map((await this.store.listMembers(documentId)).map((m) => [m.userId, m.displayName || m.username]))
          comments = { threads: exportThreads(annotations, content), name: (id) => names.get(id) ?? 'a former member' }
        } finally {
          annotations.destroy()
        }
      }
      const body = treatyToHtml(doc, parameters, { title: record.title, clean: request.clean, comments })
      const detail = { format: 'html', clean: request.clean, ...(request.comments ? { comments: true } : {}) }
      this.log.info('document exported', { document: documentId, ...detail, bytes: body.length, ms: Math.round(performance.now() - started) })
      await this.audit.record('document-exported', { id: user.id, name: user.displayName }, {
        documentId, detail, ...(remote ? { remote } : {}),
      })
      return { body, contentType: 'text/html; charset=utf-8', filename: exportFilename(record.title, 'html') }
    } finally {
      content.destroy()
    }
  }


  /**
   * A private copy of the current state of one of the document's Y.Docs: the live room's when it
   * is loaded (edits confirmed to their author are in it), otherwise the stored snapshot and log.
   * The caller has checked that the document exists and that the user may read it, and destroys the copy.
   */
  private async current(documentId: string, channel: Extract<Channel, 'content' | 'annotations'>): Promise<Y.Doc> {
    const copy = new Y.Doc({ gc: true })
    const room = await this.live?.peek(documentId, channel)
    if (room) {
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(room.doc))
      return copy
    }
    const stored = await this.store.loadState(documentId, channel)
    Y.transact(copy, () => {
      for (const update of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(copy, update)
    })
    return copy
  }
}
