// The Check panel: what the pre-export check (model/lint) finds in the document as it is now,
// each finding a link that selects its place. The drafter opens it any time (its sidebar tab, or
// Check on the toolbar); the Export menu shows the same findings. Findings are recomputed shortly
// after edits while the tab is shown, from the editor's own state and the review threads.
import { NodeSelection, TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type * as Y from 'yjs'
import { lintDocument, type LibraryLookup, type LintFinding } from '../model/lint/index.js'
import { instantiateClause } from '../model/clauses/instantiate.js'
import { getNumbering } from '../plugins/numbering.js'
import { documentValues } from '../commands/clauses.js'
import { applyClauseFix, planClauseFix } from '../commands/clause-fix.js'
import type { ClauseCache } from './library-client.js'
import type { ClauseDetail } from '../api.js'
import { parametersKey } from '../plugins/parameters.js'
import { provenanceKey } from '../plugins/provenance.js'
import { h, replaceChildren } from './dom.js'
import type { PanelPlace } from './sidebar-tabs.js'
import './check-panel.css'

/** How long after an edit an open panel checks again. */
const RECHECK_DELAY_MS = 300

/** Where the check reads review threads from: the annotations Y.Doc and the content fragment. */
export interface CheckSources {
  annotations: () => Y.Doc | null
  fragment: Y.XmlFragment
  /** The library clauses fetched so far, by id (the provenance marks fetch those the text came from). */
  clauses?: (id: string) => ClauseDetail | undefined
  /** Which library clauses define terms and establish bodies, once the library has said. */
  library?: () => LibraryLookup | undefined
}

/** The findings on the document in `view` now. */
export function checkDocument(view: EditorView, sources: CheckSources): LintFinding[] {
  const state = view.state
  const values = parametersKey.getState(state)?.values ?? new Map<string, string>()
  const annotations = sources.annotations()
  const library = sources.library?.()
  return lintDocument({
    doc: state.doc,
    parameters: Object.fromEntries(values),
    declarations: provenanceKey.getState(state)?.parameters,
    ...(annotations ? { annotations: { doc: annotations, fragment: sources.fragment } } : {}),
    ...(sources.clauses ? { clauses: sources.clauses } : {}),
    ...(library ? { library } : {}),
  })
}

/** Selects the place of `finding` in `view` and scrolls it into view; false when it has none. */
export function selectFinding(view: EditorView, finding: LintFinding): boolean {
  const location = finding.location
  if (!location) return false
  const doc = view.state.doc
  const pos = Math.max(0, Math.min(location.pos, doc.content.size))
  const node = doc.nodeAt(pos)
  const selection = node && node.isAtom && node.isInline ? NodeSelection.create(doc, pos) : TextSelection.near(doc.resolve(node?.isBlock ? pos + 1 : pos))
  view.dispatch(view.state.tr.setSelection(selection).scrollIntoView())
  view.focus()
  return true
}

/** "1 error, 2 warnings", or "Nothing to fix". */
export function findingsSummary(findings: readonly LintFinding[]): string {
  const errors = findings.filter((f) => f.severity === 'error').length
  const warnings = findings.length - errors
  if (!findings.length) return 'Nothing to fix'
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  return [errors ? n(errors, 'error') : '', warnings ? n(warnings, 'warning') : ''].filter(Boolean).join(', ')
}

/**
 * A list of findings, each a button that selects its place (`select`); a finding a library clause
 * mends gets an "Insert clause" button too when `fix` is given.
 */
export function findingsList(findings: readonly LintFinding[], select: (f: LintFinding) => void, fix?: (f: LintFinding) => void): HTMLElement {
  return h('ul', { class: 'check-findings' }, ...findings.map((f) => h('li', { class: `check-finding check-${f.severity}`, 'data-rule': f.rule },
    h('span', { class: 'check-severity' }, f.severity === 'error' ? 'Error' : 'Warning'),
    f.location
      ? h('button', { type: 'button', class: 'check-link', title: `Go to ${f.location.ref}`, onmousedown: (e: Event) => e.preventDefault(), onclick: () => select(f) }, f.message)
      : h('span', { class: 'check-message' }, f.message),
    fix && f.fix && f.location
      ? h('button', { type: 'button', class: 'check-fix', 'data-clause': f.fix.clause, title: fixTitle(f), onmousedown: (e: Event) => e.preventDefault(), onclick: () => fix(f) }, 'Insert clause')
      : null)))
}

/** What the "Insert clause" button of a finding says it does. */
function fixTitle(f: LintFinding): string {
  const clause = `library clause “${f.fix?.clause ?? ''}”`
  switch (f.fix?.place ?? 'article') {
    case 'definitions': return `Add the ${clause} to the definitions article (a new “Use of terms” article when there is none)`
    case 'body': return `Add the ${clause} as a new article before the final provisions`
    default: return `Add the ${clause} at the end of ${f.location?.ref ?? 'the article'}`
  }
}

/** What the Check panel needs to mend a finding with a library clause. */
export interface ClauseFixes {
  cache: ClauseCache
  /** Whether the person may insert clauses now (their role may change). */
  canInsert: () => boolean
}

/**
 * Adds the library clause `finding` names where its fix puts it (the end of its article, the
 * definitions article, before the final provisions), with the document's values for its
 * parameters; returns what to tell the person.
 */
export async function insertFix(view: EditorView, finding: LintFinding, cache: ClauseCache): Promise<string> {
  const fix = finding.fix
  const place = finding.location
  if (!fix || !place) return ''
  let clause
  try {
    clause = await cache.fetch(fix.clause)
  } catch (e) {
    return `The library clause “${fix.clause}” could not be fetched: ${e instanceof Error ? e.message : String(e)}`
  }
  const values = documentValues(view.state)
  const given = Object.fromEntries(clause.parameters.flatMap((p) => (values.get(p.name) ? [[p.name, values.get(p.name)!]] : [])))
  const variant = fix.variant && clause.variants.some((v) => v.id === fix.variant) ? fix.variant : undefined
  const instance = instantiateClause(clause, { values: given, ...(variant ? { variant } : {}) })
  const plan = planClauseFix(view.state.doc, instance, fix, place.id, clause.title)
  if (!plan || !applyClauseFix(instance, plan)(view.state, view.dispatch)) return `${place.ref} is no longer in the document.`
  view.focus()
  const ref = getNumbering(view.state).byId.get(plan.articleId)?.ref ?? 'the document'
  return plan.kind === 'append' ? `Inserted “${clause.title}” at the end of ${ref}.` : `Inserted “${clause.title}” as ${ref}.`
}

/**
 * Creates the panel for `view`, which sits at `place` (its sidebar tab); call `render` when the
 * place comes into view and `update` after each transaction. With `fixes`, a finding a library
 * clause mends offers to insert it.
 */
export function checkPanel(view: EditorView, sources: CheckSources, place: PanelPlace, fixes?: ClauseFixes) {
  const summary = h('span', { class: 'check-summary', 'aria-live': 'polite' })
  const status = h('p', { class: 'check-status', role: 'status' })
  const list = h('div', { class: 'check-body' })
  const fix = fixes && (async (f: LintFinding) => {
    if (!fixes.canInsert()) { status.textContent = 'Your role does not allow inserting clauses.'; return }
    status.textContent = await insertFix(view, f, fixes.cache)
  })
  const el = h('section', { class: 'panel check-panel', 'aria-label': 'Check' }, h('h2', {}, 'Check', summary), status, list)
  let timer: ReturnType<typeof setTimeout> | null = null
  const render = () => {
    if (timer) clearTimeout(timer)
    timer = null
    const findings = checkDocument(view, sources)
    summary.textContent = findingsSummary(findings)
    replaceChildren(list, findings.length
      ? findingsList(findings, (f) => selectFinding(view, f), fixes?.canInsert() ? fix : undefined)
      : h('p', { class: 'empty' }, 'No unfilled parameters, broken references, empty articles, undefined terms or open review.'))
  }
  return {
    el,
    /** Checks the document now. */
    render,
    /** Shows the panel with fresh findings. */
    open() {
      if (place.shown()) render()
      else place.reveal()
    },
    /** Checks again shortly, when the panel is in view. */
    update() {
      if (!place.shown() || timer) return
      timer = setTimeout(render, RECHECK_DELAY_MS)
    },
  }
}
