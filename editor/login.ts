// The sign-in page: username and password, then back to the page that asked (or the document list).
import './ui/base.css'
import './ui/people.css'
import { ApiError } from './api.js'
import { safeNext, signIn } from './account-api.js'
import { h, replaceChildren } from './ui/dom.js'

const username = h('input', { type: 'text', name: 'username', autocomplete: 'username', required: true, maxlength: 100, autofocus: true })
const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, maxlength: 200 })
const error = h('p', { class: 'form-error', role: 'alert', hidden: true })
const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in')
const form = h('form', { class: 'people-form', 'aria-label': 'Sign in' },
  h('label', {}, 'Username', username),
  h('label', {}, 'Password', password),
  error,
  h('div', {}, submit))

form.addEventListener('submit', async (e) => {
  e.preventDefault()
  error.hidden = true
  submit.disabled = true
  try {
    const { user } = await signIn(username.value.trim(), password.value)
    const next = safeNext(new URLSearchParams(location.search).get('next'))
    location.href = user.mustChangePassword ? `/account?next=${encodeURIComponent(next)}` : next
  } catch (err) {
    password.value = ''
    error.textContent = err instanceof ApiError && err.status === 401 ? 'Wrong username or password.'
      : err instanceof ApiError && err.status === 429 ? `Too many failed attempts. Try again in ${err.retryAfter ?? 'a few'} seconds.`
      : err instanceof Error ? err.message : String(err)
    error.hidden = false
    password.focus()
  } finally {
    submit.disabled = false
  }
})

replaceChildren(document.getElementById('app')!,
  h('header', { class: 'app-header' }, h('span', { class: 'brand' }, 'Pacta'), h('span', { class: 'tagline' }, 'Collaborative treaty drafting')),
  h('main', { class: 'people-main narrow' }, h('section', { class: 'people-card' }, h('h1', {}, 'Sign in'), form)))
