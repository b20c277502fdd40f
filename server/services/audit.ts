// The audit log: one call per event, written append-only to the store (AuditService); read back
// per document by its conveners or whole by admins (AuditLog).
import { canManageMembers } from '../../editor/model/permissions.js'
import type { Logger } from '../log.js'
import type { AccountStore, AuditEntry } from '../store/accounts.js'
import type { AuditView } from '../../editor/model/api-views.js'
import { requireAdmin, type AccessService } from './access.js'
import type { CurrentUser } from './sessions.js'

/**
 * Every kind of audited event. Adding one is one line here plus one `audit.record(...)` where
 * it happens (exports and version naming will add `document-exported`, `version-named`).
 */
export const AUDIT_ACTIONS = [
  'login', 'login-failed', 'logout', 'password-changed', 'password-reset',
  'user-created', 'user-disabled', 'user-enabled',
  'document-created', 'document-renamed', 'document-deleted',
  'document-joined', 'document-left',
  'member-added', 'member-role-changed', 'member-removed', 'accounts-searched',
  'document-exported',
  'document-imported', 'import-previewed',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

/** Who did something: an account (id and name at the time) or nobody known (a failed login). */
export interface AuditActor {
  id: string | null
  name: string
}

/** What an event says beyond its action and actor. Never passwords, tokens, cookies or document text. */
export interface AuditFields {
  documentId?: string
  subject?: { id: string; name: string }
  detail?: Record<string, string | number | boolean | null>
  remote?: string
}

export type { AuditView }

/** Largest page of entries returned at once. */
export const MAX_AUDIT_PAGE = 500

const present = (e: AuditEntry): AuditView => ({
  seq: e.seq,
  at: new Date(e.at).toISOString(),
  action: e.action,
  actor: { id: e.actorId, name: e.actorName },
  documentId: e.documentId,
  subject: e.subjectId === null && e.subjectName === null ? null : { id: e.subjectId, name: e.subjectName },
  detail: e.detail,
  remote: e.remote,
})

/** Writes the audit log. A failed write is logged, never swallowed silently, and never fails the user's action afterwards. */
export class AuditService {
  constructor(private readonly store: AccountStore, private readonly log: Logger) {}

  /** Appends one event. Resolves once it is stored. */
  async record(action: AuditAction, actor: AuditActor, fields: AuditFields = {}): Promise<void> {
    try {
      await this.store.appendAudit({
        at: Date.now(), action, actorId: actor.id, actorName: actor.name,
        documentId: fields.documentId ?? null, subjectId: fields.subject?.id ?? null, subjectName: fields.subject?.name ?? null,
        detail: fields.detail ?? null, remote: fields.remote ?? null,
      })
    } catch (err) {
      this.log.error('audit entry could not be stored', { action, error: String(err) })
    }
  }
}

/** A page of the log: entries before `beforeSeq` (all when absent), at most `limit`. */
export interface AuditPage {
  beforeSeq?: number
  limit: number
}

/** Reads the audit log back, newest first, to those who may see it. */
export class AuditLog {
  constructor(private readonly store: AccountStore, private readonly access: AccessService) {}

  /** One document's entries, for its conveners (403 for others, 404 when the document does not exist). */
  async forDocument(user: CurrentUser, documentId: string, page: AuditPage): Promise<AuditView[]> {
    await this.access.require(user, documentId, canManageMembers, "see this document's audit log")
    return (await this.store.listAudit({ documentId, ...page })).map(present)
  }

  /** Every entry, for admins (403 for others). */
  async all(user: CurrentUser, page: AuditPage): Promise<AuditView[]> {
    requireAdmin(user)
    return (await this.store.listAudit(page)).map(present)
  }
}

/** The sync connection fields the join/leave hook reads. */
export interface AuditedConnection {
  documentId: string
  channel: string
  remote: string
  principal: { userId: string; name: string; anonymous?: boolean }
  role: string
}

/**
 * The Rooms `onConnection` hook that writes `document-joined` / `document-left` for signed-in
 * people's content connections (the annotations socket of the same editor would double every entry).
 */
export function auditConnections(audit: AuditService): (event: 'joined' | 'left', conn: AuditedConnection) => void {
  return (event, conn) => {
    if (conn.principal.anonymous || conn.channel !== 'content') return
    void audit.record(event === 'joined' ? 'document-joined' : 'document-left', { id: conn.principal.userId, name: conn.principal.name },
      { documentId: conn.documentId, detail: { role: conn.role }, remote: conn.remote })
  }
}
