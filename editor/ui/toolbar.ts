// The toolbar: one button per action of the action table, enabled from the action's dry run, titled with its shortcut.
import type { Command, EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ACTIONS, shortcutText, TOOLBAR_GROUPS, type PageCommands } from '../commands/actions.js'
import { h, setIfChanged } from './dom.js'

/** Builds the toolbar from the action table, followed by `extra`; `update` re-enables buttons for a new state. */
export function toolbar(view: EditorView, page: PageCommands, extra: HTMLElement[] = []) {
  const buttons: Array<{ command: Command; el: HTMLButtonElement; readOnlyToo: boolean }> = []
  const el = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Editing' })
  for (const group of TOOLBAR_GROUPS) {
    const g = h('div', { class: 'toolbar-group' })
    for (const action of ACTIONS.filter((a) => a.toolbar?.group === group)) {
      const command = action.command(page)
      const keys = shortcutText(action)
      const button = h('button', {
        type: 'button', class: `tb tb-${action.name}`, 'data-action': action.name,
        title: keys ? `${action.title} (${keys})` : action.title, 'aria-label': action.title,
      }, action.toolbar!.text)
      // keep the editor's selection: act on mousedown without taking focus
      button.addEventListener('mousedown', (e) => e.preventDefault())
      button.addEventListener('click', () => {
        command(view.state, view.dispatch, view)
        // the editor normally still has focus (see mousedown); focusing it again would re-set the
        // DOM selection and can race with the first keystroke that follows; an editor inside the
        // treaty (a footnote's text, just inserted) keeps the focus it was given
        if (!view.hasFocus() && !view.dom.contains(view.root.activeElement)) view.focus()
      })
      buttons.push({ command, el: button, readOnlyToo: action.readOnlyToo === true })
      g.appendChild(button)
    }
    el.appendChild(g)
  }
  for (const x of extra) el.appendChild(x)
  return {
    el,
    update(state: EditorState) {
      const editable = view.editable
      for (const { command, el: button, readOnlyToo } of buttons) setIfChanged(button, 'disabled', (!editable && !readOnlyToo) || !command(state, undefined, view))
    },
  }
}
