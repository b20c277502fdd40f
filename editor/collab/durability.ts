// "Saving…" / "All changes saved": asks the sync server which of this editor's edits are durable.
//
// After local edits (and after answering the server's sync step 1 on reconnect, which carries
// offline edits), the tracker sends [100, token]. The server answers [100, token, status] once
// everything this connection sent before the request is stored in its database. The stock
// y-websocket client never sends 100, so the server never sends it 100 either.
import type * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import type { WebsocketProvider } from 'y-websocket'
import {
  DurableStatus, encodeDurableRequest, MESSAGE_AUTH, MESSAGE_DURABLE, MESSAGE_SYNC, readDurableAnswer, readPermissionDenied,
} from '../model/sync-messages.js'

/** How long to wait before asking again when the server still lacks dependencies of an edit. */
const RETRY_MS = 500

/**
 * `saved`: every local edit is stored by the server. `saving`: some are not yet (being sent,
 * offline, or waiting for the database). `refused`: the server refused an edit (the role may not
 * write here); it will not be saved. Stays `refused` for the tracker's life: the refused edit
 * exists only in this editor, so the page must reload to be in step again.
 */
export type SaveState = 'saved' | 'saving' | 'refused'

/** Follows one provider's save state. */
export interface DurabilityTracker {
  readonly state: SaveState
  /** The server's reason, when the state is `refused`. */
  readonly reason: string | null
  /** Local edits made since attaching, and how many of the first of them the server confirmed stored. */
  readonly local: number
  readonly confirmed: number
  /** Calls `listener` on each change of state; returns a function that stops it. */
  onChange(listener: (state: SaveState, reason: string | null) => void): () => void
  /** Resolves, with the state then, once nothing sent is waiting to be stored (at once when nothing is). */
  settled(): Promise<SaveState>
  /** Detaches from the provider (its handlers are restored). */
  destroy(): void
}

type Handler = WebsocketProvider['messageHandlers'][number]

/** Whether `tr` inserted or deleted anything (what makes Yjs send an update for it). */
function wroteSomething(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0) return true
  for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) !== clock) return true
  return false
}

/**
 * Attaches to a y-websocket 3 `WebsocketProvider` through its `messageHandlers` and its doc's
 * transactions. Local edits are those whose transaction origin is not the provider.
 */
export function trackDurability(provider: WebsocketProvider): DurabilityTracker {
  const doc = provider.doc
  let localSeq = 0
  let confirmedSeq = 0
  let nextToken = 1
  const requested = new Map<number, number>()
  let refusedReason: string | null = null
  let state: SaveState = 'saved'
  let scheduled: ReturnType<typeof setTimeout> | null = null
  const listeners = new Set<(state: SaveState, reason: string | null) => void>()

  const update = () => {
    const next: SaveState = refusedReason !== null ? 'refused' : localSeq > confirmedSeq ? 'saving' : 'saved'
    if (next === state) return
    state = next
    for (const l of listeners) l(state, refusedReason)
  }

  const send = () => {
    scheduled = null
    const ws = provider.ws
    if (!ws || !provider.wsconnected || ws.readyState !== 1 || localSeq <= confirmedSeq) return
    // one question at a time: the answer covers every edit sent before it, and the edits made
    // while it is on its way are asked about once it is back (a message per keystroke is costly)
    if (requested.size > 0) return
    const token = nextToken++
    requested.set(token, localSeq)
    ws.send(encodeDurableRequest(token))
  }
  // Coalesces the edits of one turn into one request, sent after y-websocket sent the edits.
  const schedule = (delay = 0) => {
    if (scheduled === null) scheduled = setTimeout(send, delay)
  }

  // (read after each transaction rather than from the doc's updates: a listener of those makes
  // Yjs encode every transaction, the whole document received on connecting included)
  const onTransaction = (tr: Y.Transaction) => {
    if (tr.origin === provider || !wroteSomething(tr)) return
    localSeq++
    update()
    schedule()
  }
  doc.on('afterTransaction', onTransaction)

  const onStatus = ({ status }: { status: string }) => {
    // Answers to requests on a closed socket never come; new ones follow the resync.
    if (status !== 'connected') requested.clear()
  }
  provider.on('status', onStatus)

  const original = { sync: provider.messageHandlers[MESSAGE_SYNC], auth: provider.messageHandlers[MESSAGE_AUTH], durable: provider.messageHandlers[MESSAGE_DURABLE] }
  const syncHandler: Handler = (encoder, decoder, p, emitSynced, type) => {
    original.sync!(encoder, decoder, p, emitSynced, type)
    // The reply to the server's step 1 (offline edits) is sent when this returns; ask after it.
    if (localSeq > confirmedSeq) schedule()
  }
  const authHandler: Handler = (encoder, decoder, p, emitSynced, type) => {
    const denied = readPermissionDenied(decoding.clone(decoder))
    if (denied !== null) refusedReason = denied
    original.auth?.(encoder, decoder, p, emitSynced, type)
    update()
  }
  const durableHandler: Handler = (_encoder, decoder) => {
    const { token, status } = readDurableAnswer(decoder)
    const seq = requested.get(token)
    for (const t of requested.keys()) if (t <= token) requested.delete(t)
    if (seq === undefined) return
    if (status === DurableStatus.saved) {
      confirmedSeq = Math.max(confirmedSeq, seq)
    } else if (status === DurableStatus.incomplete) {
      schedule(RETRY_MS)
    } else if (status === DurableStatus.refused && refusedReason === null) {
      refusedReason = 'the server refused an edit'
    }
    // edits made while the question was on its way
    if (status === DurableStatus.saved && localSeq > confirmedSeq) schedule()
    update()
  }
  provider.messageHandlers[MESSAGE_SYNC] = syncHandler
  provider.messageHandlers[MESSAGE_AUTH] = authHandler
  provider.messageHandlers[MESSAGE_DURABLE] = durableHandler

  return {
    get state() { return state },
    get reason() { return refusedReason },
    get local() { return localSeq },
    get confirmed() { return confirmedSeq },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    settled() {
      return new Promise((resolve) => {
        if (state !== 'saving') return resolve(state)
        const wait = (next: SaveState) => { if (next !== 'saving') { listeners.delete(wait); resolve(next) } }
        listeners.add(wait)
      })
    },
    destroy() {
      if (scheduled !== null) clearTimeout(scheduled)
      doc.off('afterTransaction', onTransaction)
      provider.off('status', onStatus)
      if (original.sync) provider.messageHandlers[MESSAGE_SYNC] = original.sync
      if (original.auth) provider.messageHandlers[MESSAGE_AUTH] = original.auth
      if (original.durable) provider.messageHandlers[MESSAGE_DURABLE] = original.durable
      else delete provider.messageHandlers[MESSAGE_DURABLE]
      listeners.clear()
    },
  }
}
