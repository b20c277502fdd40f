// Notices within seconds that the sync connection has stopped carrying anything.
//
// A dropped network (Wi-Fi gone, a laptop asleep, a proxy that died) closes no socket: y-websocket
// would wait 30 s without a message before giving up on it, showing "Saving…" meanwhile. Here a
// quiet connection is asked for a sign of life ([102 ping], answered at once by the server), and
// one that gives none in time is closed, which the status (status.ts) shows as offline while
// y-websocket reconnects. The browser's own `offline` event closes it at once, and `online`
// retries at once instead of waiting out the reconnect back-off.
import type { WebsocketProvider } from 'y-websocket'
import { encodePing, MESSAGE_PING } from '../model/sync-messages.js'

/** The heartbeat's timing, in milliseconds. */
export interface HeartbeatTiming {
  /** Ask for a sign of life after this long without a message. */
  quietMs: number
  /** Give the connection up when nothing at all arrived this long after asking. */
  answerMs: number
  /** How often the connection is looked at. */
  checkMs: number
}

/**
 * A dropped connection shows as offline within quietMs + answerMs + 2 × checkMs (1.8 s). The
 * answer may be late by a busy server (loading a large treaty holds its event loop up to ~0.3 s).
 */
export const HEARTBEAT: HeartbeatTiming = Object.freeze({ quietMs: 400, answerMs: 1000, checkMs: 200 })

/** Keeps `provider`'s connection watched; returns a function that stops watching. */
export function keepAlive(provider: WebsocketProvider, timing: HeartbeatTiming = HEARTBEAT): () => void {
  // the answer needs no handling: y-websocket notes the time of every message that arrives
  const original = provider.messageHandlers[MESSAGE_PING]
  provider.messageHandlers[MESSAGE_PING] = () => {}
  let askedAt: number | null = null

  /** Closes the connection as y-websocket does when it hears nothing, and reconnects. */
  const giveUp = () => {
    askedAt = null
    if (!provider.shouldConnect) return
    provider.disconnect()
    provider.connect()
  }
  const check = () => {
    const ws = provider.ws
    if (!ws || !provider.wsconnected || ws.readyState !== ws.OPEN) { askedAt = null; return }
    const now = Date.now()
    const heard = provider.wsLastMessageReceived
    if (askedAt !== null && heard >= askedAt) askedAt = null
    if (askedAt !== null) {
      if (now - askedAt > timing.answerMs) giveUp()
      return
    }
    if (now - heard >= timing.quietMs) {
      askedAt = now
      ws.send(encodePing())
    }
  }
  const timer = setInterval(check, timing.checkMs)
  const offline = () => { if (provider.wsconnected) giveUp() }
  const online = () => { if (!provider.wsconnected) giveUp() }
  globalThis.addEventListener?.('offline', offline)
  globalThis.addEventListener?.('online', online)
  return () => {
    clearInterval(timer)
    globalThis.removeEventListener?.('offline', offline)
    globalThis.removeEventListener?.('online', online)
    if (original) provider.messageHandlers[MESSAGE_PING] = original
    else delete provider.messageHandlers[MESSAGE_PING]
  }
}
