// Keeps the editor's document in treaty shape after every change, local or merged from a collaborator.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { NOTHING_UNSEEN, unseenByEither, unseenDeletedText, type UnseenText } from '../model/unseen-deletions.js'
import type { Node } from 'prosemirror-model'
import { normalizeInto } from '../model/normalize.js'
import { isTextEdit } from './text-edit.js'
import { MOVE_META, articlesById, copiesToBringBack, lostMoveCopies, moveStamp, addBlockToArticle, removalKey, rescueInto, survivorOf, wordsOf, type BlockToAdd, type RemovedCopy } from '../model/moves.js'
import { JOINS_MAP, MOVE_REMOVALS_MAP } from '../model/ydoc.js'
import { blockKey } from '../model/block-key.js'
import { followOwnText, ownWordsByBlock, paragraphChanges, remakeUnseenRecitals, rememberCarried, rememberWritten, restoreOwnText, separated, type OwnText } from '../model/rescue.js'
import { takeCarriedWords } from '../model/carried-text.js'
import { afterPaint } from '../after-paint.js'

/** What the plugin remembers. */
export interface NormalizeState {
  /** Whether the last normalisation repaired a remote change not yet written back to Yjs. */
  unsynced: boolean
  /** Stamps of this editor's own recent article moves whose copy has not lost to another move. */
  ownMoves: readonly string[]
  /** This editor's moved copies that a remote change removed, kept until their survivor arrives. */
  orphans: readonly Orphan[]
  /** Where this editor recently wrote, to write it back if a concurrent join takes it away (rescue.ts). */
  written: readonly OwnText[]
  /** Whether the document holds copies that lost a concurrent move, to be removed one by one. */
  lostCopies: boolean
  /** Blocks a repair of a remote change adds, each in a write of its own once its text changes are written (BlockToAdd). */
  blocks: readonly BlockToAdd[]
  /** Copies this editor removed as losing a concurrent move, to bring back should their article go altogether (moves.ts `copiesToBringBack`). */
  removedCopies: readonly RemovedCopy[]
  /**
   * The last change from elsewhere that was shown here: the document before it and what the
   * plugin remembered then. Kept while its repair is not yet written to Yjs (`unsynced`): should
   * the binding render the shared document again before that (it writes to Yjs while rendering —
   * merging two texts of a block, dropping an element the schema rejects — and shows that write
   * too), the repair is gone from the view, and the next one starts again from here (Before).
   */
  before: Before | null
}

/** The document before a change from elsewhere and what the plugin remembered then (NormalizeState.before). */
interface Before {
  doc: Node
  /**
   * The text the changes from elsewhere since `doc` deleted unseen by their authors
   * (unseen-deletions.ts): Yjs says so only while it shows each change, and a repair started
   * again from `doc` needs it for all of them.
   */
  unseen: UnseenText
  ownMoves: readonly string[]
  orphans: readonly Orphan[]
  written: readonly OwnText[]
  blocks: readonly BlockToAdd[]
}

/** How many of its own moves an editor watches for a concurrent move of the same article. */
const WATCHED_MOVES = 50

/** Key of the normalising plugin; its meta marks the transactions it appends. */
export const normalizeKey = new PluginKey<NormalizeState>('normalize')

/** Meta this plugin puts on the transactions it creates. */
type NormalizeMeta =
  | { repair: true; remote: boolean; rescued?: string[]; written?: readonly OwnText[]; blocks?: readonly BlockToAdd[]; added?: BlockToAdd; removed?: RemovedCopy; broughtBack?: string[] }
  | { writeBack: true }

/** The meta of a repair this plugin appended, or null for any other transaction. */
const repairMeta = (tr: Transaction): Extract<NormalizeMeta, { repair: true }> | null => {
  const meta = tr.getMeta(normalizeKey) as NormalizeMeta | undefined
  return meta && 'repair' in meta ? meta : null
}

/** One of this editor's moved copies that a remote change removed before its survivor arrived. */
interface Orphan { stamp: string; id: string; node: Node }

