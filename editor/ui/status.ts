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

/** How long a save must be under way before the indicator says "Saving…". */
const SAVING_DELAY_MS = 300

/**
 * Creates the indicator element. `update` shows a new connection status, `save` whether the
 * server has stored every local edit; while connected the label says "Saving…" or "All changes saved".
 */
export function connectionIndicator() {
  const label = h('span', { class: 'status-label' })
  const el = h('div', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-state': 'connecting', 'data-save': 'saved' }, h('span', { class: 'status-dot', 'aria-hidden': 'true' }), label)
  let status: ConnectionStatus = { state: 'connecting' }
  let saveState: SaveState = 'saved'
  // written only when they change: every keystroke reports a save, and DOM changes up here cost
  // the page a repaint (and a screen reader an announcement)
  let shown = { state: '', save: '', text: '', title: '' }
  const render = () => {
    const text = status.state === 'connected' ? (saveState === 'saving' ? 'Saving…' : 'All changes saved') : TEXT[status.state]
    const next = { state: status.state, save: saveState, text, title: status.reason ?? (status.state === 'connected' ? `Connected — ${text.toLowerCase()}` : text) }
    if (next.state !== shown.state) el.setAttribute('data-state', next.state)
    if (next.save !== shown.save) el.setAttribute('data-save', next.save)
    if (next.text !== shown.text) label.textContent = next.text
    if (next.title !== shown.title) el.title = next.title
    shown = next
  }
  // "Saving…" shows only when a save takes a moment: most are confirmed before anyone could read it
  let savingTimer: ReturnType<typeof setTimeout> | null = null
  render()
  return {
    el,
    update(next: ConnectionStatus) { status = next; render() },
    save(next: SaveState) {
      if (next === 'saving' && saveState !== 'saving') {
        // continued typing keeps the first wait: a slow save still shows after SAVING_DELAY_MS
        savingTimer ??= setTimeout(() => { savingTimer = null; saveState = 'saving'; render() }, SAVING_DELAY_MS)
        return
      }
      if (savingTimer) { clearTimeout(savingTimer); savingTimer = null }
      saveState = next
      render()
    },
  }
}
