// The SQLite side of AccountStore: accounts, sessions, memberships and the audit log, on the documents' database.
import type Database from 'better-sqlite3'
import { foldText } from '../../editor/model/clauses/search.js'
import { isRole, type Role } from '../../editor/model/permissions.js'
import type {
  AccountStore, AuditEntry, DocumentWithRole, MemberRow, MembershipChange, SessionRecord, UserPatch, UserRecord,
} from './accounts.js'

const USER_COLUMNS = `id, username, display_name AS displayName, password_hash AS passwordHash, is_admin AS isAdmin,
  disabled, must_change_password AS mustChangePassword, created_at AS createdAt, updated_at AS updatedAt`

const SQL = {
  countUsers: `SELECT count(*) AS n FROM users`,
  insertUser: `INSERT INTO users (id, username, display_name, password_hash, is_admin, disabled, must_change_password, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  getUser: `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`,
  getUserByName: `SELECT ${USER_COLUMNS} FROM users WHERE username = ?`,
  listUsers: `SELECT ${USER_COLUMNS} FROM users ORDER BY username COLLATE NOCASE`,
  // @q is folded by the caller; pacta_fold (registered below) folds the names the same way.
  searchUsers: `SELECT ${USER_COLUMNS} FROM users
    WHERE disabled = 0 AND (instr(pacta_fold(username), @q) > 0 OR instr(pacta_fold(display_name), @q) > 0)
    ORDER BY CASE
        WHEN instr(pacta_fold(username), @q) = 1 OR instr(pacta_fold(display_name), @q) = 1 THEN 0
        WHEN instr(' ' || pacta_fold(display_name), ' ' || @q) > 0 THEN 1
        ELSE 2 END,
      pacta_fold(display_name), username COLLATE NOCASE
    LIMIT @limit`,
  updateUser: `UPDATE users SET display_name = ?, password_hash = ?, is_admin = ?, disabled = ?, must_change_password = ?, updated_at = ? WHERE id = ?`,
  insertSession: `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
  getSession: `SELECT token_hash AS tokenHash, user_id AS userId, created_at AS createdAt, expires_at AS expiresAt FROM sessions WHERE token_hash = ?`,
  deleteSession: `DELETE FROM sessions WHERE token_hash = ?`,
  deleteSessionsOf: `DELETE FROM sessions WHERE user_id = ? AND token_hash != ?`,
  deleteExpired: `DELETE FROM sessions WHERE expires_at < ?`,
  getRole: `SELECT role FROM memberships WHERE document_id = ? AND user_id = ?`,
  listMembers: `SELECT m.document_id AS documentId, m.user_id AS userId, m.role, m.added_at AS addedAt,
      u.username, u.display_name AS displayName, u.disabled
    FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.document_id = ?
    ORDER BY CASE m.role WHEN 'convener' THEN 0 WHEN 'drafter' THEN 1 WHEN 'reviewer' THEN 2 ELSE 3 END, u.username COLLATE NOCASE`,
  insertMember: `INSERT INTO memberships (document_id, user_id, role, added_at) VALUES (?, ?, ?, ?)`,
  updateMember: `UPDATE memberships SET role = ? WHERE document_id = ? AND user_id = ?`,
  deleteMember: `DELETE FROM memberships WHERE document_id = ? AND user_id = ?`,
  countConveners: `SELECT count(*) AS n FROM memberships WHERE document_id = ? AND role = 'convener'`,
  documentExists: `SELECT 1 FROM documents WHERE id = ?`,
  documentsOf: `SELECT d.id, d.title, d.created_at AS createdAt, d.updated_at AS updatedAt, m.role
    FROM documents d JOIN memberships m ON m.document_id = d.id AND m.user_id = ? ORDER BY d.updated_at DESC, d.id`,
  allDocuments: `SELECT d.id, d.title, d.created_at AS createdAt, d.updated_at AS updatedAt, m.role
    FROM documents d LEFT JOIN memberships m ON m.document_id = d.id AND m.user_id = ? ORDER BY d.updated_at DESC, d.id`,
  insertAudit: `INSERT INTO audit_log (at, action, actor_id, actor_name, document_id, subject_id, subject_name, detail, remote)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  auditAll: `SELECT seq, at, action, actor_id AS actorId, actor_name AS actorName, document_id AS documentId,
      subject_id AS subjectId, subject_name AS subjectName, detail, remote
    FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?`,
  auditOf: `SELECT seq, at, action, actor_id AS actorId, actor_name AS actorName, document_id AS documentId,
      subject_id AS subjectId, subject_name AS subjectName, detail, remote
    FROM audit_log WHERE document_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?`,
} as const

type Statements = { [K in keyof typeof SQL]: Database.Statement }

type UserRow = Omit<UserRecord, 'isAdmin' | 'disabled' | 'mustChangePassword'> & { isAdmin: number; disabled: number; mustChangePassword: number }

const toUser = (row: UserRow | undefined): UserRecord | null => row
  ? { ...row, isAdmin: row.isAdmin === 1, disabled: row.disabled === 1, mustChangePassword: row.mustChangePassword === 1 }
  : null

const asRole = (value: unknown): Role | null => (isRole(value) ? value : null)

/** The AccountStore methods over an open, migrated better-sqlite3 database. */
export function sqliteAccounts(db: Database.Database): AccountStore {
  // SQLite's own lower() and LIKE fold ASCII only: searching "emilie" must find "Émilie".
  db.function('pacta_fold', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? foldText(text) : text))
  const st = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Statements

  // Reads, then writes: run IMMEDIATE, so another connection's commit in between cannot make it fail with SQLITE_BUSY.
  const changeMembership = db.transaction((documentId: string, userId: string, role: Role | null, at: number): MembershipChange => {
    if (!st.documentExists.get(documentId)) return { ok: false, reason: 'no-document' }
    const previous = asRole((st.getRole.get(documentId, userId) as { role: string } | undefined)?.role)
    if (role === null) {
      if (previous === null) return { ok: false, reason: 'not-member' }
      st.deleteMember.run(documentId, userId)
    } else if (previous === null) st.insertMember.run(documentId, userId, role, at)
    else st.updateMember.run(role, documentId, userId)
    const { n } = st.countConveners.get(documentId) as { n: number }
    // Throwing rolls the transaction back, so the refused change leaves nothing behind.
    if (previous === 'convener' && n === 0) throw new LastConvener()
    return { ok: true, previous }
  })

  return {
    countUsers: async () => (st.countUsers.get() as { n: number }).n,
    createUser: async (u) => st.insertUser.run(u.id, u.username, u.displayName, u.passwordHash, Number(u.isAdmin), Number(u.disabled),
      Number(u.mustChangePassword), u.createdAt, u.updatedAt).changes === 1,
    getUser: async (id) => toUser(st.getUser.get(id) as UserRow | undefined),
    getUserByName: async (username) => toUser(st.getUserByName.get(username) as UserRow | undefined),
    listUsers: async () => (st.listUsers.all() as UserRow[]).map((r) => toUser(r)!),
    searchUsers: async (text, limit) => (st.searchUsers.all({ q: foldText(text), limit }) as UserRow[]).map((r) => toUser(r)!),
    updateUser: async (id, patch: UserPatch, at) => {
      const current = toUser(st.getUser.get(id) as UserRow | undefined)
      if (!current) return null
      const next = { ...current, ...patch, updatedAt: at }
      st.updateUser.run(next.displayName, next.passwordHash, Number(next.isAdmin), Number(next.disabled), Number(next.mustChangePassword), at, id)
      return next
    },

    createSession: async (s: SessionRecord) => { st.insertSession.run(s.tokenHash, s.userId, s.createdAt, s.expiresAt) },
    getSession: async (tokenHash) => {
      const session = st.getSession.get(tokenHash) as SessionRecord | undefined
      if (!session) return null
      const user = toUser(st.getUser.get(session.userId) as UserRow | undefined)
      return user ? { session, user } : null
    },
    deleteSession: async (tokenHash) => { st.deleteSession.run(tokenHash) },
    deleteSessionsOf: async (userId, keep = '') => st.deleteSessionsOf.run(userId, keep).changes,
    deleteExpiredSessions: async (now) => st.deleteExpired.run(now).changes,

    getRole: async (documentId, userId) => asRole((st.getRole.get(documentId, userId) as { role: string } | undefined)?.role),
    listMembers: async (documentId) => (st.listMembers.all(documentId) as Array<Omit<MemberRow, 'disabled'> & { disabled: number }>)
      .map((r) => ({ ...r, role: asRole(r.role)!, disabled: r.disabled === 1 })),
    changeMembership: async (documentId, userId, role, at) => {
      try {
        return changeMembership.immediate(documentId, userId, role, at)
      } catch (err) {
        if (err instanceof LastConvener) return { ok: false, reason: 'last-convener' }
        throw err
      }
    },
    listDocumentsFor: async (userId, all) => ((all ? st.allDocuments : st.documentsOf).all(userId) as DocumentWithRole[])
      .map((d) => ({ ...d, role: asRole(d.role) })),

    appendAudit: async (e) => {
      st.insertAudit.run(e.at, e.action, e.actorId ?? null, e.actorName ?? null, e.documentId ?? null, e.subjectId ?? null,
        e.subjectName ?? null, e.detail ? JSON.stringify(e.detail) : null, e.remote ?? null)
    },
    listAudit: async ({ documentId, beforeSeq, limit }) => {
      const before = beforeSeq ?? Number.MAX_SAFE_INTEGER
      const rows = (documentId === undefined ? st.auditAll.all(before, limit) : st.auditOf.all(documentId, before, limit)) as Array<Omit<AuditEntry, 'detail'> & { detail: string | null }>
      return rows.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) as AuditEntry['detail'] : null }))
    },
  }
}

/** Thrown inside the membership transaction to roll it back. */
class LastConvener extends Error {}
