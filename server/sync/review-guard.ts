// The review guard: judges each update to an annotations or notes Y.Doc against the person who
// sent it, before the room applies it.
//
// Why a guard on updates, and not review messages the server executes. Annotations are a Y.Doc
// so that reviewers comment offline, see each other live, and the stock y-websocket protocol
// carries them like content. Routing every write through server-side commands instead would
// give up offline review and make a second protocol. So the rules live in one pure function
// (editor/model/annotations/rules.ts: thread before, thread after, who, the treaty text), and
// the server applies it where the bytes arrive, like the role check of the content channel.
//
// How. The guard keeps a shadow copy of the room's Y.Doc. An incoming update is applied to the
// shadow first; the shadow's transaction says which types changed, hence which threads (or
// notes) it touches. Each touched thread is read strictly from the room's doc (before) and from
// the shadow (after), and the rules judge the pair with the connection's authenticated user and
// role, the server's clock, the thread count and the content room's Y.Doc for anchors. Only if
// every thread passes does the room apply the update to its own doc (the shadow already has
// it, so the two stay equal). Otherwise nothing is applied, stored or sent: the shadow is
// dropped (it is rebuilt from the room's doc on the next write), the sender gets a
// permission-denied notice "refused: <reason>" (REFUSED_WRITE_PREFIX) and its connection stays
// open for reading — the content channel's answer to writes a role does not allow.
//
// Also refused: changes outside the one map of the layout (another root type, list content in
// a map), removal of a thread or reply (they are marked deleted instead, so a concurrent reply is
// never lost), and updates whose dependencies the server does not have: they could only build on
// a write that was refused, and held back they would be judged later against whoever sent the
// missing piece. A client whose write was refused keeps it in its Y.Doc; every later write of
// that Y.Doc builds on it and is refused too, so the editor must start a fresh Y.Doc after a
// refusal (the notice says so). Anchors must point into the treaty text the server has: an
// editor creates threads on text the server has confirmed stored (durability messages).
import * as Y from 'yjs'
import {
  NOTES_MAP, THREADS_MAP, noteChangeProblemFor, readNote, readThread, threadChangeProblemFor, type Read,
} from '../../editor/model/annotations/index.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'
import type { Connection } from './connection.js'

/** A check the room runs on every write before applying it: a reason to refuse, or null. */
export interface WriteGuard {
  admit(update: Uint8Array, conn: Connection): string | null
}

/** What the guard needs from its surroundings. */
export interface ReviewGuardOptions {
  /** Annotations (threads, by anyone the rules allow) or one person's notes. */
  kind: 'annotations' | 'notes'
  /** The document's content Y.Doc as the server has it now, or null when it is not loaded. */
  content: () => Y.Doc | null
  /** The server's clock (ms since the epoch). */
  now?: () => number
}

/** The top-level map of each kind of Y.Doc. */
const ROOT: Record<ReviewGuardOptions['kind'], string> = { annotations: THREADS_MAP, notes: NOTES_MAP }

/** What an update changed: the entries (thread or note ids) it touched, or why its shape is refused. */
interface Touched {
  ids: Set<string>
  problem: string | null
}

/** Judges annotation and note updates for one room; see the module comment. */
export class ReviewGuard implements WriteGuard {
  private shadow: Y.Doc | null = null
  private readonly root: string

  constructor(private readonly doc: Y.Doc, private readonly options: ReviewGuardOptions) {
    this.root = ROOT[options.kind]
    doc.getMap(this.root)
  }

  admit(update: Uint8Array, conn: Connection): string | null {
    const shadow = this.shadow ?? this.copy()
    this.shadow = shadow
    const touched: Touched = { ids: new Set(), problem: null }
    const collect = (tr: Y.Transaction) => this.collect(shadow, tr, touched)
    shadow.on('afterTransaction', collect)
    try {
      Y.applyUpdate(shadow, update, conn)
    } catch (err) {
      this.shadow = null
      throw err
    } finally {
      shadow.off('afterTransaction', collect)
    }
    const problem = touched.problem ?? this.pendingProblem(shadow) ?? this.judge(shadow, touched.ids, conn)
    if (problem !== null) this.shadow = null
    return problem
  }

  private copy(): Y.Doc {
    const shadow = new Y.Doc({ gc: true })
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(this.doc))
    shadow.getMap(this.root)
    return shadow
  }

  /** Notes which entries of the root map a transaction touched, and any change outside that layout. */
  private collect(shadow: Y.Doc, tr: Y.Transaction, touched: Touched): void {
    const root = shadow.getMap(this.root)
    for (const [type, keys] of tr.changed) {
      if (keys.has(null)) { touched.problem ??= 'annotations are maps keyed by id; list content is not part of them'; continue }
      let t: Y.AbstractType<unknown> = type as Y.AbstractType<unknown>
      if (t === (root as Y.AbstractType<unknown>)) { for (const key of keys) touched.ids.add(key as string); continue }
      while (t._item !== null && t._item.parent !== (root as Y.AbstractType<unknown>)) t = t._item.parent as Y.AbstractType<unknown>
      if (t._item === null) {
        const name = [...shadow.share.entries()].find(([, v]) => v === t)?.[0] ?? '?'
        touched.problem ??= `the ${this.options.kind} Y.Doc holds only the "${this.root}" map; "${name.slice(0, 40)}" is not part of it`
        continue
      }
      const key = t._item.parentSub
      if (key === null) touched.problem ??= 'annotations are maps keyed by id; list content is not part of them'
      else touched.ids.add(key)
    }
  }

  private pendingProblem(shadow: Y.Doc): string | null {
    if (shadow.store.pendingStructs === null && shadow.store.pendingDs === null) return null
    return 'the update builds on changes the server does not have (an earlier write was refused); reload to continue'
  }

  /** Reads each touched entry before and after and has the review rules judge it. */
  private judge(shadow: Y.Doc, ids: Set<string>, conn: Connection): string | null {
    const before = this.doc.getMap(this.root)
    const after = shadow.getMap(this.root)
    const contentDoc = this.options.content()
    const content = contentDoc ? contentDoc.getXmlFragment(CONTENT_FRAGMENT) : null
    const now = (this.options.now ?? Date.now)()
    for (const id of ids) {
      if (this.options.kind === 'annotations') {
        const b = readOrProblem(before.has(id) ? readThread(id, before.get(id)) : undefined)
        const a = readOrProblem(after.has(id) ? readThread(id, after.get(id)) : undefined)
        if (typeof a === 'string') {
          const written = after.get(id)
          if (b === undefined && written instanceof Y.Map && !written.has('author')) return `there is no thread ${id.slice(0, 64)} to reply to`
          return a
        }
        if (typeof b === 'string') return `stored ${b}`
        const problem = threadChangeProblemFor(id, b, a, { userId: conn.principal.userId, role: conn.role }, { now, threadCount: after.size, content })
        if (problem) return problem
      } else {
        const b = readOrProblem(before.has(id) ? readNote(id, before.get(id)) : undefined)
        const a = readOrProblem(after.has(id) ? readNote(id, after.get(id)) : undefined)
        if (typeof a === 'string') return a
        if (typeof b === 'string') return `stored ${b}`
        const problem = noteChangeProblemFor(id, b, a, conn.role, { now, noteCount: after.size, content })
        if (problem) return problem
      }
    }
    return null
  }
}

/** A read record, undefined when absent, or the reason it does not read. */
function readOrProblem<T>(read: Read<T> | undefined): T | undefined | string {
  if (read === undefined) return undefined
  return read.ok ? read.value : read.error
}
