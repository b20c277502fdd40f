// The library panel: search the clause library live with category and tag filters, preview a
// clause with its variants and a typed parameter form, and insert it at the cursor.
import './library-panel.css'
import type { EditorView } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import { ApiError, searchClauses, type ClauseDetail, type ClauseSearchResult } from '../api.js'
import { instantiateClause } from '../model/clauses/instantiate.js'
import { localMarkers } from '../model/clauses/markers.js'
import { isNumberedUnit } from '../model/numbering.js'
import { clampLevel } from '../model/schema.js'
import { enteredValue, fieldText, parameterText, placeholderText } from '../model/clauses/values.js'
import { DATE_EXAMPLE } from '../model/dates.js'
import type { ClauseParameter } from '../model/clauses/clause.js'
import { CATEGORIES, OWN_TAGS, PAX_TAGS } from '../model/clauses/vocabulary.js'
import { clauseTarget, documentValues, insertClause, valueConflicts } from '../commands/clauses.js'
import type { ClauseCache } from './library-client.js'
import { h, replaceChildren } from './dom.js'
import type { PanelPlace } from './sidebar-tabs.js'

/** What the panel needs from the editor. */
export interface LibraryPanelOptions {
  cache: ClauseCache
  /** Whether this person may insert clauses (drafters and conveners, editable document). */
  canInsert: () => boolean
  /** Loads one clause in full (defaults to the cache's fetch). */
  load?: (id: string) => Promise<ClauseDetail>
  /** Where the panel sits (its sidebar tab): `open` brings it into view. */
  place: PanelPlace
}

const SEARCH_DELAY_MS = 120

/** One form field per parameter, typed: text, party, date, number or choice. */
function parameterField(p: ClauseParameter, docValue: string | undefined): { row: HTMLElement; input: HTMLInputElement | HTMLSelectElement; error: HTMLElement } {
  const id = `lp-param-${p.name}`
  let input: HTMLInputElement | HTMLSelectElement
  if (p.type === 'choice') {
    input = h('select', { id, 'data-parameter': p.name },
      h('option', { value: '' }, p.required ? 'Choose…' : '(none)'),
      ...(p.options ?? []).map((o) => h('option', { value: o }, o)))
  } else {
    input = h('input', {
      id, 'data-parameter': p.name, autocomplete: 'off',
      // dates in a text field, in the treaty's own format ("1 March 2027"), not the browser's date picker
      type: p.type === 'number' ? 'number' : 'text',
      ...(p.type === 'number' ? { step: 'any' } : {}),
      placeholder: p.default !== undefined ? fieldText(p, p.default) : p.type === 'party' ? 'e.g. the Government of …' : p.type === 'date' ? `e.g. ${DATE_EXAMPLE}` : '',
    })
  }
  input.value = fieldText(p, docValue ?? p.default ?? '')
  if (p.required) input.setAttribute('aria-required', 'true')
  const error = h('span', { class: 'lp-field-error', role: 'alert' })
  const hint = docValue !== undefined && docValue !== ''
    ? h('span', { class: 'lp-field-hint' }, 'Value already in this document')
    : p.default !== undefined ? h('span', { class: 'lp-field-hint' }, `Default: ${fieldText(p, p.default)}`) : null
  const row = h('div', { class: `lp-field lp-field-${p.type}${p.required ? ' lp-required' : ''}` },
    h('label', { for: id }, p.label, p.required ? h('span', { class: 'lp-required-mark', title: 'Required' }, ' *') : null,
      h('span', { class: 'lp-field-type' }, p.type)),
    input, p.help ? h('span', { class: 'lp-field-hint' }, p.help) : null, hint, error)
  return { row, input, error }
}

