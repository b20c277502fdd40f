// The connection indicator in the header, and the banners for states the user must act on.
import type { ConnectionStatus } from '../collab/status.js'
import type { SaveState } from '../collab/durability.js'
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

/**
 * Creates the indicator element. `update` shows a new connection status, `save` whether the
 * server has stored every local edit; while connected the label says "Saving…" or "All changes saved".
 */
export function connectionIndicator() {
  const label = h('span', { class: 'status-label' })
  const el = h('div', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-state': 'connecting', 'data-save': 'saved' }, h('span', { class: 'status-dot', 'aria-hidden': 'true' }), label)
  let status: ConnectionStatus = { state: 'connecting' }
  let saveState: SaveState = 'saved'
  const render = () => {
    el.setAttribute('data-state', status.state)
    el.setAttribute('data-save', saveState)
    const text = status.state === 'connected' ? (saveState === 'saving' ? 'Saving…' : 'All changes saved') : TEXT[status.state]
    label.textContent = text
    el.title = status.reason ?? (status.state === 'connected' ? `Connected — ${text.toLowerCase()}` : text)
  }
  render()
  return {
    el,
    update(next: ConnectionStatus) { status = next; render() },
    save(next: SaveState) { saveState = next; render() },
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
