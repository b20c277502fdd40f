// Shows each footnote as its superscript number in the text, and edits its text in a small editor
// that opens under the number while the footnote is selected.
//
// The footnote's text is the footnote node's content in the shared document, so the small editor
// is a window on the treaty, not a copy: what is typed there is dispatched to the treaty editor as
// its own steps (moved to the footnote's place), so it syncs, merges and undoes like any text, and
// what collaborators type arrives through the treaty editor and is shown by `update`. This is
// ProseMirror's nested-editor pattern (prosemirror.net/examples/footnote).
//
// Numbers come from the numbering module (`numberFootnotes`), recomputed only when a change can
// move one: a footnote inserted or deleted. They reach the node views as node decorations.
import { EditorState, NodeSelection, Plugin, PluginKey, TextSelection, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, EditorView, type NodeView } from 'prosemirror-view'
import { StepMap } from 'prosemirror-transform'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap } from 'prosemirror-commands'
import type { Node } from 'prosemirror-model'
import { redoCommand, undoCommand, ySyncPluginKey } from 'y-prosemirror'
import { numberFootnotes, type FootnoteLabel } from '../model/numbering.js'
import { typeAfterSelected } from '../commands/editing.js'
import { changeOf, editsTextIn, isTextEdit } from './text-edit.js'

const FOOTNOTE: ReadonlySet<string> = new Set(['footnote'])

/**
 * Meta actions: `edit` opens the editor of the footnote at `pos` and puts the caret in it (after
 * inserting it, or from the footnote list); `keep` keeps the open editor open through a change of
 * the treaty's selection (the caret parked after the footnote while its text has the focus).
 */
export type FootnotesAction = { type: 'edit'; pos: number } | { type: 'keep' }

/** The footnotes plugin's state: the footnotes with their numbers, and the decorations carrying the numbers. */
export interface FootnotesState {
  footnotes: readonly FootnoteLabel[]
  decorations: DecorationSet
  /** The footnote whose editor is open, or null. */
  open: number | null
  /** The footnote whose editor the last transaction asked to focus, or null. */
  edit: number | null
}

/** Key of the footnotes plugin; the page's footnote list reads its state. */
export const footnotesKey = new PluginKey<FootnotesState>('footnotes')

interface NumberSpec { footnote: number }
interface OpenSpec { open: true }

function compute(doc: Node): Pick<FootnotesState, 'footnotes' | 'decorations'> {
  const footnotes = numberFootnotes(doc)
  const decorations = footnotes.map((f) => Decoration.node(f.pos, f.pos + f.node.nodeSize, { 'data-number': String(f.number) }, { footnote: f.number } satisfies NumberSpec))
  return { footnotes, decorations: DecorationSet.create(doc, decorations) }
}

/** The number a footnote's decorations carry (0 before the plugin has numbered it). */
const numberOf = (decorations: readonly Decoration[]): number =>
  (decorations.find((d) => 'footnote' in (d.spec as object))?.spec as NumberSpec | undefined)?.footnote ?? 0

/** Whether a footnote's decorations say its editor is open. */
const isOpen = (decorations: readonly Decoration[]): boolean => decorations.some((d) => 'open' in (d.spec as object))

/** Footnote views by their element, so the plugin can focus the one it has just inserted. */
const views = new WeakMap<HTMLElement, FootnoteView>()

/** A footnote in the treaty editor: its number, and while selected the editor of its text. */
class FootnoteView implements NodeView {
  dom: HTMLElement
  private readonly marker: HTMLElement
  private box: HTMLElement | null = null
  private inner: EditorView | null = null

  constructor(private node: Node, private readonly outer: EditorView, private readonly getPos: () => number | undefined, decorations: readonly Decoration[]) {
    this.dom = document.createElement('span')
    this.dom.className = 'footnote'
    this.marker = document.createElement('sup')
    this.marker.className = 'footnote-marker'
    this.dom.append(this.marker)
    this.render(decorations)
    views.set(this.dom, this)
  }

  private render(decorations: readonly Decoration[]) {
    const n = numberOf(decorations)
    this.marker.textContent = n ? String(n) : '*'
    this.dom.title = `Footnote ${n || ''}: ${this.node.textContent || '(empty)'}`.replace('  ', ' ')
    if (isOpen(decorations)) this.open()
    else this.close()
  }

