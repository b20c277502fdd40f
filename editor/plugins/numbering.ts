// Shows each unit's computed number ("Part I", "Article 3", "2.", "(a)", "(i)", "Annex I") before it.
//
// Numbers are never stored in the document: they are recomputed by the model's `numberTreaty`
// whenever the document changes, and shown through node decorations that set the unit's
// `data-marker` attribute, which the stylesheet draws before the unit (editor.css, `::before`).
// No element is added per number (a long treaty has thousands), and a change of structure
// rewrites one attribute where a number changed. Screen readers read the numbers (generated
// content is in the accessibility tree); like the text of any CSS content, they are left out of
// a copied selection and the browser's find does not match them.
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import type { Mapping } from 'prosemirror-transform'
import { numberTreaty, type Label, type Numbering } from '../model/numbering.js'
import { changeOf, isTextEdit } from './text-edit.js'

/** The numbering plugin's state: the document's labels and the decorations that show them. */
export interface NumberingState {
  numbering: Numbering
  decorations: DecorationSet
}

/** Key of the numbering plugin; other plugins (cross-references) and the outline read its state. */
export const numberingKey = new PluginKey<NumberingState>('numbering')

/** The attribute, on a numbered unit's element, that holds the number shown before it. */
export const MARKER_ATTRIBUTE = 'data-marker'

function compute(doc: Node): NumberingState {
  const decorations: Decoration[] = []
  // made as the units are numbered: the document is walked once, not again to find the units
  const numbering = numberTreaty(doc, (pos, node, label) => {
    if (label.marker) decorations.push(Decoration.node(pos, pos + node.nodeSize, { [MARKER_ATTRIBUTE]: label.marker }))
  })
  return { numbering, decorations: DecorationSet.create(doc, decorations) }
}

/**
 * A numbering whose positions are moved through the edits since it was computed only when someone
 * reads them: typing would otherwise move some two thousand labels of a long treaty on every
 * keystroke, and nothing reads their positions while typing (the decorations move with their
 * set; references read labels by id).
 */
class MovedNumbering implements Numbering {
  private moved: Map<number, Label> | null = null
  constructor(private readonly base: Numbering, private readonly mapping: Mapping, readonly byId: Numbering['byId']) {}

  get byPos(): Map<number, Label> {
    if (!this.moved) {
      this.moved = new Map()
      for (const [pos, label] of this.base.byPos) this.moved.set(this.mapping.map(pos), label)
    }
    return this.moved
  }

  /** This numbering moved on through `next` as well (positions still computed on demand). */
  then(next: Mapping): Numbering {
    // past a few hundred edits, settle the positions rather than keep every step
    if (this.mapping.maps.length > 200) return new MovedNumbering(this.byPosNumbering(), next, this.byId)
    const combined = this.mapping.slice(0)
    combined.appendMapping(next)
    return new MovedNumbering(this.base, combined, this.byId)
  }

  private byPosNumbering(): Numbering { return { byPos: this.byPos, byId: this.byId } }
}

/** `numbering` with its positions moved through `mapping` (lazily). */
function movedNumbering(numbering: Numbering, mapping: Mapping): Numbering {
  return numbering instanceof MovedNumbering ? numbering.then(mapping) : new MovedNumbering(numbering, mapping, numbering.byId)
}

/** Creates the plugin that numbers the treaty; it recomputes only on transactions that change the document's structure. */
export function numberingPlugin(): Plugin<NumberingState> {
  return new Plugin<NumberingState>({
    key: numberingKey,
    state: {
      init: (_, state) => compute(state.doc),
      apply: (tr, value) => {
        if (!tr.docChanged) return value
        // typing changes no number: move the labels along instead of recomputing them
        if (isTextEdit(tr)) {
          const { mapping } = changeOf(tr)
          return { numbering: movedNumbering(value.numbering, mapping), decorations: value.decorations.map(mapping, tr.doc) }
        }
        return compute(tr.doc)
      },
    },
    props: {
      decorations: (state) => numberingKey.getState(state)?.decorations,
    },
  })
}

/** The current numbering of `state`'s document (computed on the spot when the plugin is absent). */
export function getNumbering(state: EditorState): Numbering {
  return numberingKey.getState(state)?.numbering ?? numberTreaty(state.doc)
}