/** This editor's moved copies in `doc`, by stamp. */
function ownCopies(doc: Node, ownMoves: readonly string[]): Map<string, { id: string; node: Node }> {
  const found = new Map<string, { id: string; node: Node }>()
  if (ownMoves.length === 0) return found
  const own = new Set(ownMoves)
  for (const [id, copies] of articlesById(doc)) {
    for (const copy of copies) if (own.has(moveStamp(copy.node))) found.set(moveStamp(copy.node), { id, node: copy.node })
  }
  return found
}

/**
 * Whether `word` is made of this editor's words `own` alone: one of them, or several run into one
 * by a deleted space (as the drafter left them).
 */
function madeOfOwnWords(word: string, own: ReadonlySet<string> | undefined): boolean {
  let rest = word.trim()
  if (!own || rest === '') return false
  if (own.has(rest)) return true
  for (const w of [...own].sort((x, y) => y.length - x.length)) if (w && rest.includes(w)) rest = rest.split(w).join('')
  return rest === ''
}

/**
 * Carries into the surviving copy what this editor's own moved copies hold, for each of its moves
 * that lost to a concurrent move of the same article (see moves.ts); returns the stamps handled.
 * A copy still in the document is read there; one a remote change removed first, from the orphans.
 */
function rescueLostMoves(tr: Transaction, state: NormalizeState, addBlock: (block: BlockToAdd) => void): string[] {
  const rescued: string[] = []
  const own = ownWordsByBlock(state.written)
  const candidates = [
    ...[...ownCopies(tr.doc, state.ownMoves)].map(([stamp, copy]) => ({ stamp, ...copy })),
    ...state.orphans,
  ]
  for (const copy of candidates) {
    const survivor = survivorOf(tr.doc, copy.id, copy.stamp)
    if (!survivor) continue
    // only this editor's own words: whoever else typed into the copy puts their words back
    // themselves (rescue.ts), and two editors carrying one word would double it
    // (an own word run into another's by a deleted space is read as a word of its own, to be put
    // beside the other's in the survivor — unless the survivor's block holds it, run together the
    // same way; own words run together stay as the drafter left them)
    const ownIn = (block: Node) => own.get(blockKey(block, copy.node))
    const inSurvivor = new Map<string, string>()
    survivor.node.forEach((child) => { if (child.isTextblock) inSurvivor.set(blockKey(child, survivor.node), child.textContent) })
    const readApart = new Set<string>()
    const textOf = (block: Node) => {
      const words = ownIn(block)
      if (!words) return block.textContent
      return wordsOf(block.textContent).map((w) => {
        if (madeOfOwnWords(w, words)) return w
        const apart = separated(w, words)
        if (apart !== w) wordsOf(apart).forEach((piece) => readApart.add(`${blockKey(block, copy.node)}\u0000${piece.trim()}`))
        return apart
      }).join('')
    }
    const wanted = (block: Node, word: string) => {
      const key = blockKey(block, copy.node)
      if (!madeOfOwnWords(word, ownIn(block))) return false
      return !readApart.has(`${key}\u0000${word.trim()}`) || !(inSurvivor.get(key) ?? '').includes(word.trim())
    }
    rescueInto(tr, survivor.pos, copy.node, wanted, addBlock, textOf)
    rescued.push(copy.stamp)
  }
  return rescued
}

/** y-prosemirror's map from the shared elements to the nodes it built from them (its binding's own). */
type BindingMapping = Map<object, Node | Node[]>
/** The shared document the binding shows, when there is one. */
const sharedDoc = (state: EditorState): Y.Doc | null =>
  (ySyncPluginKey.getState(state) as { doc?: Y.Doc } | undefined)?.doc ?? null

const bindingMapping = (state: EditorState): BindingMapping | null =>
  (ySyncPluginKey.getState(state) as { binding?: { mapping?: BindingMapping } } | undefined)?.binding?.mapping ?? null

/**
 * True when `tr` was dispatched by y-prosemirror's binding: a change that came from Yjs (a
 * collaborator, undo/redo, the first render; meta `isChangeOrigin`) or a snapshot being left.
 * The binding dispatches those inside its mutex, so it does not write what is appended to them.
 */
const fromBinding = (tr: Transaction): boolean => tr.getMeta(ySyncPluginKey) !== undefined

