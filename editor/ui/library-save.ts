// The "Save as clause" dialog: the selected articles or paragraphs, with a title, id, category,
// tags and summary, saved to this instance's own library (and searchable at once).
import type { EditorView } from 'prosemirror-view'
import { ApiError, saveClause, type ClauseDetail } from '../api.js'
import { selectionForClause } from '../commands/clauses.js'
import { CATEGORIES, OWN_TAGS, PAX_TAGS } from '../model/clauses/vocabulary.js'
import { h } from './dom.js'

/** A clause id from a title: lower-case words joined by hyphens. */
export const slug = (title: string) => title.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60)

/** Opens the dialog for the current selection; `onSaved` hears of the saved clause. */
export function openSaveClauseDialog(view: EditorView, context: { documentId: string; documentTitle: string; onSaved: (c: ClauseDetail) => void }): void {
  const picked = selectionForClause(view.state)
  const what = !picked ? '' : picked.inserts === 'article'
    ? `${picked.nodes.length} article${picked.nodes.length === 1 ? '' : 's'}: the clause will insert whole articles.`
    : `${picked.nodes.length} paragraph${picked.nodes.length === 1 ? '' : 's'}: the clause will insert paragraphs into an article.`
  const title = h('input', { type: 'text', name: 'title', required: true, maxlength: 200, autocomplete: 'off' })
  const id = h('input', { type: 'text', name: 'id', required: true, maxlength: 80, autocomplete: 'off', pattern: '[a-z0-9]+(-[a-z0-9]+)*' })
  let idEdited = false
  id.addEventListener('input', () => { idEdited = true })
  title.addEventListener('input', () => { if (!idEdited) id.value = slug(title.value) })
  const category = h('select', { name: 'category' }, ...Object.entries(CATEGORIES).map(([v, l]) => h('option', { value: v }, l)))
  const tags = h('select', { name: 'tags', multiple: true, size: 6 },
    h('optgroup', { label: 'PA-X codes' }, ...Object.entries(PAX_TAGS).map(([v, l]) => h('option', { value: v }, `${v} — ${l}`))),
    h('optgroup', { label: 'Pacta tags' }, ...Object.entries(OWN_TAGS).map(([v, l]) => h('option', { value: v }, `${v} — ${l}`))))
  const summary = h('textarea', { name: 'summary', required: true, maxlength: 1000, rows: 2 })
  const notes = h('textarea', { name: 'notes', maxlength: 5000, rows: 2 })
  const error = h('p', { class: 'dialog-error', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Save clause')
  const form = h('form', { method: 'dialog', class: 'save-clause-form' },
    h('p', { class: 'save-clause-what' }, picked ? `The selection holds ${what}` : 'Select the articles or paragraphs to save first.'),
    h('div', { class: 'form-row' }, h('label', {}, 'Title ', title), h('label', {}, 'Id ', id)),
    h('label', {}, 'Category ', category),
    h('label', {}, 'Tags (Ctrl-click for several) ', tags),
    h('label', {}, 'Summary ', summary),
    h('label', {}, 'Drafting notes (optional) ', notes),
    error,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), submit))
  submit.disabled = !picked
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    if (!picked) return
    const chosen = [...tags.selectedOptions].map((o) => o.value)
    if (!chosen.length) { error.textContent = 'Choose at least one tag.'; tags.focus(); return }
    submit.disabled = true
    try {
      const saved = await saveClause({
        id: id.value.trim(), title: title.value.trim(), category: category.value, tags: chosen, summary: summary.value.trim(),
        ...(notes.value.trim() ? { notes: notes.value.trim() } : {}),
        content: picked.nodes.map((n) => n.toJSON()), documentId: context.documentId, documentTitle: context.documentTitle,
      })
      dialog.close()
      context.onSaved(saved)
    } catch (err) {
      error.textContent = err instanceof ApiError ? err.message.charAt(0).toUpperCase() + err.message.slice(1) : String(err)
      const at = err instanceof ApiError && err.field ? form.querySelector<HTMLElement>(`[name="${err.field}"]`) : null
      at?.focus()
      submit.disabled = false
    }
  })
  const dialog = h('dialog', { class: 'dialog save-clause-dialog', 'aria-label': 'Save as clause' }, h('h2', {}, 'Save the selection as a clause'), form)
  dialog.addEventListener('close', () => { dialog.remove(); view.focus() })
  document.body.appendChild(dialog)
  dialog.showModal()
  title.focus()
}
