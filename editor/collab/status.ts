// The connection state the editor shows, derived from the y-websocket provider's events.
import type { WebsocketProvider } from 'y-websocket'
import { CloseCode } from '../model/sync-messages.js'

/**
 * What the indicator shows. `connecting` before the first connection; `syncing` while connected
 * but not yet in step with the server; `connected` when in step; `offline` while reconnecting
 * (local edits are kept and sent on reconnect); the rest are final: the server refused this
 * editor's schema version (`outdated`), the document was deleted, or does not exist.
 */
export type ConnectionState = 'connecting' | 'syncing' | 'connected' | 'offline' | 'outdated' | 'deleted' | 'not-found' | 'refused'

/** A connection state with the server's reason, when it gave one. */
export interface ConnectionStatus {
  state: ConnectionState
  reason?: string
}

/**
 * Follows `provider` and calls `onChange` with each new state. Returns a function that puts the
 * status into a final state from outside (e.g. "not found" after the REST API says so).
 */
export function watchConnection(provider: WebsocketProvider, onChange: (status: ConnectionStatus) => void) {
  let final: ConnectionStatus | null = null
  let connected = false
  let failedAttempts = 0
  let last = ''

  const emit = () => {
    const status: ConnectionStatus = final ?? {
      state: connected ? (provider.synced ? 'connected' : 'syncing') : failedAttempts > 0 ? 'offline' : 'connecting',
    }
    const key = `${status.state}:${status.reason ?? ''}`
    if (key !== last) { last = key; onChange(status) }
  }

  provider.on('status', ({ status }) => { connected = status === 'connected'; emit() })
  provider.on('sync', () => emit())
  provider.on('connection-close', () => { connected = false; failedAttempts++; emit() })
  provider.on('closed', ({ code, reason }) => {
    // y-websocket stops reconnecting on 4400–4499 by itself; these are the final states
    if (code === CloseCode.schemaMismatch) final = { state: 'outdated', reason }
    else if (code === CloseCode.deleted) final = { state: 'deleted', reason }
    else final = { state: 'refused', reason: reason || `closed with code ${code}` }
    emit()
  })
  emit()

  return {
    /** Puts the indicator into a final state and stops the provider reconnecting. */
    finish(status: ConnectionStatus) {
      final = status
      provider.shouldConnect = false
      provider.disconnect()
      emit()
    },
    /** How many connection attempts failed since the page opened. */
    get failedAttempts() { return failedAttempts },
  }
}
