// The persistence interface for people: accounts, sessions, document memberships and the audit log.
//
// Kept beside `Store` (documents and their Yjs state) so that each can be implemented and
// faked on its own; the SQLite adapter implements both on one database.
import type { Role } from '../../editor/model/permissions.js'
import type { DocumentRecord } from './store.js'

/** An account as stored. Times are milliseconds since the epoch. */
export interface UserRecord {
  id: string
  /** Login name: unique regardless of case. */
  username: string
  /** The name collaborators see (presence, members, audit). */
  displayName: string
  /** `scrypt$N$r$p$salt$hash`; never leaves the server. */
  passwordHash: string
  isAdmin: boolean
  disabled: boolean
  /** Set for a first or reset password: the person must choose their own before doing anything else. */
  mustChangePassword: boolean
  createdAt: number
  updatedAt: number
}

/** The fields of an account that can change after creation. */
export type UserPatch = Partial<Pick<UserRecord, 'displayName' | 'passwordHash' | 'isAdmin' | 'disabled' | 'mustChangePassword'>>

/** A server-side session: only the SHA-256 of its token is stored. */
export interface SessionRecord {
  tokenHash: string
  userId: string
  createdAt: number
  expiresAt: number
}

/** One person's role in one document. */
export interface MembershipRecord {
  documentId: string
  userId: string
  role: Role
  addedAt: number
}

/** A member with the account fields the members dialog shows. */
export interface MemberRow extends MembershipRecord {
  username: string
  displayName: string
  disabled: boolean
}

/** A document with the role a given user holds in it (null: not a member). */
export interface DocumentWithRole extends DocumentRecord {
  role: Role | null
}

/** One audit log entry as written. */
export interface AuditEntryInput {
  at: number
  action: string
  actorId?: string | null
  actorName?: string | null
  documentId?: string | null
  subjectId?: string | null
  subjectName?: string | null
  /** Small JSON-able detail (a role, a title); never passwords, tokens or document text. */
  detail?: Record<string, string | number | boolean | null> | null
  remote?: string | null
}

/** One audit log entry as read back, with its sequence number. */
export interface AuditEntry extends Required<Omit<AuditEntryInput, 'detail'>> {
  seq: number
  detail: Record<string, string | number | boolean | null> | null
}

/** The outcome of a membership change that must leave the document with a convener. */
export type MembershipChange =
  | { ok: true; previous: Role | null }
  | { ok: false; reason: 'last-convener' | 'not-member' | 'no-document' }

/** Storage for accounts, sessions, memberships and the audit log. */
export interface AccountStore {
  countUsers(): Promise<number>
  /** Creates an account; false when the username is taken (any case). */
  createUser(user: UserRecord): Promise<boolean>
  getUser(id: string): Promise<UserRecord | null>
  getUserByName(username: string): Promise<UserRecord | null>
  /** Every account, by username. */
  listUsers(): Promise<UserRecord[]>
  /**
   * Enabled accounts whose username or display name contains `text` (`text` folded as
   * foldText does, and so are the names: case and accents do not matter), at most `limit`,
   * best first: a name that starts with it, then one with a word that does, then the rest;
   * each group by display name.
   */
  searchUsers(text: string, limit: number): Promise<UserRecord[]>
  /** Changes an account; returns it, or null when there is none. */
  updateUser(id: string, patch: UserPatch, at: number): Promise<UserRecord | null>

  createSession(session: SessionRecord): Promise<void>
  /** A session and its account, when the session exists (expired ones included: the caller judges). */
  getSession(tokenHash: string): Promise<{ session: SessionRecord; user: UserRecord } | null>
  deleteSession(tokenHash: string): Promise<void>
  /** Ends every session of a user except `keepTokenHash`; returns how many ended. */
  deleteSessionsOf(userId: string, keepTokenHash?: string): Promise<number>
  /** Drops sessions that expired before `now`. */
  deleteExpiredSessions(now: number): Promise<number>

  /** The role of `userId` in `documentId`, or null. */
  getRole(documentId: string, userId: string): Promise<Role | null>
  /** Members of a document, conveners first, then by username. */
  listMembers(documentId: string): Promise<MemberRow[]>
  /**
   * Adds, changes (role) or removes (null) a membership in one transaction, refusing any
   * change that would leave the document without a convener.
   */
  changeMembership(documentId: string, userId: string, role: Role | null, at: number): Promise<MembershipChange>
  /** Documents `userId` is a member of (or every document when `all`), each with that user's role, newest updated first. */
  listDocumentsFor(userId: string, all: boolean): Promise<DocumentWithRole[]>

  /** Appends to the audit log (there is no way to change or delete an entry). */
  appendAudit(entry: AuditEntryInput): Promise<void>
  /** Audit entries, newest first: one document's (documentId) or all; `beforeSeq` pages back. */
  listAudit(query: { documentId?: string; beforeSeq?: number; limit: number }): Promise<AuditEntry[]>
}
