// Shows each unit's computed number ("Part I", "Article 3", "2.", "(a)", "(i)", "Annex I") before it.
//
// Numbers are never stored in the document: they are recomputed by the model's `numberTreaty`
// whenever the document changes, and shown through node decorations that set the unit's
// `data-marker` attribute, which the stylesheet draws before the unit (editor.css, `::before`).
// No element is added per number (a long treaty has thousands), and a change of structure
// rewrites one attribute where a number changed. Screen readers read the numbers (generated
// content is in the accessibility tree); like the text of any CSS content, they are left out of
// a copied selection and the browser's find does not match them.
//
// A long treaty opens with the numbers of its first units only, which fill the first screens, and
// its first state numbers only those (the walk stops there); the others are shown in the task after
// the first paint (their elements are off screen, and the browser skips drawing their articles
// until they come near it). The whole numbering is made then, or sooner if something reads it.
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import type { Mapping } from 'prosemirror-transform'
import { numberTreaty, type Label, type Numbering } from '../model/numbering.js'
import { changeOf, isTextEdit } from './text-edit.js'
import { afterPaint } from '../after-paint.js'

/** The numbering plugin's state: the document's labels and the decorations that show them. */
export interface NumberingState {
  numbering: Numbering
  decorations: DecorationSet
  /** Whether the decorations show the first units' numbers only (the editor's first state of a long treaty). */
  partial: boolean
}

/**
 * How many numbers the editor's first state shows: a screen holds a few dozen numbered units (a
 * tall one, some eighty one-line paragraphs), and each number shown costs the first paint its
 * decoration and its attribute, and the first state its label.
 */
export const FIRST_NUMBERS_SHOWN = 100

/** The transaction meta, under numberingKey, that has every number shown. */
const SHOW_ALL = 'show-all'

/** Key of the numbering plugin; other plugins (cross-references) and the outline read its state. */
export const numberingKey = new PluginKey<NumberingState>('numbering')

/** The attribute, on a numbered unit's element, that holds the number shown before it. */
export const MARKER_ATTRIBUTE = 'data-marker'

/** The decoration that shows `marker` on the unit `node` at `pos`. */
const markerDecoration = (pos: number, node: Node, marker: string) => Decoration.node(pos, pos + node.nodeSize, { [MARKER_ATTRIBUTE]: marker })

/**
 * The numbering of a document made when it is first read: the editor's first state numbers only
 * the units it shows, and whatever reads the labels before the others are shown (a
 * cross-reference being cited, the outline) has them all made then.
 */
class NumberingWhenRead implements Numbering {
  private made: Numbering | null = null
  constructor(private readonly doc: Node) {}
  get byPos(): Map<number, Label> { return this.whole().byPos }
  get byId(): Map<string, Label> { return this.whole().byId }
  private whole(): Numbering { return (this.made ??= numberTreaty(this.doc)) }
}

/**
 * The numbering of `doc` with decorations for the numbers of its first `shown` units: the walk
 * stops there, and the whole numbering is then made when something reads it.
 */
function compute(doc: Node, shown = Infinity): NumberingState {
  const decorations: Decoration[] = []
  let partial = false
  // made as the units are numbered: the document is walked once, not again to find the units
  const numbered = numberTreaty(doc, (pos, node, label) => {
    if (!label.marker) return true
    if (decorations.length === shown) { partial = true; return false }
    decorations.push(markerDecoration(pos, node, label.marker))
    return true
  })
  // (a walk that did not stop numbered every unit)
  return { numbering: partial ? new NumberingWhenRead(doc) : numbered, decorations: DecorationSet.create(doc, decorations), partial }
}

/** `value` with every number shown: the decorations made from its labels, which stay as they are. */
function showAll(doc: Node, value: NumberingState): NumberingState {
  const decorations: Decoration[] = []
  for (const [pos, label] of value.numbering.byPos) if (label.marker) decorations.push(markerDecoration(pos, doc.nodeAt(pos)!, label.marker))
  return { numbering: value.numbering, decorations: DecorationSet.create(doc, decorations), partial: false }
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
      init: (_, state) => compute(state.doc, FIRST_NUMBERS_SHOWN),
      apply: (tr, value) => {
        if (tr.getMeta(numberingKey) === SHOW_ALL && value.partial) return showAll(tr.doc, value)
        if (!tr.docChanged) return value
        // typing changes no number: move the labels along instead of recomputing them
        if (isTextEdit(tr)) {
          const { mapping } = changeOf(tr)
          return { numbering: movedNumbering(value.numbering, mapping), decorations: value.decorations.map(mapping, tr.doc), partial: value.partial }
        }
        return compute(tr.doc)
      },
    },
    props: {
      decorations: (state) => numberingKey.getState(state)?.decorations,
    },
    // the numbers the first state left out are shown once the first frame is painted
    view: (view) => {
      if (!numberingKey.getState(view.state)?.partial) return {}
      const cancel = afterPaint(() => {
        if (view.isDestroyed || !numberingKey.getState(view.state)?.partial) return
        view.dispatch(view.state.tr.setMeta(numberingKey, SHOW_ALL).setMeta('addToHistory', false))
      })
      return { destroy: cancel }
    },
  })
}

/** The current numbering of `state`'s document (computed on the spot when the plugin is absent). */
export function getNumbering(state: EditorState): Numbering {
  return numberingKey.getState(state)?.numbering ?? numberTreaty(state.doc)
}
