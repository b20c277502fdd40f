// The parameters panel: every parameter used in the document with its value, filled once here
// and shown wherever the parameter appears.
import type { EditorView } from 'prosemirror-view'
import { setParameterValue } from '../commands/inline.js'
import { parameterList } from '../plugins/parameters.js'
import { h, replaceChildren } from './dom.js'

/** Creates the panel for `view`; call `update` after each state change. */
export function parametersPanel(view: EditorView) {
  const list = h('dl', { class: 'parameters-list' })
  const inputs = new Map<string, HTMLInputElement>()
  let names = ''
  const render = () => {
    const params = parameterList(view.state)
    const signature = params.map((p) => p.name).join('\u0000')
    if (signature !== names) {
      names = signature
      inputs.clear()
      replaceChildren(list, ...params.flatMap((p) => {
        const input = h('input', { type: 'text', 'data-parameter': p.name, placeholder: 'not filled', 'aria-label': `Value of ${p.name}` })
        input.addEventListener('change', () => setParameterValue(view.state, p.name, input.value.trim()))
        input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); input.blur(); view.focus() } })
        inputs.set(p.name, input)
        return [h('dt', {}, p.name), h('dd', {}, input)]
      }))
      if (!params.length) list.appendChild(h('dd', { class: 'empty' }, 'No parameters yet.'))
    }
    for (const p of params) {
      const input = inputs.get(p.name)
      // leave a field alone while someone is typing in it
      if (input && document.activeElement !== input) input.value = p.value ?? ''
    }
  }
  render()
  return {
    el: h('section', { class: 'panel parameters' }, h('h2', {}, 'Parameters'), list),
    update: render,
    /** Puts the focus in the value field of parameter `name` (a click on the parameter in the text). */
    focus(name: string) {
      render()
      const input = inputs.get(name)
      if (!input) return
      input.scrollIntoView({ block: 'nearest' })
      input.focus()
      input.select()
    },
  }
}
