// Commands that change the treaty's structure: parts, articles, paragraphs, levels, order.
// Each is a ProseMirror Command: called without `dispatch` it only answers whether it applies,
// which is how the toolbar enables its buttons.
import type { Node } from 'prosemirror-model'
import type * as Y from 'yjs'
import { ySyncPluginKey } from 'y-prosemirror'
import { TextSelection, type Command, type EditorState, type Transaction } from 'prosemirror-state'
import { MAX_LEVEL } from '../model/schema.js'
import { MOVE_META, newMoveStamp } from '../model/moves.js'
import { ancestor, bodyArticleEnd, emptyArticle, emptyPart, emptyUnit, levelOf, topLevelBodyEnd } from './units.js'

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
 * cursor and the sub-paragraphs that belong to it, or at the end when the cursor is in the heading.
 */
export const addParagraph: Command = (state, dispatch) => {
  const $from = state.selection.$from
  const container = ancestor($from, (n) => n === 'article' || n === 'annex')
  if (!container) return false
  if (dispatch) {
    let at = container.pos + container.node.nodeSize - 1
    if ($from.depth > container.depth && $from.node(container.depth + 1).type.name === 'paragraph') {
      const parent = container.node
      let index = $from.index(container.depth)
      at = $from.before(container.depth + 1) + parent.child(index).nodeSize
      // the units below this one, and text closing their list, stay with it
      for (index++; index < parent.childCount; index++) {
        const next = parent.child(index)
        if (next.type.name !== 'paragraph' || (levelOf(next) === 0 && !next.attrs.continues)) break
        at += next.nodeSize
      }
    }
    const tr = state.tr.insert(at, emptyUnit(0))
    dispatch(cursorInto(tr, at + 1))
  }
  return true
}

/** A paragraph block the selection touches: the node, its position, its container and its index there. */
interface SelectedUnit { node: Node; pos: number; parent: Node; index: number }

/** The paragraph blocks the selection touches, in order. */
function selectedUnits(state: EditorState): SelectedUnit[] {
  const { $from, $to } = state.selection
  const out: SelectedUnit[] = []
  state.doc.nodesBetween($from.pos, $to.pos, (node, pos, parent, index) => {
    if (node.type.name === 'paragraph' && parent) out.push({ node, pos, parent, index })
    return !node.isTextblock
  })
  return out
}

/**
 * Gives the selected paragraph blocks new levels: an attribute change in the shared document, so
 * no text moves and what another drafter types into the paragraph meanwhile is kept. `next` gets
 * a block's level and the level of the block before it (-1 when that is no paragraph), and returns
 * the new level or null to leave it. Applies when the first selected block changes.
 */
function relevel(next: (level: number, before: number) => number | null): Command {
  return (state, dispatch) => {
    const units = selectedUnits(state)
    if (units.length === 0) return false
    const tr = state.tr
    let previous: { unit: SelectedUnit; level: number } | null = null
    for (const [i, unit] of units.entries()) {
      const prevNode = unit.index > 0 ? unit.parent.child(unit.index - 1) : null
      // the block before, at the level this command gives it when it is selected too
      const before = previous && previous.unit.parent === unit.parent && previous.unit.index === unit.index - 1
        ? previous.level : prevNode ? levelOf(prevNode) : -1
      const level = levelOf(unit.node)
      const target = next(level, before)
      if (target === null || target === level) {
        if (i === 0) return false
        previous = { unit, level }
        continue
      }
      tr.setNodeAttribute(unit.pos, 'level', target)
      previous = { unit, level: target }
    }
    if (dispatch) dispatch(tr.scrollIntoView())
    return true
  }
}

/**
 * Indents the selected paragraphs one level: a paragraph becomes sub-paragraph (x) of the
 * paragraph before it, a sub-paragraph becomes (i) of the one before it; a unit is never more
 * than one level deeper than the block before it. Units keep their ids, so references follow them.
 */
export const indent: Command = relevel((level, before) => (level < MAX_LEVEL && before >= level ? level + 1 : null))

/** Outdents the selected sub-paragraphs one level: (i) → (a) → paragraph. */
export const outdent: Command = relevel((level) => (level > 0 ? level - 1 : null))

