// A ledger of the words drafters type and of every deletion each peer writes to the shared
// document, so that once the room has settled every missing word can be given its cause.
import * as Y from 'yjs'
import type { Node } from 'prosemirror-model'
import { ySyncPluginKey } from 'y-prosemirror'
import { NETWORK, type DeleteSet, type Peer } from '../helpers/yharness.js'

// A token is a CJK character unique to it, its number and a Hangul syllable unique to it
// ("丁17갑"), typed with a trailing space. y-prosemirror writes a changed text into Yjs as one
// replacement found by common prefix and suffix; words like "tk17" and "tk1" would let that
// replacement start or end inside a word, and concurrent edits could then interleave inside
// words. With first and last characters no other token has, a token is only ever whole or gone.
const TOKEN = /[\u4e00-\u9fff]\d+[\uac00-\ud7a3]/gu

/** Matches one token and the space after it, for deleting a word. */
export const TOKEN_WITH_SPACE = /[\u4e00-\u9fff]\d+[\uac00-\ud7a3] ?/gu

/** The tokens in `text`, in order, repeats included. */
export const tokensIn = (text: string): string[] => [...text.matchAll(TOKEN)].map((m) => m[0])

/** All the text of `node`, blocks and inline atoms separated by a space so tokens never run together. */
export const textOf = (node: Node): string => node.textBetween(0, node.content.size, ' ', ' ')

/** A Yjs id as the ledger keys it: "client:clock". */
const key = (id: { client: number; clock: number }) => `${id.client}:${id.clock}`

/**
 * What a drafter is doing when a peer writes a deletion: a label for reports and, for a deletion
 * made on purpose, the shared elements (Yjs ids) the drafter removed whole, such as the paragraphs
 * a selection covered entirely or the article they deleted.
 */
export interface Doing {
  label: string
  /** The drafter means to remove what they delete (a selection, a character, a block; an undo). */
  deliberate: boolean
  /** Elements removed whole on purpose: text typed into them concurrently goes with them. */
  whole?: ReadonlySet<string>
  /**
   * Articles (by their id attribute) removed whole on purpose: text typed concurrently into any
   * copy of them goes with them too, also into the copy a move left behind that the drafter who
   * deleted the article never saw.
   */
  wholeArticles?: ReadonlySet<string>
  /**
   * Paragraphs (by their id attribute) removed whole on purpose: text typed concurrently into the
   * paragraph goes with it, also when it was typed into a shared element that a join or a repair
   * replaced by another under the same id, which is the paragraph the deleting drafter saw.
   */
  wholeParagraphs?: ReadonlySet<string>
}

/** One local Yjs transaction that deleted something, in the order the peers made them. */
interface Deletion { seq: number; peer: number; step: number; doing: Doing; deletes: DeleteSet }

/**
 * Where a token lived in one peer's shared document: its characters' ids, its containers' ids
 * (innermost first) and the id attribute of its article.
 */
interface Occurrence { chars: string[]; containers: string[]; article: string; paragraph: string }

/** How one place of a token ended: the deletion that removed it first, whether on purpose, and whether by removing an element around it. */
interface End { deletion: Deletion; onPurpose: boolean; knewCharacters: boolean; place: Occurrence }

/** A word missing from the settled document that nobody deleted on purpose. */
export interface Loss {
  token: string
  /** The label of what deleted it (see `Doing`), or a binding cause, or "unexplained". */
  cause: string
  /**
   * How it went: `unseen`, deleted with a Y.XmlText or element it lived in by a peer that had not
   * seen it there (a join, move or split writes the block anew and deletes the old one, and what
   * others wrote into the old one meanwhile goes with it); `seen`, deleted by a peer that had it
   * there, its characters with or without an element around them; `unexplained`, no recorded
   * deletion explains it.
   */
  how: 'unseen' | 'seen' | 'unexplained'
  /** The step and peer of that deletion (-1 when unknown). */
  step: number
  peer: number
}

/** What became of the typed words, once the room has settled. */
export interface WordAudit {
  typed: number
  /** Missing, and the drafter who deleted them saw them go. */
  deliberate: number
  /** Missing because they were typed, concurrently, into an element another drafter deleted whole on purpose. */
  withDeletedBlock: number
  /** Missing for any other reason. */
  lost: Loss[]
  /** Tokens that appear more than once in the document. */
  duplicated: string[]
}

/** The cause of a word lost when y-prosemirror merged two Y.XmlTexts of one block (text-merge-race.test.ts). */
export const BINDING_MERGE = 'the binding merging two texts of a block'
/** The cause of a word lost when the editor settled two concurrent moves of one article (moves.ts). */
export const MOVE_RESOLUTION = 'the editor settling concurrent moves of an article (removing the losing copy)'
/** The cause of a word lost to any other write after a remote change: a normalisation repair, a stale document written back. */
export const WRITE_BACK = 'the editor writing to Yjs after a remote change (a repair, or a stale document written back)'

