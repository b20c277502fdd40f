// The document list page: every treaty draft, with create, import, open, rename and delete.
import './ui/base.css'
import './ui/list.css'
import { ApiError, createDocument, deleteDocument, listDocuments, renameDocument, type DocumentInfo } from './api.js'
import { h, replaceChildren } from './ui/dom.js'
import { templateButton } from './ui/template-dialog.js'
import { importButton } from './ui/import-dialog.js'
import './ui/people.css'
import { currentSession } from './account-api.js'
import { accountBar } from './ui/account-bar.js'
import { canDelete, canRename } from './model/permissions.js'
import './ui/library-panel.css'

const MAX_TITLE = 200
const accountHost = h('span', { class: 'account-host' })

const app = document.getElementById('app')!
const errorBox = h('div', { class: 'list-error', role: 'alert', hidden: true })
const rows = h('tbody', {})
const table = h('table', { class: 'doc-table' },
  h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Title'), h('th', { scope: 'col' }, 'Last updated'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
  rows)
const emptyNote = h('p', { class: 'list-empty', hidden: true }, 'No documents yet. Create the first one above.')

/** Shows an error from the API (or clears it with null). */
function showError(error: unknown) {
  if (error === null) { errorBox.hidden = true; errorBox.textContent = ''; return }
  const message = error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error)
  errorBox.textContent = message.charAt(0).toUpperCase() + message.slice(1)
  errorBox.hidden = false
}

const docHref = (doc: DocumentInfo) => `/d/${encodeURIComponent(doc.id)}`

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
function when(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date)
}

/** A title check before asking the server, so an empty or over-long title is caught as it is typed. */
function titleProblem(title: string): string | null {
  if (!title.trim()) return 'The title cannot be empty.'
  if (title.trim().length > MAX_TITLE) return `The title must be at most ${MAX_TITLE} characters.`
  return null
}

function confirmDelete(doc: DocumentInfo): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', 'aria-label': 'Delete document' },
      h('h2', {}, 'Delete this document?'),
      h('p', {}, '“', doc.title, '” and all its content will be deleted for everyone. This cannot be undone.'),
      h('form', { method: 'dialog', class: 'dialog-actions' },
        h('button', { value: 'cancel', autofocus: true }, 'Cancel'),
        h('button', { value: 'delete', class: 'danger' }, 'Delete')))
    dialog.addEventListener('close', () => { resolve(dialog.returnValue === 'delete'); dialog.remove() })
    document.body.appendChild(dialog)
    dialog.showModal()
  })
}

function startRename(doc: DocumentInfo, cell: HTMLElement) {
  const input = h('input', { type: 'text', class: 'rename-input', value: doc.title, maxlength: MAX_TITLE, 'aria-label': 'New title' })
  const form = h('form', { class: 'rename-form' }, input,
    h('button', { type: 'submit', class: 'primary' }, 'Save'),
    h('button', { type: 'button', onclick: () => void refresh() }, 'Cancel'))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const problem = titleProblem(input.value)
    if (problem) return showError(problem)
    try {
      await renameDocument(doc.id, input.value.trim())
      showError(null)
      await refresh()
    } catch (err) { showError(err) }
  })
  input.addEventListener('keydown', (e) => { if (e.key === 'Escape') void refresh() })
  replaceChildren(cell, form)
  input.focus()
  input.select()
}

function row(doc: DocumentInfo): HTMLElement {
  // an admin who is not a member sees the document marked, and acts as its convener
  const role = doc.role ?? (doc.adminAccess ? 'convener' : null)
  const titleCell = h('td', { class: 'doc-title-cell' }, h('a', { href: docHref(doc), class: 'doc-link' }, doc.title),
    doc.adminAccess ? h('span', { class: 'badge muted', title: 'You see this document as an administrator, not as a member' }, 'admin access')
      : doc.role ? h('span', { class: 'badge role-badge', 'data-role': doc.role }, doc.role) : null)
  return h('tr', { 'data-id': doc.id },
    titleCell,
    h('td', { class: 'doc-updated' }, h('time', { datetime: doc.updatedAt }, when(doc.updatedAt))),
    h('td', { class: 'doc-actions' },
      h('a', { href: docHref(doc), class: 'button' }, 'Open'),
      role && canRename(role) ? h('button', { type: 'button', class: 'rename', onclick: () => startRename(doc, titleCell) }, 'Rename') : null,
      role && canDelete(role) && h('button', {
        type: 'button', class: 'delete danger-text', onclick: async () => {
          if (!(await confirmDelete(doc))) return
          try {
            await deleteDocument(doc.id)
            showError(null)
          } catch (err) { showError(err) }
          await refresh()
        },
      }, 'Delete')))
}

async function refresh() {
  try {
    const docs = await listDocuments()
    replaceChildren(rows, ...docs.map(row))
    emptyNote.hidden = docs.length > 0
    table.hidden = docs.length === 0
  } catch (err) { showError(err) }
}

function createForm(): HTMLElement {
  const input = h('input', { type: 'text', name: 'title', placeholder: 'Title of the new treaty', maxlength: MAX_TITLE, 'aria-label': 'Title of the new document', required: true })
  // novalidate: an empty title is reported in the page's own words (showError), not in a browser bubble
  const form = h('form', { class: 'create-form', novalidate: true }, input, h('button', { type: 'submit', class: 'primary' }, 'Create document'),
    templateButton((doc) => { location.href = docHref(doc) }),
    importButton((doc) => { location.href = docHref(doc) }))
  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    const problem = titleProblem(input.value)
    if (problem) return showError(problem)
    try {
      const doc = await createDocument(input.value.trim())
      showError(null)
      location.href = docHref(doc)
    } catch (err) { showError(err) }
  })
  return form
}

replaceChildren(app,
  h('header', { class: 'app-header' }, h('span', { class: 'brand' }, 'Pacta'), h('span', { class: 'tagline' }, 'Collaborative treaty drafting'), accountHost),
  h('main', { class: 'list-main' },
    h('h1', {}, 'Documents'),
    createForm(),
    errorBox,
    table,
    emptyNote))
void refresh()
void currentSession().then((user) => { if (user) accountHost.replaceWith(accountBar(user)) }, () => {})
