// The audit log: one call per event, written append-only to the store; read back per document (conveners) or whole (admins).
import type { Logger } from '../log.js'
import type { AccountStore, AuditEntry } from '../store/accounts.js'
import type { AuditView } from '../../editor/model/api-views.js'

/**
 * Every kind of audited event. Adding one is one line here plus one `audit.record(...)` where
 * it happens (exports and version naming will add `document-exported`, `version-named`).
 */
export const AUDIT_ACTIONS = [
  'login', 'login-failed', 'logout', 'password-changed', 'password-reset',
  'user-created', 'user-disabled', 'user-enabled',
  'document-created', 'document-renamed', 'document-deleted',
  'document-joined', 'document-left',
  'member-added', 'member-role-changed', 'member-removed',
  'document-exported',
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

/** Writes and reads the audit log. A failed write is logged, never swallowed silently, and never fails the user's action afterwards. */
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

  /** One document's entries, newest first (the caller has checked the convener role). */
  async forDocument(documentId: string, page: { beforeSeq?: number; limit: number }): Promise<AuditView[]> {
    return (await this.store.listAudit({ documentId, ...page })).map(present)
  }

  /** Every entry, newest first (the caller has checked the admin flag). */
  async all(page: { beforeSeq?: number; limit: number }): Promise<AuditView[]> {
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
