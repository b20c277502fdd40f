// Account use cases: the first admin, login and logout, creating, disabling and re-enabling accounts, passwords.
import { randomBytes } from 'node:crypto'
import type { SessionView, TemporaryPasswordView, UserView } from '../../editor/model/api-views.js'
import { CloseCode } from '../../editor/model/sync-messages.js'
import { AppError } from '../errors.js'
import type { Logger } from '../log.js'
import type { AccountStore, UserRecord } from '../store/accounts.js'
import { requireAdmin } from './access.js'
import type { AuditService } from './audit.js'
import type { LoginLimiter } from './login-limits.js'
import { dummyHash, generatePassword, hashPassword, verifyPassword } from './passwords.js'
import type { CurrentUser, NewSession, SessionsService } from './sessions.js'

/** What accounts need from the sync layer: closing a person's open sockets (Rooms does this). */
export interface SyncDisconnect {
  disconnectUser(userId: string, code?: number, reason?: string): number
}

/** The one message for every failed login, so that nobody learns which usernames exist. */
export const LOGIN_FAILED = 'wrong username or password'

/** Close code and reason sent to the sockets of a disabled account (4401: final for the stock client). */
const DISABLED_CLOSE = { code: CloseCode.unauthorized, reason: 'account disabled' } as const

/** The signed-in person as the pages know them: GET /api/session, and the answers to signing in and to a password change. */
export const sessionView = (u: Pick<UserRecord, 'id' | 'username' | 'displayName' | 'isAdmin' | 'mustChangePassword'>): SessionView => ({
  id: u.id, username: u.username, displayName: u.displayName, isAdmin: u.isAdmin, mustChangePassword: u.mustChangePassword,
})

export const presentUser = (u: UserRecord): UserView => ({
  id: u.id, username: u.username, displayName: u.displayName, isAdmin: u.isAdmin, disabled: u.disabled,
  mustChangePassword: u.mustChangePassword, createdAt: new Date(u.createdAt).toISOString(),
})

/** A new account id: 12 URL-safe characters. */
const newUserId = () => 'u' + randomBytes(9).toString('base64url')

const actorOf = (u: { id: string; displayName: string }) => ({ id: u.id, name: u.displayName })

/** Account rules; routes call it, it calls the store. Only an admin may manage other accounts (403). */
export class AccountsService {
  constructor(
    private readonly store: AccountStore,
    private readonly sessions: SessionsService,
    private readonly limiter: LoginLimiter,
    private readonly audit: AuditService,
    private readonly sync: SyncDisconnect,
    private readonly log: Logger,
  ) {}

  /**
   * On a database without accounts, creates `admin`. With `password` (PACTA_ADMIN_PASSWORD) it
   * is used as given; otherwise a one-time password is generated, handed to `announce` once
   * (start() prints it to stdout, never to the log), and must be changed at first login.
   * Returns the admin's id, or null when accounts already existed.
   */
  async ensureAdmin(password: string | null, announce: (text: string) => void): Promise<string | null> {
    if ((await this.store.countUsers()) > 0) return null
    const oneTime = password === null
    const secret = password ?? generatePassword()
    const now = Date.now()
    const admin: UserRecord = {
      id: newUserId(), username: 'admin', displayName: 'Administrator', passwordHash: await hashPassword(secret),
      isAdmin: true, disabled: false, mustChangePassword: oneTime, createdAt: now, updatedAt: now,
    }
    if (!(await this.store.createUser(admin))) return null
    this.log.info('admin account created', { username: 'admin', oneTimePassword: oneTime })
    if (oneTime) {
      announce(`\nPacta: created the account "admin" with the one-time password\n\n    ${secret}\n\n` +
        'Sign in at /login and choose a new password. This password is shown only once.\n\n')
    }
    return admin.id
  }

  /**
   * Checks a username and password and opens a session. Refused with 429 (and `retryAfter`)
   * while the account or the address is over its failure limit; a wrong password and an unknown
   * or disabled account all answer the same 401 and count as failures.
   */
  async login(username: string, password: string, remote: string): Promise<{ user: UserView; session: NewSession }> {
    const wait = this.limiter.blockedFor(username, remote)
    if (wait > 0) {
      await this.audit.record('login-failed', { id: null, name: username.slice(0, 64) }, { detail: { reason: 'rate-limited' }, remote })
      throw new RateLimited(wait)
    }
    const user = await this.store.getUserByName(username)
    // An unknown name is checked against a dummy hash so that it takes as long as a wrong password.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash))
    if (!user || !matches || user.disabled) {
      this.limiter.fail(username, remote)
      const reason = !user ? 'unknown-user' : !matches ? 'wrong-password' : 'disabled'
      await this.audit.record('login-failed', user ? actorOf(user) : { id: null, name: username.slice(0, 64) }, { detail: { reason }, remote })
      this.log.info('login refused', { remote })
      throw new AppError(401, LOGIN_FAILED)
    }
    this.limiter.succeed(username)
    const session = await this.sessions.create(user.id)
    await this.audit.record('login', actorOf(user), { remote })
    return { user: presentUser(user), session }
  }

