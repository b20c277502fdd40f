// Composes the account services (sessions, login limits, accounts, members, access) for start().
import type { Config } from '../config.js'
import type { Logger } from '../log.js'
import type { AccountStore } from '../store/accounts.js'
import type { Store } from '../store/store.js'
import type { OriginPolicy } from '../sync/origin.js'
import { AccessService } from './access.js'
import { AccountsService, type SyncDisconnect } from './accounts.js'
import { AuditLog, type AuditService } from './audit.js'
import { LoginLimiter } from './login-limits.js'
import { MembersService, type SyncRoles } from './members.js'
import { SessionsService } from './sessions.js'

/** Everything the HTTP layer and the sync upgrade need about people. */
export interface People {
  accounts: AccountsService
  sessions: SessionsService
  members: MembersService
  audit: AuditService
  /** The audit log as its readers see it (conveners, admins). */
  auditLog: AuditLog
  access: AccessService
  config: Pick<Config, 'cookieSecure'>
  origins: OriginPolicy
}

/** What createPeople needs. */
export interface PeopleOptions {
  store: Store & AccountStore
  /** Live sync connections (Rooms): role changes and disconnects reach them at once. */
  sync: SyncRoles & SyncDisconnect
  audit: AuditService
  log: Logger
  config: Pick<Config, 'cookieSecure' | 'sessionTtlHours' | 'loginMaxFailuresPerAccount' | 'loginMaxFailuresPerAddress' | 'loginWindowSeconds'>
  origins: OriginPolicy
}

/** Builds the account services over one store. */
export function createPeople({ store, sync, audit, log, config, origins }: PeopleOptions): People {
  const sessions = new SessionsService(store, config.sessionTtlHours * 3600 * 1000)
  const limiter = new LoginLimiter({
    maxPerAccount: config.loginMaxFailuresPerAccount,
    maxPerAddress: config.loginMaxFailuresPerAddress,
    windowMs: config.loginWindowSeconds * 1000,
  })
  const access = new AccessService(store, sessions)
  const accounts = new AccountsService(store, sessions, limiter, audit, sync, log)
  const members = new MembersService(store, access, audit, sync)
  return { accounts, sessions, members, audit, auditLog: new AuditLog(store, access), access, config, origins }
}