/** True when `tr` is the binding showing an undo or redo (which takes away text on purpose). */
const isUndoRedo = (tr: Transaction): boolean =>
  (tr.getMeta(ySyncPluginKey) as { isUndoRedoOperation?: boolean } | undefined)?.isUndoRedoOperation === true

/** True while y-prosemirror shows a version snapshot: that view is read-only and must be shown as it was. */
const showingSnapshot = (state: EditorState): boolean => {
  const sync = ySyncPluginKey.getState(state) as { snapshot?: unknown; prevSnapshot?: unknown } | undefined
  return sync != null && (sync.snapshot != null || sync.prevSnapshot != null)
}

/**
 * Puts back into `tr` this editor's removed losing copies whose article the change from `oldDoc`
 * (by `transactions`) left with no copy at all, every copy having been removed as losing a move
 * (moves.ts `copiesToBringBack`), where the first of them stood. Returns the articles' ids.
 */
function bringBackRemovedCopies(tr: Transaction, oldDoc: Node, transactions: readonly Transaction[], removed: readonly RemovedCopy[], ydoc: Y.Doc | null): string[] {
  if (removed.length === 0 || !ydoc) return []
  const removals = ydoc.getMap<number>(MOVE_REMOVALS_MAP)
  const back: string[] = []
  for (const copy of copiesToBringBack(oldDoc, tr.doc, removed, (key) => removals.get(key), ydoc.clientID)) {
    let at = copy.pos
    for (const t of transactions) at = t.mapping.map(at, -1)
    at = tr.mapping.map(at, -1)
    const $at = tr.doc.resolve(Math.min(at, tr.doc.content.size))
    if (!$at.parent.canReplaceWith($at.index(), $at.index(), copy.node.type)) continue
    tr.insert($at.pos, copy.node)
    back.push(copy.id)
  }
  return back
}

/**
 * The normalising plugin: after any transaction that changed the document, it appends one
 * transaction with the repairs of `normalizeInto` (missing heading or paragraph, missing or
 * duplicate id, duplicate empty heading …), so the schema's permissive content expressions never
 * show a half-merged article for long.
 *
 * Three details of y-prosemirror 1.x shape it:
 * - A remote change is rendered inside the binding's mutex, so a repair appended to it is not
 *   written to the shared document by the binding. The plugin then dispatches an empty
 *   transaction right after (a microtask later), which makes the binding write the repaired
 *   document to Yjs; every collaborator receives the repair like any other edit.
 * - y-prosemirror takes the `addToHistory` flag of the last transaction applied for the whole
 *   write. The repair is therefore marked `addToHistory: false` only when the changes it repairs
 *   were themselves outside history (remote changes, other repairs); a repair of the drafter's own
 *   edit joins that edit, so undo takes back both and the edit stays undoable.
 * - A document opened with `initProseMirrorDoc` never passes through a transaction; the plugin
 *   checks it once when the view is created and dispatches the repair (outside history).
 */