  /** Ends the current session. */
  async logout(current: CurrentUser, remote: string): Promise<void> {
    await this.sessions.end(current.tokenHash)
    await this.audit.record('logout', actorOf(current), { remote })
  }

  /** Every account. */
  async list(admin: CurrentUser): Promise<UserView[]> {
    requireAdmin(admin)
    return (await this.store.listUsers()).map(presentUser)
  }

  /** An account by id; 404 when unknown. */
  async view(admin: CurrentUser, id: string): Promise<UserView> {
    requireAdmin(admin)
    return presentUser(await this.get(id))
  }

  /** An account by id; 404 when unknown. */
  private async get(id: string): Promise<UserRecord> {
    const user = await this.store.getUser(id)
    if (!user) throw AppError.notFound(`user ${id.slice(0, 64)} does not exist`)
    return user
  }

  /**
   * Creates an account with a one-time password (returned once) that must be changed at first
   * login. 409 when the username is taken, in any case.
   */
  async create(admin: CurrentUser, input: { username: string; displayName?: string; isAdmin?: boolean }): Promise<TemporaryPasswordView> {
    requireAdmin(admin)
    const temporaryPassword = generatePassword()
    const now = Date.now()
    const user: UserRecord = {
      id: newUserId(), username: input.username, displayName: input.displayName || input.username,
      passwordHash: await hashPassword(temporaryPassword), isAdmin: input.isAdmin ?? false, disabled: false,
      mustChangePassword: true, createdAt: now, updatedAt: now,
    }
    if (!(await this.store.createUser(user))) throw new AppError(409, `the username ${input.username} is taken`, 'username')
    await this.audit.record('user-created', actorOf(admin), { subject: { id: user.id, name: user.username }, detail: { isAdmin: user.isAdmin } })
    return { user: presentUser(user), temporaryPassword }
  }

  /**
   * Disables or re-enables an account. Disabling ends its sessions and closes its sync
   * sockets (4401) at once. An admin cannot disable themselves (the instance would lose its admin).
   */
  async setDisabled(admin: CurrentUser, id: string, disabled: boolean): Promise<UserView> {
    requireAdmin(admin)
    const target = await this.get(id)
    if (disabled && target.id === admin.id) throw new AppError(409, 'you cannot disable your own account', 'disabled')
    if (target.disabled === disabled) return presentUser(target)
    const updated = (await this.store.updateUser(id, { disabled }, Date.now()))!
    if (disabled) {
      await this.sessions.endAllOf(id)
      this.sync.disconnectUser(id, DISABLED_CLOSE.code, DISABLED_CLOSE.reason)
    }
    await this.audit.record(disabled ? 'user-disabled' : 'user-enabled', actorOf(admin), { subject: { id, name: target.username } })
    return presentUser(updated)
  }

  /**
   * Gives an account a new one-time password (returned once) to be changed at next login, and
   * ends its sessions and sockets: whoever held the old password is out.
   */
  async resetPassword(admin: CurrentUser, id: string): Promise<TemporaryPasswordView> {
    requireAdmin(admin)
    const target = await this.get(id)
    const temporaryPassword = generatePassword()
    const updated = (await this.store.updateUser(id, { passwordHash: await hashPassword(temporaryPassword), mustChangePassword: true }, Date.now()))!
    await this.sessions.endAllOf(id, id === admin.id ? admin.tokenHash : undefined)
    if (id !== admin.id) this.sync.disconnectUser(id, CloseCode.unauthorized, 'password reset by an administrator')
    await this.audit.record('password-reset', actorOf(admin), { subject: { id, name: target.username } })
    return { user: presentUser(updated), temporaryPassword }
  }

  /**
   * Changes one's own password after checking the current one (a wrong current password counts
   * toward the login limit). Other sessions of the account end; this one stays.
   */
  async changePassword(current: CurrentUser, currentPassword: string, newPassword: string, remote: string): Promise<UserView> {
    const wait = this.limiter.blockedFor(current.username, remote)
    if (wait > 0) throw new RateLimited(wait)
    const user = await this.get(current.id)
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      this.limiter.fail(current.username, remote)
      throw new AppError(400, 'the current password is wrong', 'currentPassword')
    }
    if (currentPassword === newPassword) throw new AppError(400, 'the new password must differ from the current one', 'newPassword')
    const updated = (await this.store.updateUser(user.id, { passwordHash: await hashPassword(newPassword), mustChangePassword: false }, Date.now()))!
    await this.sessions.endAllOf(user.id, current.tokenHash)
    await this.audit.record('password-changed', actorOf(user), { remote })
    return presentUser(updated)
  }
}

/** 429 with the seconds to wait, which the route sends as Retry-After. */
export class RateLimited extends AppError {
  constructor(readonly retryAfter: number) {
    super(429, `too many failed logins: try again in ${retryAfter} seconds`)
  }
}
