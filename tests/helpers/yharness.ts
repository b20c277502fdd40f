// An in-memory room of collaborating editors: each peer a Y.Doc bound to a real ProseMirror view,
// exchanging Yjs updates over a network whose delivery order, drops and reconnects a seeded PRNG decides.
import * as Y from 'yjs'
import type { Node, Schema } from 'prosemirror-model'
import { EditorState, type Plugin, type Transaction } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { prosemirrorToYXmlFragment, yXmlFragmentToProseMirrorRootNode, ySyncPlugin } from 'y-prosemirror'
import { Awareness } from 'y-protocols/awareness'
import { schema as treatySchema } from '../../editor/model/schema.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'
import { markWrittenOutsideEditors } from '../../editor/model/carried-text.js'
import { applyRemoteUpdate, stateAnswer } from '../../editor/model/unseen-deletions.js'
import { normalizeKey, normalizePlugin } from '../../editor/plugins/normalize.js'
import type { Rng } from './prng.js'

/** Origin of every update a peer receives from the network, so it is not sent on again. */
export const NETWORK = Symbol('network')

/** Who removed shared content on a peer, as far as the peer itself can tell. */
export type DeleteCause =
  /** The drafter's own edit (a transaction dispatched through `Peer.edit`, or an action run by `Peer.act`). */
  | 'user'
  /**
   * The binding merging two adjacent Y.XmlTexts of one block (y-prosemirror's fix for its #160):
   * the text lives on in the left one, except what was typed into the right one concurrently.
   */
  | 'moved'
  /** Anything else done locally: y-prosemirror discarding an element it cannot build, or a normaliser write-back. */
  | 'binding'

/** A Yjs delete set (the class is not exported under a type name). */
export type DeleteSet = ReturnType<typeof Y.createDeleteSet>

/** A Yjs item id. */
export interface ItemId { client: number; clock: number }

/**
 * The text of one live Y.XmlText with the Yjs id of each character (`ids[i]` for `text[i]`), and
 * `containers`, the ids of the Y.XmlText and the elements around it, innermost first: deleting any
 * of them deletes the text too.
 */
export interface TextRun {
  text: string
  ids: ItemId[]
  containers: ItemId[]
  /** The id attribute of the article the text is in ('' outside articles): a moved copy keeps it. */
  article: string
  /** The id attribute of the paragraph the text is in ('' outside paragraphs). */
  paragraph: string
}

/** One participant: a Y.Doc, the ProseMirror view bound to it, and its connection state. */
export class Peer {
  readonly ydoc = new Y.Doc()
  readonly fragment: Y.XmlFragment
  view!: EditorView
  /** Connected to the room: sends its updates and receives the others'. */
  online = true
  /** Set when the room refused this peer's connection (see `HarnessOptions.admit`). */
  refused: string | null = null
  /** Updates sent to this peer and not yet applied. */
  readonly inbox: Uint8Array[] = []
  /** What this peer's own transactions deleted, by cause. */
  readonly deleted: Record<DeleteCause, DeleteSet[]> = { user: [], moved: [], binding: [] }
  private editing = false
  private presence: Awareness | null = null

  constructor(readonly index: number, readonly schema: Schema) {
    // Fixed client ids: Yjs orders concurrent insertions by client id, so a seed replays exactly.
    this.ydoc.clientID = 1000 + index
    this.fragment = this.ydoc.getXmlFragment(CONTENT_FRAGMENT)
    this.ydoc.on('afterTransaction', (tr: Y.Transaction) => {
      if (!tr.local || tr.origin === NETWORK || tr.deleteSet.clients.size === 0) return
      const cause: DeleteCause = this.editing ? 'user' : tr.origin === null ? 'moved' : 'binding'
      this.deleted[cause].push(tr.deleteSet)
    })
  }

  /** The peer's awareness (presence and cursors), made on first use; local to the peer, never exchanged. */
  get awareness(): Awareness {
    this.presence ??= new Awareness(this.ydoc)
    return this.presence
  }

  /** The document the view shows. */
  get doc(): Node { return this.view.state.doc }

  /**
   * Dispatches the transaction `build` makes from the current state, as the drafter's own edit.
   * Returns false when `build` returned null (the edit does not apply here).
   */
  edit(build: (state: EditorState) => Transaction | null): boolean {
    const tr = build(this.view.state)
    if (!tr) return false
    this.act(() => this.view.dispatch(tr))
    return true
  }

  /** Runs `action` (an undo, a redo …) as the drafter's own doing: what it deletes counts as deleted by the drafter. */
  act<T>(action: () => T): T {
    this.editing = true
    try { return action() } finally { this.editing = false }
  }

