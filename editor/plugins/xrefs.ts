// Shows each cross-reference as its target's current number ("Article 3(2)"), or as a visibly
// broken reference when the target no longer exists; the node itself, and its target id, stay.
import { Plugin, PluginKey } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView, type NodeView } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import { BROKEN_XREF_TEXT, brokenXrefTitle, xrefText, type Numbering } from '../model/numbering.js'
import { getNumbering } from './numbering.js'
import { changeOf, isTextEdit } from './text-edit.js'

const XREF = new Set(['xref'])

/** Key of the cross-reference plugin; its state is the decoration set carrying each reference's text. */
export const xrefsKey = new PluginKey<DecorationSet>('xrefs')

interface XrefSpec { label: string | null }

function compute(doc: Node, numbering: Numbering): DecorationSet {
  const decorations: Decoration[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'xref') {
      const label = xrefText(numbering, String(node.attrs.target))
      // the label is also an attribute so that a changed label makes the decoration unequal
      // and the node view is updated with it
      decorations.push(Decoration.node(pos, pos + node.nodeSize, {
        class: label === null ? 'xref-broken' : 'xref-live',
        'data-label': label ?? '',
      }, { label } satisfies XrefSpec))
    }
    return node.isBlock
  })
  return DecorationSet.create(doc, decorations)
}

class XrefView implements NodeView {
  dom: HTMLElement
  constructor(private node: Node, decorations: readonly Decoration[]) {
    this.dom = document.createElement('span')
    this.dom.className = 'xref'
    this.dom.setAttribute('data-target', String(node.attrs.target))
    this.render(decorations)
  }

  private render(decorations: readonly Decoration[]) {
    const spec = decorations.find((d) => 'label' in (d.spec as object))?.spec as XrefSpec | undefined
    const label = spec?.label ?? null
    this.dom.textContent = label ?? BROKEN_XREF_TEXT
    this.dom.title = label === null ? brokenXrefTitle(String(this.node.attrs.target)) : `Cross-reference to ${label} (Ctrl-click to go there)`
  }

  update(node: Node, decorations: readonly Decoration[]) {
    if (node.type !== this.node.type) return false
    this.node = node
    this.dom.setAttribute('data-target', String(node.attrs.target))
    this.render(decorations)
    return true
  }

  ignoreMutation() { return true }
}

/** Creates the plugin that keeps cross-reference text current. Must come after the numbering plugin. */
export function xrefsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: xrefsKey,
    state: {
      init: (_, state) => compute(state.doc, getNumbering(state)),
      apply: (tr, value, _old, newState) => {
        if (!tr.docChanged) return value
        // typing that adds or removes no reference changes no label
        if (isTextEdit(tr, XREF)) return value.map(changeOf(tr).mapping, tr.doc)
        return compute(tr.doc, getNumbering(newState))
      },
    },
    props: {
      decorations: (state) => xrefsKey.getState(state),
      nodeViews: {
        xref: (node: Node, _view: EditorView, _getPos: unknown, decorations: readonly Decoration[]) => new XrefView(node, decorations),
      },
    },
  })
}
