// The rooms loaded in this process, keyed by document and channel: load on first join, unload when idle.
import { CloseCode } from '../errors.js'
import type { Logger } from '../log.js'
import type { Channel, Store } from '../store/store.js'
import { Room } from './room.js'

/** What Rooms needs from the configuration. */
export interface RoomsOptions {
  store: Store
  log: Logger
  maxMessageBytes: number
  compactAfterUpdates: number
  idleUnloadMs: number
}

const keyOf = (documentId: string, channel: Channel) => `${channel}:${documentId}`

/**
 * Owns every Room. A room is loaded from the store by the first connection to its document
 * channel and unloaded (flushed, compacted, freed) after idleUnloadMs with nobody connected.
 */
export class Rooms {
  private readonly rooms = new Map<string, Promise<Room>>()
  /** Unloads in progress, so a join during one waits and then loads afresh. */
  private readonly unloading = new Map<string, Promise<void>>()
  private stopping = false

  constructor(private readonly options: RoomsOptions) {}

  /** The room for a document channel, loading it if needed. Rejects when the server is stopping. */
  async open(documentId: string, channel: Channel): Promise<Room> {
    const key = keyOf(documentId, channel)
    for (;;) {
      if (this.stopping) throw new Error('server is shutting down')
      const pendingUnload = this.unloading.get(key)
      if (pendingUnload) { await pendingUnload; continue }
      let loading = this.rooms.get(key)
      if (!loading) {
        loading = this.load(documentId, channel)
        this.rooms.set(key, loading)
        loading.catch(() => { if (this.rooms.get(key) === loading) this.rooms.delete(key) })
      }
      const room = await loading
      if (room.state === 'open') return room
      await this.unloading.get(key)
    }
  }

  /** A loaded, open room, if there is one (for tests and diagnostics). */
  async peek(documentId: string, channel: Channel = 'content'): Promise<Room | undefined> {
    const room = await this.rooms.get(keyOf(documentId, channel))?.catch(() => undefined)
    return room?.state === 'open' ? room : undefined
  }

  /** Number of rooms in memory. */
  get size(): number {
    return this.rooms.size
  }

  /** Closes every connection to a deleted document (4410) and drops its rooms without storing. */
  closeDocument(documentId: string): void {
    for (const channel of ['content', 'annotations'] as const) {
      const key = keyOf(documentId, channel)
      const loading = this.rooms.get(key)
      if (!loading) continue
      this.rooms.delete(key)
      loading.then((room) => {
        room.terminate(CloseCode.deleted, 'document deleted')
        this.options.log.info('document deleted while loaded; connections closed', { document: documentId, channel })
      }, () => {})
    }
  }

  /** Stores everything pending in every room, closes all connections with 1001 and unloads. */
  async shutdown(): Promise<void> {
    this.stopping = true
    const rooms = await Promise.all([...this.rooms.values()].map((p) => p.catch(() => null)))
    await Promise.all(rooms.map((room) => room?.unload(CloseCode.goingAway, 'server shutting down')))
    await Promise.all(this.unloading.values())
    this.rooms.clear()
  }

  private async load(documentId: string, channel: Channel): Promise<Room> {
    const { store, log, maxMessageBytes, compactAfterUpdates, idleUnloadMs } = this.options
    const started = performance.now()
    const room = await Room.load({
      documentId, channel, store, log, maxMessageBytes, compactAfterUpdates, idleUnloadMs,
      onIdle: (r) => this.unloadIdle(r),
      onGone: (r) => {
        this.closeDocument(r.documentId)
        r.terminate(CloseCode.deleted, 'document deleted')
      },
    })
    log.debug('document loaded', { document: documentId, channel, ms: Math.round(performance.now() - started) })
    return room
  }

  private unloadIdle(room: Room): void {
    const key = keyOf(room.documentId, room.channel)
    const done = room.unload().then(
      () => this.options.log.debug('idle document unloaded', { document: room.documentId, channel: room.channel }),
      (err) => this.options.log.error('unloading a document failed', { document: room.documentId, error: String(err) }),
    ).finally(() => {
      // No other room can have been loaded under this key meanwhile: open() waits for the unload.
      this.unloading.delete(key)
      this.rooms.delete(key)
    })
    this.unloading.set(key, done)
  }
}
