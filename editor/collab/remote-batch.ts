// Applies the collaborators' updates that arrive within one frame as one Yjs transaction.
//
// y-prosemirror renders the document once per Yjs transaction, and the view then lays the page
// out (the caret is scrolled into view): a hundred small edits sent at once, applied one by one,
// cost a hundred renders and layouts. Queued until the next frame and applied together they cost
// one. Sync steps 1 and 2 (the exchange on connecting) are not delayed; queued updates are applied
// before them, so the order of what the server sent is kept.
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import { MESSAGE_SYNC } from '../model/sync-messages.js'
import { applyRemoteUpdate, noteRemoteUpdate, stateAnswer } from '../model/unseen-deletions.js'

/** The handler y-websocket calls for a message of one type. */
type MessageHandler = WebsocketProvider['messageHandlers'][number]

/** Runs `apply` at the next frame, or shortly when the page is hidden (frames stop there). */
const nextFrame = (apply: () => void): void => {
  if (typeof document !== 'undefined' && document.hidden) setTimeout(apply, 50)
  else requestAnimationFrame(() => apply())
}

/**
 * Makes `provider` queue incoming updates and apply each frame's as one transaction (origin: the
 * provider, as y-websocket itself uses, so they are not sent back). Returns a function that
 * applies what is queued and restores the provider's own handling.
 */
export function batchRemoteUpdates(provider: WebsocketProvider, schedule: (apply: () => void) => void = nextFrame): () => void {
  const original: MessageHandler = provider.messageHandlers[MESSAGE_SYNC]!
  let queue: Uint8Array[] = []
  let scheduled = false
  /** Whether the first state from the server has been received. */
  let received = false
  const flush = () => {
    scheduled = false
    if (queue.length === 0) return
    const updates = queue
    queue = []
    Y.transact(provider.doc, () => {
      for (const update of updates) {
        try {
          applyRemoteUpdate(provider.doc, update, provider)
        } catch (e) {
          // as y-protocols does for an update it cannot read: say so, and keep the others
          console.error('an update from the server could not be applied', e)
        }
      }
    }, provider)
  }
  provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, p, emitSynced, messageType) => {
    if (decoding.peekVarUint(decoder) === messageYjsUpdate) {
      decoding.readVarUint(decoder)
      queue.push(decoding.readVarUint8Array(decoder))
      if (!scheduled) { scheduled = true; schedule(flush) }
      return
    }
    flush()
    // the server asks for what it lacks: the state whose delete set holds what writers deleted (stateAnswer)
    if (decoding.peekVarUint(decoder) === messageYjsSyncStep1) {
      decoding.readVarUint(decoder)
      const stateVector = decoding.readVarUint8Array(decoder)
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      encoding.writeVarUint(encoder, messageYjsSyncStep2)
      encoding.writeVarUint8Array(encoder, stateAnswer(provider.doc, stateVector))
      return
    }
    // the state sent on connecting is applied by y-websocket; its delete set is noted first (unseen-deletions.ts)
    if (decoding.peekVarUint(decoder) === messageYjsSyncStep2) {
      const peek = decoding.clone(decoder)
      decoding.readVarUint(peek)
      noteRemoteUpdate(provider.doc, decoding.readVarUint8Array(peek))
      if (!received) {
        received = true
        // The whole document, into a page that holds nothing yet and shows no editor: Yjs would
        // encode it once more for the provider's update listener, which sends only local changes.
        provider.doc.off('update', provider._updateHandler)
        try {
          original(encoder, decoder, p, emitSynced, messageType)
        } finally {
          provider.doc.on('update', provider._updateHandler)
        }
        return
      }
    }
    original(encoder, decoder, p, emitSynced, messageType)
  }
  return () => {
    provider.messageHandlers[MESSAGE_SYNC] = original
    flush()
  }
}
