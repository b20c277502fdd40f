// The parameters panel: every parameter used in the document with its value, filled once here
// and shown wherever the parameter appears. Labels, types and "required" come from the clauses
// the document's library text came from; unfilled required parameters are counted and marked.
import type { EditorView } from 'prosemirror-view'
import { setParameterValue } from '../commands/parameters.js'
import { parameterList } from '../plugins/parameters.js'
import { getProvenance } from '../plugins/provenance.js'
import type { ClauseParameter } from '../model/clauses/clause.js'
import { parameterValueError } from '../model/clauses/values.js'
import { h, replaceChildren } from './dom.js'

type Field = { input: HTMLInputElement | HTMLSelectElement; row: HTMLElement[]; error: HTMLElement; param: ClauseParameter | undefined }

/** A typed field for one parameter (a plain text field when nothing is known about it). */
function field(name: string, param: ClauseParameter | undefined): HTMLInputElement | HTMLSelectElement {
  const common = { 'data-parameter': name, 'aria-label': `Value of ${param?.label ?? name}` }
  if (param?.type === 'choice') {
    return h('select', common, h('option', { value: '' }, 'not filled'), ...(param.options ?? []).map((o) => h('option', { value: o }, o)))
  }
  const type = param?.type === 'date' ? 'date' : param?.type === 'number' ? 'number' : 'text'
  return h('input', { ...common, type, placeholder: param?.default ? `e.g. ${param.default}` : 'not filled', autocomplete: 'off', ...(type === 'number' ? { step: 'any' } : {}) })
}

/** Creates the panel for `view`; call `update` after each state change. */
export function parametersPanel(view: EditorView) {
  const list = h('dl', { class: 'parameters-list' })
  const count = h('span', { class: 'param-count', 'aria-live': 'polite' })
  const fields = new Map<string, Field>()
  let signature = ''
  const render = () => {
    const params = parameterList(view.state)
    const provenance = getProvenance(view.state)
    const info = provenance?.parameters ?? new Map<string, ClauseParameter>()
    const next = params.map((p) => { const i = info.get(p.name); return `${p.name}:${i ? `${i.label}/${i.type}/${i.required}/${(i.options ?? []).join('|')}` : ''}` }).join('\u0000')
    if (next !== signature) {
      signature = next
      fields.clear()
      replaceChildren(list, ...params.flatMap((p) => {
        const param = info.get(p.name)
        const input = field(p.name, param)
        const error = h('span', { class: 'param-error', role: 'alert' })
        input.addEventListener('change', () => {
          const value = input.value.trim()
          const problem = value && param ? parameterValueError(param, value) : null
          error.textContent = problem ?? ''
          if (!problem) setParameterValue(view.state, p.name, value)
        })
        input.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') { e.preventDefault(); input.blur(); view.focus() } })
        const dt = h('dt', { 'data-name': p.name },
          param ? h('span', { class: 'param-label' }, param.label) : null,
          param?.required ? h('span', { class: 'lp-required-mark', title: 'Required' }, ' *') : null,
          h('span', { class: param ? 'param-name' : '' }, p.name))
        const dd = h('dd', {}, input, error)
        fields.set(p.name, { input, row: [dt, dd], error, param })
        return [dt, dd]
      }))
      if (!params.length) list.appendChild(h('dd', { class: 'empty' }, 'No parameters yet.'))
    }
    let missing = 0
    for (const p of params) {
      const f = fields.get(p.name)
      if (!f) continue
      // leave a field alone while someone is typing in it
      if (document.activeElement !== f.input) f.input.value = p.value ?? ''
      const unfilled = !!f.param?.required && !p.value
      if (unfilled) missing++
      for (const el of f.row) el.classList.toggle('param-missing', unfilled)
    }
    count.textContent = missing ? `${missing} required unfilled` : ''
  }
  render()
  return {
    el: h('section', { class: 'panel parameters' }, h('h2', {}, 'Parameters', count), list),
    update: render,
    /** Puts the focus in the value field of parameter `name` (a click on the parameter in the text). */
    focus(name: string) {
      render()
      const input = fields.get(name)?.input
      if (!input) return
      input.scrollIntoView({ block: 'nearest' })
      input.focus()
      if (input instanceof HTMLInputElement) input.select()
    },
  }
}
