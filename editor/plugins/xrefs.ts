// Shows each cross-reference as treaties write it (citation.ts): "paragraph 2" within its article,
// its target's number in the document's citation style from elsewhere, or as a visibly broken
// reference when the target no longer exists; the node itself, and its target id, stay. The
// style is the document's setting in the content Y.Doc's meta map, live for everyone.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView, type NodeView } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import type * as Y from 'yjs'
import { BROKEN_XREF_TEXT, brokenXrefTitle, type Numbering } from '../model/numbering.js'
import { citationStyleOf, citeReferences, DEFAULT_CITATION_STYLE, type CitationStyle } from '../model/citation.js'
import { CITATION_STYLE_KEY } from '../model/ydoc.js'
import { getNumbering } from './numbering.js'
import { changeOf, isTextEdit } from './text-edit.js'

const XREF = new Set(['xref'])

/** The cross-reference plugin's state: the document's citation style and the decorations carrying each reference's text. */
export interface XrefsState {
  style: CitationStyle
  decorations: DecorationSet
  /** The shared meta map the style is kept in, for the settings that change it. */
  meta: Y.Map<unknown> | null
}

/** Meta action: the document's citation style changed. */
type XrefsAction = { type: 'style'; style: CitationStyle }

/** Key of the cross-reference plugin. */
export const xrefsKey = new PluginKey<XrefsState>('xrefs')

/** The document's citation style as the editor shows it. */
export const citationStyle = (state: EditorState): CitationStyle => xrefsKey.getState(state)?.style ?? DEFAULT_CITATION_STYLE

interface XrefSpec { label: string | null }

function compute(doc: Node, numbering: Numbering, style: CitationStyle): DecorationSet {
  const decorations: Decoration[] = []
  // the references as the citation walk found them: the document is not walked again for them
  for (const { pos, node, text: label } of citeReferences(doc, numbering, style).all()) {
    // the label is also an attribute so that a changed label makes the decoration unequal
    // and the node view is updated with it
    decorations.push(Decoration.node(pos, pos + node.nodeSize, {
      class: label === null ? 'xref-broken' : 'xref-live',
      'data-label': label ?? '',
    }, { label } satisfies XrefSpec))
  }
  return DecorationSet.create(doc, decorations)
}

/** Whether text typed in `tr` may have joined references into a list or split one (a block holding two or more). */
function touchesList(tr: Transaction): boolean {
  return (changeOf(tr).ranges ?? []).some(({ before, from }) => {
    let refs = 0
    before.resolve(from).parent.forEach((child) => { if (child.type.name === 'xref') refs++ })
    return refs > 1
  })
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

/**
 * Creates the plugin that keeps cross-reference text current, in the citation style kept in
 * `meta` (the content Y.Doc's meta map; the default style without one). Must come after the
 * numbering plugin.
 */
export function xrefsPlugin(meta: Y.Map<unknown> | null = null): Plugin<XrefsState> {
  return new Plugin<XrefsState>({
    key: xrefsKey,
    state: {
      init: (_, state) => {
        const style = citationStyleOf(meta?.get(CITATION_STYLE_KEY))
        return { style, meta, decorations: compute(state.doc, getNumbering(state), style) }
      },
      apply: (tr, value, _old, newState) => {
        const action = tr.getMeta(xrefsKey) as XrefsAction | undefined
        if (action?.type === 'style' && action.style !== value.style) {
          return { ...value, style: action.style, decorations: compute(tr.doc, getNumbering(newState), action.style) }
        }
        if (!tr.docChanged) return value
        // typing that adds or removes no reference, and joins or splits no list of them, changes no label
        if (isTextEdit(tr, XREF) && !touchesList(tr)) return { ...value, decorations: value.decorations.map(changeOf(tr).mapping, tr.doc) }
        return { ...value, decorations: compute(tr.doc, getNumbering(newState), value.style) }
      },
    },
    props: {
      decorations: (state) => xrefsKey.getState(state)?.decorations,
      nodeViews: {
        xref: (node: Node, _view: EditorView, _getPos: unknown, decorations: readonly Decoration[]) => new XrefView(node, decorations),
      },
    },
    view: (view) => {
      const doc = meta?.doc
      if (!meta || !doc) return {}
      // After every observer of the update has run (the binding's among them), never from the
      // map's own observer: see parameters.ts for what a dispatch from there does.
      const onTransactions = () => {
        if (view.isDestroyed) return
        const style = citationStyleOf(meta.get(CITATION_STYLE_KEY))
        if (style === citationStyle(view.state)) return
        const action: XrefsAction = { type: 'style', style }
        view.dispatch(view.state.tr.setMeta(xrefsKey, action).setMeta('addToHistory', false))
      }
      doc.on('afterAllTransactions', onTransactions)
      return { destroy: () => doc.off('afterAllTransactions', onTransactions) }
    },
  })
}
