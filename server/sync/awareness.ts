// One room's presence table: which awareness entries are news, which connection owns which client.
//
// The stock y-websocket client re-sends every awareness change it receives, including the
// ones the server just forwarded to it. Forwarding blindly turns one cursor move into N²
// messages. This table keeps the newest clock per client and accepts only entries that are
// newer (or a removal at the same clock, as y-protocols does); everything else is dropped.
import { CloseCode } from '../../editor/model/sync-messages.js'
import { ProtocolError, type AwarenessEntry } from './protocol.js'

const NULL_STATE = 'null'

interface Presence<Owner> {
  clock: number
  /** The state as JSON text; "null" once the client has left (kept so late echoes are recognised as stale). */
  state: string
  owner: Owner | null
}

/** Counters for tests and benchmarks. */
export interface AwarenessStats {
  accepted: number
  dropped: number
}

/**
 * Awareness entries of one room, keyed by Yjs client id. `Owner` is the connection type; the
 * owner of a client is the connection that last announced it, and its clients are removed
 * when that connection closes.
 */
export class RoomAwareness<Owner> {
  private readonly clients = new Map<number, Presence<Owner>>()
  readonly stats: AwarenessStats = { accepted: 0, dropped: 0 }

  /**
   * Takes the entries `from` sent and returns those that are news, to be forwarded. Throws a
   * ProtocolError (and changes nothing) if a new entry's state is not a JSON object or null.
   */
  apply(entries: readonly AwarenessEntry[], from: Owner): AwarenessEntry[] {
    const fresh = entries.filter((entry) => {
      const known = this.clients.get(entry.clientId)
      const clock = known?.clock ?? 0
      return entry.clock > clock || (entry.clock === clock && entry.state === NULL_STATE && known !== undefined && known.state !== NULL_STATE)
    })
    for (const entry of fresh) checkState(entry)
    this.stats.accepted += fresh.length
    this.stats.dropped += entries.length - fresh.length
    for (const entry of fresh) {
      const left = entry.state === NULL_STATE
      this.clients.set(entry.clientId, { clock: entry.clock, state: entry.state, owner: left ? null : from })
    }
    // A message can repeat a client; forward each client's last accepted entry once.
    return fresh.length > 1 ? [...new Map(fresh.map((e) => [e.clientId, e])).values()] : fresh
  }

  /** Marks every client announced by `owner` as gone and returns the removals to broadcast. */
  removeOwner(owner: Owner): AwarenessEntry[] {
    const removed: AwarenessEntry[] = []
    for (const [clientId, presence] of this.clients) {
      if (presence.owner !== owner || presence.state === NULL_STATE) continue
      const entry = { clientId, clock: presence.clock + 1, state: NULL_STATE }
      this.clients.set(clientId, { clock: entry.clock, state: NULL_STATE, owner: null })
      removed.push(entry)
    }
    return removed
  }

  /** The connection that announced a present client, or null (absent, left, or never seen). */
  ownerOf(clientId: number): Owner | null {
    const p = this.clients.get(clientId)
    return p && p.state !== NULL_STATE ? p.owner : null
  }

  /** Counts entries dropped before `apply` (spoofed client ids), so `stats.dropped` covers them. */
  countDropped(n: number): void {
    this.stats.dropped += n
  }

  /** Entries for every client currently present, for a joining connection. */
  present(): AwarenessEntry[] {
    const entries: AwarenessEntry[] = []
    for (const [clientId, p] of this.clients) if (p.state !== NULL_STATE) entries.push({ clientId, clock: p.clock, state: p.state })
    return entries
  }

  /** The parsed state of one client, or null when absent (for tests and logs). */
  stateOf(clientId: number): unknown {
    const p = this.clients.get(clientId)
    return p && p.state !== NULL_STATE ? JSON.parse(p.state) : null
  }
}

/** An awareness state must be a JSON object or null (y-prosemirror reads `state.user`). */
function checkState(entry: AwarenessEntry): void {
  let value: unknown
  try {
    value = JSON.parse(entry.state)
  } catch {
    throw new ProtocolError(CloseCode.malformed, `malformed message: awareness state of client ${entry.clientId} is not JSON`)
  }
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw new ProtocolError(CloseCode.malformed, `malformed message: awareness state of client ${entry.clientId} is not an object`)
  }
}
