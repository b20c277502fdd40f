// Dialogs for inserting a cross-reference (pick the target from a list) and a parameter (name, optional value).
import type { Command } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type { PageCommands } from '../commands/actions.js'
import { insertParameter, insertXref, xrefTargets } from '../commands/inline.js'
import { PARAMETER_NAME_RULE, isParameterName } from '../model/clauses/vocabulary.js'
import { parameterList } from '../plugins/parameters.js'
import { parameterText } from '../model/clauses/values.js'
import { h, replaceChildren } from './dom.js'

function modal(title: string, ...body: HTMLElement[]): HTMLDialogElement {
  const dialog = h('dialog', { class: 'dialog', 'aria-label': title }, h('h2', {}, title), ...body)
  dialog.addEventListener('close', () => dialog.remove())
  document.body.appendChild(dialog)
  dialog.showModal()
  return dialog
}

/** Opens the cross-reference picker; choosing a target inserts a reference to it at the selection. */
export function openXrefDialog(view: EditorView): void {
  if (!insertXref()(view.state)) return
  const targets = xrefTargets(view.state)
  const filter = h('input', { type: 'search', class: 'dialog-filter', placeholder: 'Filter by number or text', 'aria-label': 'Filter targets' })
  const list = h('ul', { class: 'xref-targets', role: 'listbox', 'aria-label': 'Targets' })
  const choose = (id: string) => {
    dialog.close()
    insertXref(id)(view.state, view.dispatch)
    view.focus()
  }
  const render = () => {
    const q = filter.value.trim().toLowerCase()
    const shown = targets.filter((t) => !q || t.ref.toLowerCase().includes(q) || t.text.toLowerCase().includes(q))
    replaceChildren(list, ...shown.map((t) => h('li', { class: `xref-target xref-target-${t.kind}` },
      h('button', { type: 'button', 'data-target': t.id, onclick: () => choose(t.id) },
        h('span', { class: 'xref-target-ref' }, t.ref), ' ', h('span', { class: 'xref-target-text' }, t.text)))))
    if (!shown.length) list.appendChild(h('li', { class: 'empty' }, 'No article or paragraph matches.'))
  }
  filter.addEventListener('input', render)
  filter.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    const first = list.querySelector<HTMLButtonElement>('button[data-target]')
    if (first) choose(first.dataset.target!)
  })
  const cancel = h('button', { type: 'button', onclick: () => { dialog.close(); view.focus() } }, 'Cancel')
  const dialog = modal('Insert a cross-reference', filter, list, h('div', { class: 'dialog-actions' }, cancel))
  render()
  filter.focus()
}

/** Opens the parameter form; submitting inserts the parameter and, when given, sets its value everywhere. */
export function openParameterDialog(view: EditorView): void {
  if (!insertParameter()(view.state)) return
  const known = parameterList(view.state)
  const datalist = h('datalist', { id: 'parameter-names' }, ...known.map((p) => h('option', { value: p.name })))
  const name = h('input', { type: 'text', name: 'name', required: true, list: 'parameter-names', autocomplete: 'off', maxlength: 60 })
  const value = h('input', { type: 'text', name: 'value', autocomplete: 'off' })
  const error = h('p', { class: 'dialog-error', role: 'alert' })
  name.addEventListener('input', () => {
    const existing = known.find((p) => p.name === name.value.trim())
    if (existing?.value !== undefined && !value.value) value.placeholder = parameterText(existing.value)
  })
  const form = h('form', { method: 'dialog' },
    h('label', {}, 'Name ', name),
    h('label', {}, 'Value (optional, shown wherever the parameter appears) ', value),
    error,
    h('div', { class: 'dialog-actions' },
      h('button', { type: 'button', onclick: () => { dialog.close(); view.focus() } }, 'Cancel'),
      h('button', { type: 'submit', class: 'primary' }, 'Insert')),
  )
  form.addEventListener('submit', (e) => {
    e.preventDefault()
    const n = name.value.trim()
    if (!isParameterName(n)) { error.textContent = `“${n}” cannot be used: ${PARAMETER_NAME_RULE}.`; name.focus(); return }
    dialog.close()
    const v = value.value.trim()
    insertParameter(n, v === '' ? undefined : v)(view.state, view.dispatch)
    view.focus()
  })
  const dialog = modal('Insert a parameter', datalist, form)
  name.focus()
}

/**
 * The cross-reference and parameter actions of the page: a dry run asks whether the insertion
 * applies here; a real run opens its dialog on the view (once there is one).
 */
export function dialogCommands(view: () => EditorView | null): PageCommands {
  const opening = (applies: Command, open: (view: EditorView) => void): Command => (state, dispatch) => {
    if (!applies(state)) return false
    const v = view()
    if (dispatch && v) open(v)
    return true
  }
  return {
    insertXref: opening(insertXref(), openXrefDialog),
    insertParameter: opening(insertParameter(), openParameterDialog),
  }
}
