// Random structural edits a drafter can make, each built as one ProseMirror transaction on a peer's state.
import type { Node } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import { canJoin, canSplit } from 'prosemirror-transform'
import { schema } from '../../editor/model/schema.js'
import { newId } from '../../editor/model/ids.js'
import type { Rng } from '../helpers/prng.js'
import { TOKEN_WITH_SPACE, textOf, tokensIn, type TokenLedger } from './tokens.js'

/** A node found in a document, with where it sits. */
interface Found { node: Node; pos: number; parent: Node; index: number }

/** What an edit needs besides the state. */
export interface EditContext { rng: Rng; tokens: TokenLedger }

/** A built edit: the transaction and a line for the failure log. */
export interface BuiltEdit { tr: Transaction; what: string }

type EditBuilder = (state: EditorState, ctx: EditContext) => BuiltEdit | null

function findAll(doc: Node, test: (node: Node, parent: Node) => boolean): Found[] {
  const found: Found[] = []
  doc.descendants((node, pos, parent, index) => {
    if (parent && test(node, parent)) found.push({ node, pos, parent, index })
    return !node.isTextblock
  })
  return found
}

const named = (...names: string[]) => (node: Node) => names.includes(node.type.name)
const end = (f: Found) => f.pos + f.node.nodeSize

/** Word boundaries inside a text block: its start and every position just after a space. */
function boundaries(block: Found): number[] {
  const text = block.node.textContent
  const out = [block.pos + 1]
  for (let i = 0; i < text.length; i++) if (text[i] === ' ') out.push(block.pos + 2 + i)
  return out
}

/** Pairs of adjacent siblings that both pass `test`: [earlier, later]. */
function adjacentPairs(doc: Node, test: (node: Node) => boolean): Array<[Found, Found]> {
  const pairs: Array<[Found, Found]> = []
  for (const later of findAll(doc, test)) {
    if (later.index === 0) continue
    const earlier = later.parent.child(later.index - 1)
    if (test(earlier)) pairs.push([{ node: earlier, pos: later.pos - earlier.nodeSize, parent: later.parent, index: later.index - 1 }, later])
  }
  return pairs
}

/** A new paragraph block holding one token. */
const paragraphWith = (token: string, level = 0) => schema.nodes.paragraph.create({ id: newId('paragraph'), level }, schema.text(`${token} `))
const levelOf = (node: Node): number => Number(node.attrs.level) || 0

const typeText: EditBuilder = (state, { rng, tokens }) => {
  const blocks = findAll(state.doc, (n) => n.isTextblock)
  if (blocks.length === 0) return null
  const block = rng.pick(blocks)
  const at = rng.pick(boundaries(block))
  const token = tokens.next()
  return { tr: state.tr.insertText(`${token} `, at), what: `type ${token} into ${block.node.type.name} at ${at}` }
}

const deleteText: EditBuilder = (state, { rng, tokens }) => {
  const blocks = findAll(state.doc, (n) => n.isTextblock && tokensIn(n.textContent).length > 0)
  if (blocks.length === 0) return null
  const block = rng.pick(blocks)
  const words = [...block.node.textContent.matchAll(TOKEN_WITH_SPACE)]
  const word = rng.pick(words)
  const from = block.pos + 1 + word.index!
  tokens.deleting(word[0])
  return { tr: state.tr.delete(from, from + word[0].length), what: `delete "${word[0].trim()}" at ${from}` }
}

const newArticle = (tokens: TokenLedger, withId: boolean) =>
  schema.nodes.article.create({ id: withId ? newId('article') : '' }, [
    schema.nodes.heading.create(null, schema.text(`${tokens.next()} `)),
    paragraphWith(tokens.next()),
  ])

const insertArticle: EditBuilder = (state, { rng, tokens }) => {
  const articles = findAll(state.doc, named('article'))
  const node = newArticle(tokens, rng.chance(0.8))
  if (articles.length === 0) return { tr: state.tr.insert(state.doc.content.size, node), what: 'insert an article at the end' }
  const beside = rng.pick(articles)
  const at = rng.chance(0.5) ? beside.pos : end(beside)
  return { tr: state.tr.insert(at, node), what: `insert an article at ${at}` }
}

