// The "Save as clause" dialog: the selected articles or paragraphs, with a title, id, category,
// tags and summary, saved to this instance's own library (and searchable at once).
import './form-dialogs.css'
import type { Node } from 'prosemirror-model'
import type { EditorState } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { ApiError, saveClause, type ClauseDetail } from '../api.js'
import { selectionForClause } from '../commands/clauses.js'
import { CATEGORIES, ID_PATTERN, OWN_TAGS, PAX_TAGS } from '../model/clauses/vocabulary.js'
import { getNumbering } from '../plugins/numbering.js'
import { h, replaceChildren } from './dom.js'
import { sentence } from './template-dialog.js'
import { toast } from './toast.js'

/** A clause id from a title: lower-case words joined by hyphens. */
export const slug = (title: string) => title.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '')

/** The fields of the form, by the name the API gives them in errors. */
type Field = 'selection' | 'title' | 'id' | 'category' | 'tags' | 'summary' | 'notes'
const LABELS: Record<Field, string> = { selection: 'Selection', title: 'Title', id: 'Id', category: 'Category', tags: 'Tags', summary: 'Summary', notes: 'Drafting notes' }

/** The form field an API error names (`tags[2]` → tags, `content`/`body` → the selection), if any. */
export function fieldOf(apiField: string | undefined): Field | null {
  const base = apiField?.split(/[.[]/)[0]
  if (base === 'content' || base === 'body') return 'selection'
  return base && base in LABELS ? base as Field : null
}

/** Whether the nodes hold anything to save: some text, or a parameter or reference. */
const hasText = (nodes: Node[]) => nodes.some((n) => {
  let found = false
  n.descendants((c) => { if (found) return false; if ((c.isText && c.text!.trim()) || (c.isInline && c.isAtom)) found = true; return !found })
  return found
})

/** Joins names as a reader lists them: "1", "1 and 2", "1, 2 and 3". */
const listOf = (names: string[]) => names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`

/** Says which units the selection holds ("Article 3 “Safe conduct”", "Paragraphs 1 and 2 of Article 4"). */
function describeSelection(state: EditorState, picked: NonNullable<ReturnType<typeof selectionForClause>>): string {
  const numbering = getNumbering(state)
  const names: string[] = []
  let article = ''
  state.doc.descendants((node, pos) => {
    if (node.type.name === 'article') article = numbering.byPos.get(pos)?.marker || 'the article'
    if (!picked.nodes.includes(node)) return !node.isTextblock
    const marker = numbering.byPos.get(pos)?.marker ?? ''
    const heading = node.type.name === 'article' && node.firstChild?.type.name === 'heading' ? node.firstChild.textContent.trim() : ''
    names.push(node.type.name === 'article' ? `${marker || 'An article'}${heading ? ` “${heading}”` : ''}` : marker.replace(/\.$/, ''))
    return false
  })
  if (picked.inserts === 'article') return `${listOf(names)}. The clause will insert ${names.length === 1 ? 'a whole article' : 'whole articles'}.`
  const which = names.every(Boolean) ? `${names.length === 1 ? 'Paragraph' : 'Paragraphs'} ${listOf(names)} of ${article}` : `The paragraph of ${article}`
  return `${which}. The clause will insert ${names.length === 1 ? 'a paragraph' : 'paragraphs'} into an article.`
}

/**
 * Opens the dialog for the current selection; `onSaved` hears of the saved clause. Focus starts
 * in Title; Enter (Ctrl-Enter in the text areas) saves, Escape closes; each problem is shown
 * under its field and listed beside the Save button.
 */
export function openSaveClauseDialog(view: EditorView, context: { documentId: string; documentTitle: string; onSaved: (c: ClauseDetail) => void }): void {
  const picked = selectionForClause(view.state)
  const errors = new Map<Field, HTMLElement>()
  const controls = new Map<Field, HTMLElement>()
  const field = (name: Field, label: string, control: HTMLElement | null, hint?: string, extra?: HTMLElement) => {
    const error = h('p', { class: 'field-error', id: `save-clause-${name}-error`, role: 'alert' })
    errors.set(name, error)
    const hintEl = hint ? h('p', { class: 'field-hint', id: `save-clause-${name}-hint` }, hint) : null
    if (control) {
      controls.set(name, control)
      control.id ||= `save-clause-${name}`
      control.setAttribute('aria-describedby', [hintEl?.id, error.id].filter(Boolean).join(' '))
    }
    return h('div', { class: `form-field form-field-${name}` },
      control && control.tagName !== 'FIELDSET' ? h('label', { for: control.id }, label) : null,
      control, error, extra, hintEl)
  }

  const title = h('input', { type: 'text', name: 'title', maxlength: 200, autocomplete: 'off' })
  const id = h('input', { type: 'text', name: 'id', maxlength: 80, autocomplete: 'off', spellcheck: 'false' })
  let idEdited = false
  id.addEventListener('input', () => { idEdited = id.value !== '' })
  title.addEventListener('input', () => { if (!idEdited) { id.value = slug(title.value); clear('id') } })
  const category = h('select', { name: 'category' },
    h('option', { value: '' }, 'Choose a category…'),
    ...Object.entries(CATEGORIES).map(([v, l]) => h('option', { value: v }, l)))

  // tags: a filterable list of checkboxes (a multiple select needs Ctrl-click, which people miss)
  const tagFilter = h('input', { type: 'search', class: 'tag-filter', placeholder: 'Filter tags (code or meaning)', 'aria-label': 'Filter tags', autocomplete: 'off' })
  const chosenLine = h('p', { class: 'tags-chosen', 'aria-live': 'polite' }, 'None chosen yet.')
  const tagBox = (code: string, meaning: string) => h('label', { class: 'tag-option', 'data-tag': code, 'data-search': `${code} ${meaning}`.toLowerCase() },
    h('input', { type: 'checkbox', name: 'tags', value: code }), h('span', { class: 'tag-code' }, code), h('span', { class: 'tag-meaning' }, meaning))
  const tagList = h('div', { class: 'tag-list' },
    h('p', { class: 'tag-group' }, 'PA-X codes'), ...Object.entries(PAX_TAGS).map(([c, m]) => tagBox(c, m)),
    h('p', { class: 'tag-group' }, 'Pacta tags'), ...Object.entries(OWN_TAGS).map(([c, m]) => tagBox(c, m)))
  const chosenTags = () => [...tagList.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value)
  tagList.addEventListener('change', (e) => {
    if (e.target instanceof HTMLInputElement) rove(e.target)
    const chosen = chosenTags()
    chosenLine.textContent = chosen.length ? `Chosen: ${chosen.join(', ')}` : 'None chosen yet.'
    clear('tags')
  })
  tagFilter.addEventListener('input', () => {
    const q = tagFilter.value.trim().toLowerCase()
    for (const el of tagList.querySelectorAll<HTMLElement>('.tag-option')) el.hidden = !!q && !el.dataset.search!.includes(q)
  })
  // Enter in the filter ticks the first tag shown instead of saving the form
  tagFilter.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    const first = tagList.querySelector<HTMLInputElement>('.tag-option:not([hidden]) input')
    if (!first || !tagFilter.value.trim()) return
    first.checked = !first.checked
    tagList.dispatchEvent(new Event('change'))
    tagFilter.value = ''
    tagFilter.dispatchEvent(new Event('input'))
  })
  // the list is one Tab stop (not 36): arrows move between the tags shown, Space ticks one
  const shownBoxes = () => [...tagList.querySelectorAll<HTMLInputElement>('.tag-option:not([hidden]) input')]
  const rove = (to: HTMLInputElement | undefined) => {
    if (!to) return
    for (const box of tagList.querySelectorAll<HTMLInputElement>('input')) box.tabIndex = box === to ? 0 : -1
    to.focus()
  }
  for (const [i, box] of [...tagList.querySelectorAll<HTMLInputElement>('input')].entries()) box.tabIndex = i === 0 ? 0 : -1
  tagList.addEventListener('keydown', (e) => {
    const boxes = shownBoxes()
    const at = boxes.indexOf(e.target as HTMLInputElement)
    if (at < 0) return
    const to = e.key === 'ArrowDown' ? boxes[at + 1] : e.key === 'ArrowUp' ? (at === 0 ? undefined : boxes[at - 1])
      : e.key === 'Home' ? boxes[0] : e.key === 'End' ? boxes[boxes.length - 1] : null
    if (to === null) return
    e.preventDefault()
    if (to) rove(to)
    else if (e.key === 'ArrowUp') tagFilter.focus()
  })
  tagFilter.addEventListener('keydown', (e) => { if (e.key === 'ArrowDown') { e.preventDefault(); rove(shownBoxes()[0]) } })
  tagFilter.addEventListener('input', () => {
    // keep the list's Tab stop on a tag that is shown
    const boxes = shownBoxes()
    if (boxes.length && !boxes.some((b) => b.tabIndex === 0)) for (const box of tagList.querySelectorAll<HTMLInputElement>('input')) box.tabIndex = box === boxes[0] ? 0 : -1
  })
  const tags = h('fieldset', { class: 'tag-fieldset' }, h('legend', {}, 'Tags'), tagFilter, tagList)
  tags.id = 'save-clause-tags'

  const summary = h('textarea', { name: 'summary', maxlength: 1000, rows: 2 })
  const notes = h('textarea', { name: 'notes', maxlength: 5000, rows: 2 })
  const formError = h('p', { class: 'dialog-error', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Save clause')

  const empty = !picked || !hasText(picked.nodes)
  const selectionNote = h('p', { class: `save-clause-what${empty ? ' is-invalid' : ''}`, id: 'save-clause-selection' },
    picked ? describeSelection(view.state, picked) : 'No article or paragraph is selected.')

  // novalidate: problems are said in the dialog, under their field, not in browser bubbles
  const form = h('form', { method: 'dialog', novalidate: true, class: 'save-clause-form' },
    field('selection', 'Selection', null, undefined, h('div', { class: 'form-field-static' }, h('span', { class: 'static-label' }, 'Selection'), selectionNote)),
    h('div', { class: 'form-row' },
      field('title', 'Title', title),
      field('id', 'Id', id, 'Lower case, words joined by hyphens.')),
    field('category', 'Category', category),
    field('tags', 'Tags', tags, undefined, chosenLine),
    field('summary', 'Summary', summary, 'One or two sentences on what the clause does.'),
    field('notes', 'Drafting notes (optional)', notes, 'For drafters and reviewers; never inserted into a document.'),
    // the list of problems sits beside Save, which stays in view however far the form scrolls
    h('div', { class: 'dialog-actions' }, formError, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), submit))

  function clear(name: Field) {
    errors.get(name)!.textContent = ''
    controls.get(name)?.removeAttribute('aria-invalid')
    if (![...errors.values()].some((e) => e.textContent)) formError.textContent = ''
  }
  function show(problems: Array<[Field, string]>) {
    for (const [name, message] of problems) {
      errors.get(name)!.textContent = message
      controls.get(name)?.setAttribute('aria-invalid', 'true')
    }
    const names = [...new Set(problems.map(([n]) => LABELS[n]))]
    formError.textContent = names.length === 1 ? `Check ${names[0]}.` : `Check ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}.`
    const first = problems[0]?.[0]
    const target = first === 'tags' ? tagFilter : first ? controls.get(first) : null
    if (target) target.focus()
    else errors.get(first ?? 'selection')?.scrollIntoView({ block: 'nearest' })
  }
  for (const [name, control] of [['title', title], ['id', id], ['summary', summary], ['notes', notes]] as const) control.addEventListener('input', () => clear(name))
  category.addEventListener('change', () => clear('category'))
  for (const area of [summary, notes]) area.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit() } })

  /** The problems a person can fix before asking the server. */
  const check = (): Array<[Field, string]> => {
    const out: Array<[Field, string]> = []
    if (!picked) out.push(['selection', 'Nothing to save: close this dialog, put the cursor in an article (or select articles or paragraphs) and choose Save as clause again.'])
    else if (empty) out.push(['selection', `The selected ${picked.inserts === 'article' ? 'article has' : 'paragraphs have'} no text yet: write the text first, then save it.`])
    if (!title.value.trim()) out.push(['title', 'Give the clause a title.'])
    const idValue = id.value.trim()
    if (!idValue) out.push(['id', 'Give the clause an id, e.g. safe-conduct.'])
    else if (!ID_PATTERN.test(idValue)) out.push(['id', 'Use lower-case letters and digits, words joined by single hyphens (e.g. safe-conduct).'])
    if (!category.value) out.push(['category', 'Choose a category.'])
    if (!chosenTags().length) out.push(['tags', 'Choose at least one tag.'])
    if (!summary.value.trim()) out.push(['summary', 'Write a summary of one or two sentences.'])
    return out
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    if (submit.disabled) return
    for (const name of errors.keys()) clear(name)
    const problems = check()
    if (problems.length) return show(problems)
    submit.disabled = true
    submit.textContent = 'Saving…'
    try {
      const saved = await saveClause({
        id: id.value.trim(), title: title.value.trim(), category: category.value, tags: chosenTags(), summary: summary.value.trim(),
        ...(notes.value.trim() ? { notes: notes.value.trim() } : {}),
        content: picked!.nodes.map((n) => n.toJSON()), documentId: context.documentId, documentTitle: context.documentTitle,
      })
      dialog.close()
      context.onSaved(saved)
      toast(`Saved “${saved.title}” to this library. Find it under Library.`)
    } catch (err) {
      const at = err instanceof ApiError ? fieldOf(err.field) : null
      const message = sentence(err instanceof Error ? err.message : String(err))
      if (at) show([[at, message]])
      else formError.textContent = err instanceof ApiError && err.status === 403 ? 'Your role in this document does not allow saving clauses.' : message
      submit.disabled = false
      submit.textContent = 'Save clause'
    }
  })
  const dialog = h('dialog', { class: 'dialog form-dialog save-clause-dialog', 'aria-labelledby': 'save-clause-heading' },
    h('h2', { id: 'save-clause-heading' }, 'Save the selection as a clause'), form)
  dialog.addEventListener('close', () => { dialog.remove(); view.focus() })
  document.body.appendChild(dialog)
  dialog.showModal()
  if (!picked || empty) show(check().filter(([f]) => f === 'selection'))
  title.focus()
  replaceChildren(formError)
}
