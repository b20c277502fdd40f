// The connection indicator in the header: connected, syncing, offline, and whether every edit is saved.
import type { ConnectionStatus } from '../collab/status.js'
import type { SaveState } from '../collab/durability.js'
import { h } from './dom.js'

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
