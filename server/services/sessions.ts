// Server-side sessions: a random token in the cookie, only its SHA-256 in the store, checked on every request and upgrade.
import { createHash, randomBytes } from 'node:crypto'
import type { AccountStore, UserRecord } from '../store/accounts.js'

/** The signed-in person behind a request, as the services need them. */
export interface CurrentUser {
  id: string
  username: string
  displayName: string
  isAdmin: boolean
  mustChangePassword: boolean
  /** The session this request came with (to keep it when others are ended). */
  tokenHash: string
}

/** A new session: the token goes in the cookie and nowhere else. */
export interface NewSession {
  token: string
  expiresAt: number
}

/** SHA-256 of a session token, as stored. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

/** Tokens are 32 random bytes in base64url: anything else is not worth a database lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

/** Creates, resolves and ends sessions. */
export class SessionsService {
  constructor(private readonly store: AccountStore, private readonly ttlMs: number) {}

  /** Opens a session for `userId`. */
  async create(userId: string): Promise<NewSession> {
    const token = randomBytes(32).toString('base64url')
    const now = Date.now()
    const expiresAt = now + this.ttlMs
    await this.store.createSession({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt })
    return { token, expiresAt }
  }

  /** The user of a live session: null when the token is unknown, expired, or its account disabled. */
  async resolve(token: string | undefined): Promise<CurrentUser | null> {
    if (!token || !TOKEN_SHAPE.test(token)) return null
    const tokenHash = hashToken(token)
    const found = await this.store.getSession(tokenHash)
    if (!found) return null
    if (found.session.expiresAt <= Date.now()) {
      await this.store.deleteSession(tokenHash)
      return null
    }
    if (found.user.disabled) return null
    return toCurrent(found.user, tokenHash)
  }

  /** Ends one session (logout). */
  async end(tokenHash: string): Promise<void> {
    await this.store.deleteSession(tokenHash)
  }

  /** Ends every session of a user, except the one given (a password change keeps the session that made it). */
  async endAllOf(userId: string, keepTokenHash?: string): Promise<number> {
    return this.store.deleteSessionsOf(userId, keepTokenHash)
  }

  /** Drops expired sessions (called now and then). */
  async sweep(): Promise<number> {
    return this.store.deleteExpiredSessions(Date.now())
  }
}

/** The request-scoped view of an account. */
export function toCurrent(user: UserRecord, tokenHash: string): CurrentUser {
  return { id: user.id, username: user.username, displayName: user.displayName, isAdmin: user.isAdmin, mustChangePassword: user.mustChangePassword, tokenHash }
}
