// Marks library text: a badge on each article that holds clause text (the clause, its version,
// and whether the text now differs from the library or a newer version exists), and a mark on
// unfilled required parameters. Recomputed shortly after edits, and only for changed articles.
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import type { Clause, ClauseParameter } from '../model/clauses/clause.js'
import { articleDeviations, type ClauseDeviation } from '../model/clauses/deviation-status.js'
import { readProvenance } from '../model/clauses/provenance.js'
import { parametersKey } from './parameters.js'
import { changeOf } from './text-edit.js'

/** Where the plugin gets clauses from (the editor's ClauseCache). */
export interface ClauseSource {
  get(id: string): Clause | undefined
  want(ids: Iterable<string>): void
  onChange(listener: () => void): () => void
}

/** One article holding library text, with how each of its records compares with the library. */
export interface ArticleProvenance {
  pos: number
  node: Node
  deviations: ClauseDeviation[]
}

/** The plugin's state. */
export interface ProvenanceState {
  articles: ArticleProvenance[]
  /** Parameter declarations of the clauses in the document, by name (first declaration wins). */
  parameters: ReadonlyMap<string, ClauseParameter>
  /** Names of required parameters without a value that the text uses. */
  missing: string[]
  decorations: DecorationSet
  /** The document changed since the last recomputation. */
  stale: boolean
}

/** Key of the provenance plugin; its meta `{ refresh: true }` recomputes everything. */
export const provenanceKey = new PluginKey<ProvenanceState>('provenance')

/** Called when a badge is clicked: the article's position now and the record's index. */
export type OpenProvenance = (articlePos: number, index: number) => void

/**
 * How long after the last edit the marks are recomputed (each edit starts the wait again, so
 * steady typing pays nothing per keystroke), and the longest they stay stale while edits keep
 * coming (a collaborator who never pauses).
 */
const REFRESH_DELAY_MS = 200
const REFRESH_MAX_WAIT_MS = 2000

const STATUS_TEXT: Record<ClauseDeviation['status'], string> = {
  unchanged: 'as in the library',
  modified: 'edited since insertion',
  outdated: 'newer version available',
  'unknown-clause': 'not in this library',
  'missing-text': 'text deleted',
}

/** The badge of one article: the clause titles and the worst status. */
function badge(view: EditorView, getPos: () => number | undefined, article: ArticleProvenance, source: ClauseSource, open: OpenProvenance): HTMLElement {
  const el = document.createElement('span')
  el.className = 'clause-badges'
  el.contentEditable = 'false'
  article.deviations.forEach((d, index) => {
    const clause = source.get(d.record.id)
    const button = document.createElement('button')
    button.type = 'button'
    button.className = `clause-badge clause-badge-${d.status}`
    button.dataset.clause = d.record.id
    button.dataset.status = d.status
    const name = clause?.title ?? d.record.id
    button.textContent = `${name} · v${d.record.version}${d.status === 'unchanged' ? '' : ` · ${STATUS_TEXT[d.status]}`}`
    button.title = `From the clause library: “${name}”, version ${d.record.version}, variant ${d.record.variant} — ${STATUS_TEXT[d.status]}. Click for details.`
    button.addEventListener('mousedown', (e) => e.preventDefault())
    button.addEventListener('click', () => {
      const pos = getPos()
      if (pos !== undefined) open(pos - 1, index)
      void view
    })
    el.appendChild(button)
  })
  return el
}

/** Per-article results, reused while the article node and the library are unchanged. */
type Cache = WeakMap<Node, { generation: number; deviations: ClauseDeviation[] }>

