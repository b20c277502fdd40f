// Enter, Backspace and Delete shaped for treaty structure, so that typing never merges an
// article into its neighbour or splits a heading into two.
import { Selection, TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { schema } from '../model/schema.js'
import { newId } from '../model/ids.js'
import { ancestor, emptyArticle, emptyUnit, levelOf, unitAt } from './units.js'
import { outdent } from './structure.js'

/** Containers whose first child is their heading. */
const HEADED = new Set(['article', 'part', 'chapter', 'section', 'annex', 'final_provisions'])
const DIVISIONS = new Set(['part', 'chapter', 'section', 'final_provisions'])

/** Whether `node` holds no text and no inline atom anywhere. */
const isBlank = (node: Node): boolean => {
  let blank = true
  node.descendants((n) => { if (n.isInline) blank = false; return blank })
  return blank
}

/** Moves the cursor to the nearest text position before (dir -1) or after (dir 1) `pos`. */
function moveTo(tr: Transaction, pos: number, dir: -1 | 1): Transaction {
  const sel = Selection.findFrom(tr.doc.resolve(pos), dir, true)
  return sel ? tr.setSelection(sel).scrollIntoView() : tr
}

/**
 * Enter. In a title or heading: moves to the text that follows (an article's first paragraph),
 * adding an article to an empty division. In a paragraph: at the end of its text, a new unit of
 * the same level follows (or a first sub-paragraph, when sub-paragraphs follow the text); in the
 * middle, the unit splits and the second half gets a new id. In an empty sub-paragraph: outdents.
 */
export const enter: Command = (state, dispatch) => {
  const { $from } = state.selection
  const block = $from.parent
  if (!block.isTextblock) return false
  const name = block.type.name

  if (name === 'heading' || name === 'title') {
    if (dispatch) {
      const after = $from.after()
      const container = $from.node(-1)
      const next = container.maybeChild($from.index(-1) + 1)
      const tr = state.tr
      if (DIVISIONS.has(container.type.name) && (!next || next.type.name === 'drafting_note')) {
        tr.insert(after, emptyArticle())
      }
      dispatch(moveTo(tr, after, 1))
    }
    return true
  }

  if (name === 'drafting_note') {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(schema.nodes.hard_break.create()).scrollIntoView())
    return true
  }

  if (name !== 'prose') return false
  const unit = unitAt($from)
  if (!unit || unit.depth !== $from.depth - 1) return false
  const level = levelOf(unit.node)
  if (level > 0 && unit.node.childCount === 1 && isBlank(unit.node)) return outdent(state, dispatch)
  if (dispatch) {
    const tr = state.tr
    if (!state.selection.empty) tr.deleteSelection()
    const $pos = tr.selection.$from
    const index = $pos.index(unit.depth)
    const next = $pos.node(unit.depth).maybeChild(index + 1)
    const atEnd = $pos.parentOffset === $pos.parent.content.size
    if (atEnd && next && levelOf(next) === level + 1) {
      const at = $pos.after()
      tr.insert(at, emptyUnit(level + 1))
      tr.setSelection(TextSelection.create(tr.doc, at + 2))
    } else {
      const type = unit.node.type
      tr.split($pos.pos, 2, [{ type, attrs: { id: newId(type.name) } }, { type: schema.nodes.prose }])
    }
    dispatch(tr.scrollIntoView())
  }
  return true
}

/** Deletes the node at `pos` and puts the cursor at the end of the text before it (or the start of what follows). */
function deleteNode(state: EditorState, pos: number, node: Node): Transaction {
  const tr = state.tr.delete(pos, pos + node.nodeSize)
  const before = Selection.findFrom(tr.doc.resolve(Math.min(pos, tr.doc.content.size)), -1, true)
  const sel = before ?? Selection.findFrom(tr.doc.resolve(Math.min(pos, tr.doc.content.size)), 1, true)
  if (sel) tr.setSelection(sel)
  return tr.scrollIntoView()
}

/** The last text block inside `node` at `pos`, as its position, or -1. */
function lastTextblock(node: Node, pos: number): number {
  let found = -1
  node.descendants((child, offset) => {
    if (child.isTextblock) { found = pos + 1 + offset; return false }
    return true
  })
  return found
}

/**
 * Backspace at the start of a unit. An empty unit is removed (an article's only paragraph stays,
 * unless the whole article is empty); a sub-paragraph outdents; a one-block paragraph joins the
 * paragraph before it; otherwise the cursor moves to the end of the text before. Never merges
 * an article, a heading or a division into its neighbour.
 */
export const backspace: Command = (state, dispatch) => {
  const { $from, empty } = state.selection
  if (!empty || $from.parentOffset > 0 || !$from.parent.isTextblock) return false
  if ($from.depth === 1) return $from.index(0) === 0 // nothing before the title
  if ($from.index(-1) > 0) return false // a later block of the same container: the default join applies
  const container = $from.node(-1)
  const containerPos = $from.before(-1)
  const level = levelOf(container)
  const moveBack = () => { if (dispatch) dispatch(moveTo(state.tr, containerPos, -1)); return true }

  if (level >= 0) {
    if (isBlank(container)) {
      const article = ancestor($from, (n) => n === 'article')
      let paragraphs = 0
      article?.node.forEach((c) => { if (c.type.name === 'paragraph') paragraphs++ })
      if (level === 0 && article && article.depth === $from.depth - 2 && paragraphs === 1) {
        if (!isBlank(article.node)) return moveBack()
        if (dispatch) dispatch(deleteNode(state, article.pos, article.node))
        return true
      }
      if (dispatch) dispatch(deleteNode(state, containerPos, container))
      return true
    }
    if (level > 0) return outdent(state, dispatch)
    const parent = $from.node(-2)
    const index = $from.index(-2)
    const prev = index > 0 ? parent.child(index - 1) : null
    if (!prev || prev.type.name !== 'paragraph' || container.childCount !== 1) return moveBack()
    const target = lastTextblock(prev, containerPos - prev.nodeSize)
    if (target < 0) return moveBack()
    if (dispatch) {
      const targetNode = state.doc.nodeAt(target)!
      const joinAt = target + 1 + targetNode.content.size
      const tr = state.tr.delete(containerPos, containerPos + container.nodeSize).insert(joinAt, $from.parent.content)
      dispatch(tr.setSelection(TextSelection.create(tr.doc, joinAt)).scrollIntoView())
    }
    return true
  }

  if (HEADED.has(container.type.name) && isBlank(container)) {
    if (dispatch) dispatch(deleteNode(state, containerPos, container))
    return true
  }
  return moveBack()
}

/**
 * Delete at the end of a text block: joins only text blocks of the same container; at the end of
 * a unit it removes a following empty unit, and otherwise does nothing rather than merge units.
 */
export const deleteForward: Command = (state, dispatch) => {
  const { $from, empty } = state.selection
  if (!empty || !$from.parent.isTextblock || $from.parentOffset < $from.parent.content.size) return false
  if ($from.depth > 1 && $from.index(-1) < $from.node(-1).childCount - 1) {
    const next = $from.node(-1).child($from.index(-1) + 1)
    if (next.isTextblock) return false
  }
  const sel = Selection.findFrom(state.doc.resolve($from.after()), 1, true)
  if (!sel) return true
  const $next = sel.$from
  const unit = unitAt($next)
  if (unit && $next.index(unit.depth) === 0 && unit.node.childCount === 1 && isBlank(unit.node)) {
    if (dispatch) dispatch(state.tr.delete(unit.pos, unit.pos + unit.node.nodeSize).scrollIntoView())
  }
  return true
}
