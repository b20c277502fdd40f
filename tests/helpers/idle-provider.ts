// A y-websocket provider that never connects, and sync messages handed to it as y-websocket hands
// them on arrival: what the page's own sync handlers (editor/collab/remote-batch.ts) do is seen
// without a server.
import type * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import { WebsocketProvider } from 'y-websocket'
import { WebSocket } from 'ws'
import { MESSAGE_SYNC } from '../../editor/model/sync-messages.js'

/** A provider for `doc` that never connects (its handlers are called directly, as y-websocket does on a message). */
export function idleProvider(doc: Y.Doc): WebsocketProvider {
  return new WebsocketProvider('ws://127.0.0.1:9', 'room', doc, { connect: false, disableBc: true, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket })
}

/**
 * Delivers a sync message of `subtype` (0 step 1, 1 step 2, 2 update) carrying `payload` to
 * `provider`; returns what the provider would send back (its message type already written).
 */
export function deliver(provider: WebsocketProvider, subtype: number, payload: Uint8Array): Uint8Array {
  const message = encoding.createEncoder()
  encoding.writeVarUint(message, MESSAGE_SYNC)
  encoding.writeVarUint(message, subtype)
  encoding.writeVarUint8Array(message, payload)
  const decoder = decoding.createDecoder(encoding.toUint8Array(message))
  decoding.readVarUint(decoder)
  const reply = encoding.createEncoder()
  provider.messageHandlers[MESSAGE_SYNC]!(reply, decoder, provider, true, MESSAGE_SYNC)
  return encoding.toUint8Array(reply)
}
