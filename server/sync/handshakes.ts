// TCP connections that have not finished their first HTTP request: capped per address and cut after a timeout.
import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/** The guard attached to a server; `detach()` removes its listeners and timers. */
export interface HandshakeGuard {
  /** Connections from `address` still waiting for a complete request (for tests). */
  pending(address: string): number
  detach(): void
}

/**
 * Half-open upgrades (a client that sends part of its request and stops) hold a socket and a
 * parser each. Node's own headersTimeout is only checked every 30 s, so this guard cuts a
 * connection that has not completed a request within `timeoutMs`, and destroys at once a
 * connection from an address that already has `maxPerAddress` such connections open.
 */
export function guardHandshakes(server: Server, options: { timeoutMs: number; maxPerAddress: number }): HandshakeGuard {
  const waiting = new Map<Socket, { address: string; timer: NodeJS.Timeout }>()
  const perAddress = new Map<string, number>()

  const release = (socket: Socket) => {
    const entry = waiting.get(socket)
    if (!entry) return
    waiting.delete(socket)
    clearTimeout(entry.timer)
    const n = (perAddress.get(entry.address) ?? 1) - 1
    if (n <= 0) perAddress.delete(entry.address)
    else perAddress.set(entry.address, n)
  }

  const onConnection = (socket: Socket) => {
    const address = socket.remoteAddress ?? ''
    const count = perAddress.get(address) ?? 0
    if (count >= options.maxPerAddress) {
      socket.destroy()
      return
    }
    perAddress.set(address, count + 1)
    const timer = setTimeout(() => {
      release(socket)
      socket.destroy()
    }, options.timeoutMs)
    timer.unref()
    waiting.set(socket, { address, timer })
    socket.once('close', () => release(socket))
  }
  const onRequest = (req: { socket: Socket }) => release(req.socket)

  server.on('connection', onConnection)
  server.on('request', onRequest)
  server.on('upgrade', onRequest)
  return {
    pending: (address) => perAddress.get(address) ?? 0,
    detach: () => {
      server.off('connection', onConnection)
      server.off('request', onRequest)
      server.off('upgrade', onRequest)
      for (const { timer } of waiting.values()) clearTimeout(timer)
      waiting.clear()
      perAddress.clear()
    },
  }
}
