// The browser's client for sessions, accounts, members and the audit log (see server/http/routes/{auth,users,members,audit}.ts).
import type { Role } from './model/permissions.js'
import type { AuditView, MemberView } from './model/api-views.js'

/** The signed-in person, as GET /api/session tells the page. */
export interface SessionUser {
  id: string
  username: string
  displayName: string
  isAdmin: boolean
  mustChangePassword: boolean
}

/** An account as the admin page lists it. */
export interface UserInfo extends Omit<SessionUser, 'mustChangePassword'> {
  disabled: boolean
  mustChangePassword: boolean
  createdAt: string
}

/** A member of a document. */
export type MemberInfo = MemberView

/** One audit log entry. */
export type AuditInfo = AuditView

/** An error answered by the API (status 0: the server could not be reached). */
export class RequestError extends Error {
  constructor(readonly status: number, message: string, readonly field?: string, readonly retryAfter?: number) {
    super(message)
    this.name = 'RequestError'
  }
}

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

/** Sends the browser to the sign-in page, to come back here afterwards. */
export function toLogin(): void {
  const here = location.pathname + location.search
  location.href = `/login?next=${encodeURIComponent(here)}`
}

/** A JSON request; a 401 (session gone) sends the page to sign in, unless `allow401`. */
async function call<T>(method: string, path: string, body?: unknown, allow401 = false): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method, credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new RequestError(0, 'The server cannot be reached. Check the connection and try again.')
  }
  if (res.status === 401 && !allow401) toLogin()
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let data: unknown = null
  try { data = text ? JSON.parse(text) : null } catch { /* reported below */ }
  if (!res.ok) {
    const err = (data ?? {}) as { error?: unknown; field?: unknown }
    const retry = Number(res.headers.get('retry-after'))
    throw new RequestError(res.status, typeof err.error === 'string' ? err.error : `${method} ${path} failed with status ${res.status}`,
      typeof err.field === 'string' ? err.field : undefined, Number.isFinite(retry) && retry > 0 ? retry : undefined)
  }
  return data as T
}

/** The signed-in user, or null when nobody is (no redirect). */
export async function currentSession(): Promise<SessionUser | null> {
  try {
    return (await call<{ user: SessionUser }>('GET', '/api/session', undefined, true)).user
  } catch (e) {
    if (e instanceof RequestError && (e.status === 401 || e.status === 403)) return null
    throw e
  }
}
/** Signs in; rejects with 401 (wrong username or password) or 429 (retryAfter). */
export const signIn = (username: string, password: string) => call<{ user: SessionUser }>('POST', '/api/session', { username, password }, true)
/** Signs out (ends this session). */
export const signOut = () => call<void>('DELETE', '/api/session', undefined, true)
/** Changes one's own password. */
export const changePassword = (currentPassword: string, newPassword: string) =>
  call<{ user: SessionUser }>('POST', '/api/account/password', { currentPassword, newPassword })

/** Every account (admins). */
export const listUsers = () => call<UserInfo[]>('GET', '/api/users')
/** Creates an account; the temporary password is shown once. */
export const createUser = (input: { username: string; displayName?: string; isAdmin?: boolean }) =>
  call<{ user: UserInfo; temporaryPassword: string }>('POST', '/api/users', input)
/** Disables or re-enables an account. */
export const setUserDisabled = (id: string, disabled: boolean) => call<UserInfo>('PATCH', `/api/users/${encodeURIComponent(id)}`, { disabled })
/** Gives an account a new temporary password. */
export const resetPassword = (id: string) => call<{ user: UserInfo; temporaryPassword: string }>('POST', `/api/users/${encodeURIComponent(id)}/password-reset`)

const membersPath = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}/members`
/** A document's members. */
export const listMembers = (documentId: string) => call<MemberInfo[]>('GET', membersPath(documentId))
/** Adds an existing account to a document. */
export const addMember = (documentId: string, username: string, role: Role) => call<MemberInfo>('POST', membersPath(documentId), { username, role })
/** Changes a member's role. */
export const changeRole = (documentId: string, userId: string, role: Role) =>
  call<MemberInfo>('PATCH', `${membersPath(documentId)}/${encodeURIComponent(userId)}`, { role })
/** Removes a member. */
export const removeMember = (documentId: string, userId: string) => call<void>('DELETE', `${membersPath(documentId)}/${encodeURIComponent(userId)}`)

/** A document's audit log, newest first (conveners). */
export const documentAudit = (documentId: string, before?: number) =>
  call<AuditInfo[]>('GET', `/api/documents/${encodeURIComponent(documentId)}/audit${before ? `?before=${before}` : ''}`)
/** The whole audit log, newest first (admins). */
export const allAudit = (before?: number) => call<AuditInfo[]>('GET', `/api/audit${before ? `?before=${before}` : ''}`)
