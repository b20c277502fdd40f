// The sync layer's limits on hostile or runaway clients, with defaults sized for real treaties and the benchmark.

/**
 * Every limit the sync endpoint applies. Read from the environment by `loadSyncLimits`
 * (server/config.ts); `start(options, …)` takes overrides as `options.sync`.
 */
export interface SyncLimits {
  /** Sustained messages per second one connection may send (token bucket refill). Over it: close 4429. */
  ratePerSecond: number
  /** Messages one connection may send in a burst before the rate applies. */
  rateBurst: number
  /** Open sync connections from one IP address (all documents, both channels). Over it: HTTP 429 at upgrade. */
  maxConnectionsPerAddress: number
  /** Open sync connections of one signed-in user (anonymous connections are capped per address only). */
  maxConnectionsPerUser: number
  /** TCP connections from one address that have not yet sent a complete HTTP request; more are cut at once. */
  maxPendingHandshakesPerAddress: number
  /** A TCP connection that has not sent a complete HTTP request (or upgrade) by then is cut. */
  handshakeTimeoutMs: number
  /**
   * Bytes of updates a document may hold whose dependencies have not arrived. Over it the
   * pending structs are dropped and the sender is asked to resync; the third time, it is closed with 4422.
   */
  maxPendingUpdateBytes: number
  /** Largest presence (awareness) state of one client, as JSON text. Over it: close 4413. */
  maxPresenceBytes: number
  /** Bytes queued to a client that does not read; over it the connection is closed (4503) and may reconnect. */
  maxBufferedBytes: number
  /**
   * Origins (scheme://host[:port]) allowed to open sync sockets from a browser. Empty: only the
   * server's own origin (the request's Host, over http or https).
   */
  allowedOrigins: string[]
  /**
   * Whether an upgrade without an Origin header is allowed. Browsers always send one on
   * WebSocket handshakes, so a missing Origin is a non-browser client (the Node client, tools,
   * the benchmark), which cannot be a cross-site page riding on a cookie; it must still pass
   * the SyncAccess check. Set false to admit browsers only.
   */
  allowMissingOrigin: boolean
  /**
   * How long a signed-in user whose update Yjs could not apply (which reloads the document for
   * everyone) is refused sync (HTTP 429); doubled for each further one within a day, up to an hour. 0: off.
   */
  badUpdateCooldownMs: number
}

/**
 * Defaults. The benchmark opens 100 clients from 127.0.0.1 at once, so the per-address caps
 * (256 connections, 256 pending handshakes) admit it without changes; a typing editor sends
 * well under 50 messages per second.
 */
export const DEFAULT_SYNC_LIMITS: Readonly<SyncLimits> = Object.freeze({
  ratePerSecond: 300,
  rateBurst: 2000,
  maxConnectionsPerAddress: 256,
  maxConnectionsPerUser: 32,
  maxPendingHandshakesPerAddress: 256,
  handshakeTimeoutMs: 10_000,
  maxPendingUpdateBytes: 1024 * 1024,
  maxPresenceBytes: 4096,
  maxBufferedBytes: 64 * 1024 * 1024,
  allowedOrigins: [],
  allowMissingOrigin: true,
  badUpdateCooldownMs: 60_000,
})