/** A shared element's attribute, read also when the element was just deleted (before Yjs collects it). */
function attributeOf(type: Y.XmlElement, name: string): unknown {
  const item = type._map.get(name)
  const content = item?.content.getContent()
  return content?.[content.length - 1]
}

/**
 * Whether local transaction `tr` of `peer` deleted an article whose id another live article
 * shares: the normaliser removing the copy that lost a concurrent move (moves.ts).
 */
function removesArticleCopy(peer: Peer, tr: Y.Transaction): boolean {
  const removed = new Set<string>()
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return
    const type = struct.content.type
    if (type instanceof Y.XmlElement && type.nodeName === 'article') {
      const id = attributeOf(type, 'id')
      if (typeof id === 'string' && id) removed.add(id)
    }
  })
  if (removed.size === 0) return false
  let shared = false
  const walk = (type: Y.XmlElement | Y.XmlFragment) => {
    for (const child of type.toArray()) {
      if (shared || !(child instanceof Y.XmlElement)) continue
      if (child.nodeName === 'article') { if (removed.has(String(child.getAttribute('id')))) shared = true }
      else walk(child)
    }
  }
  walk(peer.fragment)
  return shared
}

/** Whether every deletion in `deletes` is in `applied` (a document's delete set). */
function includesDeletion(applied: DeleteSet, deletes: DeleteSet): boolean {
  for (const [client, ranges] of deletes.clients) {
    for (const range of ranges) if (!Y.isDeleted(applied, Y.createID(client, range.clock))) return false
  }
  return true
}

/** The binding's map from shared types to the nodes it built from them. */
type BindingMapping = Map<Y.AbstractType<unknown>, Node | Node[]>

/**
 * The Yjs ids of the shared element each node of `peer`'s document was built from, with, for a
 * text block, the ids of the Y.XmlTexts inside it (the binding deletes those whole when all of a
 * block's text is deleted).
 */
export function sharedElements(peer: Peer): Map<Node, string[]> {
  const out = new Map<Node, string[]>()
  const sync = ySyncPluginKey.getState(peer.view.state) as { binding?: { mapping: BindingMapping } } | undefined
  for (const [type, node] of sync?.binding?.mapping ?? []) {
    if (Array.isArray(node) || !type._item) continue
    const ids = [key(type._item.id)]
    if (node.isTextblock && type instanceof Y.XmlElement) {
      for (const child of type.toArray()) if (child instanceof Y.XmlText && child._item) ids.push(key(child._item.id))
    }
    out.set(node, ids)
  }
  return out
}

/**
 * Yjs ids of the shared elements that `peer`'s binding built the nodes `nodes` from, and of the
 * Y.XmlTexts all of whose text nodes are among `nodes`. Deleting one of them in Yjs deletes
 * everything typed into it, also by others who had not yet sent it.
 */
export function elementIds(peer: Peer, nodes: Iterable<Node>): Set<string> {
  const wanted = new Set(nodes)
  const out = new Set<string>()
  for (const [node, ids] of sharedElements(peer)) if (wanted.has(node)) for (const id of ids) out.add(id)
  const sync = ySyncPluginKey.getState(peer.view.state) as { binding?: { mapping: BindingMapping } } | undefined
  for (const [type, texts] of sync?.binding?.mapping ?? []) {
    if (Array.isArray(texts) && texts.length > 0 && type._item && texts.every((t) => wanted.has(t))) out.add(key(type._item.id))
  }
  return out
}

/**
 * What a drafter removes whole on purpose when their deletion takes `nodes` with it: their shared
 * elements, and the articles among them by id (concurrent typing into any copy of an article
 * deleted whole goes with it: a blank article removed by Backspace is deleted as much as one
 * selected and deleted).
 */
export function removedWhole(peer: Peer, nodes: readonly Node[]): Pick<Doing, 'whole' | 'wholeArticles' | 'wholeParagraphs'> {
  const ids = (type: string) => new Set(nodes.filter((n) => n.type.name === type && n.attrs.id).map((n) => String(n.attrs.id)))
  const articles = ids('article')
  const paragraphs = ids('paragraph')
  return { whole: elementIds(peer, nodes), ...(articles.size > 0 ? { wholeArticles: articles } : {}), ...(paragraphs.size > 0 ? { wholeParagraphs: paragraphs } : {}) }
}