export function normalizePlugin(): Plugin<NormalizeState> {
  // The shared element (Y.XmlElement) of each block this editor wrote into, by block key, as of
  // the last view update: a change from elsewhere that shows the block built from another element
  // replaced it, and what this editor wrote into the old one went with it (restoreOwnText).
  const elements = new Map<string, object>()
  const rememberElements = (state: EditorState, shownBefore: Node | null) => {
    const keys = new Set(normalizeKey.getState(state)?.written.map((e) => e.block) ?? [])
    for (const key of [...elements.keys()]) if (!keys.has(key)) elements.delete(key)
    const mapping = bindingMapping(state)
    if (keys.size === 0 || !mapping) return
    // (typing keeps a block's element: when every remembered block the change touched is still built
    // from the element remembered for it, the whole document and mapping need not be read again)
    if (shownBefore && [...keys].every((key) => elements.has(key))) {
      const { removed, changed } = paragraphChanges(shownBefore, state.doc)
      const kept = changed.every((c) => !keys.has(c.key) || mapping.get(elements.get(c.key)!) === c.node)
      if (kept && ![...removed.keys()].some((key) => keys.has(key))) return
    }
    const nodes = new Map<Node, string>()
    state.doc.descendants((node, _pos, parent) => {
      if (!node.isTextblock) return true
      const key = blockKey(node, parent)
      if (keys.has(key)) nodes.set(node, key)
      return false
    })
    for (const [element, node] of mapping) {
      const key = Array.isArray(node) ? undefined : nodes.get(node)
      if (key !== undefined) elements.set(key, element)
    }
  }
  /** Whether `node` (with key `key`) of `state` was built from another element than the one this editor wrote into. */
  const replacedIn = (state: EditorState) => {
    let built: Map<Node, object> | null = null
    return (key: string, node: Node): boolean => {
      const was = elements.get(key)
      const mapping = bindingMapping(state)
      if (!was || !mapping) return false
      built ??= new Map([...mapping].flatMap(([element, n]) => (Array.isArray(n) ? [] : [[n, element] as const])))
      const now = built.get(node)
      return now !== undefined && now !== was
    }
  }
  return new Plugin<NormalizeState>({
    key: normalizeKey,
    state: {
      init: (_config, state) => ({ unsynced: false, ownMoves: [], orphans: [], written: [], lostCopies: lostMoveCopies(state.doc).size > 0, blocks: [], removedCopies: [], before: null }),
      apply: (tr, current, oldState, newState) => {
        // a change from elsewhere shown while a repair of the last one was not yet written: the
        // binding rendered the shared document, without the repair, so the repair starts again
        // from what preceded that last change (its own changes are in the shared document too)
        const redo = fromBinding(tr) && current.unsynced && current.before !== null
        const value: NormalizeState = redo && current.before ? { ...current, ...current.before } : current
        const oldDoc = redo && current.before ? current.before.doc : oldState.doc
        const shared = fromBinding(tr) ? sharedDoc(newState) : null
        const unseen = shared ? unseenDeletedText(shared) : NOTHING_UNSEEN
        const before: Before | null = fromBinding(tr)
          ? (redo && current.before
            ? (unseen.all === '' ? current.before : { ...current.before, unseen: unseenByEither(current.before.unseen, unseen) })
            : { doc: oldState.doc, unseen, ownMoves: value.ownMoves, orphans: value.orphans, written: value.written, blocks: value.blocks })
          : repairMeta(tr)?.remote ? current.before : null
        const stamp = tr.getMeta(MOVE_META) as string | undefined
        let ownMoves = typeof stamp === 'string' ? [...value.ownMoves, stamp].slice(-WATCHED_MOVES) : value.ownMoves
        let orphans = value.orphans
        const repair = repairMeta(tr)
        if (repair?.rescued?.length) {
          const rescued = new Set(repair.rescued)
          ownMoves = ownMoves.filter((s) => !rescued.has(s))
          orphans = orphans.filter((o) => !rescued.has(o.stamp))
        }
        // an own copy a remote change removed (another drafter's normaliser, when their move won
        // and reached them first): kept, so its words can follow once the survivor arrives here
        if (tr.docChanged && fromBinding(tr) && ownMoves.length > 0) {
          const had = ownCopies(oldDoc, ownMoves)
          const after = ownCopies(newState.doc, ownMoves)
          const gone = [...had].filter(([s]) => !after.has(s)).map(([s, copy]) => ({ stamp: s, ...copy }))
          if (gone.length) {
            const goneStamps = new Set(gone.map((o) => o.stamp))
            ownMoves = ownMoves.filter((s) => !goneStamps.has(s))
            orphans = [...orphans, ...gone].slice(-WATCHED_MOVES)
          }
        }
        // what this editor writes, it will restore if a concurrent join takes it away
        let written = repair?.written ?? value.written
        // (a moved copy is not new text: what it carries is the article's, not this editor's; nor is
        // a repair's, which puts back or carries over what is already remembered or others wrote)
        if (tr.docChanged && !fromBinding(tr) && tr.getMeta(MOVE_META) === undefined && !repair) written = rememberWritten(tr, written)
        // (this editor's undo or redo, which the binding shows from Yjs, can carry own text to another
        // block; so can a repair, giving a paragraph a new id when another has its id)
        else if (tr.docChanged && (isUndoRedo(tr) || repair)) written = followOwnText(oldDoc, newState.doc, written)
        // (and the text nobody remembers typing that its last write to Yjs wrote again: carried-text.ts)
        const ydoc = sharedDoc(newState)
        if (ydoc) written = rememberCarried(written, takeCarriedWords(ydoc))
        const unsynced = repair ? repair.remote : false
        // only a change from elsewhere (or the removal of one of them) can add or remove a losing copy
        const lostCopies = tr.docChanged && (fromBinding(tr) || repair || value.lostCopies) ? lostMoveCopies(newState.doc).size > 0 : value.lostCopies
        // Any other transaction is either written whole by the binding (a local one, outside its mutex)
        // or a remote one rendered from Yjs, after which the view shows the shared document again.
        let blocks = value.blocks
        if (repair?.blocks?.length) blocks = [...blocks, ...repair.blocks]
        if (repair?.added) blocks = blocks.filter((b) => b !== repair.added)
        let removedCopies = value.removedCopies
        if (repair?.removed) removedCopies = [...removedCopies, repair.removed].slice(-WATCHED_MOVES)
        if (repair?.broughtBack) {
          const back = new Set(repair.broughtBack)
          removedCopies = removedCopies.filter((c) => !back.has(c.id))
        }
        if (unsynced === current.unsynced && ownMoves === current.ownMoves && orphans === current.orphans && written === current.written &&
          lostCopies === current.lostCopies && blocks === current.blocks && removedCopies === current.removedCopies && before === current.before) return current
        return { unsynced, ownMoves, orphans, written, lostCopies, blocks, removedCopies, before }
      },
    },
    appendTransaction: (transactions, oldState, newState) => {
      if (!transactions.some((tr) => tr.docChanged) || showingSnapshot(newState)) return null
      const tr = newState.tr
      const own = normalizeKey.getState(newState)
      // only a change from elsewhere can bring a concurrent move or join: typing looks at neither
      const fromElsewhere = transactions.some(fromBinding)
      // this editor's moves that lost to a concurrent move: their words go to the survivor first
      // (the blocks they make again are added after the words are written, each on its own: BlockToAdd)
      const blocks: BlockToAdd[] = []
      const addBlock = (block: BlockToAdd) => { blocks.push(block) }
      const rescued = own && fromElsewhere ? rescueLostMoves(tr, own, addBlock) : []
      // text this editor wrote into a paragraph a concurrent join removed goes where the paragraph went
      const remoteChange = fromElsewhere && transactions.some((t) => fromBinding(t) && !isUndoRedo(t))
      // (compared with the document before the last change from elsewhere when its repair never reached Yjs)
      const previous = normalizeKey.getState(oldState)
      const oldDoc = previous?.unsynced && previous.before && fromBinding(transactions[0]!) ? previous.before.doc : oldState.doc
      // (own text the change deleted without its author having had it: unseen-deletions.ts; all
      // the changes' since oldDoc, when the repair starts again from before an earlier one)
      const shared = remoteChange ? sharedDoc(newState) : null
      const unseen = shared ? (own?.before?.unseen ?? unseenDeletedText(shared)) : undefined
      // (where a paragraph was recorded as joined: joins.ts; a value that is no block's key leads nowhere)
      const joins = shared?.getMap<unknown>(JOINS_MAP)
      const joinedInto = (id: string) => { const home = joins?.get(id); return typeof home === 'string' ? home : undefined }
      const joined = own && remoteChange ? restoreOwnText(tr, oldDoc, own.written, own.ownMoves, addBlock, replacedIn(newState), unseen, joinedInto) : null
      // (a recital, which has no id, removed unseen while this editor typed into it)
      const recitals = unseen ? remakeUnseenRecitals(tr, oldDoc, unseen) : 0
      // (an article whose every copy was removed as losing a concurrent move: this editor's copy back)
      const broughtBack = own && remoteChange ? bringBackRemovedCopies(tr, oldDoc, transactions, own.removedCopies, shared) : []
      // typing inside text blocks cannot break the treaty's shape: the whole-document check is skipped
      const structural = transactions.some((t) => t.docChanged && !isTextEdit(t)) || rescued.length > 0 || !!joined?.restored || recitals > 0 || broughtBack.length > 0
      const forgotten = !!joined && joined.kept !== own?.written
      if (!(structural && normalizeInto(tr, { keepLostCopies: true })) && rescued.length === 0 && !joined?.restored && recitals === 0 && !forgotten && blocks.length === 0 && broughtBack.length === 0) return null
      // A second round repairs the first round's repair: it inherits where that came from.
      const remote = transactions.some((t) => fromBinding(t) || repairMeta(t)?.remote === true)
      if (transactions.every((t) => t.getMeta('addToHistory') === false)) tr.setMeta('addToHistory', false)
      return tr.setMeta(normalizeKey, {
        repair: true, remote, ...(rescued.length ? { rescued } : {}), ...(joined && (joined.restored || forgotten) ? { written: joined.kept } : {}),
        ...(blocks.length ? { blocks } : {}), ...(broughtBack.length ? { broughtBack } : {}),
      } satisfies NormalizeMeta)
    },
    view: (view) => {
      let shown: Node | null = null
      const writeBackIfNeeded = () => {
        // (the binding has written this document to Yjs by now: its blocks' elements are known)
        if (view.state.doc !== shown) { const before = shown; shown = view.state.doc; rememberElements(view.state, before) }
        const state = normalizeKey.getState(view.state)
        if (!state?.unsynced && !state?.lostCopies && !state?.blocks.length) return
        queueMicrotask(() => {
          if (view.isDestroyed || showingSnapshot(view.state)) return
          if (normalizeKey.getState(view.state)?.unsynced) {
            view.dispatch(view.state.tr.setMeta('addToHistory', false).setMeta(normalizeKey, { writeBack: true } satisfies NormalizeMeta))
          }
          // The copies that lost a concurrent move go one per transaction: the binding writes a
          // change to several children of one parent by rewriting elements in place, which would
          // turn a losing copy into its neighbour and delete the neighbour's element (with what
          // others type into it) — and another client, removing the same copy, would delete the rest.
          for (let left = 50; left > 0 && normalizeKey.getState(view.state)?.lostCopies; left--) {
            const [pos] = lostMoveCopies(view.state.doc)
            const copy = pos === undefined ? null : view.state.doc.nodeAt(pos)
            if (pos === undefined || !copy) break
            // recorded for everyone before it goes: a removal, not a deletion on purpose (copiesToBringBack)
            const removed: RemovedCopy = { id: String(copy.attrs.id), stamp: moveStamp(copy) }
            const ydoc = sharedDoc(view.state)
            ydoc?.getMap<number>(MOVE_REMOVALS_MAP).set(removalKey(removed.id, removed.stamp), ydoc.clientID)
            view.dispatch(view.state.tr.delete(pos, pos + copy.nodeSize).setMeta('addToHistory', false)
              .setMeta(normalizeKey, { repair: true, remote: false, removed } satisfies NormalizeMeta))
          }
          // blocks a repair makes again, one per write, now that the text changes beside them are written
          for (const block of normalizeKey.getState(view.state)?.blocks ?? []) {
            const tr = view.state.tr.setMeta('addToHistory', false).setMeta(normalizeKey, { repair: true, remote: false, added: block } satisfies NormalizeMeta)
            addBlockToArticle(tr, block)
            view.dispatch(tr)
          }
        })
      }
      // The binding renders the shared document while the plugin views are being created, before
      // this one exists: a repair of that first render is only visible here.
      writeBackIfNeeded()
      // A document given to the state up front (y-prosemirror's initProseMirrorDoc) was never a
      // transaction, so nothing above has looked at it: it is checked, and repaired, once the view
      // has painted it (checking a long treaty is a walk of all of it, which the first paint does
      // not wait for; a change before then is repaired as any other).
      const cancel = afterPaint(() => {
        if (view.isDestroyed || showingSnapshot(view.state)) return
        const tr = view.state.tr
        if (!normalizeInto(tr, { keepLostCopies: true })) return
        view.dispatch(tr.setMeta('addToHistory', false).setMeta(normalizeKey, { repair: true, remote: false } satisfies NormalizeMeta))
      })
      return { update: writeBackIfNeeded, destroy: cancel }
    },
  })
}