const deleteNode = (names: string[]): EditBuilder => (state, { rng, tokens }) => {
  const found = findAll(state.doc, named(...names))
  if (found.length === 0) return null
  const target = rng.pick(found)
  tokens.deleting(textOf(target.node))
  return { tr: state.tr.delete(target.pos, end(target)), what: `delete ${target.node.type.name} at ${target.pos}` }
}

const insertParagraph: EditBuilder = (state, { rng, tokens }) => {
  const articles = findAll(state.doc, named('article'))
  if (articles.length === 0) return null
  const article = rng.pick(articles)
  const first = article.node.firstChild?.type.name === 'heading' ? 1 : 0
  const index = first + rng.int(article.node.childCount - first + 1)
  let at = article.pos + 1
  for (let i = 0; i < index; i++) at += article.node.child(i).nodeSize
  const node = paragraphWith(tokens.next(), rng.chance(0.2) ? 1 : 0)
  return { tr: state.tr.insert(at, node), what: `insert a paragraph at ${at}` }
}

/** Splits a paragraph block of any level at a word boundary, as Enter does: the second half gets a new id. */
const splitParagraph: EditBuilder = (state, { rng }) => {
  const blocks = findAll(state.doc, named('paragraph'))
  if (blocks.length === 0) return null
  const block = rng.pick(blocks)
  const at = rng.pick(boundaries(block))
  const after = [{ type: schema.nodes.paragraph, attrs: { id: newId('paragraph'), level: levelOf(block.node) } }]
  if (!canSplit(state.doc, at, 1, after)) return null
  return { tr: state.tr.split(at, 1, after), what: `split the paragraph at ${at}` }
}

/** Joins a paragraph block into the one before it, as Backspace at its start does. */
const joinParagraphs: EditBuilder = (state, { rng }) => {
  const pairs = adjacentPairs(state.doc, named('paragraph'))
  if (pairs.length === 0) return null
  const [, later] = rng.pick(pairs)
  if (!canJoin(state.doc, later.pos)) return null
  return { tr: state.tr.join(later.pos), what: `join the paragraphs at ${later.pos}` }
}

/** Deletes a sub-paragraph block (level 1 or 2). */
const deleteSubparagraph: EditBuilder = (state, { rng, tokens }) => {
  const found = findAll(state.doc, (n) => n.type.name === 'paragraph' && levelOf(n) > 0)
  if (found.length === 0) return null
  const target = rng.pick(found)
  tokens.deleting(textOf(target.node))
  return { tr: state.tr.delete(target.pos, end(target)), what: `delete the sub-paragraph at ${target.pos}` }
}

/** Splits an article between two of its paragraphs; the second part starts without a heading. */
const splitArticle: EditBuilder = (state, { rng }) => {
  const articles = findAll(state.doc, (n) => n.type.name === 'article' && n.childCount >= 3)
  if (articles.length === 0) return null
  const article = rng.pick(articles)
  const index = 2 + rng.int(article.node.childCount - 2)
  let at = article.pos + 1
  for (let i = 0; i < index; i++) at += article.node.child(i).nodeSize
  if (!canSplit(state.doc, at, 1)) return null
  return { tr: state.tr.split(at, 1), what: `split the article at ${at}` }
}

/** Merges an article into the one before it, dropping its heading. */
const joinArticles: EditBuilder = (state, { rng, tokens }) => {
  const pairs = adjacentPairs(state.doc, named('article'))
  if (pairs.length === 0) return null
  const [, later] = rng.pick(pairs)
  if (!canJoin(state.doc, later.pos)) return null
  const tr = state.tr.join(later.pos)
  const heading = tr.doc.nodeAt(later.pos - 1)
  if (later.node.firstChild?.type.name === 'heading' && heading?.type.name === 'heading') {
    tokens.deleting(heading.textContent)
    tr.delete(later.pos - 1, later.pos - 1 + heading.nodeSize)
  }
  return { tr, what: `join the articles at ${later.pos}` }
}