/**
 * Every token is unique and typed at a word boundary. The ledger remembers each token typed,
 * each token a drafter saw go in a deletion of their own, every place (Yjs ids) a token has lived
 * in, and every deletion each peer wrote with what its drafter was doing. A missing token's
 * cause is the deletion that removed the last place it lived in.
 */
export class WordLedger {
  private count = 0
  readonly typed = new Set<string>()
  /** The step each token was typed at. */
  private readonly typedAt = new Map<string, number>()
  /** Tokens a drafter saw disappear from their own editor in a deletion they made on purpose. */
  readonly deliberate = new Set<string>()
  /** Tokens that disappeared from a drafter's own editor in something not meant to delete (a bug in that editor). */
  readonly vanished = new Map<string, string>()
  private readonly places = new Map<string, Map<string, Occurrence>>()
  /**
   * For each token, the deletions of whole articles or paragraphs on purpose (by id) that its
   * typist's document had not received when the token first appeared there: made concurrently
   * with the typing.
   */
  private readonly concurrentWith = new Map<string, Set<number>>()
  private readonly deletions: Deletion[] = []
  private doing: { peer: Peer; doing: Doing } | null = null
  /** The current step, for reports. */
  step = -1

  /** Starts recording the deletions `peers` write to their shared documents. */
  watch(peers: readonly Peer[]): void {
    for (const peer of peers) {
      peer.ydoc.on('afterTransaction', (tr: Y.Transaction) => {
        if (!tr.local || tr.origin === NETWORK || tr.deleteSet.clients.size === 0) return
        this.deletions.push({ seq: this.deletions.length, peer: peer.index, step: this.step, doing: this.causeOf(peer, tr), deletes: tr.deleteSet })
      })
    }
  }

  private causeOf(peer: Peer, tr: Y.Transaction): Doing {
    // y-prosemirror's merge of two texts of one block (its fix for #160) writes without an origin
    if (tr.origin === null || tr.origin === undefined) return { label: BINDING_MERGE, deliberate: false }
    if (this.doing?.peer === peer) return this.doing.doing
    if (tr.origin === ySyncPluginKey) {
      return { label: removesArticleCopy(peer, tr) ? MOVE_RESOLUTION : WRITE_BACK, deliberate: false }
    }
    return { label: `an unattributed local change (${String(tr.origin)})`, deliberate: false }
  }

  /** A new unique token, to be typed followed by a space at a word boundary. */
  next(): string {
    const n = ++this.count
    if (n > 0x9fff - 0x4e00 || n > 0xd7a3 - 0xac00) throw new Error('the word ledger ran out of characters; lower FUZZ_STEPS')
    const token = `${String.fromCodePoint(0x4e00 + n)}${n}${String.fromCodePoint(0xac00 + n)}`
    this.typed.add(token)
    this.typedAt.set(token, this.step)
    return token
  }

  /**
   * Runs `action` as `peer`'s drafter doing `doing`: the deletions it writes are attributed to it,
   * and every token that leaves the drafter's own editor is recorded as deleted on purpose when
   * `doing` is deliberate, or as vanished otherwise.
   */
  act<T>(peer: Peer, doing: Doing, action: () => T): T {
    const before = new Set(tokensIn(textOf(peer.doc)))
    this.doing = { peer, doing }
    try {
      return peer.act(action)
    } finally {
      this.doing = null
      const after = new Set(tokensIn(textOf(peer.doc)))
      for (const token of before) {
        if (after.has(token)) continue
        if (doing.deliberate) this.deliberate.add(token)
        else if (!this.vanished.has(token)) this.vanished.set(token, doing.label)
      }
    }
  }

  /** Records where every token currently lives in the peers' shared documents. */
  observe(peers: readonly Peer[]): void {
    const wholeDeletions = this.deletions.filter((d) => d.doing.wholeArticles?.size || d.doing.wholeParagraphs?.size)
    for (const peer of peers) {
      let applied: DeleteSet | null = null
      for (const run of peer.textRuns()) {
        for (const m of run.text.matchAll(TOKEN)) {
          let places = this.places.get(m[0])
          if (!places) {
            this.places.set(m[0], (places = new Map()))
            // first seen in its typist's document: which article deletions had not reached it
            applied ??= Y.createDeleteSetFromStructStore(peer.ydoc.store)
            const known = applied
            this.concurrentWith.set(m[0], new Set(wholeDeletions.filter((d) => !includesDeletion(known, d.deletes)).map((d) => d.seq)))
          }
          // typed text is diffed into Yjs by common prefix and suffix, so a token's characters may come from several items
          const chars = run.ids.slice(m.index, m.index + m[0].length).map(key)
          const containers = run.containers.map(key)
          const id = `${chars.join(' ')}|${containers.join(' ')}`
          if (!places.has(id)) places.set(id, { chars, containers, article: run.article, paragraph: run.paragraph })
        }
      }
    }
  }

