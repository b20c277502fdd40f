// The wire between the editor and the sync server, as far as both ends must agree on it: the
// message types, Pacta's own messages and their encoding, and every close code. One definition
// for the editor (editor/collab/) and the server (server/sync/), which reads client messages
// strictly in server/sync/protocol.ts.
//
// Every message is [messageType: varUint, …]. Types 0 to 3 are y-websocket's (sync, awareness,
// auth, query awareness). Pacta adds two that only its own editor sends, so the server never
// sends them to the stock y-websocket client (and a third, the heartbeat):
//   [100 durable, token] asks; [100 durable, token, status] answers once everything the
//   connection sent before the request is stored.
//   [101 role] asks for the connection's role; [101 role, role name] answers at once and again
//   whenever the role changes.
//   [102 ping] asks for a sign of life; [102 ping] answers at once, before any document work,
//   so the editor notices within seconds a connection that stopped carrying anything.
// The server also tells a client that a write was refused with y-protocols' auth message
// [2 auth, 0 permission denied, reason], which the stock client logs and otherwise ignores.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { Role } from './permissions.js'

/** y-websocket's message types (auth, type 2, is server-to-client only: permission denied). */
export const MESSAGE_SYNC = 0
export const MESSAGE_AWARENESS = 1
export const MESSAGE_AUTH = 2
export const MESSAGE_QUERY_AWARENESS = 3

/** [100, token] asks; [100, token, status] answers once everything sent before is stored. */
export const MESSAGE_DURABLE = 100

/** [101] asks for the connection's role; [101, role] answers, and is sent again on every change. */
export const MESSAGE_ROLE = 101

/** [102] asks for a sign of life; the server answers [102] at once (editor/collab/heartbeat.ts). */
export const MESSAGE_PING = 102

/** [ping]: the heartbeat's question, and the server's answer (the same byte). */
export const encodePing = () => Uint8Array.of(MESSAGE_PING)

/** Whether a message is a ping: the one byte 102. */
export const isPing = (bytes: Uint8Array) => bytes.length === 1 && bytes[0] === MESSAGE_PING

/** The auth sub-type of y-protocols/auth: permission denied, followed by a reason string. */
export const AUTH_PERMISSION_DENIED = 0

/**
 * Starts the reason of a permission-denied notice for a write the role allows but the review
 * rules refuse (another person's name, another's reply, a limit, an anchor outside the text):
 * "refused: <reason>". The write is dropped; the connection stays open. A client that gets one
 * has state the server will never take, so its editor should start that Y.Doc afresh.
 */
export const REFUSED_WRITE_PREFIX = 'refused: '

/** Answer statuses of a durability request. */
export const DurableStatus = {
  /** Everything the connection sent before the request is stored. */
  saved: 0,
  /** Stored, but some of its updates wait for dependencies that have not arrived: not yet safe. */
  incomplete: 1,
  /** Some writes since the last request were refused (the connection's role may not write here). */
  refused: 2,
} as const
export type DurableStatus = (typeof DurableStatus)[keyof typeof DurableStatus]

/**
 * Every close code of sync connections (server/sync/README.md says when each is sent). 44xx
 * mirror HTTP 4xx and are final for the stock y-websocket client (it stops reconnecting at
 * 4400–4499); 45xx and 1xxx codes let it reconnect.
 */
export const CloseCode = {
  /** The server is shutting down; clients reconnect later. */
  goingAway: 1001,
  /** WebSocket framing errors detected by the frame parser (RFC 6455 codes). */
  protocolError: 1002,
  invalidPayload: 1007,
  /** Too many fragments in one message. */
  policyViolation: 1008,
  messageTooBig: 1009,
  /** The server failed internally while handling this connection. */
  internal: 1011,
  /** An update could not be applied; the document is reloaded from the store and clients reconnect. */
  reloading: 1012,
  /** A message could not be decoded; the reason names what was wrong. */
  malformed: 4400,
  /** The account behind the connection was disabled or its session ended (`rooms.disconnectUser`). */
  unauthorized: 4401,
  /** The user's membership of the document was removed while connected (`rooms.setRole(…, null)`). */
  forbidden: 4403,
  /** The document was deleted while connected. */
  deleted: 4410,
  /** A message exceeded MAX_MESSAGE_BYTES, or a presence state MAX_PRESENCE_BYTES. */
  tooLarge: 4413,
  /** Updates kept arriving whose dependencies never came (pending structs over the cap three times). */
  unprocessable: 4422,
  /** The editor and server schema versions differ; the editor must reload. */
  schemaMismatch: 4426,
  /** The connection sent more messages than SYNC_RATE_PER_SECOND / SYNC_RATE_BURST allow. */
  rateLimited: 4429,
  /** The client stopped reading and SYNC_MAX_BUFFERED_BYTES piled up; it may reconnect. */
  notReading: 4503,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** One whole message, as `write` puts it into a fresh encoder. */
export function encodeMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder()
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** [durable, token]: the editor's durability request. */
export const encodeDurableRequest = (token: number) => encodeMessage((e) => {
  encoding.writeVarUint(e, MESSAGE_DURABLE)
  encoding.writeVarUint(e, token)
})

/** The token of a durability request, read after its message type. */
export const readDurableRequest = (decoder: decoding.Decoder): number => decoding.readVarUint(decoder)

/** [durable, token, status]: the server's answer to a durability request. */
export const encodeDurable = (token: number, status: DurableStatus) => encodeMessage((e) => {
  encoding.writeVarUint(e, MESSAGE_DURABLE)
  encoding.writeVarUint(e, token)
  encoding.writeVarUint(e, status)
})

/** The token and status of a durability answer, read after its message type. */
export function readDurableAnswer(decoder: decoding.Decoder): { token: number; status: number } {
  const token = decoding.readVarUint(decoder)
  return { token, status: decoding.readVarUint(decoder) }
}

/** [role]: the editor's request for its role and its changes. */
export const encodeRoleRequest = () => encodeMessage((e) => {
  encoding.writeVarUint(e, MESSAGE_ROLE)
})

/** [role, name]: the connection's role, sent to a client that asked and again on every change. */
export const encodeRole = (role: Role) => encodeMessage((e) => {
  encoding.writeVarUint(e, MESSAGE_ROLE)
  encoding.writeVarString(e, role)
})

/** The role name of a role message, read after its message type; unchecked (see `isRole`). */
export const readRole = (decoder: decoding.Decoder): string => decoding.readVarString(decoder)

/** [auth, permission denied, reason]: tells the client a write was refused (y-protocols/auth). */
export const encodePermissionDenied = (reason: string) => encodeMessage((e) => {
  encoding.writeVarUint(e, MESSAGE_AUTH)
  encoding.writeVarUint(e, AUTH_PERMISSION_DENIED)
  encoding.writeVarString(e, reason)
})

/** The reason of an auth message read after its message type, or null when it is not a permission denied. */
export function readPermissionDenied(decoder: decoding.Decoder): string | null {
  if (!decoding.hasContent(decoder) || decoding.readVarUint(decoder) !== AUTH_PERMISSION_DENIED) return null
  return decoding.readVarString(decoder)
}
