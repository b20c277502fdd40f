// The documents use cases: list, create, read, rename, delete, and seeding the sample on first start.
import { randomBytes } from 'node:crypto'
import type { Node } from 'prosemirror-model'
import { contentState, newTreaty, sampleTreaty, SAMPLE_PARAMETERS, SCHEMA_VERSION } from '../../editor/model/index.js'
import { canDelete, canRead, canRename, type Role } from '../../editor/model/permissions.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import type { AccountStore } from '../store/accounts.js'
import type { DocumentRecord, Store } from '../store/store.js'
import type { AccessService } from './access.js'
import type { AuditService } from './audit.js'
import type { CurrentUser } from './sessions.js'
import type { DocumentView } from '../../editor/model/api-views.js'

export type { DocumentView }

/** What the service needs from the sync layer: ending live sessions of a deleted document. */
export interface SyncSessions {
  closeDocument(id: string): void
  /** Starts loading a document's content ahead of its first sync connection. */
  prepare(id: string): void
}

/** Meta key set once the sample treaty has been seeded, so deleting it does not bring it back. */
const SEEDED_KEY = 'seeded_sample'

const present = (r: DocumentRecord): DocumentView => ({
  id: r.id,
  title: r.title,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
})

/** A new document id: 12 URL-safe characters (72 random bits). */
export const newDocumentId = () => randomBytes(9).toString('base64url')

const withRole = (r: DocumentRecord, role: Role | null, admin: boolean): DocumentView =>
  ({ ...present(r), role, ...(admin && role === null ? { adminAccess: true } : {}) })

const actorOf = (u: CurrentUser) => ({ id: u.id, name: u.displayName })

/** Document rules; routes call it, it calls the store. No SQL and no HTTP here. */
export class DocumentsService {
  constructor(
    private readonly store: Store & AccountStore,
    private readonly sessions: SyncSessions,
    private readonly log: Logger,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** The documents `user` is a member of (an admin: every document, those without membership marked), most recently updated first. */
  async list(user: CurrentUser): Promise<DocumentView[]> {
    return (await this.store.listDocumentsFor(user.id, user.isAdmin)).map((d) => withRole(d, d.role, user.isAdmin))
  }

  /** One document with the user's role; 404 when unknown, 403 when not a member. */
  async get(id: string, user: CurrentUser): Promise<DocumentView> {
    await this.access.require(user, id, canRead, 'open this document')
    return withRole(await this.require(id), await this.store.getRole(id, user.id), user.isAdmin)
  }

  /**
   * Starts loading the content of a document `user` may read while their browser fetches the
   * editor (GET /d/:id), so that the sync connection the page opens a moment later finds it
   * loaded rather than waiting for the store. Nothing happens for anyone else; what goes wrong is
   * left for that connection to report, and a room nobody joins is unloaded like any other.
   */
  prepare(id: string, user: CurrentUser): void {
    this.access.require(user, id, canRead, 'open this document').then(() => this.sessions.prepare(id), () => {})
  }

  /** Whether a document exists (used by the sync endpoint before accepting a socket). */
  async exists(id: string): Promise<boolean> {
    return (await this.store.getDocument(id)) !== null
  }

  /**
   * Creates a document whose content is `newTreaty(title)`, normalised, or `content` (a
   * document built from a template, with its starting parameter values). Its creator, `user`,
   * becomes its convener.
   */
  async create(title: string, content: { doc: Node; parameters: Record<string, string> } | undefined, user: CurrentUser): Promise<DocumentView> {
    const now = Date.now()
    const record = { id: newDocumentId(), title, createdAt: now, updatedAt: now }
    await this.store.createDocument(record, [{ channel: 'content', state: contentState(content?.doc ?? newTreaty(title), content?.parameters), schemaVersion: SCHEMA_VERSION }], [{ userId: user.id, role: 'convener' }])
    this.log.info('document created', { document: record.id })
    await this.audit.record('document-created', actorOf(user), { documentId: record.id, detail: { title } })
    return withRole(record, 'convener', user.isAdmin)
  }

  /** Renames the list entry (the treaty's own title node is content, edited in the editor). Conveners only. */
  async rename(id: string, title: string, user: CurrentUser): Promise<DocumentView> {
    await this.access.require(user, id, canRename, 'rename this document')
    const before = await this.require(id)
    const record = await this.store.renameDocument(id, title, Date.now())
    if (!record) throw notFound(id)
    await this.audit.record('document-renamed', actorOf(user), { documentId: id, detail: { from: before.title, to: title } })
    return withRole(record, await this.store.getRole(id, user.id), user.isAdmin)
  }

  /** Deletes a document and its stored updates, and closes its open sync connections (4410). Conveners only. */
  async remove(id: string, user: CurrentUser): Promise<void> {
    await this.access.require(user, id, canDelete, 'delete this document')
    const before = await this.require(id)
    if (!(await this.store.deleteDocument(id))) throw notFound(id)
    this.sessions.closeDocument(id)
    this.log.info('document deleted', { document: id })
    await this.audit.record('document-deleted', actorOf(user), { documentId: id, detail: { title: before.title } })
  }

  /**
   * On the very first start, creates the sample treaty so a new instance does not open on an
   * empty list; `conveneBy` (the first admin) becomes its convener.
   */
  async seedOnFirstStart(conveneBy: string | null = null): Promise<void> {
    if (await this.store.getMeta(SEEDED_KEY)) return
    if ((await this.store.listDocuments()).length === 0) {
      const treaty = sampleTreaty()
      const now = Date.now()
      const record = { id: newDocumentId(), title: treaty.firstChild?.textContent || 'Sample treaty', createdAt: now, updatedAt: now }
      await this.store.createDocument(record, [{ channel: 'content', state: contentState(treaty, SAMPLE_PARAMETERS), schemaVersion: SCHEMA_VERSION }], conveneBy ? [{ userId: conveneBy, role: 'convener' }] : [])
      this.log.info('sample treaty seeded', { document: record.id })
    }
    await this.store.setMeta(SEEDED_KEY, new Date().toISOString())
  }

  private async require(id: string): Promise<DocumentRecord> {
    const record = await this.store.getDocument(id)
    if (!record) throw notFound(id)
    return record
  }
}

const notFound = (id: string) => AppError.notFound(`document ${id.slice(0, 64)} does not exist`)