/** Swaps two adjacent siblings by deleting one and inserting it again on the other side. */
const swap = (names: string[]): EditBuilder => (state, { rng }) => {
  const pairs = adjacentPairs(state.doc, named(...names))
  if (pairs.length === 0) return null
  const [a, b] = rng.pick(pairs)
  const tr = state.tr
  if (rng.chance(0.5)) tr.delete(b.pos, end(b)).insert(a.pos, b.node) // move the later one up
  else tr.delete(a.pos, end(a)).insert(a.pos + b.node.nodeSize, a.node) // move the earlier one down
  return { tr, what: `swap the ${a.node.type.name}s at ${a.pos} and ${b.pos}` }
}

/** Indents a paragraph block one level below the one before it (an attribute change, as Tab does). */
const indent: EditBuilder = (state, { rng }) => {
  const pairs = adjacentPairs(state.doc, named('paragraph')).filter(([host, moved]) => levelOf(moved.node) < 2 && levelOf(host.node) >= levelOf(moved.node))
  if (pairs.length === 0) return null
  const [, moved] = rng.pick(pairs)
  return { tr: state.tr.setNodeAttribute(moved.pos, 'level', levelOf(moved.node) + 1), what: `indent the paragraph at ${moved.pos}` }
}

/** Outdents a sub-paragraph block one level (an attribute change, as Shift-Tab does). */
const outdent: EditBuilder = (state, { rng }) => {
  const subs = findAll(state.doc, (n) => n.type.name === 'paragraph' && levelOf(n) > 0)
  if (subs.length === 0) return null
  const sub = rng.pick(subs)
  return { tr: state.tr.setNodeAttribute(sub.pos, 'level', levelOf(sub.node) - 1), what: `outdent the paragraph at ${sub.pos}` }
}

/** The edits a random drafter picks from, with weights. */
const EDITS: Array<[number, string, EditBuilder]> = [
  [6, 'type', typeText],
  [3, 'delete-text', deleteText],
  [2, 'insert-article', insertArticle],
  [1, 'delete-article', deleteNode(['article'])],
  [3, 'insert-paragraph', insertParagraph],
  [3, 'delete-paragraph', deleteNode(['paragraph'])],
  [1, 'delete-subparagraph', deleteSubparagraph],
  [2, 'split-paragraph', splitParagraph],
  [2, 'join-paragraphs', joinParagraphs],
  [1, 'split-article', splitArticle],
  [1, 'join-articles', joinArticles],
  [2, 'move-article', swap(['article'])],
  [2, 'move-paragraph', swap(['paragraph'])],
  [2, 'indent', indent],
  [2, 'outdent', outdent],
]

/** The names of every kind of edit, for `FUZZ_EDITS`. */
export const EDIT_KINDS = EDITS.map(([, name]) => name)

/**
 * The edits in play: all of them, or only those named in `FUZZ_EDITS` (comma-separated), which
 * helps narrow a failure down to the edits that cause it.
 */
function editsInPlay(): Array<[number, string, EditBuilder]> {
  const wanted = process.env.FUZZ_EDITS?.split(',').map((s) => s.trim()).filter(Boolean)
  if (!wanted) return EDITS
  const unknown = wanted.filter((name) => !EDIT_KINDS.includes(name))
  if (unknown.length) throw new Error(`FUZZ_EDITS names unknown edits: ${unknown.join(', ')}; known: ${EDIT_KINDS.join(', ')}`)
  return EDITS.filter(([, name]) => wanted.includes(name))
}

/** Builds one random edit that applies to `state` (tries a few kinds), or null when none does. */
export function randomEdit(state: EditorState, ctx: EditContext): BuiltEdit | null {
  const edits = editsInPlay()
  const total = edits.reduce((n, [w]) => n + w, 0)
  for (let attempt = 0; attempt < 10; attempt++) {
    let roll = ctx.rng.int(total)
    const entry = edits.find(([w]) => (roll -= w) < 0)!
    const built = entry[2](state, ctx)
    if (built) return built
  }
  return null
}
