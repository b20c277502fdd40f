// Who may do what to which document: roles from memberships (admins act as conveners), checked for REST and for sync upgrades.
import type { IncomingMessage } from 'node:http'
import { canWriteContent, type Role } from '../../editor/model/permissions.js'
import { AppError } from '../errors.js'
import type { AccountStore } from '../store/accounts.js'
import type { Store } from '../store/store.js'
import type { AccessGrant, AccessRefusal, SyncAccess } from '../sync/access.js'
import { readSessionCookie } from './cookies.js'
import type { CurrentUser, SessionsService } from './sessions.js'

/** A permission question about one role (the functions of editor/model/permissions.ts). */
export type Permission = (role: Role) => boolean

/**
 * Who may save a selection as a library clause: resolves with the saver's account id, or throws
 * an AppError. `documentId` names the document the selection came from.
 */
export type ClauseSaver = (user: CurrentUser, documentId: string | undefined) => Promise<string>

/** 403 unless `user` is an instance admin. */
export function requireAdmin(user: Pick<CurrentUser, 'isAdmin'>): void {
  if (!user.isAdmin) throw new AppError(403, 'only an administrator may do this')
}

/**
 * Resolves a person's role in a document and enforces permissions. An instance admin who is
 * not a member acts as a convener (they can see every document and repair its membership);
 * a member admin has their membership's role.
 */
export class AccessService {
  constructor(private readonly store: Store & AccountStore, private readonly sessions: SessionsService) {}

  /** The role of `user` in `documentId`: their membership's, else convener for an admin, else null. */
  async roleOf(user: Pick<CurrentUser, 'id' | 'isAdmin'>, documentId: string): Promise<Role | null> {
    const role = await this.store.getRole(documentId, user.id)
    return role ?? (user.isAdmin ? 'convener' : null)
  }

  /**
   * The user's role in an existing document, if `allowed` accepts it. 404 when the document does
   * not exist, 403 naming the need when the user is not a member or their role is not enough.
   */
  async require(user: CurrentUser, documentId: string, allowed: Permission, what: string): Promise<Role> {
    if (!(await this.store.getDocument(documentId))) throw AppError.notFound(`document ${documentId.slice(0, 64)} does not exist`)
    const role = await this.roleOf(user, documentId)
    if (role === null) throw new AppError(403, 'you are not a member of this document')
    if (!allowed(role)) throw new AppError(403, `your role (${role}) does not allow you to ${what}`)
    return role
  }

  /**
   * The ClauseSaver with accounts: the user must be a drafter or convener of the document the
   * selection came from (`documentId`, required: 400 without it).
   */
  clauseSaver(): ClauseSaver {
    return async (user, documentId) => {
      if (!documentId) throw AppError.badInput('documentId is required: name the document the selection comes from', 'documentId')
      await this.require(user, documentId, canWriteContent, 'save clauses from it')
      return user.id
    }
  }

  /**
   * The SyncAccess for the upgrade: the session cookie must name a live session of an enabled
   * account (401), the document must exist (404), and the account must have a role in it (403).
   * The principal carries the account's display name and its id as the stable colour key.
   */
  syncAccess(): SyncAccess {
    return {
      authorize: async (req: IncomingMessage, documentId: string): Promise<AccessGrant | AccessRefusal> => {
        const user = await this.sessions.resolve(readSessionCookie(req.headers.cookie))
        if (!user) return { status: 401, reason: 'sign in to open this document' }
        if (user.mustChangePassword) return { status: 403, reason: 'change your password before opening documents' }
        if (!(await this.store.getDocument(documentId))) return { status: 404, reason: `document ${documentId.slice(0, 64)} does not exist` }
        const role = await this.roleOf(user, documentId)
        if (role === null) return { status: 403, reason: 'you are not a member of this document' }
        return { principal: { userId: user.id, name: user.displayName, colorKey: user.id }, role }
      },
    }
  }
}
