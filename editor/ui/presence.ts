// The presence list: who is in the document, with their cursor colours. A signed-in person's
// name is their account's (the server stamps it on their presence), shown as text; only a
// visitor without an account chooses the name others see, in a field here.
import type { Awareness } from 'y-protocols/awareness'
import { MAX_NAME, presentUsers, publishUser, saveName, type PresenceUser } from '../collab/presence.js'
import { h } from './dom.js'

/** What the list needs besides the awareness. */
export interface PresenceListOptions {
  /** Whether the person may choose their name here (a visitor without an account). */
  nameEditable: boolean
  /** Hears how many people are present, this person included, whenever that changes. */
  onCount?: (count: number) => void
}

/** The own entry's name: a field for a visitor, text for an account. */
function ownName(awareness: Awareness, user: () => PresenceUser, rename: (name: string) => void, editable: boolean): { el: HTMLElement; show(name: string): void } {
  if (!editable) {
    const el = h('span', { class: 'presence-name', title: 'The name of your account, as others see it' }, user().name)
    return { el, show: (name) => { if (el.textContent !== name) el.textContent = name } }
  }
  const input = h('input', {
    class: 'presence-name', type: 'text', maxlength: MAX_NAME, 'aria-label': 'Your name, as others see it',
    title: 'Your name, as others see it', value: user().name,
  })
  input.addEventListener('change', () => {
    const name = saveName(input.value)
    input.value = name
    publishUser(awareness, { ...user(), name })
    rename(name)
  })
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); input.blur() } })
  // the field keeps what is being typed in it
  return { el: input, show: (name) => { if (document.activeElement !== input) input.value = name } }
}

/** Renders the presence list into a new element and keeps it current. */
export function presenceList(awareness: Awareness, user: PresenceUser, options: PresenceListOptions) {
  const name = ownName(awareness, () => user, (n) => { user = { ...user, name: n } }, options.nameEditable)

  // colours through the CSSOM: the page's security policy refuses style attributes
  const dot = (colour: string) => { const el = h('span', { class: 'dot' }); el.style.background = colour; return el }
  const selfDot = dot(user.color)
  const selfItem = h('li', { class: 'presence-self' }, selfDot, name.el, h('span', { class: 'presence-you' }, '(you)'))
  const list = h('ul', { class: 'presence-list', 'aria-label': 'People in this document' })
  let shown = ''
  const render = () => {
    const users = presentUsers(awareness)
    // awareness changes with every remote cursor move; rebuild only when the people change,
    // which also keeps the name field focused while it is being edited
    const signature = JSON.stringify(users.map((u) => [u.clientId, u.name, u.color]))
    if (signature === shown) return
    shown = signature
    const self = users.find((u) => u.self)
    if (self) {
      selfDot.style.background = self.color
      name.show(self.name)
      user = { ...user, name: self.name, color: self.color }
    }
    const others = users.filter((u) => !u.self).map((u) =>
      h('li', { 'data-client': u.clientId }, dot(u.color), h('span', { class: 'presence-other' }, u.name)))
    // the own entry stays the same element, so the name field keeps focus while others come and go
    if (list.firstChild !== selfItem) list.prepend(selfItem)
    while (list.lastChild && list.lastChild !== selfItem) list.lastChild.remove()
    for (const li of others) list.appendChild(li)
    options.onCount?.(others.length + 1)
  }
  awareness.on('change', render)
  render()
  return { el: h('section', { class: 'panel presence' }, h('h2', {}, 'People here'), list) }
}