  selectNode() { this.dom.classList.add('ProseMirror-selectednode') }

  deselectNode() { this.dom.classList.remove('ProseMirror-selectednode') }

  /** Opens the editor of the footnote's text (once) and, when `focus`, puts the caret at its end. */
  open(focus = false) {
    if (!this.inner) {
      this.box = document.createElement('span')
      this.box.className = 'footnote-editor'
      this.box.setAttribute('contenteditable', 'false')
      this.dom.append(this.box)
      const leave = (dir: 1 | -1) => () => { this.leave(dir); return true }
      this.inner = new EditorView(this.box, {
        state: EditorState.create({
          doc: this.node,
          plugins: [keymap({
            'Mod-z': () => undoCommand(this.outer.state, this.outer.dispatch),
            'Mod-y': () => redoCommand(this.outer.state, this.outer.dispatch),
            'Mod-Shift-z': () => redoCommand(this.outer.state, this.outer.dispatch),
            Escape: leave(1), Enter: leave(1), 'Shift-Enter': leave(1),
          }), keymap(baseKeymap)],
        }),
        attributes: { class: 'footnote-text', 'aria-label': 'Footnote text', spellcheck: 'true' },
        editable: () => this.outer.editable,
        dispatchTransaction: (tr) => this.dispatchInner(tr),
        // after the focus change has run its course (focusing can happen inside an update of the treaty's view)
        handleDOMEvents: { focus: () => { queueMicrotask(() => this.parkCaret()); return false } },
      })
    }
    if (focus) {
      const inner = this.inner
      inner.dispatch(inner.state.tr.setSelection(TextSelection.atEnd(inner.state.doc)).setMeta('fromOutside', true))
      inner.focus()
    }
  }

  /**
   * While the footnote's text has the focus, the treaty's caret waits after the footnote rather
   * than selecting it: y-prosemirror cannot restore a selected node that a collaborator deletes.
   */
  private parkCaret() {
    const pos = this.getPos()
    const sel = this.outer.state.selection
    if (!this.inner || pos === undefined || !(sel instanceof NodeSelection) || sel.from !== pos) return
    const action: FootnotesAction = { type: 'keep' }
    this.outer.dispatch(this.outer.state.tr.setSelection(TextSelection.create(this.outer.state.doc, pos + this.node.nodeSize)).setMeta(footnotesKey, action))
  }

  private close() {
    this.inner?.destroy()
    this.inner = null
    this.box?.remove()
    this.box = null
  }

  /** Back to the treaty's text, the caret after (`dir` 1) or before (-1) the footnote. */
  private leave(dir: 1 | -1) {
    const pos = this.getPos()
    if (pos === undefined) return
    const at = dir > 0 ? pos + this.node.nodeSize : pos
    this.outer.dispatch(this.outer.state.tr.setSelection(TextSelection.create(this.outer.state.doc, at)))
    this.outer.focus()
  }

  /** Applies an edit of the small editor, and sends what it changed to the treaty editor as its own steps. */
  private dispatchInner(tr: Transaction) {
    const inner = this.inner
    if (!inner) return
    const { state, transactions } = inner.state.applyTransaction(tr)
    inner.updateState(state)
    if (tr.getMeta('fromOutside')) return
    const pos = this.getPos()
    if (pos === undefined) return
    const outerTr = this.outer.state.tr
    const offset = StepMap.offset(pos + 1)
    for (const t of transactions) for (const step of t.steps) {
      const moved = step.map(offset)
      if (moved) outerTr.step(moved)
    }
    if (outerTr.docChanged) this.outer.dispatch(outerTr)
  }

  update(node: Node, decorations: readonly Decoration[]) {
    if (!node.sameMarkup(this.node)) return false
    this.node = node
    this.render(decorations)
    const inner = this.inner
    if (inner) {
      // what changed in the treaty (a collaborator's typing, an undo) is shown in the small editor
      const state = inner.state
      const start = node.content.findDiffStart(state.doc.content)
      if (start !== null) {
        let { a: endA, b: endB } = node.content.findDiffEnd(state.doc.content)!
        const overlap = start - Math.min(endA, endB)
        if (overlap > 0) { endA += overlap; endB += overlap }
        inner.dispatch(state.tr.replace(start, endB, node.slice(start, endA)).setMeta('fromOutside', true))
      }
    }
    return true
  }

