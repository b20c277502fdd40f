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
// `noteRemoteUpdate` just before y-websocket applies it), so its delete set is known while Yjs
// shows the change. A server that re-encodes updates from its own document adds to an update the
// children of a deleted element it had received by then: text that reached the server first
// counts as seen (nothing seen is ever put back; some unseen text may not be).
import * as Y from 'yjs'
import { NOTHING_UNSEEN, type UnseenText } from '../model/rescue.js'

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
}

const trackers = new WeakMap<Y.Doc, Tracker>()

function trackerOf(doc: Y.Doc): Tracker {
  const known = trackers.get(doc)
  if (known) return known
  const tracker: Tracker = { incoming: [], pending: null, current: null, unseen: null }
  doc.on('beforeTransaction', () => {
    tracker.pending = (doc.store as unknown as { pendingDs: Uint8Array | null }).pendingDs
  })
  doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
    tracker.current = tr.local ? null : tr
    tracker.unseen = null
  })
  doc.on('afterTransaction', () => {
    tracker.incoming = []
    tracker.current = null
    tracker.unseen = null
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
    const seen = tracker.incoming.map((update) => Y.decodeUpdate(update).ds)
    if (tracker.pending) seen.push(Y.decodeUpdateV2(tracker.pending).ds)
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
