// The editor's view of the user's role: the read-only / comment-only indicator, the members button and
// the audit log panel for conveners, and whether the text may be edited (a courtesy: the server enforces roles).
import { documentAudit, type SessionUser } from '../account-api.js'
import { canManageMembers, canWriteContent, type Role } from '../model/permissions.js'
import { auditPanel } from './audit-panel.js'
import { accountBar } from './account-bar.js'
import { h, replaceChildren } from './dom.js'
import { openMembersDialog } from './members-dialog.js'

/** What the indicator says for each role that cannot edit the text. */
const INDICATOR: Partial<Record<Role, { text: string; title: string }>> = {
  reviewer: { text: 'Comment only', title: 'You are a reviewer: you can read and comment, but not change the text.' },
  observer: { text: 'Read only', title: 'You are an observer: you can read the document but not change it.' },
}

/** The document's access controls for the editor page. */
export interface DocumentAccess {
  /** Header element: the role indicator, the members button (conveners) and the account bar. */
  el: HTMLElement
  /** The current role (null until known, or when it could not be read). */
  role(): Role | null
  /** Whether the role allows changing the text. */
  canWrite(): boolean
  /** The signed-in user, if any. */
  user(): SessionUser | null
  /** The audit log panel for the sidebar (conveners only: see `canSeeAudit`); `load` reads its newest entries. */
  audit: { el: HTMLElement; load(): Promise<void> }
  /** Whether the role may read the document's audit log. */
  canSeeAudit(): boolean
  /** Calls `listener` whenever the role changes. */
  onChange(listener: (role: Role | null) => void): void
  /** Takes the role the sync server reports (editor/collab/role.ts), at connect and on every change. */
  setRole(next: Role): void
}

/**
 * Builds the controls from the role the document's GET answered and the signed-in `user` (null
 * when the session could not be read); `setRole` keeps them current.
 */
export function documentAccess(documentId: string, initialRole: Role | null | undefined, user: SessionUser | null): DocumentAccess {
  // an admin who is not a member acts as a convener (the server says so too)
  const effective = (r: Role | null | undefined): Role | null => r ?? (user?.isAdmin ? 'convener' : null)
  let role = effective(initialRole)
  const listeners: Array<(role: Role | null) => void> = []
  const indicator = h('span', { class: 'role-indicator', role: 'status', hidden: true })
  const members = h('button', { type: 'button', class: 'members-button', hidden: true, onclick: () => user && openMembersDialog(documentId, user.id) }, 'Members')
  const audit = auditPanel((before) => documentAudit(documentId, before))
  const auditEl = h('section', { class: 'panel audit-details' }, h('h2', {}, 'Audit log'), audit.el)
  const el = h('div', { class: 'document-access' }, indicator, members)
  const render = () => {
    const note = role ? INDICATOR[role] : undefined
    indicator.hidden = !note
    replaceChildren(indicator, note?.text ?? '')
    indicator.title = note?.title ?? ''
    indicator.dataset.role = role ?? ''
    members.hidden = !(role && canManageMembers(role))
  }
  render()
  if (user) el.appendChild(accountBar(user))

  return {
    el,
    audit: { el: auditEl, load: audit.load },
    canSeeAudit: () => role !== null && canManageMembers(role),
    role: () => role,
    canWrite: () => role !== null && canWriteContent(role),
    user: () => user,
    onChange: (l) => { listeners.push(l) },
    setRole: (next) => {
      if (next === role) return
      role = next
      render()
      for (const l of listeners) l(role)
    },
  }
}
