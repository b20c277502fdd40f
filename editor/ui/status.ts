// The connection indicator in the header, and the banners for states the user must act on.
import type { ConnectionStatus } from '../collab/status.js'
import { h, replaceChildren } from './dom.js'

const TEXT: Record<ConnectionStatus['state'], string> = {
  connecting: 'Connecting…',
  syncing: 'Syncing…',
  connected: 'Connected',
  offline: 'Offline — changes will sync when the connection returns',
  outdated: 'Out of date',
  deleted: 'Deleted',
  'not-found': 'Not found',
  refused: 'Disconnected',
}

/** Creates the indicator element; `update` shows a new status. */
export function connectionIndicator() {
  const label = h('span', { class: 'status-label' })
  const el = h('div', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-state': 'connecting' }, h('span', { class: 'status-dot', 'aria-hidden': 'true' }), label)
  return {
    el,
    update(status: ConnectionStatus) {
      el.setAttribute('data-state', status.state)
      label.textContent = TEXT[status.state]
      el.title = status.reason ?? TEXT[status.state]
    },
  }
}

/** Shows a banner above the document for a final state; returns the element (also used for errors). */
export function showBanner(host: HTMLElement, kind: 'outdated' | 'deleted' | 'not-found' | 'refused' | 'error', message: string, action?: { label: string; run: () => void }): HTMLElement {
  const banner = h('div', { class: `banner banner-${kind}`, role: 'alert', 'data-kind': kind },
    h('span', {}, message),
    action ? h('button', { type: 'button', onclick: () => action.run() }, action.label) : null,
  )
  replaceChildren(host, banner)
  host.hidden = false
  return banner
}
