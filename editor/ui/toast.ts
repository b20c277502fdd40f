// Short messages at the foot of the page ("Saved …", "Every parameter has a value"), gone after a few seconds.
import { h } from './dom.js'

/** How long a message stays. */
const TOAST_MS = 6000

/** Shows `text` at the foot of the page for a few seconds, in place of any message still there; read out as a status. */
export function toast(text: string): void {
  for (const old of document.querySelectorAll('body > .toast')) old.remove()
  const el = h('div', { class: 'toast', role: 'status' }, text)
  document.body.appendChild(el)
  setTimeout(() => el.remove(), TOAST_MS)
}
