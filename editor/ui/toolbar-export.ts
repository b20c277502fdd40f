// The toolbar's Export menu: downloads the document as standalone HTML, clean, with drafting notes, or a working
// copy with drafting notes and comment threads.
import { exportHtml, type ExportedFile } from '../api.js'
import { h, replaceChildren } from './dom.js'
import './toolbar-export.css'

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
export function exportMenu(documentId: string): HTMLElement {
  const choices: ExportChoice[] = [
    { key: 'html-clean', text: 'HTML (clean)', title: 'Standalone HTML without drafting notes', run: () => exportHtml(documentId, true) },
    { key: 'html-notes', text: 'HTML (with drafting notes)', title: 'Standalone HTML with the drafting notes marked', run: () => exportHtml(documentId, false) },
    { key: 'html-comments', text: 'HTML (working copy with comments)', title: 'Standalone HTML with the drafting notes and every comment thread beside its text', run: () => exportHtml(documentId, false, true) },
  ]
  const button = h('button', {
    type: 'button', class: 'tb tb-export', title: 'Export the document', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': 'export-menu',
    onmousedown: (e: Event) => e.preventDefault(),
  }, 'Export ▾')
  const status = h('span', { class: 'export-status', role: 'status', 'aria-live': 'polite' })
  const menu = h('div', { class: 'export-menu', id: 'export-menu', role: 'menu', hidden: true })
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

  for (const choice of choices) {
    menu.appendChild(h('button', {
      type: 'button', role: 'menuitem', class: `export-item export-${choice.key}`, 'data-export': choice.key, title: choice.title,
      onmousedown: (e: Event) => e.preventDefault(),
      onclick: () => { void run(choice) },
    }, choice.text))
  }
  button.addEventListener('click', (e) => {
    e.stopPropagation()
    menu.hidden = !menu.hidden
    button.setAttribute('aria-expanded', String(!menu.hidden))
    if (!menu.hidden) (menu.firstElementChild as HTMLElement | null)?.focus()
  })
  document.addEventListener('click', (e) => { if (!menu.contains(e.target as Node)) close() })
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { close(); button.focus() }
  })
  return h('div', { class: 'toolbar-group export' }, button, menu, status)
}
