// Membership use cases: list a document's members, add an existing account with a role, change a role, remove.
import { canManageMembers, canRead, type Role } from '../../editor/model/permissions.js'
import { AppError } from '../errors.js'
import type { AccountStore, MemberRow } from '../store/accounts.js'
import type { AccessService } from './access.js'
import type { AuditService } from './audit.js'
import type { CurrentUser } from './sessions.js'
import type { AccountMatchView, MemberView } from '../../editor/model/api-views.js'

/** What membership changes need from the sync layer: applying a role to open connections (Rooms does this). */
export interface SyncRoles {
  setRole(documentId: string, userId: string, role: Role | null): number
}

export type { MemberView }

const present = (m: MemberRow): MemberView => ({
  userId: m.userId, username: m.username, displayName: m.displayName, role: m.role, disabled: m.disabled, addedAt: new Date(m.addedAt).toISOString(),
})

const actorOf = (u: CurrentUser) => ({ id: u.id, name: u.displayName })

/** Membership rules: conveners manage, every member may see who else is in; a document keeps a convener. */
export class MembersService {
  constructor(
    private readonly store: AccountStore,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly sync: SyncRoles,
  ) {}

  /** The members of a document (any member may see them). */
  async list(user: CurrentUser, documentId: string): Promise<MemberView[]> {
    await this.access.require(user, documentId, canRead, 'see the members')
    return (await this.store.listMembers(documentId)).map(present)
  }

  /**
   * The enabled accounts whose name or username contains `text`, at most `limit`, best first,
   * each with its role here when already a member: whom a convener may add. Only those who may
   * manage the members ask (it lists the instance's people); each search is audited.
   */
  async candidates(user: CurrentUser, documentId: string, text: string, limit: number): Promise<AccountMatchView[]> {
    await this.access.require(user, documentId, canManageMembers, 'search accounts to add')
    const found = await this.store.searchUsers(text, limit)
    const roles = new Map((await this.store.listMembers(documentId)).map((m) => [m.userId, m.role]))
    await this.audit.record('accounts-searched', actorOf(user), { documentId, detail: { query: text, found: found.length } })
    return found.map((u) => ({ userId: u.id, username: u.username, displayName: u.displayName, role: roles.get(u.id) ?? null }))
  }

  /** Adds an existing account by username with a role; 404 for an unknown username, 409 if already a member. */
  async add(user: CurrentUser, documentId: string, username: string, role: Role): Promise<MemberView> {
    await this.access.require(user, documentId, canManageMembers, 'manage members')
    const target = await this.store.getUserByName(username)
    if (!target) throw new AppError(404, `there is no account named ${username}`, 'username')
    if (await this.store.getRole(documentId, target.id)) throw new AppError(409, `${target.username} is already a member; change their role instead`, 'username')
    await this.apply(documentId, target.id, role)
    await this.audit.record('member-added', actorOf(user), { documentId, subject: { id: target.id, name: target.username }, detail: { role } })
    return this.member(documentId, target.id)
  }

  /** Changes a member's role; live connections follow at once. */
  async change(user: CurrentUser, documentId: string, userId: string, role: Role): Promise<MemberView> {
    await this.access.require(user, documentId, canManageMembers, 'manage members')
    if (!(await this.store.getRole(documentId, userId))) throw AppError.notFound(`user ${userId.slice(0, 64)} is not a member of this document`)
    const previous = await this.apply(documentId, userId, role)
    const member = await this.member(documentId, userId)
    if (previous !== role) {
      await this.audit.record('member-role-changed', actorOf(user), { documentId, subject: { id: userId, name: member.username }, detail: { from: previous, to: role } })
    }
    return member
  }

  /** Removes a member; their open connections to the document are closed (4403). */
  async remove(user: CurrentUser, documentId: string, userId: string): Promise<void> {
    await this.access.require(user, documentId, canManageMembers, 'manage members')
    const before = await this.store.listMembers(documentId)
    const target = before.find((m) => m.userId === userId)
    await this.apply(documentId, userId, null)
    await this.audit.record('member-removed', actorOf(user), { documentId, subject: { id: userId, name: target?.username ?? userId }, detail: { role: target?.role ?? null } })
  }

  /** Writes the change (refusing to leave no convener) and pushes the resulting role to live connections. */
  private async apply(documentId: string, userId: string, role: Role | null): Promise<Role | null> {
    const result = await this.store.changeMembership(documentId, userId, role, Date.now())
    if (!result.ok) {
      if (result.reason === 'last-convener') throw new AppError(409, 'a document must keep at least one convener', 'role')
      if (result.reason === 'no-document') throw AppError.notFound(`document ${documentId.slice(0, 64)} does not exist`)
      throw AppError.notFound(`user ${userId.slice(0, 64)} is not a member of this document`)
    }
    const target = await this.store.getUser(userId)
    // An admin removed from the document keeps admin (convener) access, so their sockets keep that role.
    const effective = target ? await this.access.roleOf(target, documentId) : null
    this.sync.setRole(documentId, userId, effective)
    return result.previous
  }

  private async member(documentId: string, userId: string): Promise<MemberView> {
    const m = (await this.store.listMembers(documentId)).find((r) => r.userId === userId)
    if (!m) throw AppError.notFound(`user ${userId.slice(0, 64)} is not a member of this document`)
    return present(m)
  }
}
