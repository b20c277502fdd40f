// Enter, Backspace and Delete shaped for treaty structure, so that typing never merges an
// article into its neighbour or splits a heading into two.
import { NodeSelection, Selection, TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import type { EditorView } from 'prosemirror-view'
import { HEADED_TYPES, schema } from '../model/schema.js'
import { newId } from '../model/ids.js'
import { emptyArticle, emptyUnit, levelOf } from './units.js'
import { outdent } from './structure.js'

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

/** Text blocks a deletion empties rather than removes: every treaty keeps its title, every division its heading. */
const KEPT_BLOCKS = new Set(['title', 'heading'])

/**
 * Backspace or Delete over a selection that reaches from one container (an article, an annex, a
 * part, the preamble …) into another. Nothing is joined: the blocks and containers the selection
 * covers whole are removed (a title or heading is emptied instead), the covered text of the two
 * end blocks is deleted, and both ends stay where they are, as Backspace at the start of a heading
 * never merges two articles. Joining would rewrite the second container's remaining blocks as
 * new elements of the first in the shared document (Yjs has no move), and whatever another
 * drafter typed into them meanwhile would go with the old ones. A selection inside one container
 * is left to the default deletion, which joins its end blocks.
 */
export const deleteAcrossContainers: Command = (state, dispatch) => {
  const sel = state.selection
  if (!(sel instanceof TextSelection) || sel.empty) return false
  const { $from, $to } = sel
  if ($from.sameParent($to) || $from.depth < 1 || $to.depth < 1) return false
  if ($from.depth === $to.depth && $from.node(-1) === $to.node(-1)) return false
  if (!dispatch) return true
  const from = $from.pos
  const to = $to.pos
  const ranges: Array<{ from: number; to: number; node?: Node; parent?: Node | null }> = []
  state.doc.nodesBetween(from, to, (node, pos, parent) => {
    if (node.isInline) return false
    const start = pos + 1
    const end = pos + node.nodeSize - 1
    if (from <= start && end <= to) {
      if (!KEPT_BLOCKS.has(node.type.name)) ranges.push({ from: pos, to: pos + node.nodeSize, node, parent })
      else if (end > start) ranges.push({ from: start, to: end })
      return false
    }
    if (node.isTextblock) {
      const a = Math.max(from, start)
      const b = Math.min(to, end)
      if (b > a) ranges.push({ from: a, to: b })
      return false
    }
    return true
  })
  // a container that stays keeps a block to type in (an article a paragraph): its first block
  // covered whole is emptied rather than removed when nothing else of the kind would be left
  const removed = new Map<Node, Node[]>()
  for (const r of ranges) if (r.node && r.parent) removed.set(r.parent, [...(removed.get(r.parent) ?? []), r.node])
  for (const [parent, gone] of removed) {
    const left: Node[] = []
    parent.forEach((child) => { if (!gone.includes(child)) left.push(child) })
    const kind = parent.type.name === 'article' ? 'paragraph' : null
    const needs = kind ? !left.some((c) => c.type.name === kind) : left.length === 0
    const keep = needs ? gone.find((c) => c.isTextblock && (!kind || c.type.name === kind)) : undefined
    const range = keep ? ranges.find((r) => r.node === keep) : undefined
    if (range) { range.from += 1; range.to -= 1 }
  }
  const tr = state.tr
  for (const range of ranges.sort((x, y) => y.from - x.from)) if (range.to > range.from) tr.delete(range.from, range.to)
  const at = tr.doc.resolve(Math.min(tr.mapping.map(from, -1), tr.doc.content.size))
  dispatch(tr.setSelection(Selection.near(at, 1)).scrollIntoView())
  return true
}

/**
 * Enter. In a title or heading: moves to the text that follows (an article's first paragraph),
 * adding an article to an empty division. In a paragraph: at the end of its text, a new unit of
 * the same level follows (or a first sub-paragraph, when sub-paragraphs follow the text); at the
 * start, an empty unit goes before it; in the middle, the unit splits and the second half gets a
 * new id. In an empty sub-paragraph: outdents. With a parameter or cross-reference selected (a
 * click on it), the break comes after it: Enter never deletes what it was pressed on.
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

  if (name !== 'paragraph') return false
  const level = levelOf(block)
  if (level > 0 && block.content.size === 0) return outdent(state, dispatch)
  if (dispatch) {
    const tr = state.tr
    const sel = state.selection
    if (sel instanceof NodeSelection && sel.node.isInline) tr.setSelection(TextSelection.create(tr.doc, sel.to))
    else if (!sel.empty) tr.deleteSelection()
    const $pos = tr.selection.$from
    if ($pos.parent.type.name !== 'paragraph') return false
    const container = $pos.node(-1)
    const next = container.maybeChild($pos.index(-1) + 1)
    const atEnd = $pos.parentOffset === $pos.parent.content.size
    const here = $pos.parent
    if (atEnd && next && levelOf(next) > levelOf(here) && !next.attrs.continues) {
      // at the end of a chapeau: a first sub-paragraph, before the ones that follow
      const at = $pos.after()
      tr.insert(at, emptyUnit(levelOf(here) + 1))
      tr.setSelection(TextSelection.create(tr.doc, at + 1))
    } else if ($pos.parentOffset === 0 && here.content.size > 0) {
      // at the start of a unit's text: an empty unit before it, and the text keeps its id and place
      const at = $pos.before()
      tr.insert(at, emptyUnit(levelOf(here)))
      tr.setSelection(TextSelection.create(tr.doc, at + 2 + 1))
    } else {
      tr.split($pos.pos, 1, [{ type: schema.nodes.paragraph, attrs: { id: newId('paragraph'), level: levelOf(here), continues: false } }])
    }
    dispatch(tr.scrollIntoView())
  }
  return true
}

/**
 * Home (dir -1) or End (dir 1) while a parameter or cross-reference is selected: the cursor goes
 * to that side of it, then to the edge of the visual line as the key always moves it (only the
 * browser knows where a wrapped line ends, so the page's selection is moved by line there and read
 * back at once). Reading it back in the same key press matters: the browser reports a caret it
 * moved itself only later, and a key pressed before that (End, then Enter) found the cursor still
 * beside the parameter and split the line there. Without a view, or where the browser cannot move
 * a selection by line, the key goes on to the browser (returns false) after the first step.
 */
export const collapseInlineSelection = (dir: -1 | 1): Command => (state, dispatch, view) => {
  const sel = state.selection
  if (!(sel instanceof NodeSelection) || !sel.node.isInline) return false
  dispatch?.(state.tr.setSelection(TextSelection.create(state.doc, dir < 0 ? sel.from : sel.to)))
  if (!dispatch || !view) return false
  const line = lineEdgeOf(view, dir)
  if (line === null) return false
  view.dispatch(view.state.tr.setSelection(line))
  return true
}

/** The cursor at the edge of the visual line the page's selection is on, or null where the browser cannot tell. */
function lineEdgeOf(view: EditorView, dir: -1 | 1): Selection | null {
  const dom = (view.root as Document).getSelection?.()
  if (!dom || typeof dom.modify !== 'function') return null
  dom.modify('move', dir < 0 ? 'backward' : 'forward', 'lineboundary')
  if (!dom.focusNode || !view.dom.contains(dom.focusNode)) return null
  let pos: number
  try { pos = view.posAtDOM(dom.focusNode, dom.focusOffset) } catch { return null }
  const $pos = view.state.doc.resolve(Math.max(0, Math.min(pos, view.state.doc.content.size)))
  return $pos.parent.inlineContent ? TextSelection.create(view.state.doc, $pos.pos) : Selection.near($pos, dir)
}

/** Deletes the node at `pos` and puts the cursor at the end of the text before it (or the start of what follows). */
function deleteNode(state: EditorState, pos: number, node: Node): Transaction {
  const tr = state.tr.delete(pos, pos + node.nodeSize)
  const before = Selection.findFrom(tr.doc.resolve(Math.min(pos, tr.doc.content.size)), -1, true)
  const sel = before ?? Selection.findFrom(tr.doc.resolve(Math.min(pos, tr.doc.content.size)), 1, true)
  if (sel) tr.setSelection(sel)
  return tr.scrollIntoView()
}

/**
 * Backspace at the start of a text block. In a paragraph: a sub-paragraph outdents; an empty
 * paragraph is removed (an article's only paragraph stays, unless the whole article is empty); a
 * paragraph joins the paragraph block before it. A heading, or a paragraph after a heading, moves
 * the cursor back instead: never merges an article, a heading or a division into its neighbour.
 */
export const backspace: Command = (state, dispatch) => {
  const { $from, empty } = state.selection
  if (!empty || $from.parentOffset > 0 || !$from.parent.isTextblock) return false
  if ($from.depth === 1) return $from.index(0) === 0 // nothing before the title
  const block = $from.parent
  const blockPos = $from.before()
  const container = $from.node(-1)
  const index = $from.index(-1)
  const moveBack = () => { if (dispatch) dispatch(moveTo(state.tr, blockPos, -1)); return true }

  if (block.type.name === 'paragraph') {
    const level = levelOf(block)
    if (level > 0 && !block.attrs.continues) return outdent(state, dispatch)
    if (block.content.size === 0) {
      let paragraphs = 0
      container.forEach((c) => { if (c.type.name === 'paragraph') paragraphs++ })
      if (container.type.name === 'article' && paragraphs === 1) {
        if (!isBlank(container)) return moveBack()
        if (dispatch) dispatch(deleteNode(state, $from.before(-1), container))
        return true
      }
      if (dispatch) dispatch(deleteNode(state, blockPos, block))
      return true
    }
    const prev = index > 0 ? container.child(index - 1) : null
    if (!prev || prev.type.name !== 'paragraph') return moveBack()
    if (dispatch) {
      const tr = state.tr.join(blockPos)
      dispatch(tr.setSelection(TextSelection.create(tr.doc, blockPos - 1)).scrollIntoView())
    }
    return true
  }

  if (index > 0) return false // a later block of the same container: the default join applies
  if (HEADED_TYPES.has(container.type.name) && isBlank(container)) {
    if (dispatch) dispatch(deleteNode(state, $from.before(-1), container))
    return true
  }
  return moveBack()
}

/**
 * Delete at the end of a text block: joins the paragraph block that follows into this paragraph
 * (removing it when it is empty); elsewhere it only joins text blocks of the same kind, and never
 * merges an article, a heading or a division into its neighbour.
 */
export const deleteForward: Command = (state, dispatch) => {
  const { $from, empty } = state.selection
  if (!empty || !$from.parent.isTextblock || $from.parentOffset < $from.parent.content.size) return false
  if ($from.depth > 1 && $from.index(-1) < $from.node(-1).childCount - 1) {
    const next = $from.node(-1).child($from.index(-1) + 1)
    if (next.type.name === 'paragraph' && $from.parent.type.name === 'paragraph') {
      if (dispatch) {
        const after = $from.after()
        const tr = next.content.size === 0 ? state.tr.delete(after, after + next.nodeSize) : state.tr.join(after)
        dispatch(tr.scrollIntoView())
      }
      return true
    }
    if (next.type === $from.parent.type) return false
  }
  return true
}

/**
 * The `handleTextInput` prop of an inline node that a click selects (a parameter, a footnote):
 * typing while one of type `name` is selected writes after it, so it is removed only by deleting
 * it, never by typing over it.
 */
export function typeAfterSelected(name: string) {
  return (view: EditorView, from: number, to: number, text: string): boolean => {
    const sel = view.state.selection
    if (!(sel instanceof NodeSelection) || sel.node.type.name !== name || from !== sel.from || to !== sel.to) return false
    const tr = view.state.tr.insertText(text, sel.to)
    view.dispatch(tr.setSelection(TextSelection.create(tr.doc, sel.to + text.length)).scrollIntoView())
    return true
  }
}