  /** The first recorded deletion that removed `id`, if any. */
  private deletionOf(id: string): Deletion | undefined {
    const [client, clock] = id.split(':').map(Number) as [number, number]
    const yid = Y.createID(client, clock)
    return this.deletions.find((d) => Y.isDeleted(d.deletes, yid))
  }

  /** How one place of a token ended: the deletion that removed it first and whether it removed it on purpose. */
  private endOf(place: Occurrence): End | null {
    let first: End | null = null
    const consider = (id: string, isChar: boolean) => {
      const deletion = this.deletionOf(id)
      if (!deletion || (first && first.deletion.seq < deletion.seq)) return
      // a deliberate deletion removes on purpose the characters it knew and the elements it removed
      // whole (deleting an element deletes what is inside it in the same transaction)
      const onPurpose = deletion.doing.deliberate && (isChar || deletion.doing.whole?.has(id) === true)
      const same = first?.deletion === deletion ? first : null
      first = { deletion, onPurpose: onPurpose || same?.onPurpose === true, knewCharacters: isChar || same?.knewCharacters === true, place }
    }
    for (const id of place.chars) consider(id, true)
    for (const id of place.containers) consider(id, false)
    return first
  }

  /**
   * Whether an article `token` lived in, or the paragraph of `place` (the place it was last lost
   * from), was deleted whole on purpose (by its id attribute) at or after the step it was typed, or
   * before it where its typist had not yet received that: what was typed into it concurrently goes
   * with it, whichever copy of a moved article, or whichever shared element carrying the
   * paragraph's id, it was typed into.
   */
  private inElementDeletedLater(token: string, place: Occurrence): boolean {
    const typed = this.typedAt.get(token) ?? -1
    const articles = new Set([...this.places.get(token)?.values() ?? []].map((p) => p.article).filter(Boolean))
    const concurrent = this.concurrentWith.get(token)
    return this.deletions.some((d) => (d.step >= typed || concurrent?.has(d.seq) === true) && d.doing.deliberate &&
      ([...d.doing.wholeArticles ?? []].some((a) => articles.has(a)) || (place.paragraph !== '' && d.doing.wholeParagraphs?.has(place.paragraph) === true)))
  }

  /** Accounts for every typed token missing from `doc` and counts the ones that appear more than once. */
  audit(doc: Node): WordAudit {
    const counts = new Map<string, number>()
    for (const token of tokensIn(textOf(doc))) counts.set(token, (counts.get(token) ?? 0) + 1)
    const audit: WordAudit = { typed: this.typed.size, deliberate: 0, withDeletedBlock: 0, lost: [], duplicated: [] }
    for (const [token, n] of counts) if (n > 1) audit.duplicated.push(token)
    for (const token of this.typed) {
      if (counts.has(token)) continue
      if (this.deliberate.has(token)) { audit.deliberate++; continue }
      // A place deleted by a peer that had the word there was usually carried on by that peer (a join
      // writes the text into the block before, a move into the copy), so the cause is the last
      // deletion of a place by a peer that had not seen the word there. Only when every place was
      // deleted by peers that had the word did one of them drop it: then the last such deletion.
      let lastUnseen: End | null = null
      let lastKnown: End | null = null
      let unexplained = false
      for (const place of this.places.get(token)?.values() ?? []) {
        const end = this.endOf(place)
        if (!end) { unexplained = true; continue }
        if (end.knewCharacters) { if (!lastKnown || end.deletion.seq > lastKnown.deletion.seq) lastKnown = end }
        else if (!lastUnseen || end.deletion.seq > lastUnseen.deletion.seq) lastUnseen = end
      }
      const last = lastUnseen ?? lastKnown
      const vanished = this.vanished.get(token)
      if (vanished !== undefined) audit.lost.push({ token, cause: `${vanished} (in the drafter's own editor)`, how: 'unexplained', step: -1, peer: -1 })
      else if (unexplained || !last) audit.lost.push({ token, cause: 'unexplained: no recorded deletion removed it', how: 'unexplained', step: -1, peer: -1 })
      else if (last.onPurpose || this.inElementDeletedLater(token, last.place)) audit.withDeletedBlock++
      else {
        const { doing, step, peer } = last.deletion
        const cause = doing.deliberate ? `${doing.label}, outside what it removed` : doing.label
        audit.lost.push({ token, cause, how: last.knewCharacters ? 'seen' : 'unseen', step, peer })
      }
    }
    return audit
  }
}
