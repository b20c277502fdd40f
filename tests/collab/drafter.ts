// What a drafter does in the treaty editor, as the editor receives it: a caret or selection is
// set, then words are typed through the view's text input, keys are pressed through the
// editor's keymaps, and the commands behind the toolbar and dialogs are run. Each action tells
// the word ledger whether it means to delete, and what it removes whole when it does.
import type { Node } from 'prosemirror-model'
import { NodeSelection, TextSelection, type Selection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { yUndoPluginKey } from 'y-prosemirror'
import { insertXref, xrefTargets } from '../../editor/commands/inline.js'
import { setParameterValue } from '../../editor/commands/parameters.js'
import { insertClause } from '../../editor/commands/clauses.js'
import { instantiateClause, type Clause } from '../../editor/model/clauses/index.js'
import { press } from '../helpers/keys.js'
import type { Rng } from '../helpers/prng.js'
import type { Peer } from '../helpers/yharness.js'
import { TOKEN_WITH_SPACE, elementIds, removedWhole, sharedElements, type Doing, type WordLedger } from './ledger.js'

/** What an action needs besides the peer. */
export interface DraftingContext { rng: Rng; ledger: WordLedger; clauses: readonly Clause[] }

/** One action: does it on `peer` and returns a line for the log, or null when it does not apply. */
type Action = (peer: Peer, ctx: DraftingContext) => string | null

/** A text block of the document and where it starts. */
interface Block { node: Node; pos: number }

/** The text blocks of `doc`, optionally only those passing `test`. */
function blocks(doc: Node, test: (block: Block) => boolean = () => true): Block[] {
  const out: Block[] = []
  doc.descendants((node, pos) => {
    if (node.isTextblock) { if (test({ node, pos })) out.push({ node, pos }); return false }
    return true
  })
  return out
}

/** Whether a block lies inside an article. */
function inArticle(doc: Node, b: Block): boolean {
  const $in = doc.resolve(b.pos + 1)
  for (let d = $in.depth; d > 0; d--) if ($in.node(d).type.name === 'article') return true
  return false
}

const isParagraph = (b: Block) => b.node.type.name === 'paragraph' || b.node.type.name === 'prose'
const contentEnd = (b: Block) => b.pos + b.node.nodeSize - 1

/**
 * Word boundaries of a block, as document positions: its start, after every space and every
 * inline atom, and its end. A token typed at a boundary never splits another word.
 */
function boundaries(b: Block): number[] {
  const out = new Set([b.pos + 1, contentEnd(b)])
  b.node.forEach((child, offset) => {
    const start = b.pos + 1 + offset
    if (!child.isText) { out.add(start + child.nodeSize); return }
    const text = child.text!
    for (let i = 0; i < text.length; i++) if (text[i] === ' ') out.add(start + i + 1)
  })
  return [...out].sort((x, y) => x - y)
}

/** The tokens of a block with the space after each, as document ranges. */
function words(b: Block): Array<{ from: number; to: number; word: string }> {
  const out: Array<{ from: number; to: number; word: string }> = []
  b.node.forEach((child, offset) => {
    if (!child.isText) return
    for (const m of child.text!.matchAll(TOKEN_WITH_SPACE)) {
      const from = b.pos + 1 + offset + m.index
      out.push({ from, to: from + m[0].length, word: m[0].trim() })
    }
  })
  return out
}

/** Whether `node` holds no text and no inline atom. */
const isBlank = (node: Node): boolean => {
  let blank = true
  node.descendants((n) => { if (n.isInline) blank = false; return blank })
  return blank
}

/**
 * The nodes whose whole content lies inside [from, to], text nodes included: what a deletion of
 * that range removes entirely.
 */
function coveredNodes(doc: Node, from: number, to: number): Node[] {
  const out: Node[] = []
  doc.nodesBetween(from, to, (node, pos) => {
    if (node.isText ? pos >= from && pos + node.nodeSize <= to : !node.isInline && pos + 1 >= from && pos + node.nodeSize - 1 <= to) out.push(node)
    return true
  })
  return out
}

/** Sets the selection as clicking or dragging does (no change to the document). */
const select = (view: EditorView, selection: Selection) => view.dispatch(view.state.tr.setSelection(selection))
const caret = (view: EditorView, pos: number) => select(view, TextSelection.create(view.state.doc, pos))

/** Types `text` at the selection as the view does for text input: input handlers first, then an insertion. */
function typeText(view: EditorView, text: string): void {
  const { from, to } = view.state.selection
  const deflt = () => view.state.tr.insertText(text, from, to)
  if (!view.someProp('handleTextInput', (f) => f(view, from, to, text, deflt))) view.dispatch(deflt())
}

const typing: Doing = { label: 'typing', deliberate: false }

/** Types one new token and a space at the selection; returns the token. */
function typeToken(peer: Peer, ledger: WordLedger): string {
  const token = ledger.next()
  ledger.act(peer, typing, () => typeText(peer.view, `${token} `))
  return token
}

/** Presses `combo` on `peer` as `doing`; whether a keymap took it. */
const key = (peer: Peer, ledger: WordLedger, combo: string, doing: Doing) => ledger.act(peer, doing, () => press(peer.view, combo))

/** A random block (paragraphs three times as likely as headings, titles, recitals and notes). */
function someBlock(peer: Peer, rng: Rng, test?: (b: Block) => boolean): Block | null {
  const all = blocks(peer.doc, test)
  if (all.length === 0) return null
  const weighted = all.flatMap((b) => (isParagraph(b) ? [b, b, b] : [b]))
  return rng.pick(weighted)
}

const type: Action = (peer, { rng, ledger }) => {
  const block = someBlock(peer, rng)
  if (!block) return null
  caret(peer.view, rng.pick(boundaries(block)))
  const typed = [typeToken(peer, ledger)]
  if (rng.chance(0.3)) typed.push(typeToken(peer, ledger))
  return `types ${typed.join(' ')} into the ${block.node.type.name} at ${block.pos}`
}

const enter: Action = (peer, { rng, ledger }) => {
  const block = someBlock(peer, rng)
  if (!block) return null
  const at = rng.pick(boundaries(block))
  caret(peer.view, at)
  key(peer, ledger, 'Enter', { label: 'Enter', deliberate: false })
  const typed = rng.chance(0.5) ? ` and types ${typeToken(peer, ledger)}` : ''
  return `presses Enter at ${at} in the ${block.node.type.name}${typed}`
}

/** Backspace (dir -1) or Delete (dir 1) at a word boundary: over a character, or at the block's edge. */
const eraseKey = (dir: -1 | 1): Action => (peer, { rng, ledger }) => {
  const block = someBlock(peer, rng)
  if (!block) return null
  const at = rng.pick(boundaries(block))
  caret(peer.view, at)
  const name = dir < 0 ? 'Backspace' : 'Delete'
  const $at = peer.doc.resolve(at)
  const atEdge = dir < 0 ? $at.parentOffset === 0 : $at.parentOffset === $at.parent.content.size
  let doing: Doing
  if (!atEdge) doing = { label: `${name} over a character`, deliberate: true }
  else {
    // at the edge an empty block is removed on purpose (with its container, when that is left blank);
    // a block with text is joined to its neighbour, re-levelled, or the caret moves
    const container = $at.node(-1)
    const index = $at.index(-1)
    const target = dir < 0 ? block.node : container.maybeChild(index + 1)
    if (target && target.content.size === 0 && target.isTextblock) {
      const removed = [target, ...(isBlank(container) && $at.depth > 1 ? [container] : [])]
      doing = { label: `${name} removing an empty ${target.type.name}`, deliberate: true, ...removedWhole(peer, removed) }
    } else {
      doing = { label: dir < 0 ? 'Backspace at the start of a block (join, outdent or caret move)' : 'Delete at the end of a block (join)', deliberate: false }
    }
  }
  ledger.act(peer, doing, () => {
    // inside text no keymap takes the key and the browser deletes the character (or inline atom)
    // next to the caret itself, which the view reads back as this deletion
    if (press(peer.view, name) || atEdge) return
    const pos = peer.view.state.selection.head
    peer.view.dispatch(peer.view.state.tr.delete(dir < 0 ? pos - 1 : pos, dir < 0 ? pos : pos + 1))
  })
  return `presses ${name} at ${at} in the ${block.node.type.name} (${doing.label})`
}

/** Tab or Shift-Tab with the caret in a paragraph. */
const relevel = (combo: 'Tab' | 'Shift-Tab'): Action => (peer, { rng, ledger }) => {
  const block = someBlock(peer, rng, isParagraph)
  if (!block) return null
  caret(peer.view, block.pos + 1 + rng.int(block.node.content.size + 1))
  const done = key(peer, ledger, combo, { label: combo === 'Tab' ? 'indent (Tab)' : 'outdent (Shift-Tab)', deliberate: false })
  return `presses ${combo} in the paragraph at ${block.pos}${done ? '' : ' (not taken)'}`
}

/** Selects from a boundary in one block to a boundary in the same or a later block (up to three on), then deletes. */
const selectAndDelete: Action = (peer, { rng, ledger }) => {
  const all = blocks(peer.doc)
  if (all.length === 0) return null
  const i = rng.int(all.length)
  const j = Math.min(all.length - 1, i + rng.int(4))
  const from = rng.pick(boundaries(all[i]!))
  const ends = boundaries(all[j]!).filter((p) => p > from)
  if (ends.length === 0) return null
  const to = rng.pick(ends)
  select(peer.view, TextSelection.create(peer.doc, from, to))
  const combo = rng.chance(0.5) ? 'Backspace' : 'Delete'
  key(peer, ledger, combo, { label: 'a selection deleted', deliberate: true, ...removedWhole(peer, coveredNodes(peer.doc, from, to)) })
  return `selects ${from}–${to} and presses ${combo}`
}

/** Selects one word (a token and its space) and deletes it. */
const deleteWord: Action = (peer, { rng, ledger }) => {
  const found = blocks(peer.doc).flatMap(words)
  if (found.length === 0) return null
  const w = rng.pick(found)
  select(peer.view, TextSelection.create(peer.doc, w.from, w.to))
  const combo = rng.chance(0.5) ? 'Backspace' : 'Delete'
  // a word that is all of its block's text takes the block's Y.XmlText with it
  key(peer, ledger, combo, { label: 'a word deleted', deliberate: true, whole: elementIds(peer, coveredNodes(peer.doc, w.from, w.to)) })
  return `selects the word ${w.word} and presses ${combo}`
}

/** Selects a paragraph's text, deletes it, then removes the empty paragraph with Backspace. */
const deleteParagraph: Action = (peer, { rng, ledger }) => {
  const block = someBlock(peer, rng, (b) => b.node.type.name === 'paragraph')
  if (!block) return null
  const $in = peer.doc.resolve(block.pos + 1)
  const container = $in.node(-1)
  let others = false
  container.forEach((c) => { if (c !== block.node && !isBlank(c)) others = true })
  const doing: Doing = { label: 'a paragraph deleted', deliberate: true, ...removedWhole(peer, others ? [block.node] : [block.node, container]) }
  if (block.node.content.size > 0) {
    select(peer.view, TextSelection.create(peer.doc, block.pos + 1, contentEnd(block)))
    key(peer, ledger, 'Backspace', doing)
  }
  // Backspace in the empty paragraph: a sub-paragraph outdents first, so the drafter presses again
  const inEmptyBlock = () => {
    const $c = peer.view.state.selection.$from
    return $c.parent.type.name === 'paragraph' && $c.parent.content.size === 0 && $c.before() === block.pos
  }
  for (let i = 0; i < 3 && inEmptyBlock(); i++) key(peer, ledger, 'Backspace', doing)
  return `deletes the paragraph at ${block.pos}`
}

/** Selects a whole article (as the outline does) and deletes it. */
const deleteArticle: Action = (peer, { rng, ledger }) => {
  const articles: Array<{ node: Node; pos: number }> = []
  peer.doc.descendants((node, pos) => {
    if (node.type.name === 'article') { articles.push({ node, pos }); return false }
    return !node.isTextblock
  })
  if (articles.length === 0) return null
  const article = rng.pick(articles)
  select(peer.view, NodeSelection.create(peer.doc, article.pos))
  key(peer, ledger, 'Backspace', { label: 'an article deleted', deliberate: true, ...removedWhole(peer, [article.node]) })
  return `deletes the article at ${article.pos}`
}

/** Adds an article after the one at the caret (Mod-Shift-Enter), types its heading, presses Enter and types its first paragraph. */
const addArticle: Action = (peer, { rng, ledger }) => {
  const block = someBlock(peer, rng)
  if (!block) return null
  caret(peer.view, block.pos + 1)
  if (!key(peer, ledger, 'Mod-Shift-Enter', { label: 'add an article', deliberate: false })) return null
  const heading = typeToken(peer, ledger)
  key(peer, ledger, 'Enter', { label: 'Enter', deliberate: false })
  const text = typeToken(peer, ledger)
  return `adds an article after the block at ${block.pos}, headed ${heading}, with ${text}`
}

/** Adds a paragraph after the one at the caret (Mod-Enter) and types into it. */
const addParagraph: Action = (peer, { rng, ledger }) => {
  const block = someBlock(peer, rng)
  if (!block) return null
  caret(peer.view, contentEnd(block))
  if (!key(peer, ledger, 'Mod-Enter', { label: 'add a paragraph', deliberate: false })) return null
  return `adds a paragraph after the block at ${block.pos} and types ${typeToken(peer, ledger)}`
}

/** Moves the article holding the caret up or down (Alt-ArrowUp / Alt-ArrowDown). */
const moveArticle: Action = (peer, { rng, ledger }) => {
  const block = someBlock(peer, rng, (b) => inArticle(peer.doc, b))
  if (!block) return null
  caret(peer.view, block.pos + 1)
  const combo = rng.chance(0.5) ? 'Alt-ArrowUp' : 'Alt-ArrowDown'
  const done = key(peer, ledger, combo, { label: 'an article moved', deliberate: false })
  return `presses ${combo} in the ${block.node.type.name} at ${block.pos}${done ? '' : ' (not taken)'}`
}

/** Inserts a cross-reference to a real article or paragraph at a word boundary. */
const crossReference: Action = (peer, { rng, ledger }) => {
  const block = someBlock(peer, rng, isParagraph)
  const targets = xrefTargets(peer.view.state)
  if (!block || targets.length === 0) return null
  const target = rng.pick(targets)
  caret(peer.view, rng.pick(boundaries(block)))
  const done = ledger.act(peer, { label: 'a cross-reference inserted', deliberate: false }, () =>
    insertXref(target.id)(peer.view.state, peer.view.dispatch))
  return `inserts a cross-reference to ${target.ref} (${target.id}) in the block at ${block.pos}${done ? '' : ' (refused)'}`
}

/** Sets the document-wide value of a parameter the document shows (or of a party, when it shows none). */
const parameterValue: Action = (peer, { rng, ledger }) => {
  const names = new Set<string>(['party_a'])
  peer.doc.descendants((n) => { if (n.type.name === 'parameter') names.add(String(n.attrs.name)) })
  const name = rng.pick([...names])
  const value = rng.pick(['', 'the Republic of Arcadia', '30', 'Geneva', `v${rng.int(1000)}`])
  ledger.act(peer, { label: 'a parameter value set', deliberate: false }, () => setParameterValue(peer.view.state, name, value))
  return `sets parameter ${name} to "${value}"`
}

/** Inserts a library clause at the caret, as the library panel does, with its default values. */
const libraryClause: Action = (peer, { rng, ledger, clauses }) => {
  const block = someBlock(peer, rng)
  if (!block || clauses.length === 0) return null
  const clause = rng.pick(clauses)
  caret(peer.view, block.pos + 1 + rng.int(block.node.content.size + 1))
  const instance = instantiateClause(clause)
  // the command writes the clause's default values with it, as one undoable step
  const done = ledger.act(peer, { label: 'a library clause inserted', deliberate: false }, () => insertClause(instance)(peer.view.state, peer.view.dispatch))
  return done ? `inserts clause ${clause.id} at the ${block.node.type.name} at ${block.pos}` : null
}

/** The Yjs element of every node with a stable id in `peer`'s document, by that id. */
function elementsById(peer: Peer): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [node, elements] of sharedElements(peer)) if (node.attrs.id) out.set(String(node.attrs.id), elements)
  return out
}