  /** The live text of every Y.XmlText in the shared document, with the Yjs id of each character. */
  textRuns(): TextRun[] {
    const runs: TextRun[] = []
    const walk = (type: Y.XmlElement | Y.XmlFragment, outer: ItemId[], article: string) => {
      const paragraph = type instanceof Y.XmlElement && type.nodeName === 'paragraph' ? String(type.getAttribute('id') ?? '') : ''
      for (const child of type.toArray()) {
        const containers = child._item ? [{ ...child._item.id }, ...outer] : outer
        if (child instanceof Y.XmlText) {
          const run: TextRun = { text: '', ids: [], containers, article, paragraph }
          for (let item = child._start; item !== null; item = item.right) {
            if (item.deleted || !(item.content instanceof Y.ContentString)) continue
            const str = item.content.str
            run.text += str
            for (let i = 0; i < str.length; i++) run.ids.push({ client: item.id.client, clock: item.id.clock + i })
          }
          runs.push(run)
        } else if (child instanceof Y.XmlElement) walk(child, containers, child.nodeName === 'article' ? String(child.getAttribute('id') ?? '') : article)
      }
    }
    walk(this.fragment, [], '')
    return runs
  }

  /** Unbinds the view and stops the awareness's timer. */
  destroy(): void {
    this.view?.destroy()
    this.presence?.destroy()
  }

  /** The document as a fresh client would build it from this peer's Yjs state (this peer's Y.Doc is not touched). */
  sharedDoc(): Node {
    const copy = new Y.Doc()
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.ydoc))
    return yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(CONTENT_FRAGMENT), this.schema)
  }
}

/** How to build a room. */
export interface HarnessOptions {
  /** Number of peers (default 3). */
  peers?: number
  /** Drives delivery order; the same seed gives the same run. */
  rng: Rng
  /** Content written to the shared document before any view binds to it (outside any editor, as the server writes it, and sent to all). */
  initial?: Node
  /** The schema of peer `index` (default: the treaty schema for every peer). */
  schemaFor?: (index: number) => Schema
  /** The plugins after ySyncPlugin of peer `index` (default: `normalizePlugin()`); not used with `stateFor`. */
  pluginsFor?: (index: number) => Plugin[]
  /**
   * The whole editor state of `peer`, built once the initial content has reached it (e.g.
   * `treatyStateFor` from treaty-peer.ts: the page's own composition). Default: `ySyncPlugin`
   * followed by `pluginsFor`.
   */
  stateFor?: (peer: Peer) => EditorState
  /** The room's admission check: a reason to refuse peer `index`, or null to let it in (default: everyone in). */
  admit?: (index: number) => string | null
  /**
   * In what order a peer receives what was sent to it. 'random' (the default): any waiting update
   * next, so an update can arrive before one it depends on (Yjs holds it back until then).
   * 'causal': each peer's updates in the order they were sent, as through Pacta's server — one
   * WebSocket per client, relaying updates in the order it applied them — so nothing arrives before
   * what it was made after; which peer receives next stays random.
   */
  order?: 'random' | 'causal'
}

/** A room of peers on an in-memory network. */
export class YHarness {
  readonly peers: Peer[]
  readonly rng: Rng
  /** Updates applied so far, for reports. */
  delivered = 0
  private readonly admit: (index: number) => string | null
  private readonly order: 'random' | 'causal'

