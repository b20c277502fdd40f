// A seeded fuzzer of sync messages: valid y-websocket messages from real treaty edits, mutated, fed to a room.
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import { CONTENT_FRAGMENT, PARAMETERS_MAP } from '../../editor/model/index.js'
import { createLogger } from '../../server/log.js'
import { Connection } from '../../server/sync/connection.js'
import {
  encodeAwareness, encodeDurableRequest, encodeSyncStep1, encodeSyncStep2, encodeUpdate,
} from '../../server/sync/protocol.js'
import { Room } from '../../server/sync/room.js'
import type { WebSocket } from 'ws'
import { FakeSocket, MemoryStore } from '../server/fakes.js'
import type { Rng } from '../helpers/prng.js'

/** Valid messages a real client could send, built from edits of a new treaty. */
export function corpus(base: Uint8Array): Uint8Array[] {
  const doc = new Y.Doc()
  doc.clientID = 4_000_001 // fixed, so a seed replays the same messages
  Y.applyUpdate(doc, base)
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
  const p = new Y.XmlElement('paragraph')
  const text = new Y.XmlText('The Parties shall cooperate.')
  p.insert(0, [text])
  fragment.insert(fragment.length, [p])
  text.insert(4, 'High Contracting ')
  text.format(0, 3, { strong: {} })
  text.delete(0, 4)
  doc.getMap(PARAMETERS_MAP).set('depositary', 'the Secretary-General')
  p.setAttribute('id', 'p-fuzz')
  fragment.delete(0, 1)
  doc.getArray('list').insert(0, [1, 'two', { three: 3 }, new Uint8Array([4])])
  const messages: Uint8Array[] = updates.flatMap((u) => [encodeUpdate(u), encodeSyncStep2(u)])
  messages.push(encodeSyncStep2(Y.encodeStateAsUpdate(doc)))
  messages.push(encodeUpdate(Y.mergeUpdates(updates)))
  messages.push(encodeSyncStep1(Y.encodeStateVector(doc)), encodeSyncStep1(new Uint8Array([0])))
  messages.push(encodeAwareness([{ clientId: 77, clock: 1, state: JSON.stringify({ user: { name: 'A', color: '#112233' }, cursor: { anchor: 1, head: 2 } }) }]))
  messages.push(encodeAwareness([{ clientId: 77, clock: 2, state: 'null' }]), new Uint8Array([3]), encodeDurableRequest(5))
  return messages
}

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x40, 0x3f]

/** One mutation of `m` (never returns `m` itself). */
export function mutate(rng: Rng, m: Uint8Array, corpusItems: readonly Uint8Array[]): Uint8Array {
  const out = Array.from(m)
  const at = () => rng.int(Math.max(1, out.length))
  const times = 1 + (rng.chance(0.3) ? rng.int(4) : 0)
  for (let i = 0; i < times; i++) {
    switch (rng.int(9)) {
      case 0: if (out.length) { const i = at(); out[i] = out[i]! ^ (1 << rng.int(8)) }; break
      case 1: if (out.length) out[at()] = rng.pick(INTERESTING); break
      case 2: if (out.length) out[at()] = rng.int(256); break
      case 3: out.splice(at(), 0, ...Array.from({ length: 1 + rng.int(8) }, () => rng.int(256))); break
      case 4: if (out.length) out.splice(at(), 1 + rng.int(8)); break
      case 5: out.length = rng.int(out.length + 1); break
      case 6: { const s = at(); out.splice(rng.int(out.length + 1), 0, ...out.slice(s, s + 1 + rng.int(16))); break }
      case 7: { const other = rng.pick(corpusItems); const cut = rng.int(other.length + 1); out.splice(at(), out.length, ...Array.from(other.subarray(cut))); break }
      case 8: {
        // An overlong or huge varint in place of a byte.
        const e = encoding.createEncoder()
        encoding.writeVarUint(e, rng.pick([2 ** 31, 2 ** 40, 2 ** 53 - 1, 0xffffffff, 127, 128]))
        out.splice(at(), 1, ...encoding.toUint8Array(e))
        break
      }
    }
  }
  return Uint8Array.from(out)
}

