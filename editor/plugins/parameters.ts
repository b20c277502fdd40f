// Shows each parameter atom with its document-wide value from the content Y.Doc's parameters
// map, or as a visible blank "[name]" while unfilled; updates live when a value changes anywhere.
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView, type NodeView } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import type * as Y from 'yjs'
import { parameterText, placeholderText } from '../model/clauses/values.js'
import { typeAfterSelected } from '../commands/editing.js'
import { changeOf, isTextEdit } from './text-edit.js'

const PARAMETER = new Set(['parameter'])

/** The parameters plugin's state: current values and the decorations carrying them to the atoms. */
export interface ParametersState {
  values: ReadonlyMap<string, string>
  decorations: DecorationSet
  /** The shared map the values come from, for commands that fill a value. */
  map: Y.Map<string> | null
}

/** Meta action: the shared values changed. */
type ParametersAction = { type: 'values'; values: ReadonlyMap<string, string> }

/** Whether `tr` changed `type` itself (not only something inside it). */
const changedIn = (tr: Y.Transaction, type: object): boolean => (tr.changed as ReadonlyMap<object, unknown>).has(type)

/** Key of the parameters plugin. */
export const parametersKey = new PluginKey<ParametersState>('parameters')

interface ParameterSpec { value: string | null }

const readValues = (map: Y.Map<string> | null): ReadonlyMap<string, string> => {
  const values = new Map<string, string>()
  map?.forEach((value, name) => { if (typeof value === 'string') values.set(name, value) })
  return values
}

function decorate(doc: Node, values: ReadonlyMap<string, string>): DecorationSet {
  const decorations: Decoration[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'parameter') {
      const value = values.get(String(node.attrs.name))
      const filled = value !== undefined && value !== ''
      decorations.push(Decoration.node(pos, pos + node.nodeSize, {
        class: filled ? 'parameter-filled' : 'parameter-blank',
        'data-value': filled ? value : '',
      }, { value: filled ? value : null } satisfies ParameterSpec))
    }
    return node.isBlock
  })
  return DecorationSet.create(doc, decorations)
}

class ParameterView implements NodeView {
  dom: HTMLElement
  constructor(private node: Node, decorations: readonly Decoration[]) {
    this.dom = document.createElement('span')
    this.dom.className = 'parameter'
    this.render(decorations)
  }

  private render(decorations: readonly Decoration[]) {
    const name = String(this.node.attrs.name)
    const spec = decorations.find((d) => 'value' in (d.spec as object))?.spec as ParameterSpec | undefined
    const value = spec?.value ?? null
    this.dom.setAttribute('data-name', name)
    this.dom.textContent = value === null ? placeholderText(name) : parameterText(value)
    this.dom.title = value === null ? `Parameter “${name}” — not filled yet` : `Parameter “${name}”`
  }

  update(node: Node, decorations: readonly Decoration[]) {
    if (node.type !== this.node.type) return false
    this.node = node
    this.render(decorations)
    return true
  }

  ignoreMutation() { return true }
}

/** Creates the plugin that renders parameter values kept in `map` (the content Y.Doc's parameters map). */
export function parametersPlugin(map: Y.Map<string> | null): Plugin<ParametersState> {
  return new Plugin<ParametersState>({
    key: parametersKey,
    state: {
      init: (_, state) => {
        const values = readValues(map)
        return { values, map, decorations: decorate(state.doc, values) }
      },
      apply: (tr, value) => {
        const action = tr.getMeta(parametersKey) as ParametersAction | undefined
        if (action?.type === 'values') return { ...value, values: action.values, decorations: decorate(tr.doc, action.values) }
        if (tr.docChanged) {
          const decorations = isTextEdit(tr, PARAMETER) ? value.decorations.map(changeOf(tr).mapping, tr.doc) : decorate(tr.doc, value.values)
          return { ...value, decorations }
        }
        return value
      },
    },
    props: {
      decorations: (state) => parametersKey.getState(state)?.decorations,
      handleTextInput: typeAfterSelected('parameter'),
      nodeViews: {
        parameter: (node: Node, _view: EditorView, _getPos: unknown, decorations: readonly Decoration[]) => new ParameterView(node, decorations),
      },
    },
    view: (view) => {
      const doc = map?.doc
      if (!map || !doc) return {}
      // Not from the map's own observer: Yjs calls plain observers (Y.Map.observe) before deep
      // ones, and y-prosemirror renders the fragment from a deep observer. Any dispatch but the
      // binding's own makes ySyncPlugin write the view's document to Yjs, so one from the map
      // observer wrote the document from before the update back over it (a reconnecting peer's
      // new articles deleted, its deletions undone). `afterAllTransactions` comes after every
      // observer, also those of transactions that observers opened (queued, and observed only
      // after this transaction's `afterTransaction`): the view then shows the shared document.
      const onTransactions = (_doc: Y.Doc, transactions: readonly Y.Transaction[]) => {
        if (view.isDestroyed || !transactions.some((tr) => changedIn(tr, map))) return
        const action: ParametersAction = { type: 'values', values: readValues(map) }
        view.dispatch(view.state.tr.setMeta(parametersKey, action).setMeta('addToHistory', false))
      }
      doc.on('afterAllTransactions', onTransactions)
      return { destroy: () => doc.off('afterAllTransactions', onTransactions) }
    },
  })
}

/** The parameter names used in the document, in order of first use, with their current values. */
export function parameterList(state: EditorState): Array<{ name: string; value: string | undefined }> {
  const values = parametersKey.getState(state)?.values ?? new Map<string, string>()
  const seen = new Map<string, string | undefined>()
  state.doc.descendants((node) => {
    if (node.type.name === 'parameter' && !seen.has(String(node.attrs.name))) seen.set(String(node.attrs.name), values.get(String(node.attrs.name)))
    return node.isBlock
  })
  return [...seen].map(([name, value]) => ({ name, value }))
}
