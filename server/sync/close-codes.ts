// Every WebSocket close code the sync endpoint uses: the shared ones of server/errors.ts plus the sync layer's own.
import { CloseCode } from '../errors.js'

/**
 * Close codes of sync connections. 44xx mirror HTTP 4xx and are final for the stock
 * y-websocket client (it stops reconnecting); 45xx and 1xxx codes let it reconnect.
 */
export const SyncClose = {
  ...CloseCode,
  /** The account behind the connection was disabled or its session ended (`rooms.disconnectUser`). */
  unauthorized: 4401,
  /** The user's membership of the document was removed while connected (`rooms.setRole(…, null)`). */
  forbidden: 4403,
  /** Updates kept arriving whose dependencies never came (pending structs over the cap three times). */
  unprocessable: 4422,
  /** The connection sent more messages than SYNC_RATE_PER_SECOND / SYNC_RATE_BURST allow. */
  rateLimited: 4429,
  /** The client stopped reading and SYNC_MAX_BUFFERED_BYTES piled up; it may reconnect. */
  notReading: 4503,
  /** An update could not be applied; the document is reloaded from the store and clients reconnect. */
  reloading: 1012,
  /** WebSocket framing errors detected by the frame parser (RFC 6455 codes). */
  protocolError: 1002,
  invalidPayload: 1007,
  /** Too many fragments in one message. */
  policyViolation: 1008,
  messageTooBig: 1009,
} as const
