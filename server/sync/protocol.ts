// The y-websocket wire protocol, read strictly and written once per message.
//
// Every message is [messageType: varUint, …]. Type 0 (sync) carries a y-protocols sync
// message: [0 step1, stateVector] | [1 step2, update] | [2 update, update]. Type 1 carries an
// awareness update: [count, (clientID, clock, JSON state)*]. Type 3 asks for all awareness
// states. The client starts with step 1; the server answers with step 2 and sends its own
// step 1, whose answer brings the client's offline edits. Unlike y-protocols' readers, these
// decode a whole message before anything is applied, never read past the message, and throw a
// ProtocolError naming the fault, so a bad message can close its connection and touch nothing.
//
// The message type numbers, Pacta's own messages (durability, role) with their encoding, the
// permission-denied notice and the close codes are the editor's as much as the server's: they
// are defined in editor/model/sync-messages.ts, and re-exported here so that the server takes
// its whole wire from this module.
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import {
  CloseCode, encodeMessage, MESSAGE_AWARENESS, MESSAGE_DURABLE, MESSAGE_QUERY_AWARENESS, MESSAGE_ROLE, MESSAGE_SYNC, readDurableRequest,
} from '../../editor/model/sync-messages.js'

export {
  AUTH_PERMISSION_DENIED, DurableStatus, encodeDurable, encodeDurableRequest, encodePermissionDenied, encodeRole, encodeRoleRequest,
  MESSAGE_AUTH, MESSAGE_AWARENESS, MESSAGE_DURABLE, MESSAGE_QUERY_AWARENESS, MESSAGE_ROLE, MESSAGE_SYNC,
} from '../../editor/model/sync-messages.js'

/**
 * Largest clock (and clock + length) accepted in an update: 2^40 operations by one client id is
 * absurd for a person typing, and keeps clock arithmetic far from 2^53, where it stops being exact.
 */
export const MAX_CLOCK = 2 ** 40

/** Sync message types of y-protocols, inside a MESSAGE_SYNC. */
export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

/** One client's entry in an awareness update. `state` is the raw JSON text ("null" when the client left). */
export interface AwarenessEntry {
  clientId: number
  clock: number
  state: string
}

/** A decoded client message. */
export type ClientMessage =
  | { kind: 'sync-step1'; stateVector: Uint8Array }
  | { kind: 'sync-step2'; update: Uint8Array; empty: boolean }
  | { kind: 'update'; update: Uint8Array; empty: boolean }
  | { kind: 'durable-request'; token: number }
  | { kind: 'awareness'; entries: AwarenessEntry[] }
  | { kind: 'query-awareness' }
  | { kind: 'role-request' }

/** A message the server will not accept; `code` is the close code to use. */
export class ProtocolError extends Error {
  constructor(readonly code: CloseCode, message: string) {
    super(message)
    this.name = 'ProtocolError'
  }
}

const malformed = (what: string) => new ProtocolError(CloseCode.malformed, `malformed message: ${what}`)

/** Runs `read`, naming `what` when the message ends early or holds a number out of range. */
function strictly<T>(what: string, read: () => T): T {
  try {
    return read()
  } catch {
    throw malformed(`${what} is truncated or out of range`)
  }
}

/** Reads a varUint, naming `what` when the message ends early. */
const readUint = (decoder: decoding.Decoder, what: string): number => strictly(what, () => decoding.readVarUint(decoder))

/**
 * Reads a length-prefixed byte array as a copy with its own buffer: lib0 would return a view
 * that can reach past the message into neighbouring socket data, and Yjs must not read there.
 */
function readBytes(decoder: decoding.Decoder, what: string): Uint8Array {
  const length = readUint(decoder, `${what} length`)
  if (length > decoder.arr.length - decoder.pos) throw malformed(`${what} is longer than the message`)
  const bytes = decoder.arr.slice(decoder.pos, decoder.pos + length)
  decoder.pos += length
  return bytes
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function readString(decoder: decoding.Decoder, what: string): string {
  const bytes = readBytes(decoder, what)
  try {
    return utf8.decode(bytes)
  } catch {
    throw malformed(`${what} is not valid UTF-8`)
  }
}

function expectEnd(decoder: decoding.Decoder, what: string): void {
  if (decoder.pos !== decoder.arr.length) throw malformed(`${decoder.arr.length - decoder.pos} unexpected bytes after ${what}`)
}

/**
 * Checks that `update` decodes as a Yjs update with sane clock ranges, so applying it cannot
 * fail half-way on bad bytes. Returns whether it carries nothing at all (no struct, no deletion).
 */
function checkUpdate(update: Uint8Array, what: string): { empty: boolean } {
  let decoded: ReturnType<typeof Y.decodeUpdate>
  try {
    decoded = Y.decodeUpdate(update)
  } catch (err) {
    throw malformed(`${what} is not a valid Yjs update (${(err as Error).message})`)
  }
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id
    if (!(struct.length >= 0) || clock + struct.length > MAX_CLOCK) {
      throw malformed(`${what} has an absurd clock range (client ${client}, clock ${clock}, length ${struct.length})`)
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      if (clock + len > MAX_CLOCK) throw malformed(`${what} deletes an absurd clock range (client ${client}, clock ${clock}, length ${len})`)
    }
  }
  return { empty: decoded.structs.length === 0 && decoded.ds.clients.size === 0 }
}

