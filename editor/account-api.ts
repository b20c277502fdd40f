// The browser's client for sessions, accounts, members and the audit log (see server/http/routes/{auth,users,members,audit}.ts).
import { ApiError, request } from './api.js'
import type { Role } from './model/permissions.js'
import type { AccountMatchView, AuditView, MemberView, SessionView, TemporaryPasswordView, UserView } from './model/api-views.js'

/** The signed-in person, as GET /api/session tells the page. */
export type SessionUser = SessionView

/** An account as the admin page lists it. */
export type UserInfo = UserView

/** A member of a document. */
export type MemberInfo = MemberView

/** One audit log entry. */
export type AuditInfo = AuditView

/**
 * Where to go after signing in: the `next` parameter when it is a path on this site (never
 * another origin, so the page cannot be used to bounce people elsewhere), else the list.
 */
export function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/'
  try {
    const url = new URL(raw, location.origin)
    return url.origin === location.origin ? url.pathname + url.search + url.hash : '/'
  } catch {
    return '/'
  }
}

/** The signed-in user, or null when nobody is (no redirect). */
export async function currentSession(): Promise<SessionUser | null> {
  try {
    return (await request<{ user: SessionUser }>('GET', '/api/session', { allow401: true })).user
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null
    throw e
  }
}
/** Signs in; rejects with 401 (wrong username or password) or 429 (retryAfter). */
export const signIn = (username: string, password: string) => request<{ user: SessionUser }>('POST', '/api/session', { body: { username, password }, allow401: true })
/** Signs out (ends this session). */
export const signOut = () => request<void>('DELETE', '/api/session', { allow401: true })
/** Changes one's own password. */
export const changePassword = (currentPassword: string, newPassword: string) =>
  request<{ user: SessionUser }>('POST', '/api/account/password', { body: { currentPassword, newPassword } })

/** Every account (admins). */
export const listUsers = () => request<UserInfo[]>('GET', '/api/users')
/** Creates an account; the temporary password is shown once. */
export const createUser = (input: { username: string; displayName?: string; isAdmin?: boolean }) =>
  request<TemporaryPasswordView>('POST', '/api/users', { body: input })
/** Disables or re-enables an account. */
export const setUserDisabled = (id: string, disabled: boolean) => request<UserInfo>('PATCH', `/api/users/${encodeURIComponent(id)}`, { body: { disabled } })
/** Gives an account a new temporary password. */
export const resetPassword = (id: string) => request<TemporaryPasswordView>('POST', `/api/users/${encodeURIComponent(id)}/password-reset`)

const membersPath = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}/members`
/** A document's members. */
export const listMembers = (documentId: string) => request<MemberInfo[]>('GET', membersPath(documentId))
/** Enabled accounts whose name or username contains `text`, best first, each with its role here when already a member (conveners). */
export const searchCandidates = (documentId: string, text: string) =>
  request<AccountMatchView[]>('GET', `${membersPath(documentId)}/candidates?${new URLSearchParams({ q: text })}`)
/** Adds an existing account to a document. */
export const addMember = (documentId: string, username: string, role: Role) => request<MemberInfo>('POST', membersPath(documentId), { body: { username, role } })
/** Changes a member's role. */
export const changeRole = (documentId: string, userId: string, role: Role) =>
  request<MemberInfo>('PATCH', `${membersPath(documentId)}/${encodeURIComponent(userId)}`, { body: { role } })
/** Removes a member. */
export const removeMember = (documentId: string, userId: string) => request<void>('DELETE', `${membersPath(documentId)}/${encodeURIComponent(userId)}`)

/** A document's audit log, newest first (conveners). */
export const documentAudit = (documentId: string, before?: number) =>
  request<AuditInfo[]>('GET', `/api/documents/${encodeURIComponent(documentId)}/audit${before ? `?before=${before}` : ''}`)
/** The whole audit log, newest first (admins). */
export const allAudit = (before?: number) => request<AuditInfo[]>('GET', `/api/audit${before ? `?before=${before}` : ''}`)
