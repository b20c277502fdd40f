// The documents use cases: list, create, read, rename, delete, and seeding the sample on first start.
import { randomBytes } from 'node:crypto'
import { newTreaty, sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/index.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import type { DocumentRecord, Store } from '../store/store.js'
import { contentState } from './content.js'

/** A document as the API presents it. */
export interface DocumentView {
  id: string
  title: string
  createdAt: string
  updatedAt: string
}

/** What the service needs from the sync layer: ending live sessions of a deleted document. */
export interface SyncSessions {
  closeDocument(id: string): void
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

/** Document rules; routes call it, it calls the store. No SQL and no HTTP here. */
export class DocumentsService {
  constructor(private readonly store: Store, private readonly sessions: SyncSessions, private readonly log: Logger) {}

  /** Every document, most recently updated first. */
  async list(): Promise<DocumentView[]> {
    return (await this.store.listDocuments()).map(present)
  }

  /** One document; 404 when unknown. */
  async get(id: string): Promise<DocumentView> {
    return present(await this.require(id))
  }

  /** Whether a document exists (used by the sync endpoint before accepting a socket). */
  async exists(id: string): Promise<boolean> {
    return (await this.store.getDocument(id)) !== null
  }

  /** Creates a document whose content is `newTreaty(title)`, normalised. */
  async create(title: string): Promise<DocumentView> {
    const now = Date.now()
    const record = { id: newDocumentId(), title, createdAt: now, updatedAt: now }
    await this.store.createDocument(record, [{ channel: 'content', state: contentState(newTreaty(title)) }])
    this.log.info('document created', { document: record.id })
    return present(record)
  }

  /** Renames the list entry (the treaty's own title node is content, edited in the editor). */
  async rename(id: string, title: string): Promise<DocumentView> {
    const record = await this.store.renameDocument(id, title, Date.now())
    if (!record) throw notFound(id)
    return present(record)
  }

  /** Deletes a document and its stored updates, and closes its open sync connections (4410). */
  async remove(id: string): Promise<void> {
    if (!(await this.store.deleteDocument(id))) throw notFound(id)
    this.sessions.closeDocument(id)
    this.log.info('document deleted', { document: id })
  }

  /** On the very first start, creates the sample treaty so a new instance does not open on an empty list. */
  async seedOnFirstStart(): Promise<void> {
    if (await this.store.getMeta(SEEDED_KEY)) return
    if ((await this.store.listDocuments()).length === 0) {
      const treaty = sampleTreaty()
      const now = Date.now()
      const record = { id: newDocumentId(), title: treaty.firstChild?.textContent || 'Sample treaty', createdAt: now, updatedAt: now }
      await this.store.createDocument(record, [{ channel: 'content', state: contentState(treaty, SAMPLE_PARAMETERS) }])
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
