// The toolbar's Export menu: downloads the document as standalone HTML, Word, PDF, Akoma Ntoso or Markdown,
// clean or with drafting notes, an HTML working copy with the comment threads, and (conveners) a
// final export; it shows what the pre-export check finds, each finding a link to its place.
import { exportDocument, type ExportedFile } from '../api.js'
import type { LintFinding } from '../model/lint/index.js'
import { findingsList, findingsSummary } from './check-panel.js'
import { h, replaceChildren } from './dom.js'
import './toolbar-export.css'

/** What the menu shows of the pre-export check, and who may make a final export. */
export interface ExportMenuOptions {
  /** The check's findings on the document now. */
  findings?: () => LintFinding[]
  /** Selects the place of a finding. */
  select?: (finding: LintFinding) => void
  /** Whether the user may make a final export (conveners). */
  canFinal?: () => boolean
}

/** One entry of the Export menu. */
interface ExportChoice {
  key: string
  text: string
  title: string
  run: () => Promise<ExportedFile>
}

/** Saves `file` through the browser's download (an object URL on a temporary link). */
function download(file: ExportedFile): void {
  const url = URL.createObjectURL(file.blob)
  const link = h('a', { href: url, download: file.filename, hidden: true })
  document.body.appendChild(link)
  link.click()
  link.remove()
  // the download has started from the click; the URL is no longer needed after this turn
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * The "Export ▾" button and its menu for document `documentId`. While an export runs the button
 * is disabled and says so; a failure is shown beside it until the next attempt.
 */
export function exportMenu(documentId: string, options: ExportMenuOptions = {}): HTMLElement {
  const choices: ExportChoice[] = [
    { key: 'html-clean', text: 'HTML (clean)', title: 'Standalone HTML without drafting notes', run: () => exportDocument(documentId, 'html', { clean: true }) },
    { key: 'html-notes', text: 'HTML (with drafting notes)', title: 'Standalone HTML with the drafting notes marked', run: () => exportDocument(documentId, 'html', { clean: false }) },
    { key: 'docx-clean', text: 'Word (clean)', title: 'Word document without drafting notes', run: () => exportDocument(documentId, 'docx', { clean: true }) },
    { key: 'docx-working', text: 'Word (working)', title: 'Word document with the drafting notes', run: () => exportDocument(documentId, 'docx', { clean: false }) },
    { key: 'pdf-clean', text: 'PDF (clean)', title: 'PDF without drafting notes', run: () => exportDocument(documentId, 'pdf', { clean: true }) },
    { key: 'pdf-working', text: 'PDF (working)', title: 'PDF with the drafting notes', run: () => exportDocument(documentId, 'pdf', { clean: false }) },
    { key: 'akn-clean', text: 'Akoma Ntoso XML (clean)', title: 'Akoma Ntoso 3.0 XML without drafting notes', run: () => exportDocument(documentId, 'akn', { clean: true }) },
    { key: 'akn-working', text: 'Akoma Ntoso XML (working)', title: 'Akoma Ntoso 3.0 XML with the drafting notes', run: () => exportDocument(documentId, 'akn', { clean: false }) },
    { key: 'markdown-clean', text: 'Markdown (clean)', title: 'Markdown without drafting notes', run: () => exportDocument(documentId, 'markdown', { clean: true }) },
    { key: 'markdown-working', text: 'Markdown (working)', title: 'Markdown with the drafting notes', run: () => exportDocument(documentId, 'markdown', { clean: false }) },
    { key: 'docx-comments', text: 'Word (working copy with comments)', title: 'Word document with the drafting notes and every comment thread as a Word comment on its words', run: () => exportDocument(documentId, 'docx', { clean: false, comments: true }) },
    { key: 'html-comments', text: 'HTML (working copy with comments)', title: 'Standalone HTML with the drafting notes and every comment thread beside its text', run: () => exportDocument(documentId, 'html', { clean: false, comments: true }) },
  ]
  const finals: ExportChoice[] = [
    { key: 'akn-final', text: 'Final Akoma Ntoso XML', title: 'A clean final export; refused while the check finds errors', run: () => exportDocument(documentId, 'akn', { clean: true, final: true }) },
  ]
  const button = h('button', {
    type: 'button', class: 'tb tb-export', title: 'Export the document', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': 'export-menu',
    onmousedown: (e: Event) => e.preventDefault(),
  }, 'Export ▾')
  const status = h('span', { class: 'export-status', role: 'status', 'aria-live': 'polite' })
  const menu = h('div', { class: 'export-menu', id: 'export-menu', role: 'menu', hidden: true })
  const check = h('div', { class: 'export-check', hidden: true })
  menu.appendChild(check)
  const finalItems: HTMLElement[] = []
  const close = () => { menu.hidden = true; button.setAttribute('aria-expanded', 'false') }

  const run = async (choice: ExportChoice) => {
    close()
    button.disabled = true
    button.setAttribute('aria-busy', 'true')
    button.textContent = 'Exporting…'
    status.className = 'export-status'
    replaceChildren(status)
    try {
      download(await choice.run())
    } catch (e) {
      status.className = 'export-status export-error'
      replaceChildren(status, `Export failed: ${e instanceof Error ? e.message : String(e)}`)
    } finally {
      button.disabled = false
      button.removeAttribute('aria-busy')
      button.textContent = 'Export ▾'
    }
  }

  const item = (choice: ExportChoice) => h('button', {
    type: 'button', role: 'menuitem', class: `export-item export-${choice.key}`, 'data-export': choice.key, title: choice.title,
    onmousedown: (e: Event) => e.preventDefault(),
    onclick: () => { void run(choice) },
  }, choice.text)
  for (const choice of choices) menu.appendChild(item(choice))
  for (const choice of finals) finalItems.push(menu.appendChild(item(choice)))

  /** Shows the check's findings at the top of the menu, and the final export to those who may make one. */
  const showCheck = () => {
    for (const el of finalItems) el.hidden = !(options.canFinal?.() ?? false)
    if (!options.findings) return
    const findings = options.findings()
    check.hidden = false
    replaceChildren(check,
      h('div', { class: 'export-check-summary' }, `Check: ${findingsSummary(findings)}`),
      findingsList(findings, (f) => { close(); options.select?.(f) }))
  }
  // the findings are computed when the menu opens (a whole-document check is not run at opening)
  for (const el of finalItems) el.hidden = !(options.canFinal?.() ?? false)
  button.addEventListener('click', (e) => {
    e.stopPropagation()
    menu.hidden = !menu.hidden
    button.setAttribute('aria-expanded', String(!menu.hidden))
    if (!menu.hidden) {
      showCheck()
      menu.querySelector<HTMLElement>('.export-item')?.focus()
    }
  })
  document.addEventListener('click', (e) => { if (!menu.contains(e.target as Node)) close() })
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { close(); button.focus() }
  })
  return h('div', { class: 'toolbar-group export' }, button, menu, status)
}
