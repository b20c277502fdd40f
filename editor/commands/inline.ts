// Commands that insert inline atoms: cross-references and parameters.
import type { Command, EditorState } from 'prosemirror-state'
import type { Node } from 'prosemirror-model'
import { schema } from '../model/schema.js'
import { isParameterName } from '../model/clauses/vocabulary.js'
import { getNumbering } from '../plugins/numbering.js'
import { writeParameters } from './parameters.js'

/** One unit a cross-reference may point to, as the target picker lists it. */
export interface XrefTarget {
  id: string
  kind: 'article' | 'paragraph' | 'subparagraph'
  /** How the reference will read now, e.g. "Article 3(2)". */
  ref: string
  /** The article's heading or the start of the paragraph's text, to recognise it by. */
  text: string
}

const snippet = (text: string) => (text.length > 70 ? `${text.slice(0, 69)}…` : text)

/** A text block's text with its atoms spelled out, so a snippet reads as the text does. */
const blockText = (block: Node) => block.textBetween(0, block.content.size, ' ', (leaf) =>
  leaf.type.name === 'parameter' ? `[${String(leaf.attrs.name)}]` : leaf.type.name === 'xref' ? '→' : ' ')

/** The articles, paragraphs and sub-paragraphs of the document, in order, with their current numbers. */
export function xrefTargets(state: EditorState): XrefTarget[] {
  const numbering = getNumbering(state)
  const out: XrefTarget[] = []
  state.doc.descendants((node, pos) => {
    const label = numbering.byPos.get(pos)
    // a sole paragraph is cited as its article, so only the article is listed
    if (label && label.id && label.marker && (label.kind === 'article' || label.kind === 'paragraph' || label.kind === 'subparagraph')) {
      let text = ''
      if (label.kind === 'article') node.forEach((c) => { if (!text && c.type.name === 'heading') text = blockText(c) })
      else text = blockText(node)
      out.push({ id: label.id, kind: label.kind, ref: label.ref, text: snippet(text) })
    }
    return !node.isTextblock
  })
  return out
}

/** Whether the selection is in text that may hold inline atoms. */
const inInlineText = (state: EditorState) => state.selection.$from.parent.inlineContent && state.selection.$to.parent.inlineContent

/**
 * Inserts a cross-reference to the unit with stable id `target` at the selection. Without a
 * target it only answers whether a reference could be inserted here (the toolbar's dry run).
 */
export const insertXref = (target?: string): Command => (state, dispatch) => {
  if (!inInlineText(state)) return false
  if (target !== undefined && !getNumbering(state).byId.has(target)) return false
  if (dispatch && target !== undefined) {
    dispatch(state.tr.replaceSelectionWith(schema.nodes.xref.create({ target }), false).scrollIntoView())
  }
  return true
}

/**
 * Inserts the parameter `name` at the selection and, when `value` is given, sets its
 * document-wide value (every occurrence shows it), as one undo step. Without a name it only answers whether a
 * parameter could be inserted here.
 */
export const insertParameter = (name?: string, value?: string): Command => (state, dispatch) => {
  if (!inInlineText(state)) return false
  if (name !== undefined && !isParameterName(name)) return false
  if (dispatch && name !== undefined) {
    const tr = state.tr.replaceSelectionWith(schema.nodes.parameter.create({ name }), false).scrollIntoView()
    writeParameters(state, value === undefined ? {} : { [name]: value }, { tr, dispatch })
  }
  return true
}
