// The user's role in this document, as the sync server applies it: asked for on every connect, and
// pushed by the server the moment a convener changes it.
//
// On each connect the client sends [101]; the server answers [101, role] at once and sends
// [101, role] again whenever the role changes while connected (server/sync/protocol.ts). A
// reconnect asks again, so a change made while offline is seen on return. The stock y-websocket
// client never sends 101, so the server never sends it 101 either.
import type { WebsocketProvider } from 'y-websocket'
import { isRole, type Role } from '../model/permissions.js'
import { encodeRoleRequest, MESSAGE_ROLE, readRole } from '../model/sync-messages.js'

type Handler = WebsocketProvider['messageHandlers'][number]

/**
 * Calls `onRole` with the role the server holds for this connection, on every connect and on
 * every change. Returns a function that stops following (the provider's handlers are restored).
 */
export function followRole(provider: WebsocketProvider, onRole: (role: Role) => void): () => void {
  const ask = () => {
    const ws = provider.ws
    if (!ws || ws.readyState !== 1) return
    ws.send(encodeRoleRequest())
  }
  const onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') ask()
  }
  const original = provider.messageHandlers[MESSAGE_ROLE]
  const handler: Handler = (_encoder, decoder) => {
    // A name this editor does not know, or a message it cannot read, leaves the role as last known.
    let name: string | null = null
    try {
      name = readRole(decoder)
    } catch {
      console.warn('Pacta: a role message from the server could not be read; keeping the role as it was')
    }
    if (isRole(name)) onRole(name)
  }
  provider.messageHandlers[MESSAGE_ROLE] = handler
  provider.on('status', onStatus)
  if (provider.wsconnected) ask()
  return () => {
    provider.off('status', onStatus)
    if (original) provider.messageHandlers[MESSAGE_ROLE] = original
    else delete provider.messageHandlers[MESSAGE_ROLE]
  }
}