/** What happened to one message in the room. */
export type Outcome = 'accepted' | 'closed' | 'crash'

/** A room over an in-memory store with fake connections, for driving the protocol handler fast. */
export class FuzzRoom {
  store = new MemoryStore()
  room!: Room
  readonly base: Uint8Array
  /** Codes of closes seen, counted. */
  readonly closes = new Map<number, number>()
  reloads = 0
  errors: string[] = []
  /** Errors Yjs threw while applying an update that decoded (handled: the room reloads). */
  applyFailures: string[] = []
  /** Messages accepted since the room was (re)loaded: with the next one, enough to replay a finding. */
  history: { connection: number; message: Uint8Array }[] = []
  /** Connections opened so far (each rejection opens a new one). */
  connections = 0
  private conn!: { conn: Connection; socket: FakeSocket }

  private constructor() {
    // A fixed new-treaty state (its ids are random when minted), so a seed replays exactly.
    this.base = new Uint8Array(readFileSync(new URL('../fixtures/crashers/fuzz-base.update', import.meta.url)))
  }

  static async create(): Promise<FuzzRoom> {
    const f = new FuzzRoom()
    await f.store.createDocument({ id: 'fz', title: 'F', createdAt: 0, updatedAt: 0 }, [{ channel: 'content', state: f.base }])
    await f.reload()
    return f
  }

  private async reload(): Promise<void> {
    this.history = []
    this.room = await Room.load({
      documentId: 'fz', channel: 'content', store: this.store,
      log: createLogger('error', (r) => { if (/could not be applied/.test(r.message)) this.applyFailures.push(String(r.fields.error)); else this.errors.push(`${r.message} ${JSON.stringify(r.fields)}`) }),
      maxMessageBytes: 1 << 20, compactAfterUpdates: 200, idleUnloadMs: 60_000,
      onIdle: () => {}, onGone: () => {},
      limits: { maxPendingUpdateBytes: 64 * 1024, maxPresenceBytes: 4096 },
      onTainted: (r) => { this.reloads++; void r.unload(1012, 'reloading') },
    })
    this.fresh()
  }

  /** Replaces the fuzzing connection with a new one (replays use it to follow a recorded history). */
  fresh(): void {
    this.connections++
    const socket = new FakeSocket()
    this.conn = { socket, conn: new Connection(socket as unknown as WebSocket, 'fz', 'content', 'fuzz') }
    this.room.join(this.conn.conn)
  }

  /** Feeds one message; a closed connection is replaced, a reloading room is reloaded. */
  async feed(message: Uint8Array): Promise<Outcome> {
    let outcome: Outcome = 'accepted'
    try {
      await this.room.receive(this.conn.conn, message)
    } catch (err) {
      this.errors.push(`receive threw: ${(err as Error)?.stack ?? String(err)}`)
      return 'crash'
    }
    this.conn.socket.sent.length = 0
    const closed = this.conn.socket.closedWith
    if (!closed) this.history.push({ connection: this.connections, message })
    if (closed) {
      this.closes.set(closed.code, (this.closes.get(closed.code) ?? 0) + 1)
      outcome = closed.code === 1011 ? 'crash' : 'closed'
      if (this.room.state !== 'open') {
        await this.room.unload()
        await this.reload()
      } else this.fresh()
    }
    if (this.errors.length > 0) outcome = 'crash'
    return outcome
  }

  /** The stored document equals the room's, and both encode and decode. */
  async consistent(): Promise<boolean> {
    await this.room.durable()
    const state = await this.store.loadState('fz', 'content')
    const stored = new Y.Doc()
    if (state.snapshot) Y.applyUpdate(stored, state.snapshot)
    for (const u of state.updates) Y.applyUpdate(stored, u)
    const a = Y.encodeStateVector(stored)
    const b = Y.encodeStateVector(this.room.doc)
    return Buffer.from(a).equals(Buffer.from(b))
  }
}