/** Decodes an awareness update payload into its entries, checking each JSON text lazily later. */
export function decodeAwarenessUpdate(payload: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength))
  const count = readUint(decoder, 'awareness entry count')
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const clientId = readUint(decoder, 'awareness client id')
    const clock = readUint(decoder, 'awareness clock')
    entries.push({ clientId, clock, state: readString(decoder, 'awareness state') })
  }
  expectEnd(decoder, 'awareness update')
  return entries
}

/**
 * Decodes one client message completely, or throws a ProtocolError: 4413 when it is larger than
 * `maxBytes`, 4400 naming the fault when it cannot be decoded.
 */
export function decodeClientMessage(data: Uint8Array, maxBytes: number): ClientMessage {
  if (data.length > maxBytes) {
    throw new ProtocolError(CloseCode.tooLarge, `message too large: ${data.length} bytes, the limit is ${maxBytes}`)
  }
  if (data.length === 0) throw malformed('empty message')
  // A plain Uint8Array view: Buffer#slice would share memory where readBytes means to copy.
  const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
  const type = readUint(decoder, 'message type')
  switch (type) {
    case MESSAGE_SYNC: {
      const step = readUint(decoder, 'sync message type')
      if (step === SYNC_STEP1) {
        const stateVector = readBytes(decoder, 'state vector')
        expectEnd(decoder, 'sync step 1')
        try {
          Y.decodeStateVector(stateVector)
        } catch {
          throw malformed('state vector cannot be decoded')
        }
        return { kind: 'sync-step1', stateVector }
      }
      if (step === SYNC_STEP2 || step === SYNC_UPDATE) {
        const what = step === SYNC_STEP2 ? 'sync step 2' : 'update'
        const update = readBytes(decoder, what)
        expectEnd(decoder, what)
        const { empty } = checkUpdate(update, what)
        return step === SYNC_STEP2 ? { kind: 'sync-step2', update, empty } : { kind: 'update', update, empty }
      }
      throw malformed(`unknown sync message type ${step}`)
    }
    case MESSAGE_AWARENESS: {
      const payload = readBytes(decoder, 'awareness update')
      expectEnd(decoder, 'awareness message')
      return { kind: 'awareness', entries: decodeAwarenessUpdate(payload) }
    }
    case MESSAGE_QUERY_AWARENESS:
      expectEnd(decoder, 'awareness query')
      return { kind: 'query-awareness' }
    case MESSAGE_DURABLE: {
      const token = strictly('durability token', () => readDurableRequest(decoder))
      expectEnd(decoder, 'durability request')
      return { kind: 'durable-request', token }
    }
    case MESSAGE_ROLE:
      expectEnd(decoder, 'role request')
      return { kind: 'role-request' }
    default:
      throw malformed(`unknown message type ${type}`)
  }
}

/** [sync, step 1, state vector]: asks the client for what the server lacks. */
export const encodeSyncStep1 = (stateVector: Uint8Array) => encodeMessage((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC)
  encoding.writeVarUint(e, SYNC_STEP1)
  encoding.writeVarUint8Array(e, stateVector)
})

/** [sync, step 2, update]: the answer to a client's step 1. */
export const encodeSyncStep2 = (update: Uint8Array) => encodeMessage((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC)
  encoding.writeVarUint(e, SYNC_STEP2)
  encoding.writeVarUint8Array(e, update)
})

/** [sync, update, update]: a change broadcast to the other clients. */
export const encodeUpdate = (update: Uint8Array) => encodeMessage((e) => {
  encoding.writeVarUint(e, MESSAGE_SYNC)
  encoding.writeVarUint(e, SYNC_UPDATE)
  encoding.writeVarUint8Array(e, update)
})

/** [awareness, update]: the given entries as one awareness message. */
export const encodeAwareness = (entries: readonly AwarenessEntry[]) => encodeMessage((e) => {
  encoding.writeVarUint(e, MESSAGE_AWARENESS)
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(inner, entry.clientId)
    encoding.writeVarUint(inner, entry.clock)
    encoding.writeVarString(inner, entry.state)
  }
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner))
})

/** True when a state vector names no client, i.e. the sender has nothing yet. */
export function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return Y.decodeStateVector(stateVector).size === 0
}
