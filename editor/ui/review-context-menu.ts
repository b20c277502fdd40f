// The treaty's context menu for review: a right-click on selected text offers "Comment" (and on
// the cursor, "Suggest an insertion here"), for anyone whose role may comment. Each entry runs the
// same command as its toolbar button and shortcut; where none applies the browser's own menu opens.
import type { Command } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { h } from './dom.js'

/** One entry: its text, its shortcut as shown, and the command it runs. */
export interface ContextEntry {
  key: string
  text: string
  shortcut: string
  command: Command
}

/** Shows the review entries that apply on right-click in `view`; returns a function that stops. */
export function reviewContextMenu(view: EditorView, entries: readonly ContextEntry[]): () => void {
  const menu = h('div', { class: 'review-context-menu', role: 'menu', hidden: true })
  document.body.append(menu)
  const close = () => { menu.hidden = true }

  const onContextMenu = (e: MouseEvent) => {
    const usable = entries.filter((entry) => entry.command(view.state))
    if (usable.length === 0) return
    e.preventDefault()
    menu.replaceChildren(...usable.map((entry) => h('button', {
      type: 'button', role: 'menuitem', class: 'review-context-item', 'data-action': entry.key,
      // keep the selection in the text while the menu is used
      onmousedown: (ev: Event) => ev.preventDefault(),
      onclick: () => { close(); entry.command(view.state, view.dispatch, view) },
    }, entry.text, entry.shortcut ? h('span', { class: 'review-context-keys' }, entry.shortcut) : null)))
    menu.style.left = `${Math.min(e.clientX, window.innerWidth - 220)}px`
    menu.style.top = `${Math.min(e.clientY, window.innerHeight - 40 * usable.length)}px`
    menu.hidden = false
    ;(menu.firstElementChild as HTMLElement | null)?.focus()
  }
  const onDown = (e: MouseEvent) => { if (!menu.contains(e.target as Node)) close() }
  const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && !menu.hidden) { close(); view.focus() } }
  view.dom.addEventListener('contextmenu', onContextMenu)
  document.addEventListener('mousedown', onDown)
  document.addEventListener('keydown', onKey)
  window.addEventListener('blur', close)
  return () => {
    view.dom.removeEventListener('contextmenu', onContextMenu)
    document.removeEventListener('mousedown', onDown)
    document.removeEventListener('keydown', onKey)
    window.removeEventListener('blur', close)
    menu.remove()
  }
}
