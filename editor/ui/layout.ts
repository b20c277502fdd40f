// The editor page's fixed regions, and the whole-page message shown instead of the editor.
import { connectionIndicator } from './status.js'
import { h, replaceChildren } from './dom.js'

/** The regions the page fills: header (title, connection), banner, toolbar, document and sidebar. */
export interface PageLayout {
  title: HTMLElement
  indicator: ReturnType<typeof connectionIndicator>
  banner: HTMLElement
  toolbarHost: HTMLElement
  page: HTMLElement
  sidebar: HTMLElement
}

/**
 * Shows the page's regions. They are put in `#app` at once but shown (and so laid out) only once
 * the page says so, or shows a message: the browser's first layout of them (its fonts and all) took
 * the page's thread for several ms while the sync connection was opening and the document arriving.
 */
export function revealPage(): void {
  document.getElementById('app')?.removeAttribute('hidden')
}

/** Lays out the page in `#app`, hidden until revealPage(), with "Opening the document…" where the document will be. */
export function pageLayout(): PageLayout {
  const app = document.getElementById('app')!
  app.hidden = true
  const indicator = connectionIndicator()
  const title = h('h1', { class: 'doc-title' }, 'Loading…')
  const header = h('header', { class: 'app-header' },
    h('a', { class: 'back', href: '/', title: 'All documents' }, '← Documents'), title, indicator.el)
  const banner = h('div', { class: 'banner-host', hidden: true })
  const toolbarHost = h('div', { class: 'toolbar-host' })
  const page = h('div', { class: 'page' }, h('p', { class: 'page-message' }, 'Opening the document…'))
  const sidebar = h('aside', { class: 'sidebar' })
  replaceChildren(app, header, banner, toolbarHost, h('main', { class: 'workspace' }, h('div', { class: 'page-scroll' }, page), sidebar))
  return { title, indicator, banner, toolbarHost, page, sidebar }
}

/** Shows a whole-page message instead of the editor (document missing, server unreachable). */
export function pageMessage(page: HTMLElement, heading: string, text: string): void {
  revealPage()
  replaceChildren(page, h('div', { class: 'page-message', role: 'alert', 'data-kind': 'not-found' },
    h('h2', {}, heading), h('p', {}, text), h('p', {}, h('a', { href: '/' }, 'Back to the document list'))))
}