/** Renders instantiated clause nodes as a small numbered preview, parameters showing their values. */
export function previewNodes(nodes: Node[], valueOf: (name: string) => string | undefined, labelOf: (name: string) => string | undefined = () => undefined): HTMLElement {
  const out = h('div', { class: 'lp-preview-text' })
  const inline = (block: Node): HTMLElement => {
    const p = h('span', {})
    block.forEach((n) => {
      if (n.isText) {
        let el: globalThis.Node = document.createTextNode(n.text ?? '')
        for (const m of n.marks) {
          const tag = m.type.name === 'strong' ? 'strong' : m.type.name === 'em' ? 'em' : m.type.name === 'term' && m.attrs.defining ? 'strong' : null
          if (tag) { const w = document.createElement(tag); w.appendChild(el); el = w }
        }
        p.appendChild(el)
      } else if (n.type.name === 'parameter') {
        const name = String(n.attrs.name)
        const v = valueOf(name)
        p.appendChild(h('span', { class: v ? 'lp-param lp-param-filled' : 'lp-param lp-param-blank', 'data-name': name }, v ? parameterText(v) : placeholderText(name, labelOf(name))))
      } else if (n.type.name === 'xref') p.appendChild(h('span', { class: 'lp-xref' }, '[reference]'))
    })
    return p
  }
  // the blocks are flat (see schema.ts): each is drawn at its level, text closing a list under the unit it closes
  const paragraphs = (list: Node[]) => {
    const blocks = list.filter((c) => c.type.name === 'paragraph')
    const markers = localMarkers(blocks)
    // a sole paragraph has no number, as in the document
    const sole = blocks.filter((b) => isNumberedUnit(b) && clampLevel(b.attrs.level) === 0).length === 1
    blocks.forEach((b, i) => {
      const level = clampLevel(b.attrs.level) + 1
      out.appendChild(b.attrs.continues
        ? h('div', { class: `lp-after lp-level-${level}` }, inline(b))
        : h('div', { class: `lp-unit lp-level-${level}` }, h('span', { class: 'lp-marker' }, level === 1 && sole ? '' : markers[i] ?? ''), inline(b)))
    })
  }
  for (const node of nodes) {
    if (node.type.name === 'article') {
      const children: Node[] = []
      node.forEach((c) => children.push(c))
      const heading = children.find((c) => c.type.name === 'heading')
      out.appendChild(h('div', { class: 'lp-article-heading' }, heading ? inline(heading) : ''))
      paragraphs(children)
    }
  }
  const bare = nodes.filter((n) => n.type.name === 'paragraph')
  if (bare.length) paragraphs(bare)
  return out
}

/** Asks whether clause values may replace values the document already has. */
function confirmOverwrite(conflicts: Array<{ name: string; current: string; proposed: string }>): Promise<'keep' | 'overwrite' | 'cancel'> {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'dialog', 'aria-label': 'Parameter values differ' },
      h('h2', {}, 'The document already has values for these parameters'),
      h('table', { class: 'lp-conflicts' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Parameter'), h('th', {}, 'In the document'), h('th', {}, 'In the form'))),
        h('tbody', {}, ...conflicts.map((c) => h('tr', {}, h('td', {}, c.name), h('td', {}, c.current), h('td', {}, c.proposed))))),
      h('p', {}, 'Parameter values are document-wide: a change shows wherever the parameter appears.'),
      h('form', { method: 'dialog', class: 'dialog-actions' },
        h('button', { value: 'cancel' }, 'Cancel'),
        h('button', { value: 'overwrite' }, 'Use the form’s values'),
        h('button', { value: 'keep', class: 'primary', autofocus: true }, 'Keep the document’s values')))
    dialog.addEventListener('close', () => { resolve((dialog.returnValue || 'cancel') as 'keep' | 'overwrite' | 'cancel'); dialog.remove() })
    document.body.appendChild(dialog)
    dialog.showModal()
  })
}

