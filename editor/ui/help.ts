// The keyboard shortcut help popover, opened from the toolbar's "?" button.
import { ACTIONS, displayKeys } from '../commands/actions.js'
import { h } from './dom.js'

/** The "?" button and its popover listing every shortcut. */
export function helpButton(): HTMLElement {
  // the table is made when the popover first opens: the page's opening need not build it
  const body = h('tbody', {})
  const fill = () => {
    if (body.firstChild) return
    const rows = ACTIONS.filter((a) => a.keys.length > 0).map((a) => h('tr', {},
      h('td', {}, ...a.keys.flatMap((k, i) => [i ? ' or ' : '', h('kbd', {}, displayKeys(k))])),
      h('td', {}, a.label)))
    const extra = [
      ['Enter', 'In a heading: go to the first paragraph. At the end of a paragraph: a new paragraph.'],
      ['Backspace', 'At the start of an empty paragraph or article: remove it.'],
    ].map(([k, text]) => h('tr', {}, h('td', {}, h('kbd', {}, k!)), h('td', {}, text!)))
    body.append(...rows, ...extra)
  }
  const pop = h('div', { class: 'popover help-popover', id: 'help-popover', role: 'dialog', 'aria-label': 'Keyboard shortcuts', hidden: true },
    h('h2', {}, 'Keyboard shortcuts'),
    h('table', {}, body))
  const button = h('button', { type: 'button', class: 'tb tb-help', title: 'Keyboard shortcuts', 'aria-expanded': 'false', 'aria-controls': 'help-popover' }, '?')
  const close = () => { pop.hidden = true; button.setAttribute('aria-expanded', 'false') }
  button.addEventListener('click', (e) => {
    e.stopPropagation()
    fill()
    pop.hidden = !pop.hidden
    button.setAttribute('aria-expanded', String(!pop.hidden))
  })
  document.addEventListener('click', (e) => { if (!pop.contains(e.target as Node)) close() })
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') close() })
  return h('div', { class: 'help' }, button, pop)
}
