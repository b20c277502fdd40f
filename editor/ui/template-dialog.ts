// "New from template" on the document list: pick a template, give a title, create the document.
import { ApiError, createDocumentFromTemplate, listTemplates, type DocumentInfo } from '../api.js'
import { h, replaceChildren } from './dom.js'

/** A button that opens the template dialog; `created` receives the new document. */
export function templateButton(created: (doc: DocumentInfo) => void): HTMLButtonElement {
  return h('button', { type: 'button', class: 'from-template', onclick: () => void openTemplateDialog(created) }, 'New from template…')
}

/** Opens the dialog: the templates as choices, a title (prefilled from the template) and Create. */
export async function openTemplateDialog(created: (doc: DocumentInfo) => void): Promise<void> {
  const choices = h('ul', { class: 'template-choices', role: 'radiogroup', 'aria-label': 'Templates' }, h('li', {}, 'Loading templates…'))
  const title = h('input', { type: 'text', name: 'title', required: true, maxlength: 200, autocomplete: 'off' })
  const error = h('p', { class: 'dialog-error', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create document')
  let titleEdited = false
  title.addEventListener('input', () => { titleEdited = true })
  const form = h('form', { method: 'dialog' }, choices, h('label', {}, 'Title ', title), error,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), submit))
  const dialog = h('dialog', { class: 'dialog template-dialog', 'aria-label': 'New document from a template' }, h('h2', {}, 'New document from a template'), form)
  dialog.addEventListener('close', () => dialog.remove())
  document.body.appendChild(dialog)
  dialog.showModal()
  try {
    const templates = await listTemplates()
    replaceChildren(choices, ...templates.map((t, i) => {
      const radio = h('input', { type: 'radio', name: 'template', value: t.id, ...(i === 0 ? { checked: true } : {}) })
      radio.addEventListener('change', () => { if (!titleEdited) title.value = t.title.replace(/\{\{[^}]*\}\}/g, '').trim() })
      return h('li', {}, h('label', {}, radio, h('span', {}, h('strong', {}, t.title), h('span', { class: 'template-summary' }, t.summary))))
    }))
    if (!templates.length) choices.appendChild(h('li', {}, 'No templates are installed.'))
    if (templates[0]) title.value = templates[0].title.replace(/\{\{[^}]*\}\}/g, '').trim()
    title.focus()
  } catch (e) {
    error.textContent = e instanceof Error ? e.message : String(e)
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const template = form.querySelector<HTMLInputElement>('input[name="template"]:checked')?.value
    if (!template) { error.textContent = 'Choose a template.'; return }
    if (!title.value.trim()) { error.textContent = 'The title cannot be empty.'; title.focus(); return }
    submit.disabled = true
    try {
      const doc = await createDocumentFromTemplate(title.value.trim(), template)
      dialog.close()
      created(doc)
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message : String(err)
      submit.disabled = false
    }
  })
}