/** Containers an article can sit in within the body (parts, chapters, sections, final provisions). */
const BODY_DIVISIONS = new Set(['part', 'chapter', 'section', 'final_provisions'])

/** Whether `node` holds an article (anywhere inside its divisions). */
function holdsArticle(node: Node): boolean {
  let found = false
  node.descendants((child) => {
    if (found) return false
    if (child.type.name === 'article') { found = true; return false }
    return BODY_DIVISIONS.has(child.type.name)
  })
  return found
}

/**
 * Whether the article at `pos` has a neighbour in direction `dir` within its numbering zone (the
 * body, or its annex): what `articlesInOrder` would say, looking only outward from the article.
 */
function hasNeighbourArticle(doc: Node, pos: number, dir: -1 | 1): boolean {
  const $pos = doc.resolve(pos)
  for (let depth = $pos.depth; depth >= 0; depth--) {
    const parent = $pos.node(depth)
    const index = $pos.index(depth)
    for (let i = index + dir; i >= 0 && i < parent.childCount; i += dir) {
      const sibling = parent.child(i)
      if (sibling.type.name === 'article') return true
      if (BODY_DIVISIONS.has(sibling.type.name) && holdsArticle(sibling)) return true
    }
    // an annex numbers its own articles: a move never leaves it
    if (parent.type.name === 'annex') return false
  }
  return false
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
export const moveArticle = (dir: -1 | 1): Command => (state, dispatch, view) => {
  const current = ancestor(state.selection.$from, (n) => n === 'article')
  if (!current) return false
  // the toolbar asks on every keystroke: answer from the article's surroundings, not the whole treaty
  if (!dispatch) return hasNeighbourArticle(state.doc, current.pos, dir)
  const articles = articlesInOrder(state.doc)
  const index = articles.findIndex((a) => a.pos === current.pos)
  const here = articles[index]
  const neighbour = articles[index + dir]
  if (!here || !neighbour || neighbour.zone !== here.zone) return false
  if (!dispatch) return true
  const sameParent = state.doc.resolve(neighbour.pos).start() === state.doc.resolve(current.pos).start()
  // where the article goes, relative to the neighbour it passes
  const beforeNeighbour = dir < 0 ? sameParent : !sameParent
  const offset = state.selection.from - current.pos
  // the copy carries a new stamp: if another drafter moves this article at the same time, the
  // copy with the greater stamp stays on every client (moves.ts)
  const stamp = newMoveStamp()
  const moved = current.node.type.create({ ...current.node.attrs, moved: stamp }, current.node.content, current.node.marks)
  const insertAt = (doc: Node, fallback: number): number => {
    const found = articlesInOrder(doc).find((a) => a.node.attrs.id === neighbour.node.attrs.id)
    if (!found) return fallback
    return beforeNeighbour ? found.pos : found.pos + found.node.nodeSize
  }
  const place = (tr: Transaction, at: number) => {
    tr.insert(at, moved).setMeta(MOVE_META, stamp)
    tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(at + offset, tr.doc.content.size))))
    return tr.scrollIntoView()
  }
  const sync = view ? (ySyncPluginKey.getState(view.state) as { doc?: Y.Doc } | undefined) : undefined
  if (!view || !sync?.doc) {
    const tr = state.tr.delete(current.pos, current.pos + current.node.nodeSize)
    dispatch(place(tr, insertAt(tr.doc, tr.mapping.map(neighbour.pos))))
    return true
  }
  // y-prosemirror writes a changed order by rewriting the elements in place, article into article,
  // so two drafters moving one article at once would merge their texts letter by letter. Deleting
  // and inserting in two steps, inside one Yjs transaction (one update, one undo step), makes the
  // move a delete and an insert in the shared document.
  sync.doc.transact(() => {
    view.dispatch(view.state.tr.delete(current.pos, current.pos + current.node.nodeSize))
    const next = view.state
    view.dispatch(place(next.tr, insertAt(next.doc, Math.min(current.pos, next.doc.content.size))))
  }, ySyncPluginKey)
  return true
}

/** Moves the current article up, before the previous article. */
export const moveArticleUp = moveArticle(-1)
/** Moves the current article down, after the next article. */
export const moveArticleDown = moveArticle(1)

export { insertXref, insertParameter, xrefTargets } from './inline.js'
