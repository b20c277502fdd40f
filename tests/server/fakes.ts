// In-memory stand-ins for room tests: a Store whose writes can be held or failed, and a socket that records.
import type { WebSocket } from 'ws'
import type { AppendResult, Channel, DocumentRecord, InitialState, Store, StoredState } from '../../server/store/store.js'
import { Connection } from '../../server/sync/connection.js'

/** A Store in memory. `hold()` makes appends wait until released, `holdNext()` one append's sync; `failNext` makes the next appends throw. */
export class MemoryStore implements Store {
  docs = new Map<string, DocumentRecord>()
  logs = new Map<string, { seq: number; data: Uint8Array }[]>()
  snapshots = new Map<string, Uint8Array>()
  snapshotSchemas = new Map<string, number | null>()
  appendCalls: Uint8Array[][] = []
  failNext = 0
  private seq = 0
  private gate: Promise<void> | null = null
  private release: (() => void) | null = null
  private syncGates: Promise<void>[] = []

  /** Makes appends wait until the returned function is called. */
  hold(): () => void {
    this.gate = new Promise((r) => { this.release = r })
    return () => { this.release?.(); this.gate = null }
  }

  async listDocuments() { return [...this.docs.values()] }
  async getDocument(id: string) { return this.docs.get(id) ?? null }
  async createDocument(record: DocumentRecord, initial: InitialState[]) {
    this.docs.set(record.id, record)
    for (const { channel, state, schemaVersion } of initial) {
      this.snapshots.set(`${channel}:${record.id}`, state)
      this.snapshotSchemas.set(`${channel}:${record.id}`, schemaVersion ?? null)
    }
  }
  async renameDocument(id: string, title: string, at: number) {
    const d = this.docs.get(id)
    if (!d) return null
    Object.assign(d, { title, updatedAt: at })
    return d
  }
  async deleteDocument(id: string) { return this.docs.delete(id) }
  async loadState(id: string, channel: Channel): Promise<StoredState> {
    const log = this.logs.get(`${channel}:${id}`) ?? []
    return { snapshot: this.snapshots.get(`${channel}:${id}`) ?? null, snapshotSchema: this.snapshotSchemas.get(`${channel}:${id}`) ?? null, updates: log.map((u) => u.data), lastSeq: log.at(-1)?.seq ?? 0 }
  }
  /**
   * Makes the next append write at once but resolve only when the returned function is called,
   * as a commit waits for its disk sync; called with an error, it rejects instead (a failed sync).
   */
  holdNext(): (err?: Error) => void {
    let finish!: (err?: Error) => void
    this.syncGates.push(new Promise<void>((resolve, reject) => { finish = (err) => (err ? reject(err) : resolve()) }))
    return finish
  }

  async appendUpdates(id: string, channel: Channel, updates: Uint8Array[]): Promise<AppendResult | null> {
    const syncGate = this.syncGates.shift()
    if (this.gate) await this.gate
    if (this.failNext > 0) { this.failNext--; throw new Error('disk full') }
    if (!this.docs.has(id)) return null
    this.appendCalls.push(updates)
    const key = `${channel}:${id}`
    const log = this.logs.get(key) ?? []
    for (const data of updates) log.push({ seq: ++this.seq, data })
    this.logs.set(key, log)
    const result = { lastSeq: this.seq, logLength: log.length }
    if (syncGate) await syncGate
    return result
  }
  async compact(id: string, channel: Channel, snapshot: Uint8Array, throughSeq: number, schemaVersion?: number) {
    const key = `${channel}:${id}`
    this.snapshots.set(key, snapshot)
    this.snapshotSchemas.set(key, schemaVersion ?? null)
    this.logs.set(key, (this.logs.get(key) ?? []).filter((u) => u.seq > throughSeq))
  }
  async getMeta() { return null }
  async setMeta() {}
  async close() {}
}

/** A socket that records what is sent to it and how it was closed. */
export class FakeSocket {
  readonly OPEN = 1
  readyState = 1
  sent: Uint8Array[] = []
  closedWith: { code: number; reason: string } | null = null
  private onClose: (() => void)[] = []
  send(data: Uint8Array) { this.sent.push(data) }
  close(code: number, reason: string) {
    this.closedWith = { code, reason }
    this.readyState = 3
    for (const f of this.onClose) f()
  }
  once(event: string, f: () => void) { if (event === 'close') this.onClose.push(f) }
}

/** A room connection over a FakeSocket. */
export function fakeConnection(documentId: string): { conn: Connection; socket: FakeSocket } {
  const socket = new FakeSocket()
  return { conn: new Connection(socket as unknown as WebSocket, documentId, 'content', 'test'), socket }
}
