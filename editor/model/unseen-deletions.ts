// What a change from elsewhere deleted without its author having had it: text of this editor's own, and anyone's.
//
// Deleting a shared element deletes everything in it, also what others wrote into it that the
// deleting drafter had not yet received: Yjs has no move, so y-prosemirror writes a join, a move,
// or two texts of a paragraph run together (an inline parameter or cross-reference deleted between
// them) as deleting one element and writing its content into another, and what was typed into
// the deleted one meanwhile goes with it. An update's delete set lists what its author deleted,
// children included, as far as its author had them; whatever of this client's text a change from
// elsewhere deleted beyond that, its author never saw. The editor that wrote such text puts it
// back (model/rescue.ts); text its collaborator saw and deleted stays deleted.
//
// Every update from elsewhere is applied through `applyRemoteUpdate` (or announced with
// `noteRemoteUpdate` just before y-websocket applies it), by the page and by the server's room, so
// its delete set is known while Yjs shows the change. What a document deleted only with an element
// around it is kept apart (`recordCascades`), and the state a document answers an editor that was
// away with lists only what writers deleted (`stateAnswer`): Yjs's own encoding would list those
// children too, and text that reached the answering document before the deletion would count as
// seen (nothing seen is ever put back). The server relays a writer's update as the writer sent it
// (server/sync/room.ts) for the same reason.
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'

/**
 * Text a change from elsewhere deleted that no delete set it came with lists, so that its authors
 * never had it: this editor's own, and anyone's. Each is the text in the order it was written,
 * separate runs apart by a line break.
 */
export interface UnseenText { own: string; all: string }

/** No text unseen. */
export const NOTHING_UNSEEN: UnseenText = { own: '', all: '' }

/** The text unseen by either of two changes, one after the other. */
export function unseenByEither(first: UnseenText, second: UnseenText): UnseenText {
  const join = (a: string, b: string) => (a && b ? `${a}\n${b}` : a || b)
  return first.all === '' ? second : second.all === '' ? first : { own: join(first.own, second.own), all: join(first.all, second.all) }
}

/** What is known of the remote transaction being shown, per document. */
interface Tracker {
  /** Updates from elsewhere applied in the current transaction. */
  incoming: Uint8Array[]
  /** A delete set Yjs held back (its items had not arrived) when the transaction began, encoded. */
  pending: Uint8Array | null
  /** The remote transaction whose observers are running. */
  current: Y.Transaction | null
  /** Its answer, once asked. */
  unseen: UnseenText | null
  /** The delete sets of `incoming` and `pending`, once read. */
  seen: DeleteSet[] | null
  /**
   * What this document deleted only because an element around it was deleted by a change whose
   * author did not list it (cascades), by client: runs of [clock, length], sorted.
   */
  cascades: Map<number, Array<[number, number]>>
}

/** A Yjs delete set: runs of deleted clocks by client. */
type DeleteSet = ReturnType<typeof Y.createDeleteSet>

const trackers = new WeakMap<Y.Doc, Tracker>()

function trackerOf(doc: Y.Doc): Tracker {
  const known = trackers.get(doc)
  if (known) return known
  const tracker: Tracker = { incoming: [], pending: null, current: null, unseen: null, seen: null, cascades: new Map() }
  doc.on('beforeTransaction', () => {
    tracker.pending = (doc.store as unknown as { pendingDs: Uint8Array | null }).pendingDs
  })
  doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
    tracker.current = tr.local ? null : tr
    tracker.unseen = null
  })
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    if (!tr.local && tracker.incoming.length > 0 && tr.deleteSet.clients.size > 0) recordCascades(tracker, tr)
    tracker.incoming = []
    tracker.current = null
    tracker.unseen = null
    tracker.seen = null
  })
  trackers.set(doc, tracker)
  return tracker
}

/** Announces an update from elsewhere about to be applied to `doc` (y-websocket applies it). */
export function noteRemoteUpdate(doc: Y.Doc, update: Uint8Array): void {
  trackerOf(doc).incoming.push(update)
}

/** Applies an update from elsewhere to `doc`, keeping its delete set for `unseenDeletedText`. */
export function applyRemoteUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  noteRemoteUpdate(doc, update)
  Y.applyUpdate(doc, update, origin)
}

/**
 * While Yjs shows a change from elsewhere (inside its observers): the text the change deleted
 * although no delete set it came with lists it, this client's own (written under its client id)
 * and everyone's (text this editor typed can have been written again under another's id, when
 * their editor rewrote the element holding it). Empty outside such a change.
 */
