// "Import…" on the document list: choose a file, see what Pacta recognised in it (and what fell
// back to plain text), then create the document from it.
import './form-dialogs.css'
import './import-dialog.css'
import { ApiError, importDocument, previewImport, type DocumentInfo } from '../api.js'
import type { ImportCounts, ImportPreviewView } from '../model/api-views.js'
import { h, replaceChildren } from './dom.js'
import { sentence } from './template-dialog.js'

const MAX_TITLE = 200
/** What the file picker offers (the server reads the format from the extension). */
const ACCEPT = '.docx,.xml,.akn,.md,.markdown,.txt'
const FORMAT_NAMES: Record<string, string> = { docx: 'Word', akn: 'Akoma Ntoso', markdown: 'Markdown', text: 'plain text' }

/** The recognised units, in the order a treaty has them, with their names for one and for many. */
const COUNTED: Array<[keyof ImportCounts, string, string]> = [
  ['recitals', 'recital', 'recitals'], ['parts', 'part', 'parts'], ['chapters', 'chapter', 'chapters'], ['sections', 'section', 'sections'],
  ['articles', 'article', 'articles'], ['paragraphs', 'numbered paragraph', 'numbered paragraphs'], ['items', 'sub-paragraph', 'sub-paragraphs'],
  ['subheadings', 'other heading', 'other headings'], ['annexes', 'annex', 'annexes'], ['signatures', 'signature block', 'signature blocks'],
]

/** A button that opens the import dialog; `created` receives the new document. */
export function importButton(created: (doc: DocumentInfo) => void): HTMLButtonElement {
  return h('button', { type: 'button', class: 'import-button', onclick: () => openImportDialog(created) }, 'Import…')
}

/** The report of a preview: what was recognised, the first articles, and each piece that fell back. */
function reportView(preview: ImportPreviewView): HTMLElement {
  const { report } = preview
  const counts = COUNTED.filter(([key]) => report.counts[key] > 0)
  const fallbacks = report.fallbacks
  return h('div', { class: 'import-report' },
    h('p', { class: 'import-summary' }, `Read as ${FORMAT_NAMES[report.format] ?? report.format}. Title: `, h('strong', {}, preview.title)),
    h('h3', {}, 'Recognised'),
    counts.length
      ? h('ul', { class: 'import-counts' }, ...counts.map(([key, one, many]) => h('li', { 'data-count': key }, h('strong', {}, String(report.counts[key])), ' ', report.counts[key] === 1 ? one : many)))
      : h('p', { class: 'import-nothing' }, 'No treaty structure: every piece of text will be kept as it is.'),
    preview.outline.length ? h('details', { class: 'import-outline' }, h('summary', {}, 'First articles'), h('ol', {}, ...preview.outline.map((line) => h('li', {}, line)))) : null,
    h('h3', {}, fallbacks.length ? `Not recognised (${fallbacks.length})` : 'Not recognised'),
    fallbacks.length
      ? h('ul', { class: 'import-fallbacks' }, ...fallbacks.map((f) => h('li', {}, h('q', {}, f.text), ' — ', f.reason)))
      : h('p', { class: 'import-nothing' }, 'Everything was recognised.'))
}

/**
 * Opens the dialog: a file field (a native control: Space or Enter opens the picker), an optional
 * title, the report once the file is read, and Create. Escape closes; problems show under the
 * field they concern, in words, as the server gave them.
 */
export function openImportDialog(created: (doc: DocumentInfo) => void): void {
  const file = h('input', { type: 'file', id: 'import-file', accept: ACCEPT, 'aria-describedby': 'import-file-hint import-file-error' })
  const fileError = h('p', { class: 'field-error', id: 'import-file-error', role: 'alert' })
  const title = h('input', { type: 'text', id: 'import-title', maxlength: MAX_TITLE, autocomplete: 'off', placeholder: 'The title found in the file', 'aria-describedby': 'import-title-error' })
  const titleError = h('p', { class: 'field-error', id: 'import-title-error', role: 'alert' })
  const report = h('section', { class: 'import-report-host', 'aria-live': 'polite', 'aria-label': 'What the file holds' })
  const formError = h('p', { class: 'dialog-error', role: 'alert' })
  const submit = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Create document')
  let previewed: File | null = null

  const invalid = (input: HTMLInputElement, box: HTMLElement, message: string) => {
    box.textContent = message
    if (message) input.setAttribute('aria-invalid', 'true')
    else input.removeAttribute('aria-invalid')
  }

  file.addEventListener('change', async () => {
    const chosen = file.files?.[0] ?? null
    previewed = null
    submit.disabled = true
    invalid(file, fileError, '')
    formError.textContent = ''
    if (!chosen) { replaceChildren(report); return }
    replaceChildren(report, h('p', { class: 'import-reading' }, `Reading “${chosen.name}”…`))
    try {
      const preview = await previewImport(chosen)
      if (file.files?.[0] !== chosen) return
      previewed = chosen
      replaceChildren(report, reportView(preview))
      submit.disabled = false
    } catch (err) {
      replaceChildren(report)
      invalid(file, fileError, `“${chosen.name}” cannot be imported: ${sentence(err instanceof Error ? err.message : String(err)).replace(/^./, (c) => c.toLowerCase())}`)
      file.focus()
    }
  })
  title.addEventListener('input', () => invalid(title, titleError, ''))

  // novalidate: the dialog says what is wrong in its own words, under the field
  const form = h('form', { method: 'dialog', novalidate: true },
    h('div', { class: 'form-field' },
      h('label', { for: 'import-file' }, 'File'),
      file,
      h('p', { class: 'field-hint', id: 'import-file-hint' }, 'Word (.docx), Akoma Ntoso (.xml, .akn), Markdown (.md) or plain text (.txt). You see what is recognised before anything is created.'),
      fileError),
    h('div', { class: 'form-field' },
      h('label', { for: 'import-title' }, 'Title of the new document (optional)'),
      title,
      titleError),
    report,
    h('div', { class: 'dialog-actions' }, formError, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), submit))
  const dialog = h('dialog', { class: 'dialog form-dialog import-dialog', 'aria-labelledby': 'import-dialog-heading' },
    h('h2', { id: 'import-dialog-heading' }, 'Import a document'), form)
  dialog.addEventListener('close', () => dialog.remove())

  form.addEventListener('submit', async (e) => {
    e.preventDefault()
    if (submit.disabled || !previewed) { if (!previewed) { invalid(file, fileError, 'Choose a file to import.'); file.focus() } return }
    const value = title.value.trim()
    if ([...value].length > MAX_TITLE) { invalid(title, titleError, `The title must be at most ${MAX_TITLE} characters.`); title.focus(); return }
    submit.disabled = true
    submit.textContent = 'Creating…'
    try {
      const result = await importDocument(previewed, value || undefined)
      dialog.close()
      created(result.document)
    } catch (err) {
      const message = sentence(err instanceof Error ? err.message : String(err))
      if (err instanceof ApiError && err.field === 'title') { invalid(title, titleError, message); title.focus() }
      else if (err instanceof ApiError && err.field === 'file') { invalid(file, fileError, message); file.focus() }
      else formError.textContent = message
      submit.disabled = false
      submit.textContent = 'Create document'
    }
  })

  document.body.appendChild(dialog)
  dialog.showModal()
  file.focus()
}
