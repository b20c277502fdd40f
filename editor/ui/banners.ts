// The banners above the document for states the user must act on: the connection ended for good,
// or the server refused an edit. Each stops editing and offers the one thing left to do.
import type { ConnectionStatus } from '../collab/status.js'
import type { SaveState } from '../collab/durability.js'
import { h, replaceChildren } from './dom.js'
import { pageMessage } from './layout.js'

type BannerKind = 'outdated' | 'deleted' | 'not-found' | 'refused'

/** The button a banner offers. */
interface BannerAction {
  label: string
  run: () => void
}

/** Shows a banner above the document; returns the element. */
export function showBanner(host: HTMLElement, kind: BannerKind, message: string, action?: BannerAction): HTMLElement {
  const banner = h('div', { class: `banner banner-${kind}`, role: 'alert', 'data-kind': kind },
    h('span', {}, message),
    action ? h('button', { type: 'button', onclick: () => action.run() }, action.label) : null,
  )
  replaceChildren(host, banner)
  host.hidden = false
  return banner
}

const toList: BannerAction = { label: 'Back to the document list', run: () => { location.href = '/' } }
const reload: BannerAction = { label: 'Reload', run: () => location.reload() }

/**
 * What the page says when the connection has ended for good, or null while it may go on: the
 * banner, and the heading and text of the page shown if the editor was never mounted.
 */
function ending(status: ConnectionStatus): { kind: BannerKind; message: string; action: BannerAction; heading: string; pageText?: string } | null {
  switch (status.state) {
    case 'outdated':
      return {
        kind: 'outdated', message: 'This editor is out of date — reload to keep editing.', action: reload,
        heading: 'This editor is out of date', pageText: 'A newer version of Pacta is running on the server. Reload the page to load it.',
      }
    case 'deleted':
      return { kind: 'deleted', message: 'This document has been deleted.', action: toList, heading: 'Document deleted' }
    case 'not-found':
      return { kind: 'not-found', message: 'This document no longer exists.', action: toList, heading: 'Document not found' }
    case 'refused':
      return { kind: 'refused', message: `The server closed the connection: ${status.reason ?? 'no reason given'}. Reload to try again.`, action: reload, heading: 'Disconnected' }
    default:
      return null
  }
}

/**
 * Banners for the page's `banner` host. `stopEditing` is called whenever one is shown; before the
 * editor is mounted (`mounted` false) the page itself says what happened, as it would otherwise
 * keep saying "Opening the document…".
 */
export function editingBanners(ui: { banner: HTMLElement; page: HTMLElement }, hooks: { stopEditing: () => void; mounted: () => boolean }) {
  return {
    /** Shows the banner for a connection status that ends editing; other statuses show none. */
    connection(status: ConnectionStatus): void {
      const end = ending(status)
      if (!end) return
      hooks.stopEditing()
      showBanner(ui.banner, end.kind, end.message, end.action)
      if (!hooks.mounted()) pageMessage(ui.page, end.heading, end.pageText ?? end.message)
    },
    /** Shows the banner when the server refused an edit. */
    saveState(state: SaveState, reason: string | null): void {
      if (state !== 'refused') return
      hooks.stopEditing()
      showBanner(ui.banner, 'refused', `The server refused an edit: ${reason ?? 'no reason given'}. Reload to continue.`, reload)
    },
  }
}