/**
 * Undo (Mod-z) or redo (Mod-y, Mod-Shift-z): what it takes away the drafter sees go. A paragraph
 * or article whose id leaves the drafter's editor is removed on purpose, as if they deleted it;
 * one that only moves back (its id stays) is not.
 */
const history = (redo: boolean): Action => (peer, { rng, ledger }) => {
  const combo = redo ? rng.pick(['Mod-y', 'Mod-Shift-z']) : 'Mod-z'
  const before = elementsById(peer)
  const whole = new Set<string>()
  const done = key(peer, ledger, combo, { label: redo ? 'redo' : 'undo', deliberate: true, whole })
  const after = new Set<string>()
  peer.doc.descendants((node) => { if (node.attrs.id) after.add(String(node.attrs.id)); return !node.isTextblock })
  for (const [id, elements] of before) if (!after.has(id)) for (const element of elements) whole.add(element)
  return `presses ${combo} (${redo ? 'redo' : 'undo'}${done ? '' : ', nothing to do'})`
}

/** The actions a drafter picks from, with weights. */
const ACTIONS: Array<[number, string, Action]> = [
  [8, 'type', type],
  [3, 'enter', enter],
  [3, 'backspace', eraseKey(-1)],
  [2, 'delete', eraseKey(1)],
  [2, 'tab', relevel('Tab')],
  [1.5, 'shift-tab', relevel('Shift-Tab')],
  [1.5, 'select-delete', selectAndDelete],
  [2, 'delete-word', deleteWord],
  [0.7, 'delete-paragraph', deleteParagraph],
  [0.4, 'delete-article', deleteArticle],
  [1, 'add-article', addArticle],
  [1.5, 'add-paragraph', addParagraph],
  [2, 'move-article', moveArticle],
  [1, 'xref', crossReference],
  [0.7, 'parameter', parameterValue],
  [0.6, 'clause', libraryClause],
  [1.5, 'undo', history(false)],
  [0.7, 'redo', history(true)],
]

