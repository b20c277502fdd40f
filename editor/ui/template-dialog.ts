// "New from template" on the document list: pick a template, give a title, create the document.
import './form-dialogs.css'
import { ApiError, createDocumentFromTemplate, listTemplates, type DocumentInfo, type TemplateInfo } from '../api.js'
import { PLACEHOLDER } from '../model/clauses/vocabulary.js'
import { h, replaceChildren } from './dom.js'

const MAX_TITLE = 200

/** A template title as a person reads it: `{{government}}` becomes `[government]`. */
export const readableTitle = (title: string) => title.replace(PLACEHOLDER, '[$1]').replace(/\s+/g, ' ').trim()

/** The template title with its placeholders drawn as blanks to fill (text nodes only, never HTML). */
function titleWithBlanks(title: string): HTMLElement {
  const out = h('strong', { class: 'template-title' })
  let at = 0
  for (const m of title.matchAll(PLACEHOLDER)) {
    out.append(title.slice(at, m.index))
    out.append(h('span', { class: 'template-blank', title: 'Filled in the document’s parameters' }, m[1]!))
    at = m.index! + m[0].length
  }
  out.append(title.slice(at))
  return out
}

/** A message as a sentence: capital first letter, closing full stop. */
export const sentence = (message: string) => {
  const m = message.trim()
  return m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?…]$/.test(m) ? '' : '.')
}

/** A button that opens the template dialog; `created` receives the new document. */
export function templateButton(created: (doc: DocumentInfo) => void): HTMLButtonElement {
  return h('button', { type: 'button', class: 'from-template', onclick: () => void openTemplateDialog(created) }, 'New from template…')
}

/**
 * Opens the dialog: the templates as a radio group (focused, so arrows choose), a title
 * prefilled from the template until the person types one, and Create. Enter submits from any
 * field, Escape closes; problems show under the field they concern.
 */
export async function openTemplateDialog(created: (doc: DocumentInfo) => void): Promise<void> {
  const choices = h('div', { class: 'template-choices' },
    h('p', { class: 'template-loading' }, 'Loading templates…'))
  const choicesError = h('p', { class: 'field-error', id: 'template-choices-error', role: 'alert' })
  const title = h('input', { type: 'text', name: 'title', id: 'template-title', maxlength: MAX_TITLE, autocomplete: 'off', 'aria-describedby': 'template-title-hint template-title-error' })
  const titleError = h('p', { class: 'field-error', id: 'template-title-error', role: 'alert' })
  const formError = h('p', { class: 'dialog-error', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create document')
  let titleEdited = false
  const setTitleError = (message: string) => {
    titleError.textContent = message
    if (message) title.setAttribute('aria-invalid', 'true')
    else title.removeAttribute('aria-invalid')
  }
  title.addEventListener('input', () => { titleEdited = true; setTitleError('') })
  // novalidate: the dialog says what is wrong in its own words, under the field, not in a browser bubble
  const form = h('form', { method: 'dialog', novalidate: true },
    h('fieldset', { class: 'template-fieldset' },
      h('legend', {}, 'Template'),
      choices, choicesError),
    h('div', { class: 'form-field' },
      h('label', { for: 'template-title' }, 'Title of the new document'),
      title,
      titleError,
      h('p', { class: 'field-hint', id: 'template-title-hint' }, 'As it will appear in your document list; you can rename it later.')),
    h('div', { class: 'dialog-actions' }, formError, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), submit))
  const dialog = h('dialog', { class: 'dialog form-dialog template-dialog', 'aria-labelledby': 'template-dialog-heading' },
    h('h2', { id: 'template-dialog-heading' }, 'New document from a template'), form)
  dialog.addEventListener('close', () => dialog.remove())
  document.body.appendChild(dialog)
  dialog.showModal()
  submit.disabled = true

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    if (submit.disabled) return
    formError.textContent = ''
    const template = form.querySelector<HTMLInputElement>('input[name="template"]:checked')
    if (!template) { choicesError.textContent = 'Choose a template.'; choices.querySelector<HTMLInputElement>('input')?.focus(); return }
    const value = title.value.trim()
    if (!value) { setTitleError('Give the new document a title.'); title.focus(); return }
    if ([...value].length > MAX_TITLE) { setTitleError(`The title must be at most ${MAX_TITLE} characters.`); title.focus(); return }
    submit.disabled = true
    submit.textContent = 'Creating…'
    try {
      const doc = await createDocumentFromTemplate(value, template.value)
      dialog.close()
      created(doc)
    } catch (err) {
      const message = sentence(err instanceof Error ? err.message : String(err))
      if (err instanceof ApiError && err.field === 'title') { setTitleError(message); title.focus() }
      else if (err instanceof ApiError && err.field === 'template') { choicesError.textContent = message; template.focus() }
      else formError.textContent = message
      submit.disabled = false
      submit.textContent = 'Create document'
    }
  })

  let templates: TemplateInfo[] = []
  try {
    templates = await listTemplates()
  } catch (e) {
    replaceChildren(choices)
    choicesError.textContent = `The templates cannot be loaded: ${e instanceof Error ? e.message : String(e)}`
    return
  }
  replaceChildren(choices, ...templates.map((t, i) => {
    const radio = h('input', { type: 'radio', name: 'template', value: t.id, id: `template-${t.id}`, 'aria-describedby': `template-${t.id}-summary`, ...(i === 0 ? { checked: true } : {}) })
    radio.addEventListener('change', () => {
      choicesError.textContent = ''
      if (!titleEdited) { title.value = readableTitle(t.title); setTitleError('') }
    })
    return h('label', { class: 'template-choice', for: `template-${t.id}`, 'data-template': t.id }, radio,
      h('span', { class: 'template-text' }, titleWithBlanks(t.title),
        h('span', { class: 'template-summary', id: `template-${t.id}-summary` }, t.summary)))
  }))
  if (!templates.length) { choices.appendChild(h('p', { class: 'template-loading' }, 'No templates are installed.')); return }
  title.value = readableTitle(templates[0]!.title)
  submit.disabled = false
  // the first field is the choice of template (arrows move through them); Tab reaches the title
  if (!titleEdited) choices.querySelector<HTMLInputElement>('input:checked')?.focus()
}
