// Commands that change the treaty's structure: parts, articles, paragraphs, levels, order.
// Each is a ProseMirror Command: called without `dispatch` it only answers whether it applies,
// which is how the toolbar enables its buttons.
import { Fragment, type Node } from 'prosemirror-model'
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state'
import {
  ancestor, bodyArticleEnd, childrenBetween, emptyArticle, emptyPart, emptyUnit, holdsNote, levelOf,
  positionOf, rebuildAt, topLevelBodyEnd, unitAt,
} from './units.js'

/** Puts the cursor at the start of the first text block at or after `pos` and scrolls to it. */
function cursorInto(tr: Transaction, pos: number): Transaction {
  return tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(pos, tr.doc.content.size)), 1)).scrollIntoView()
}

/** Adds a part after the current part, or at the end of the body; it starts with one article. */
export const addPart: Command = (state, dispatch) => {
  if (dispatch) {
    const part = ancestor(state.selection.$from, (n) => n === 'part')
    const at = part ? part.pos + part.node.nodeSize : topLevelBodyEnd(state.doc)
    const tr = state.tr.insert(at, emptyPart())
    dispatch(cursorInto(tr, at + 2))
  }
  return true
}

/** Adds an article after the current one, or at the end of the body when the cursor is in no article. */
export const addArticle: Command = (state, dispatch) => {
  if (dispatch) {
    const article = ancestor(state.selection.$from, (n) => n === 'article')
    const at = article ? article.pos + article.node.nodeSize : bodyArticleEnd(state.doc)
    const tr = state.tr.insert(at, emptyArticle())
    dispatch(cursorInto(tr, at + 2))
  }
  return true
}

/**
 * Adds a numbered paragraph to the current article or annex: after the paragraph holding the
 * cursor, or at the end when the cursor is in the heading.
 */
export const addParagraph: Command = (state, dispatch) => {
  const $from = state.selection.$from
  const container = ancestor($from, (n) => n === 'article' || n === 'annex')
  if (!container) return false
  if (dispatch) {
    const para = $from.depth > container.depth ? $from.node(container.depth + 1) : null
    const at = para && para.type.name === 'paragraph'
      ? $from.before(container.depth + 1) + para.nodeSize
      : container.pos + container.node.nodeSize - 1
    const tr = state.tr.insert(at, emptyUnit(0))
    dispatch(cursorInto(tr, at + 2))
  }
  return true
}

/** Replaces `from..to` with `nodes` and puts the cursor back in the text block `textblock` at `offset`. */
function replaceKeepingCursor(state: EditorState, from: number, to: number, nodes: Node[], textblock: Node, offset: number): Transaction {
  const tr = state.tr.replaceWith(from, to, Fragment.fromArray(nodes))
  const at = positionOf(tr.doc, textblock)
  if (at >= 0) tr.setSelection(TextSelection.create(tr.doc, at + 1 + Math.min(offset, textblock.content.size)))
  return tr.scrollIntoView()
}

/**
 * Indents the current unit one level: a paragraph becomes sub-paragraph (x) of the paragraph
 * before it, a sub-paragraph becomes (i) of the sub-paragraph before it. The unit keeps its id,
 * so cross-references to it follow it.
 */
export const indent: Command = (state, dispatch) => {
  const { $from } = state.selection
  const unit = unitAt($from)
  if (!unit) return false
  const level = levelOf(unit.node)
  if (level >= 2 || holdsNote(unit.node)) return false
  const index = $from.index(unit.depth - 1)
  const prev = index > 0 ? $from.node(unit.depth - 1).child(index - 1) : null
  if (!prev || prev.type !== unit.node.type) return false
  if (dispatch) {
    const prevPos = unit.pos - prev.nodeSize
    const moved = rebuildAt(unit.node, level + 1)
    const merged = prev.copy(prev.content.append(Fragment.fromArray(moved)))
    dispatch(replaceKeepingCursor(state, prevPos, unit.pos + unit.node.nodeSize, [merged], $from.parent, $from.parentOffset))
  }
  return true
}

/**
 * Outdents the current sub-paragraph one level: it follows its parent unit, keeps its id, and
 * takes along what followed it there, so the text keeps its order.
 */
export const outdent: Command = (state, dispatch) => {
  const { $from } = state.selection
  const unit = unitAt($from)
  if (!unit) return false
  const level = levelOf(unit.node)
  if (level <= 0) return false
  const parentDepth = unit.depth - 1
  const parent = $from.node(parentDepth)
  if (levelOf(parent) !== level - 1) return false
  if (dispatch) {
    const index = $from.index(parentDepth)
    const [lifted] = rebuildAt(unit.node, level - 1)
    const tail = childrenBetween(parent, index + 1)
    const outer = lifted!.copy(lifted!.content.append(tail))
    const kept = parent.copy(childrenBetween(parent, 0, index))
    const parentPos = $from.before(parentDepth)
    dispatch(replaceKeepingCursor(state, parentPos, parentPos + parent.nodeSize, [kept, outer], $from.parent, $from.parentOffset))
  }
  return true
}

/** Every article in reading order, with the zone it is numbered in (the body, or one annex). */
function articlesInOrder(doc: Node): Array<{ pos: number; node: Node; zone: number }> {
  const out: Array<{ pos: number; node: Node; zone: number }> = []
  doc.forEach((top, offset) => {
    // body articles (parts, chapters, sections, final provisions) are numbered together; each annex on its own
    const zone = top.type.name === 'annex' ? offset : -1
    if (top.type.name === 'article') out.push({ pos: offset, node: top, zone })
    else if (!top.isTextblock) top.descendants((node, pos) => {
      if (node.type.name === 'article') out.push({ pos: offset + 1 + pos, node, zone })
      return node.type.name !== 'article' && !node.isTextblock
    })
  })
  return out
}

/**
 * Moves the current article one step in reading order, keeping its id: before the previous
 * article (dir -1) or after the next one (dir 1). At the edge of a part, chapter or section it
 * crosses into the neighbouring one (becoming its last or first article); it never leaves the
 * body for an annex or an annex for another.
 */
export const moveArticle = (dir: -1 | 1): Command => (state, dispatch) => {
  const current = ancestor(state.selection.$from, (n) => n === 'article')
  if (!current) return false
  const articles = articlesInOrder(state.doc)
  const index = articles.findIndex((a) => a.pos === current.pos)
  const here = articles[index]
  const neighbour = articles[index + dir]
  if (!here || !neighbour || neighbour.zone !== here.zone) return false
  if (dispatch) {
    const sameParent = state.doc.resolve(neighbour.pos).start() === state.doc.resolve(current.pos).start()
    const neighbourEnd = neighbour.pos + neighbour.node.nodeSize
    const target = dir < 0 ? (sameParent ? neighbour.pos : neighbourEnd) : (sameParent ? neighbourEnd : neighbour.pos)
    const size = current.node.nodeSize
    const offset = state.selection.from - current.pos
    const tr = state.tr
    let newPos: number
    if (target < current.pos) {
      tr.delete(current.pos, current.pos + size).insert(target, current.node)
      newPos = target
    } else {
      tr.insert(target, current.node).delete(current.pos, current.pos + size)
      newPos = target - size
    }
    tr.setSelection(TextSelection.near(tr.doc.resolve(newPos + offset)))
    dispatch(tr.scrollIntoView())
  }
  return true
}

/** Moves the current article up, before the previous article. */
export const moveArticleUp = moveArticle(-1)
/** Moves the current article down, after the next article. */
export const moveArticleDown = moveArticle(1)

export { insertXref, insertParameter, xrefTargets, setParameterValue } from './inline.js'