  destroy() {
    this.close()
    views.delete(this.dom)
  }

  // events inside the small editor are its own; the number itself behaves as an atom
  stopEvent(event: Event) {
    return !!this.box && event.target instanceof globalThis.Node && this.box.contains(event.target)
  }

  ignoreMutation() { return true }
}

/** Creates the plugin that numbers footnotes and edits their text. */
export function footnotesPlugin(): Plugin<FootnotesState> {
  return new Plugin<FootnotesState>({
    key: footnotesKey,
    state: {
      init: (_, state) => ({ ...compute(state.doc), open: null, edit: null }),
      apply: (tr, value) => {
        const action = tr.getMeta(footnotesKey) as FootnotesAction | undefined
        const edit = action?.type === 'edit' ? action.pos : null
        const open = openAfter(tr, value.open, action)
        if (!tr.docChanged) return edit === value.edit && open === value.open ? value : { ...value, open, edit }
        // typing elsewhere moves the numbers along; inserting or deleting a footnote, or typing in
        // one (the list shows its text), numbers them again
        if (isTextEdit(tr, FOOTNOTE) && !editsTextIn(tr, FOOTNOTE)) {
          const { mapping } = changeOf(tr)
          const footnotes = value.footnotes.map((f) => ({ ...f, pos: mapping.map(f.pos) }))
          return { footnotes, decorations: value.decorations.map(mapping, tr.doc), open, edit }
        }
        return { ...compute(tr.doc), open, edit }
      },
    },
    props: {
      decorations: (state) => {
        const value = footnotesKey.getState(state)
        if (!value || value.open === null) return value?.decorations
        const node = state.doc.nodeAt(value.open)
        if (!node) return value.decorations
        return value.decorations.add(state.doc, [Decoration.node(value.open, value.open + node.nodeSize, { class: 'footnote-open' }, { open: true } satisfies OpenSpec)])
      },
      handleTextInput: typeAfterSelected('footnote'),
      nodeViews: {
        footnote: (node, view, getPos, decorations) => new FootnoteView(node, view, getPos, decorations),
      },
    },
    view: () => ({
      update: (view) => {
        const edit = footnotesKey.getState(view.state)?.edit ?? null
        if (edit === null) return
        const dom = view.nodeDOM(edit)
        const footnote = dom instanceof HTMLElement ? views.get(dom) : undefined
        if (footnote && view.state.selection instanceof NodeSelection && view.state.selection.from === edit) footnote.open(true)
      },
    }),
  })
}

/**
 * The footnote whose editor is open after `tr`: the one asked for, or the one selected; the open
 * one stays open through collaborators' changes, its own text's edits and undo, and closes when
 * the drafter moves the caret elsewhere or the footnote is deleted.
 */
function openAfter(tr: Transaction, open: number | null, action: FootnotesAction | undefined): number | null {
  const sel = tr.selection
  if (action?.type === 'edit') return action.pos
  if (sel instanceof NodeSelection && sel.node.type.name === 'footnote') return sel.from
  if (open === null) return null
  const remote = (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true
  if (tr.selectionSet && !remote && action?.type !== 'keep') return null
  const pos = tr.docChanged ? changeOf(tr).mapping.map(open, 1) : open
  return tr.doc.nodeAt(pos)?.type.name === 'footnote' ? pos : null
}

/** The footnotes of `state`'s document with their numbers. */
export function footnoteList(state: EditorState): readonly FootnoteLabel[] {
  return footnotesKey.getState(state)?.footnotes ?? numberFootnotes(state.doc)
}

/** Selects the footnote at `pos` and opens its editor (the caret in its text when the editor can be edited). */
export function editFootnote(view: EditorView, pos: number): void {
  const node = view.state.doc.nodeAt(pos)
  if (node?.type.name !== 'footnote') return
  const action: FootnotesAction = { type: 'edit', pos }
  view.dispatch(view.state.tr.setSelection(NodeSelection.create(view.state.doc, pos)).setMeta(footnotesKey, action).scrollIntoView())
}