function compute(state: EditorState, source: ClauseSource, cache: Cache, generation: number, open: OpenProvenance): Omit<ProvenanceState, 'stale'> {
  const articles: ArticleProvenance[] = []
  const wanted = new Set<string>()
  state.doc.descendants((node, pos) => {
    if (node.type.name !== 'article') return !node.isTextblock
    if (node.attrs.clause) {
      let hit = cache.get(node)
      if (!hit || hit.generation !== generation) {
        hit = { generation, deviations: articleDeviations(node, (id) => source.get(id)) }
        cache.set(node, hit)
      }
      for (const r of readProvenance(node.attrs.clause)) if (!source.get(r.id)) wanted.add(r.id)
      if (hit.deviations.length) articles.push({ pos, node, deviations: hit.deviations })
    }
    return false
  })
  if (wanted.size) source.want(wanted)

  const parameters = new Map<string, ClauseParameter>()
  for (const a of articles) for (const d of a.deviations) {
    for (const p of source.get(d.record.id)?.parameters ?? []) if (!parameters.has(p.name)) parameters.set(p.name, p)
  }
  const values = parametersKey.getState(state)?.values ?? new Map<string, string>()
  const missing = new Set<string>()
  const decorations: Decoration[] = []
  // blanks are marked only for parameters a library clause in the document requires
  if (parameters.size > 0) state.doc.descendants((node, pos) => {
    if (node.type.name === 'parameter') {
      const name = String(node.attrs.name)
      if (parameters.get(name)?.required && !values.get(name)) {
        missing.add(name)
        decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'parameter-required-missing', 'aria-invalid': 'true' }))
      }
    }
    return node.isBlock
  })
  for (const a of articles) {
    const worst = a.deviations.find((d) => d.status === 'outdated') ?? a.deviations.find((d) => d.status !== 'unchanged') ?? a.deviations[0]!
    decorations.push(Decoration.node(a.pos, a.pos + a.node.nodeSize, { class: `clause-text clause-${worst.status}` }))
    const key = `clause-badge:${a.deviations.map((d) => `${d.record.id}@${d.record.version}:${d.status}:${source.get(d.record.id)?.title ?? ''}`).join('|')}`
    decorations.push(Decoration.widget(a.pos + 1, (view, getPos) => badge(view, getPos, a, source, open), { key, side: -1, ignoreSelection: true }))
  }
  return { articles, parameters, missing: [...missing], decorations: DecorationSet.create(state.doc, decorations) }
}

/**
 * Creates the plugin. `source` supplies library clauses (fetched as the document names them);
 * `open` is called with the article's position when its badge is clicked.
 */
export function provenancePlugin(source: ClauseSource, open: OpenProvenance): Plugin<ProvenanceState> {
  const cache: Cache = new WeakMap()
  let generation = 0
  return new Plugin<ProvenanceState>({
    key: provenanceKey,
    state: {
      init: (_, state) => ({ ...compute(state, source, cache, generation, open), stale: false }),
      apply: (tr: Transaction, value, _old, state) => {
        if (tr.getMeta(provenanceKey)?.refresh) return { ...compute(state, source, cache, generation, open), stale: false }
        // new parameter values change which blanks are marked: recompute those marks now
        if (tr.getMeta(parametersKey) !== undefined && !tr.docChanged) return { ...compute(state, source, cache, generation, open), stale: value.stale }
        if (!tr.docChanged) return value
        return { ...value, decorations: value.decorations.map(changeOf(tr).mapping, tr.doc), stale: true }
      },
    },
    props: {
      decorations: (state) => provenanceKey.getState(state)?.decorations,
    },
    view: (view) => {
      let timer: ReturnType<typeof setTimeout> | null = null
      // when the marks first went stale since the last refresh (the longest wait counts from it)
      let staleSince: number | null = null
      const refresh = () => {
        timer = null
        staleSince = null
        if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(provenanceKey, { refresh: true }).setMeta('addToHistory', false))
      }
      const schedule = (ms: number) => {
        if (timer) clearTimeout(timer)
        timer = setTimeout(refresh, ms)
      }
      const stop = source.onChange(() => { generation++; schedule(0) })
      return {
        update: (v, prev) => {
          if (!provenanceKey.getState(v.state)?.stale || (timer && v.state.doc === prev.doc)) return
          // a new edit: wait for the next pause, but never longer than REFRESH_MAX_WAIT_MS in all
          const now = Date.now()
          staleSince ??= now
          schedule(Math.max(0, Math.min(REFRESH_DELAY_MS, staleSince + REFRESH_MAX_WAIT_MS - now)))
        },
        destroy: () => { stop(); if (timer) clearTimeout(timer) },
      }
    },
  })
}

/** The plugin's current state (empty when the plugin is not installed). */
export function getProvenance(state: EditorState): ProvenanceState | undefined {
  return provenanceKey.getState(state)
}