export function unseenDeletedText(doc: Y.Doc): UnseenText {
  const tracker = trackers.get(doc)
  const tr = tracker?.current
  if (!tracker || !tr) return NOTHING_UNSEEN
  if (tracker.unseen !== null) return tracker.unseen
  let answer = NOTHING_UNSEEN
  if (tr.deleteSet.clients.size > 0) {
    const seen = seenBy(tracker)
    const unseenOf = (clients: Iterable<number>): string => {
      let text = ''
      for (const client of clients) {
        const ranges = tr.deleteSet.clients.get(client)
        if (!ranges?.length) continue
        const one = Y.createDeleteSet()
        one.clients.set(client, ranges)
        // (a run goes on where the next character was written right after the last, and beside it)
        let last: { item: Y.Item; clock: number } | null = null
        Y.iterateDeletedStructs(tr, one, (struct) => {
          if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) return
          const { str } = struct.content
          for (let i = 0; i < str.length; i++) {
            const clock = struct.id.clock + i
            if (seen.some((ds) => Y.isDeleted(ds, Y.createID(client, clock)))) continue
            const goesOn = last !== null && last.clock === clock - 1 && (last.item === struct || struct.left === last.item)
            if (text !== '' && !goesOn) text += '\n'
            text += str[i]
            last = { item: struct, clock }
          }
        })
      }
      return text
    }
    const all = unseenOf(tr.deleteSet.clients.keys())
    if (all !== '') answer = { own: unseenOf([doc.clientID]), all }
  }
  tracker.unseen = answer
  return answer
}

/** The delete sets the updates of the transaction under way came with (and the one Yjs held back). */
function seenBy(tracker: Tracker): DeleteSet[] {
  if (tracker.seen) return tracker.seen
  const seen = tracker.incoming.map((update) => Y.decodeUpdate(update).ds)
  if (tracker.pending) seen.push(Y.decodeUpdateV2(tracker.pending).ds)
  tracker.seen = seen
  return seen
}

/**
 * Notes what a change from elsewhere deleted only because its parent was deleted, unlisted by the
 * delete sets it came with: the deleting writer never had it (text another drafter typed into a
 * paragraph meanwhile). Such a deletion is this document's consequence of another, not a writer's.
 */
function recordCascades(tracker: Tracker, tr: Y.Transaction): void {
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (!(struct instanceof Y.Item)) return
    const parent = (struct.parent as { _item?: Y.Item | null } | null)?._item
    if (!parent?.deleted) return
    // (read only when a deletion inside a deleted element is found: most changes delete typed text)
    const seen = seenBy(tracker)
    const { client, clock } = struct.id
    let runStart = -1
    const flush = (end: number) => {
      if (runStart >= 0) addRun(tracker.cascades, client, runStart, end - runStart)
      runStart = -1
    }
    for (let c = clock; c < clock + struct.length; c++) {
      if (seen.some((ds) => Y.isDeleted(ds, Y.createID(client, c)))) flush(c)
      else if (runStart < 0) runStart = c
    }
    flush(clock + struct.length)
  })
}

/** Adds the run [clock, clock + length) to `runs` of `client`, kept sorted and merged. */
function addRun(runs: Map<number, Array<[number, number]>>, client: number, clock: number, length: number): void {
  const list = runs.get(client) ?? []
  list.push([clock, length])
  list.sort((a, b) => a[0] - b[0])
  const merged: Array<[number, number]> = []
  for (const [c, l] of list) {
    const last = merged[merged.length - 1]
    if (last && c <= last[0] + last[1]) last[1] = Math.max(last[1], c + l - last[0])
    else merged.push([c, l])
  }
  runs.set(client, merged)
}

/** `ds` written as Yjs writes a delete set into an update (version 1). */
function encodeDeleteSet(ds: DeleteSet): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, ds.clients.size)
  for (const [client, items] of [...ds.clients.entries()].sort((a, b) => b[0] - a[0])) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, items.length)
    for (const item of items) {
      encoding.writeVarUint(encoder, item.clock)
      encoding.writeVarUint(encoder, item.len)
    }
  }
  return encoding.toUint8Array(encoder)
}

/** `ds` without the runs of `removed`. */
function withoutRuns(ds: DeleteSet, removed: Map<number, Array<[number, number]>>): DeleteSet {
  const out = Y.createDeleteSet()
  for (const [client, items] of ds.clients) {
    const cut = removed.get(client) ?? []
    const kept: typeof items = []
    for (const item of items) {
      let from = item.clock
      const to = item.clock + item.len
      for (const [c, l] of cut) {
        if (c + l <= from || c >= to) continue
        if (c > from) kept.push({ ...item, clock: from, len: c - from })
        from = Math.max(from, c + l)
      }
      if (from < to) kept.push({ ...item, clock: from, len: to - from })
    }
    if (kept.length > 0) out.clients.set(client, kept)
  }
  return out
}

/**
 * The state of `doc` a client with `stateVector` lacks, as `Y.encodeStateAsUpdate` writes it, but
 * with a delete set of what writers deleted: the deletions this document made only as a consequence
 * of an element's deletion (recordCascades) are left out. A receiver deletes them all the same, as it
 * deletes what is inside an element it deletes; left in, they would tell the drafter who typed them
 * that whoever deleted the element had them, and the drafter would not put them back (rescue.ts).
 * (The state as Yjs writes it when the two cannot be told apart, as while updates are held back.)
 */
export function stateAnswer(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const update = Y.encodeStateAsUpdate(doc, stateVector)
  const cascades = trackers.get(doc)?.cascades
  if (!cascades || cascades.size === 0) return update
  const deleted = Y.createDeleteSetFromStructStore(doc.store)
  const written = encodeDeleteSet(deleted)
  const start = update.length - written.length
  if (start < 0 || !written.every((byte, i) => update[start + i] === byte)) return update
  const kept = encodeDeleteSet(withoutRuns(deleted, cascades))
  const out = new Uint8Array(start + kept.length)
  out.set(update.subarray(0, start))
  out.set(kept, start)
  return out
}