/** The names of every kind of action, for `FUZZ_ACTIONS`. */
export const ACTION_KINDS = ACTIONS.map(([, name]) => name)

/** The actions in play: all, or only those named in `FUZZ_ACTIONS` (comma-separated), to narrow a failure down. */
function actionsInPlay(): Array<[number, string, Action]> {
  const wanted = process.env.FUZZ_ACTIONS?.split(',').map((s) => s.trim()).filter(Boolean)
  if (!wanted) return ACTIONS
  const unknown = wanted.filter((name) => !ACTION_KINDS.includes(name))
  if (unknown.length) throw new Error(`FUZZ_ACTIONS names unknown actions: ${unknown.join(', ')}; known: ${ACTION_KINDS.join(', ')}`)
  return ACTIONS.filter(([, name]) => wanted.includes(name))
}

/**
 * Does one random action on `peer` (tries a few kinds until one applies) and returns its log
 * line. Afterwards the peer's undo history stops capturing, as after a pause: every action is
 * its own undo step, whatever the machine's speed.
 */
export function randomAction(peer: Peer, ctx: DraftingContext): string {
  const actions = actionsInPlay()
  const total = actions.reduce((n, [w]) => n + w, 0)
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      let roll = ctx.rng.next() * total
      const entry = actions.find(([w]) => (roll -= w) < 0) ?? actions[actions.length - 1]!
      const line = entry[2](peer, ctx)
      if (line !== null) return line
    }
    return 'finds nothing to do'
  } finally {
    yUndoPluginKey.getState(peer.view.state)?.undoManager?.stopCapturing()
  }
}
