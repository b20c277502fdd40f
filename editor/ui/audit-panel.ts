// An audit log list: who did what and when, newest first, with "Show older" paging. Used by the editor (conveners) and the admin page.
import type { AuditInfo } from '../account-api.js'
import { h, replaceChildren } from './dom.js'

/** How each action reads; an action added later without a label shows its name. */
const LABELS: Record<string, string> = {
  'login': 'signed in', 'login-failed': 'failed to sign in', 'logout': 'signed out',
  'password-changed': 'changed their password', 'password-reset': 'reset the password of',
  'user-created': 'created the account', 'user-disabled': 'disabled the account', 'user-enabled': 're-enabled the account',
  'document-created': 'created the document', 'document-renamed': 'renamed the document', 'document-deleted': 'deleted the document',
  'document-joined': 'opened the document', 'document-left': 'closed the document', 'document-exported': 'exported the document',
  'member-added': 'added', 'member-role-changed': 'changed the role of', 'member-removed': 'removed',
  'accounts-searched': 'searched the accounts for',
}

let dateFormat: Intl.DateTimeFormat | null = null
/** Made when the first entry is shown: making it loads locale data that opening a page need not wait for. */
const formatDate = (at: string) => (dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })).format(new Date(at))

/** The detail of an entry as short text ("as reviewer", "drafter → reviewer"). Text only: names and titles are never markup. */
function describe(e: AuditInfo): string {
  const d = e.detail ?? {}
  if (e.action === 'member-role-changed') return `${String(d.from)} → ${String(d.to)}`
  if (e.action === 'member-added' || e.action === 'document-joined') return d.role ? `as ${String(d.role)}` : ''
  if (e.action === 'document-renamed') return `to “${String(d.to)}”`
  if (e.action === 'document-exported') return `as ${String(d.format).toUpperCase()}${d.clean === false ? ' with drafting notes' : ''}`
  if (e.action === 'accounts-searched') return `“${String(d.query)}” (${Number(d.found)} found)`
  if (e.action === 'login-failed') return d.reason ? `(${String(d.reason)})` : ''
  return ''
}

/** Builds the panel; `load()` fetches the newest page (again after each action it should show), "Show older" the next. */
export function auditPanel(fetchPage: (before?: number) => Promise<AuditInfo[]>, options: { showDocument?: boolean } = {}) {
  const list = h('ol', { class: 'audit-list' })
  const more = h('button', { type: 'button', class: 'audit-more', hidden: true }, 'Show older')
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
  let oldest: number | undefined
  const item = (e: AuditInfo) => h('li', { 'data-action': e.action },
    h('time', { datetime: e.at }, formatDate(e.at)),
    `${e.actor.name ?? 'someone'} ${LABELS[e.action] ?? e.action}`,
    e.subject?.name ? ` ${e.subject.name}` : '',
    ` ${describe(e)}`,
    options.showDocument && e.documentId ? h('span', { class: 'badge muted' }, e.documentId) : null)
  // each load of the newest page counts: an answer overtaken by a later load (or paging behind it) is dropped
  let loads = 0
  const page = async (before?: number) => {
    const mine = before === undefined ? ++loads : loads
    try {
      const entries = await fetchPage(before)
      if (mine !== loads) return
      if (before === undefined) replaceChildren(list)
      for (const e of entries) list.appendChild(item(e))
      oldest = entries.at(-1)?.seq ?? oldest
      more.hidden = entries.length === 0
      error.hidden = true
    } catch (err) {
      error.textContent = err instanceof Error ? err.message : String(err)
      error.hidden = false
    }
  }
  more.addEventListener('click', () => void page(oldest))
  const el = h('section', { class: 'audit-panel', 'aria-label': 'Audit log' }, error, list, more)
  return { el, load: () => page() }
}
