// The toolbar: one button per action, enabled from the action's dry run, titled with its shortcut.
import type { Command, EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { shortcutFor, type ActionName } from '../commands/keymap.js'
import { h } from './dom.js'

/** A toolbar button: the action it runs, its text, and its command (dry-run to enable it). */
export interface ToolbarItem {
  action: ActionName
  text: string
  title: string
  command: Command
  /** Marks the button pressed (e.g. bold at the cursor). */
  active?: (state: EditorState) => boolean
}

/** Builds the toolbar from groups of items; `update` re-enables buttons for a new state. */
export function toolbar(view: EditorView, groups: ToolbarItem[][], extra: HTMLElement[] = []) {
  const buttons: Array<{ item: ToolbarItem; el: HTMLButtonElement }> = []
  const el = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Editing' })
  for (const group of groups) {
    const g = h('div', { class: 'toolbar-group' })
    for (const item of group) {
      const keys = shortcutFor(item.action)
      const button = h('button', {
        type: 'button', class: `tb tb-${item.action}`, 'data-action': item.action,
        title: keys ? `${item.title} (${keys})` : item.title, 'aria-label': item.title,
      }, item.text)
      // keep the editor's selection: act on mousedown without taking focus
      button.addEventListener('mousedown', (e) => e.preventDefault())
      button.addEventListener('click', () => {
        item.command(view.state, view.dispatch, view)
        // the editor normally still has focus (see mousedown); focusing it again would re-set the
        // DOM selection and can race with the first keystroke that follows
        if (!view.hasFocus()) view.focus()
      })
      buttons.push({ item, el: button })
      g.appendChild(button)
    }
    el.appendChild(g)
  }
  for (const x of extra) el.appendChild(x)
  return {
    el,
    update(state: EditorState) {
      const editable = view.editable
      for (const { item, el: button } of buttons) {
        button.disabled = !editable || !item.command(state, undefined, view)
        if (item.active) button.setAttribute('aria-pressed', String(item.active(state)))
      }
    },
  }
}
