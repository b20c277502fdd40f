// The administration page: create accounts, disable and re-enable them, reset passwords, and read the whole audit log
// (brought up to date after each of these actions).
import './ui/base.css'
import './ui/people.css'
import { ApiError, toLogin } from './api.js'
import { createUser, currentSession, listUsers, resetPassword, setUserDisabled, type SessionUser, type UserInfo } from './account-api.js'
import { accountBar } from './ui/account-bar.js'
import { auditPanel } from './ui/audit-panel.js'
import { allAudit } from './account-api.js'
import { copyButton } from './ui/copy-button.js'
import { h, replaceChildren } from './ui/dom.js'

const errorBox = h('p', { class: 'form-error', role: 'alert', hidden: true })
const secretBox = h('div', { class: 'people-card secret-card', role: 'status', hidden: true })
const rows = h('tbody', {})
const audit = auditPanel((before) => allAudit(before), { showDocument: true })

function showError(err: unknown) {
  if (err === null) { errorBox.hidden = true; return }
  errorBox.textContent = err instanceof Error ? err.message : String(err)
  errorBox.hidden = false
}

/** Shows a one-time password once, with whom it is for, and a button that copies it. */
function showSecret(username: string, password: string) {
  const secret = h('p', { class: 'secret', 'data-username': username }, password)
  replaceChildren(secretBox,
    h('h2', {}, `Temporary password for ${username}`),
    h('p', { class: 'form-note' }, 'Give it to them over a trusted channel. It is shown only now; they must choose their own at first sign-in.'),
    secret,
    copyButton(password, secret, 'Copy password'),
    ' ',
    h('button', { type: 'button', onclick: () => { secretBox.hidden = true; replaceChildren(secretBox) } }, 'Done'))
  secretBox.hidden = false
}

function row(user: UserInfo, me: SessionUser): HTMLElement {
  const toggle = h('button', {
    type: 'button', class: user.disabled ? 'enable' : 'disable danger-text', disabled: user.id === me.id,
    onclick: async () => {
      try { await setUserDisabled(user.id, !user.disabled); showError(null) } catch (err) { showError(err) }
      await afterAction(me)
    },
  }, user.disabled ? 'Re-enable' : 'Disable')
  const reset = h('button', {
    type: 'button', class: 'reset', onclick: async () => {
      try {
        const { temporaryPassword } = await resetPassword(user.id)
        showSecret(user.username, temporaryPassword)
        showError(null)
      } catch (err) { showError(err) }
      await afterAction(me)
    },
  }, 'Reset password')
  return h('tr', { 'data-username': user.username },
    h('td', {}, user.username, user.isAdmin ? h('span', { class: 'badge' }, 'admin') : null),
    h('td', {}, user.displayName),
    h('td', { class: 'state' }, user.disabled ? 'disabled' : user.mustChangePassword ? 'must change password' : 'active'),
    h('td', { class: 'actions' }, reset, ' ', toggle))
}

async function refresh(me: SessionUser) {
  try {
    replaceChildren(rows, ...(await listUsers()).map((u) => row(u, me)))
  } catch (err) { showError(err) }
}

/** After an action (done or refused: a refusal can be audited too), the accounts and the audit log as they now are. */
async function afterAction(me: SessionUser) {
  await Promise.all([refresh(me), audit.load()])
}

function createForm(me: SessionUser): HTMLElement {
  const username = h('input', { type: 'text', name: 'username', required: true, maxlength: 32, pattern: '[A-Za-z0-9._\\-]{2,32}', autocomplete: 'off' })
  const displayName = h('input', { type: 'text', name: 'displayName', maxlength: 80, autocomplete: 'off' })
  const isAdmin = h('input', { type: 'checkbox', name: 'isAdmin' })
  const form = h('form', { class: 'people-form', 'aria-label': 'Create an account' },
    h('label', {}, 'Username (letters, digits, . _ -)', username),
    h('label', {}, 'Display name', displayName),
    h('label', { class: 'inline' }, isAdmin, 'Administrator'),
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Create account')))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    try {
      const { user, temporaryPassword } = await createUser({
        username: username.value.trim(), displayName: displayName.value.trim() || undefined, isAdmin: isAdmin.checked,
      })
      form.reset()
      showSecret(user.username, temporaryPassword)
      showError(null)
    } catch (err) {
      showError(err instanceof ApiError && err.field ? `${err.message}` : err)
    }
    await afterAction(me)
  })
  return form
}

async function main() {
  const me = await currentSession()
  if (!me) return toLogin()
  if (!me.isAdmin) {
    replaceChildren(document.getElementById('app')!, h('p', { role: 'alert' }, 'Only an administrator may open this page.'))
    return
  }
  replaceChildren(document.getElementById('app')!,
    h('header', { class: 'app-header' }, h('a', { class: 'brand', href: '/' }, 'Pacta'), h('span', { class: 'tagline' }, 'Administration'), accountBar(me)),
    h('main', { class: 'people-main' },
      errorBox,
      secretBox,
      h('section', { class: 'people-card' }, h('h2', {}, 'New account'), createForm(me)),
      h('section', { class: 'people-card' }, h('h2', {}, 'Accounts'),
        h('table', { class: 'people-table users-table' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Username'), h('th', {}, 'Name'), h('th', {}, 'State'), h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))),
          rows)),
      h('section', { class: 'people-card' }, h('h2', {}, 'Audit log'), audit.el)))
  await afterAction(me)
}

main().catch((e: unknown) => {
  replaceChildren(document.getElementById('app')!, h('p', { role: 'alert' }, e instanceof Error ? e.message : String(e)))
})
