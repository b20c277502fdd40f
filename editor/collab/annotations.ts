// The document's annotations channel (/sync/<id>/annotations): review threads, live; and, the
// same way, the person's own private notes channel (/sync/<id>/notes).
//
// The server judges every write on this channel against its sender (server/sync/review-guard.ts).
// A refused write stays in the Y.Doc that made it, and every later write of that Y.Doc builds on
// it and would be refused too; so after a refusal the channel drops its Y.Doc and provider and
// starts again from a fresh Y.Doc synced from the server. Readers follow `doc`, which changes then.
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { MESSAGE_AUTH, readPermissionDenied, REFUSED_WRITE_PREFIX } from '../model/sync-messages.js'
import { NOTES_MAP, THREADS_MAP } from '../model/annotations/records.js'
import { trackDurability, type DurabilityTracker } from './durability.js'

type Handler = WebsocketProvider['messageHandlers'][number]

/** Which review Y.Doc a channel keeps: the shared threads, or the person's private notes. */
export type ReviewChannelKind = 'annotations' | 'notes'

/** The sync path suffix and the root map of each kind. */
const KINDS: Record<ReviewChannelKind, { path: string; root: string }> = {
  annotations: { path: 'annotations', root: THREADS_MAP },
  notes: { path: 'notes', root: NOTES_MAP },
}

/** What a channel tells its readers: the threads (or notes) changed (or the whole Y.Doc was replaced), or a write was refused. */
export interface AnnotationsEvents {
  /** Thread (or note) ids an update touched; `null` when the whole Y.Doc was replaced or first synced. */
  change(threadIds: Set<string> | null): void
  refused(reason: string): void
}

/** One document's annotations Y.Doc, kept in step with the server and restarted after a refusal. */
export class AnnotationsChannel {
  private provider!: WebsocketProvider
  private current!: Y.Doc
  private tracker!: DurabilityTracker
  private readonly listeners: { [K in keyof AnnotationsEvents]: Set<AnnotationsEvents[K]> } = { change: new Set(), refused: new Set() }
  /** Whether the channel connects: false until `connect` for a channel made with `{ connect: false }`. */
  private connecting: boolean

  /**
   * Connects to `<url>/<documentId>/annotations` (or `/notes` for `kind` 'notes') with the query
   * `params`; `providerOptions` go to each WebsocketProvider as they are (tests pass a WebSocket
   * implementation). With `connect: false` nothing is sent or received until `connect` (the page
   * connects once the text is on screen): the Y.Doc is there, empty, meanwhile.
   */
  constructor(
    private readonly url: string,
    private readonly documentId: string,
    private readonly params: Record<string, string>,
    private readonly providerOptions: Omit<NonNullable<ConstructorParameters<typeof WebsocketProvider>[3]>, 'params'> = {},
    readonly kind: ReviewChannelKind = 'annotations',
  ) {
    this.connecting = providerOptions.connect !== false
    this.start()
  }

  /** Connects a channel made with `{ connect: false }` (nothing happens when it is connecting already). */
  connect(): void {
    if (this.connecting) return
    this.connecting = true
    this.provider.connect()
  }

  /** The annotations Y.Doc now (a new one after each refusal). */
  get doc(): Y.Doc {
    return this.current
  }

  /** True once the current Y.Doc has the server's state. */
  get synced(): boolean {
    return this.provider.synced
  }

  on<K extends keyof AnnotationsEvents>(event: K, listener: AnnotationsEvents[K]): () => void {
    this.listeners[event].add(listener)
    return () => { this.listeners[event].delete(listener) }
  }

  private emit<K extends keyof AnnotationsEvents>(event: K, ...args: Parameters<AnnotationsEvents[K]>): void {
    for (const l of this.listeners[event]) (l as (...a: Parameters<AnnotationsEvents[K]>) => void)(...args)
  }

  private start(): void {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(this.url, `${this.documentId}/${KINDS[this.kind].path}`, doc, { ...this.providerOptions, connect: this.connecting, params: this.params })
    this.current = doc
    this.provider = provider
    doc.getMap(KINDS[this.kind].root).observeDeep((events) => {
      const ids = new Set<string>()
      for (const e of events) {
        // the thread id is the first step of the path below the threads map, or a key of the map itself
        const first = e.path[0]
        if (typeof first === 'string') ids.add(first)
        else for (const key of e.changes.keys.keys()) ids.add(key)
      }
      this.emit('change', ids)
    })
    provider.on('sync', (synced: boolean) => { if (synced && this.current === doc) this.emit('change', null) })
    const original = provider.messageHandlers[MESSAGE_AUTH]
    const onAuth: Handler = (encoder, decoder, p, emitSynced, type) => {
      const denied = readPermissionDenied(decoding.clone(decoder))
      original?.(encoder, decoder, p, emitSynced, type)
      if (denied !== null && this.current === doc) this.restart(denied.startsWith(REFUSED_WRITE_PREFIX) ? denied.slice(REFUSED_WRITE_PREFIX.length) : denied)
    }
    provider.messageHandlers[MESSAGE_AUTH] = onAuth
    // installed after the refusal handler, which it wraps
    this.tracker = trackDurability(provider)
  }

  /**
   * Resolves once the server has stored (or refused) every write made so far; true when they
   * were all stored, false when one was refused (the channel then runs on a fresh Y.Doc).
   */
  stored(): Promise<boolean> {
    const doc = this.current
    return this.tracker.settled().then((state) => this.current === doc && state === 'saved')
  }

  /** Drops the Y.Doc holding a refused write and syncs a fresh one. */
  private restart(reason: string): void {
    const old = this.provider
    const oldTracker = this.tracker
    // after this turn: the provider is still inside its message handler
    setTimeout(() => { oldTracker.destroy(); old.destroy(); old.doc.destroy() }, 0)
    this.start()
    this.emit('refused', reason)
    this.emit('change', null)
  }

  destroy(): void {
    this.tracker.destroy()
    this.provider.destroy()
    this.current.destroy()
    for (const set of Object.values(this.listeners)) set.clear()
  }
}