  constructor(options: HarnessOptions) {
    if (typeof document === 'undefined') {
      throw new Error('YHarness needs a DOM: put `// @vitest-environment jsdom` at the top of the test file')
    }
    const count = options.peers ?? 3
    this.rng = options.rng
    this.admit = options.admit ?? (() => null)
    this.order = options.order ?? 'random'
    this.peers = Array.from({ length: count }, (_, i) => new Peer(i, options.schemaFor?.(i) ?? treatySchema))

    for (const peer of this.peers) {
      peer.refused = this.admit(peer.index)
      peer.online = peer.refused === null
      peer.ydoc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === NETWORK || !peer.online) return
        for (const other of this.peers) if (other !== peer && other.online) other.inbox.push(update)
      })
    }
    if (options.initial) {
      // written as the server writes a new document's content, outside any editor (model/content.ts)
      const seeding = new Y.Doc()
      seeding.transact(() => {
        prosemirrorToYXmlFragment(options.initial!, seeding.getXmlFragment(CONTENT_FRAGMENT))
        markWrittenOutsideEditors(seeding)
      })
      const state = Y.encodeStateAsUpdate(seeding)
      seeding.destroy()
      for (const peer of this.peers) if (peer.online || peer.index === 0) Y.applyUpdate(peer.ydoc, state, NETWORK)
    }
    for (const peer of this.peers) {
      const plugins = () => [ySyncPlugin(peer.fragment), ...(options.pluginsFor?.(peer.index) ?? [normalizePlugin()])]
      peer.view = new EditorView(document.createElement('div'), {
        state: options.stateFor?.(peer) ?? EditorState.create({ schema: peer.schema, plugins: plugins() }),
      })
    }
  }

  /** Messages sent and not yet delivered. */
  get pending(): number {
    return this.peers.reduce((n, p) => n + p.inbox.length, 0)
  }

  /**
   * Applies one undelivered update to a peer chosen at random: any of its waiting updates, or the
   * oldest with `order: 'causal'`; false when there is none.
   */
  deliverOne(): boolean {
    const waiting = this.peers.filter((p) => p.inbox.length > 0)
    if (waiting.length === 0) return false
    const peer = this.rng.pick(waiting)
    const [update] = peer.inbox.splice(this.order === 'causal' ? 0 : this.rng.int(peer.inbox.length), 1)
    // as the page applies what the server sends (editor/collab/remote-batch.ts)
    applyRemoteUpdate(peer.ydoc, update!, NETWORK)
    this.delivered++
    return true
  }

  /** Drops `peer`'s connection: what was on its way to it is lost; its edits stay local until it reconnects. */
  disconnect(peer: Peer): void {
    peer.online = false
    peer.inbox.length = 0
  }

  /**
   * Reconnects `peer` if the room admits it, then syncs it with every connected peer the way
   * y-protocols does (state vectors exchanged, each side sent the other's missing diff).
   */
  reconnect(peer: Peer): void {
    if (peer.online) return
    peer.refused = this.admit(peer.index)
    if (peer.refused !== null) return
    peer.online = true
    for (const other of this.peers) {
      if (other === peer || !other.online) continue
      other.inbox.push(stateAnswer(peer.ydoc, Y.encodeStateVector(other.ydoc)))
      peer.inbox.push(stateAnswer(other.ydoc, Y.encodeStateVector(peer.ydoc)))
    }
  }

  /** Lets the normalisers' deferred write-backs (a microtask after a remote change) run. */
  async flush(): Promise<void> {
    for (let i = 0; i < 3; i++) await Promise.resolve()
  }

  /**
   * Reconnects every admitted peer and delivers until nothing is in flight and no normaliser has a
   * repair left to write back, calling `afterEach` after every delivery. Throws when that takes more
   * than `maxDeliveries` updates (normalisers fighting each other would never stop).
   */
  async settle(maxDeliveries = 20_000, afterEach: () => void = () => {}): Promise<void> {
    for (const peer of this.peers) this.reconnect(peer)
    await this.flush()
    afterEach()
    let budget = maxDeliveries
    while (this.pending > 0 || this.peers.some((p) => normalizeKey.getState(p.view.state)?.unsynced)) {
      if (budget-- <= 0) throw new Error(`the room did not settle within ${maxDeliveries} deliveries`)
      this.deliverOne()
      await this.flush()
      afterEach()
    }
  }

  /** Unbinds every view and stops every awareness. */
  destroy(): void {
    for (const peer of this.peers) peer.destroy()
  }
}

/**
 * Hides one ProseMirror warning: y-prosemirror restores the selection of an unfocused jsdom view
 * at the document's edge after remote changes, and ProseMirror warns that the selection is not in
 * text. It says nothing about the document. Returns a function that restores `console.warn`.
 */
/** Position of the node with stable id `id` in `doc`; throws when there is none. */
export const posOf = (doc: Node, id: string): number => {
  let found = -1
  doc.descendants((node, pos) => { if (node.attrs.id === id) found = pos })
  if (found < 0) throw new Error(`no node with id ${id}`)
  return found
}

/** Deletes the node with stable id `id` through a transaction on `peer`'s view. */
export const deleteById = (peer: Peer, id: string): boolean =>
  peer.edit((state) => { const pos = posOf(state.doc, id); return state.tr.delete(pos, pos + state.doc.nodeAt(pos)!.nodeSize) })

export function muteSelectionWarnings(): () => void {
  const original = console.warn
  console.warn = (...args: unknown[]) => {
    if (String(args[0]).startsWith('TextSelection endpoint not pointing into a node with inline content')) return
    original(...args)
  }
  return () => { console.warn = original }
}
