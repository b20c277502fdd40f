// The account page: who you are, and changing your password (required after a first or reset password).
import './ui/base.css'
import './ui/people.css'
import { ApiError, toLogin } from './api.js'
import { changePassword, currentSession, safeNext } from './account-api.js'
import { accountBar } from './ui/account-bar.js'
import { h, replaceChildren } from './ui/dom.js'

const MIN_PASSWORD = 10

async function main() {
  const user = await currentSession()
  if (!user) return toLogin()
  const current = h('input', { type: 'password', name: 'currentPassword', autocomplete: 'current-password', required: true, maxlength: 200 })
  const next = h('input', { type: 'password', name: 'newPassword', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD, maxlength: 200 })
  const again = h('input', { type: 'password', name: 'confirmPassword', autocomplete: 'new-password', required: true, maxlength: 200 })
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const done = h('p', { class: 'form-note', role: 'status', hidden: true }, 'Your password has been changed. Your other sessions were signed out.')
  const form = h('form', { class: 'people-form', 'aria-label': 'Change password' },
    h('label', {}, 'Current password', current),
    h('label', {}, `New password (at least ${MIN_PASSWORD} characters)`, next),
    h('label', {}, 'New password again', again),
    error, done,
    h('div', {}, h('button', { type: 'submit', class: 'primary' }, 'Change password')))
  const show = (message: string) => { error.textContent = message; error.hidden = false }
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    error.hidden = true
    done.hidden = true
    if ([...next.value].length < MIN_PASSWORD) return show(`The new password must be at least ${MIN_PASSWORD} characters.`)
    if (next.value !== again.value) return show('The two new passwords differ.')
    try {
      await changePassword(current.value, next.value)
      form.reset()
      if (user.mustChangePassword) location.href = safeNext(new URLSearchParams(location.search).get('next'))
      else done.hidden = false
    } catch (err) {
      show(err instanceof ApiError && err.field === 'currentPassword' ? 'The current password is wrong.' : err instanceof Error ? err.message : String(err))
    }
  })
  replaceChildren(document.getElementById('app')!,
    h('header', { class: 'app-header' }, h('a', { class: 'brand', href: '/' }, 'Pacta'), accountBar(user)),
    h('main', { class: 'people-main narrow' },
      h('section', { class: 'people-card' },
        h('h1', {}, 'Your account'),
        h('p', {}, `${user.displayName} — signed in as ${user.username}${user.isAdmin ? ' (administrator)' : ''}`),
        user.mustChangePassword ? h('p', { class: 'form-error', role: 'alert' }, 'Choose your own password before you continue.') : null),
      h('section', { class: 'people-card' }, h('h2', {}, 'Change password'), form)))
}

main().catch((e: unknown) => {
  replaceChildren(document.getElementById('app')!, h('p', { role: 'alert' }, e instanceof Error ? e.message : String(e)))
})
