// Asks a first-time visitor, once, for the name collaborators will see beside their cursor.
import type { Awareness } from 'y-protocols/awareness'
import { MAX_NAME, publishUser, saveName, type PresenceUser } from '../collab/presence.js'
import { h } from './dom.js'

/** Opens the name dialog; the chosen name is saved for next time and published at once. */
export function askName(awareness: Awareness, user: PresenceUser): void {
  const input = h('input', { type: 'text', name: 'name', required: true, maxlength: MAX_NAME, value: '', placeholder: user.name, autocomplete: 'name' })
  const form = h('form', { method: 'dialog' },
    h('p', {}, 'Collaborators see this name beside your cursor. You can change it later in “People here”.'),
    h('label', {}, 'Your name ', input),
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', onclick: () => finish(user.name) }, 'Skip'),
      h('button', { type: 'submit', class: 'primary' }, 'Continue')))
  const dialog = h('dialog', { class: 'dialog name-dialog', 'aria-label': 'Your name' }, h('h2', {}, 'What is your name?'), form)
  const finish = (name: string) => {
    publishUser(awareness, { ...user, name: saveName(name) })
    dialog.close()
  }
  form.addEventListener('submit', (e) => { e.preventDefault(); finish(input.value || user.name) })
  dialog.addEventListener('close', () => dialog.remove())
  document.body.appendChild(dialog)
  dialog.showModal()
  input.focus()
}
