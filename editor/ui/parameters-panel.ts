// The parameters panel: every parameter used in the document with its value, filled once here
// and shown wherever the parameter appears. Labels, types and "required" come from the clauses
// the document's library text came from; unfilled required parameters are counted and marked.
import type { EditorView } from 'prosemirror-view'
import { NodeSelection, TextSelection, type Command } from 'prosemirror-state'
import { keydownHandler } from 'prosemirror-keymap'
import { ACTIONS } from '../commands/actions.js'
import { setParameterValue } from '../commands/parameters.js'
import { parameterList } from '../plugins/parameters.js'
import { getProvenance } from '../plugins/provenance.js'
import type { ClauseParameter } from '../model/clauses/clause.js'
import { enteredValue, fieldText } from '../model/clauses/values.js'
import { DATE_EXAMPLE } from '../model/dates.js'
import { h, replaceChildren } from './dom.js'
import type { PanelPlace } from './sidebar-tabs.js'

type Field = { input: HTMLInputElement | HTMLSelectElement; row: HTMLElement[]; error: HTMLElement; param: ClauseParameter | undefined }

/** A typed field for one parameter (a plain text field when nothing is known about it). */
function field(name: string, param: ClauseParameter | undefined): HTMLInputElement | HTMLSelectElement {
  const common = { 'data-parameter': name, 'aria-label': `Value of ${param?.label ?? name}` }
  if (param?.type === 'choice') {
    return h('select', common, h('option', { value: '' }, 'not filled'), ...(param.options ?? []).map((o) => h('option', { value: o }, o)))
  }
  // dates in a text field, in the treaty's own format ("1 March 2027"), not the browser's date picker
  const type = param?.type === 'number' ? 'number' : 'text'
  const example = param?.default ? fieldText(param, param.default) : param?.type === 'date' ? DATE_EXAMPLE : null
  return h('input', { ...common, type, placeholder: example ? `e.g. ${example}` : 'not filled', autocomplete: 'off', ...(type === 'number' ? { step: 'any' } : {}) })
}

/**
 * Puts the focus back in the text; when a parameter is selected there (the click that opened its
 * field), the cursor goes just after it, so that what is typed next follows the parameter.
 */
function backToText(view: EditorView): void {
  const sel = view.state.selection
  if (sel instanceof NodeSelection && sel.node.type.name === 'parameter') view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, sel.to)))
  view.focus()
}

/** Where the panel sits and who hears its count. */
export interface ParametersPanelOptions {
  /** Brings the panel into view before a field is focused (its sidebar tab). */
  place?: PanelPlace
  /** Hears the number of required parameters without a value, after each render. */
  onMissing?: (missing: number) => void
  /**
   * The Next unfilled action's command: its keys work in a field too, the value typed there kept
   * first, so a drafter can fill one blank after another without going back to the text.
   */
  next?: Command
}

/**
 * Creates the panel for `view`; call `update` after each state change and after a change of
 * role. The fields are read-only unless `canEdit()` (the role may change the text).
 */
export function parametersPanel(view: EditorView, canEdit: () => boolean, options: ParametersPanelOptions = {}) {
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
          if (!canEdit()) return
          const entered = param ? enteredValue(param, input.value) : { value: input.value.trim() }
          error.textContent = entered.error ?? ''
          if (entered.value === undefined) return
          setParameterValue(view.state, p.name, entered.value)
          if (document.activeElement !== input) input.value = fieldText(param, entered.value)
        })
        input.addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter') { e.preventDefault(); input.blur(); backToText(view) } })
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
    const editable = canEdit()
    for (const p of params) {
      const f = fields.get(p.name)
      if (!f) continue
      f.input.disabled = !editable
      f.input.title = editable ? '' : 'Your role does not allow changing parameter values'
      // leave a field alone while someone is typing in it
      if (document.activeElement !== f.input) f.input.value = fieldText(f.param, p.value ?? '')
      const unfilled = !!f.param?.required && !p.value
      if (unfilled) missing++
      for (const el of f.row) el.classList.toggle('param-missing', unfilled)
    }
    count.textContent = missing ? `${missing} required unfilled` : ''
    options.onMissing?.(missing)
  }
  render()
  const next = options.next
  if (next) {
    const keys = ACTIONS.find((a) => a.name === 'nextUnfilled')?.keys ?? []
    // leaving the field keeps its value (its change event), then the search starts from the text
    const fromField: Command = () => {
      if (document.activeElement instanceof HTMLElement && list.contains(document.activeElement)) document.activeElement.blur()
      view.focus()
      return next(view.state, view.dispatch, view)
    }
    const handler = keydownHandler(Object.fromEntries(keys.map((k) => [k, fromField])))
    list.addEventListener('keydown', (e) => { if (handler(view, e)) { e.preventDefault(); e.stopPropagation() } })
  }
  return {
    el: h('section', { class: 'panel parameters' }, h('h2', {}, 'Parameters', count), list),
    update: render,
    /** Puts the focus in the value field of parameter `name` (a click on the parameter in the text). */
    focus(name: string) {
      options.place?.reveal()
      render()
      const input = fields.get(name)?.input
      if (!input) return
      input.scrollIntoView({ block: 'nearest' })
      input.focus()
      if (input instanceof HTMLInputElement) input.select()
    },
  }
}