/** Creates the panel; `refresh` re-runs the search (after a clause is saved). */
export function libraryPanel(view: EditorView, options: LibraryPanelOptions) {
  const load = options.load ?? ((id: string) => new Promise<ClauseDetail>((resolve, reject) => {
    const have = options.cache.get(id)
    if (have) return resolve(have)
    import('../api.js').then((api) => api.getClause(id)).then((c) => { options.cache.put(c); resolve(c) }, reject)
  }))
  const search = h('input', { type: 'search', class: 'lp-search', placeholder: 'Search clauses (title, tags, text)…', 'aria-label': 'Search the clause library', autocomplete: 'off' })
  const category = h('select', { class: 'lp-category', 'aria-label': 'Category' })
  const tag = h('select', { class: 'lp-tag', 'aria-label': 'Tag' })
  const count = h('p', { class: 'lp-count', 'aria-live': 'polite' })
  const results = h('ul', { class: 'lp-results', role: 'list' })
  const listView = h('div', { class: 'lp-list-view' }, search, h('div', { class: 'lp-filters' }, category, tag), count, results)
  const detail = h('div', { class: 'lp-detail', hidden: true })
  const el = h('section', { class: 'library-panel', 'aria-label': 'Clause library' }, listView, detail)

  let seq = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let last: ClauseSearchResult | null = null
  let refreshButton: (() => void) | null = null

  const fillSelect = (select: HTMLSelectElement, all: string, facets: ClauseSearchResult['facets']['tags'], current: string) => {
    const options = [h('option', { value: '' }, all), ...facets.map((f) => h('option', { value: f.value }, `${f.label} (${f.count})`))]
    // keep a chosen value even when the query leaves no clause with it
    if (current && !facets.some((f) => f.value === current)) options.push(h('option', { value: current }, `${current} (0)`))
    replaceChildren(select, ...options)
    select.value = current
  }

  const runSearch = async () => {
    const mine = ++seq
    try {
      const result = await searchClauses({ q: search.value, category: category.value, tag: tag.value })
      if (mine !== seq) return
      last = result
      fillSelect(category, 'All categories', result.facets.categories, category.value)
      fillSelect(tag, 'All tags', result.facets.tags, tag.value)
      count.textContent = result.total === 0 ? 'No clause matches.' : `${result.total} clause${result.total === 1 ? '' : 's'}`
      replaceChildren(results, ...result.results.map((hit) => h('li', {},
        h('button', { type: 'button', class: 'lp-result', 'data-clause': hit.id, onclick: () => void showClause(hit.id) },
          h('span', { class: 'lp-result-title' }, hit.title, hit.origin === 'saved' ? h('span', { class: 'lp-saved' }, 'saved here') : null),
          h('span', { class: 'lp-result-meta' }, `${CATEGORIES[hit.category] ?? hit.category} · ${hit.inserts === 'article' ? 'article' : 'paragraphs'}${hit.variants > 1 ? ` · ${hit.variants} variants` : ''}`),
          h('span', { class: 'lp-result-summary' }, hit.summary)))))
    } catch (e) {
      if (mine !== seq) return
      count.textContent = e instanceof Error ? `The library cannot be searched: ${e.message}` : 'The library cannot be searched.'
    }
  }
  const schedule = () => { if (timer) clearTimeout(timer); timer = setTimeout(() => void runSearch(), SEARCH_DELAY_MS) }
  search.addEventListener('input', schedule)
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); const first = results.querySelector<HTMLButtonElement>('.lp-result'); first?.click() }
  })
  category.addEventListener('change', () => void runSearch())
  tag.addEventListener('change', () => void runSearch())

  const backToList = () => { detail.hidden = true; listView.hidden = false; search.focus() }

  async function showClause(id: string) {
    let clause: ClauseDetail
    try { clause = await load(id) } catch (e) {
      count.textContent = e instanceof ApiError && e.status === 404 ? 'This clause is no longer in the library.' : `The clause cannot be loaded: ${e instanceof Error ? e.message : String(e)}`
      return
    }
    listView.hidden = true
    detail.hidden = false
    const docValues = documentValues(view.state)
    const variant = h('select', { class: 'lp-variant', 'aria-label': 'Variant' }, ...clause.variants.map((v) => h('option', { value: v.id }, v.label)))
    const fields = clause.parameters.map((p) => ({ param: p, ...parameterField(p, docValues.get(p.name)) }))
    const preview = h('div', { class: 'lp-preview' })
    const status = h('p', { class: 'lp-status', role: 'status' })
    const insertButton = h('button', { type: 'button', class: 'primary lp-insert' }, 'Insert')

    // each field as it is kept (a date as YYYY-MM-DD); fields that cannot be read are left out
    const values = (): Record<string, string> => Object.fromEntries(fields.map((f) => [f.param.name, enteredValue(f.param, f.input.value).value ?? '']).filter(([, v]) => v !== ''))
    const updateButton = () => {
      const target = clauseTarget(view.state, clause.inserts)
      insertButton.disabled = !options.canInsert() || !target
      insertButton.title = !options.canInsert() ? 'Your role does not allow inserting clauses' : !target ? 'Place the cursor in an article to insert these paragraphs' : ''
    }
    const render = () => {
      const instance = instantiateClause(clause, { variant: variant.value, values: values() })
      replaceChildren(preview, previewNodes(instance.nodes, (n) => instance.parameters[n] ?? documentValues(view.state).get(n), (n) => clause.parameters.find((p) => p.name === n)?.label))
      updateButton()
    }
    refreshButton = updateButton
    for (const f of fields) {
      f.input.addEventListener('input', () => { f.error.textContent = ''; render() })
      f.input.addEventListener('change', render)
    }
    variant.addEventListener('change', render)

    insertButton.addEventListener('click', async () => {
      let bad = false
      for (const f of fields) {
        const problem = enteredValue(f.param, f.input.value).error ?? null
        f.error.textContent = problem ?? ''
        if (problem) bad = true
      }
      if (bad) { status.textContent = 'Correct the values marked above.'; return }
      const given = values()
      const instance = instantiateClause(clause, { variant: variant.value, values: given })
      if (!insertClause(instance)(view.state)) {
        status.textContent = clause.inserts === 'paragraphs' ? 'Place the cursor in an article to insert these paragraphs.' : 'The clause cannot be inserted here.'
        return
      }
      // values typed into the form may replace the document's only when the person agrees
      const conflicts = valueConflicts(view.state, given)
      let overwrite = false
      if (conflicts.length) {
        const answer = await confirmOverwrite(conflicts)
        if (answer === 'cancel') return
        overwrite = answer === 'overwrite'
      }
      insertClause(instance, { overwrite: overwrite ? conflicts.map((c) => c.name) : [] })(view.state, view.dispatch)
      options.cache.put(clause)
      const unfilled = instance.problems.filter((p) => clause.parameters.find((q) => q.name === p.parameter)?.required)
      status.textContent = `Inserted “${clause.title}”.${unfilled.length ? ` ${unfilled.length} required parameter${unfilled.length === 1 ? ' is' : 's are'} still to be filled (see Parameters).` : ''}`
      view.focus()
    })

    const tags = h('div', { class: 'lp-tags' }, ...clause.tags.map((t) => h('span', { class: 'lp-tag-chip', title: PAX_TAGS[t] ?? OWN_TAGS[t] ?? t }, t)))
    const unverified = clause.sources.filter((s) => s.unverified).length
    const sources = h('details', { class: 'lp-sources' }, h('summary', {}, `Sources (${clause.sources.length}${unverified ? `, ${unverified} unverified` : ''})`),
      h('ul', {}, ...clause.sources.map((s) => h('li', { class: s.unverified ? 'lp-source lp-source-unverified' : 'lp-source' },
        s.unverified ? h('span', { class: 'lp-unverified', title: 'This pinpoint has not been checked against the text of the instrument' }, 'unverified') : null,
        s.instrument,
        [s.article && `art. ${s.article}`, s.paragraph && `para. ${s.paragraph}`, s.rule && `rule ${s.rule}`, s.section && `§ ${s.section}`].filter(Boolean).length
          ? ` — ${[s.article && `art. ${s.article}`, s.paragraph && `para. ${s.paragraph}`, s.rule && `rule ${s.rule}`, s.section && s.section].filter(Boolean).join(', ')}` : '',
        s.note ? h('span', { class: 'lp-source-note' }, ` ${s.note}`) : null))))
    const notes = clause.notes ? h('details', { class: 'lp-notes' }, h('summary', {}, 'Drafting notes'), h('p', {}, clause.notes)) : null
    replaceChildren(detail,
      h('button', { type: 'button', class: 'lp-back', onclick: backToList }, '← Results'),
      h('h3', { class: 'lp-title' }, clause.title),
      h('p', { class: 'lp-meta' }, `${CATEGORIES[clause.category] ?? clause.category} · version ${clause.version} · inserts ${clause.inserts === 'article' ? (clause.variants[0]?.articles.length ?? 1) > 1 ? 'articles' : 'an article' : 'paragraphs into the current article'}`),
      tags,
      h('p', { class: 'lp-summary' }, clause.summary),
      clause.variants.length > 1 ? h('label', { class: 'lp-variant-label' }, 'Variant ', variant) : null,
      fields.length ? h('fieldset', { class: 'lp-form' }, h('legend', {}, 'Parameters'), ...fields.map((f) => f.row),
        fields.some((f) => f.param.required) ? h('p', { class: 'lp-legend' }, h('span', { class: 'lp-required-mark' }, '*'), ' required') : null) : null,
      h('h4', { class: 'lp-preview-heading' }, 'Preview'),
      preview,
      h('div', { class: 'lp-actions' }, insertButton, status),
      sources, notes)
    render()
    ;(fields[0]?.input ?? insertButton).focus()
  }

  // Escape goes back to the text (the tab stays where it is)
  el.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); view.focus() } })

  const api = {
    el,
    /** Runs the first search, once the panel is first seen. */
    seen() { if (!last) void runSearch() },
    /** Brings the panel into view, the search field focused (or the clause being looked at kept). */
    open() {
      options.place.reveal()
      api.seen()
      if (!detail.hidden) return
      search.focus()
    },
    /** Re-checks whether the shown clause can be inserted at the cursor (call after state changes). */
    update() { if (options.place.shown() && !detail.hidden) refreshButton?.() },
    /** Runs the search again (a clause was saved). */
    refresh: () => void runSearch(),
    /** Shows one clause's preview (used by tests and links). */
    show: (id: string) => { api.open(); return showClause(id) },
  }
  return api
}
