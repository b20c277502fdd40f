// The Check panel: what the pre-export check (model/lint) finds in the document as it is now,
// each finding a link that selects its place. The drafter opens it any time (its sidebar tab, or
// Check on the toolbar); the Export menu shows the same findings. Findings are recomputed shortly
// after edits while the tab is shown, from the editor's own state and the review threads.
import { NodeSelection, TextSelection } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type * as Y from 'yjs'
import { lintDocument, type LintFinding } from '../model/lint/index.js'
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
}

/** The findings on the document in `view` now. */
export function checkDocument(view: EditorView, sources: CheckSources): LintFinding[] {
  const state = view.state
  const values = parametersKey.getState(state)?.values ?? new Map<string, string>()
  const annotations = sources.annotations()
  return lintDocument({
    doc: state.doc,
    parameters: Object.fromEntries(values),
    declarations: provenanceKey.getState(state)?.parameters,
    ...(annotations ? { annotations: { doc: annotations, fragment: sources.fragment } } : {}),
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

/** A list of findings, each a button that selects its place (`select`). */
export function findingsList(findings: readonly LintFinding[], select: (f: LintFinding) => void): HTMLElement {
  return h('ul', { class: 'check-findings' }, ...findings.map((f) => h('li', { class: `check-finding check-${f.severity}`, 'data-rule': f.rule },
    h('span', { class: 'check-severity' }, f.severity === 'error' ? 'Error' : 'Warning'),
    f.location
      ? h('button', { type: 'button', class: 'check-link', title: `Go to ${f.location.ref}`, onmousedown: (e: Event) => e.preventDefault(), onclick: () => select(f) }, f.message)
      : h('span', { class: 'check-message' }, f.message))))
}

/**
 * Creates the panel for `view`, which sits at `place` (its sidebar tab); call `render` when the
 * place comes into view and `update` after each transaction.
 */
export function checkPanel(view: EditorView, sources: CheckSources, place: PanelPlace) {
  const summary = h('span', { class: 'check-summary', 'aria-live': 'polite' })
  const list = h('div', { class: 'check-body' })
  const el = h('section', { class: 'panel check-panel', 'aria-label': 'Check' }, h('h2', {}, 'Check', summary), list)
  let timer: ReturnType<typeof setTimeout> | null = null
  const render = () => {
    if (timer) clearTimeout(timer)
    timer = null
    const findings = checkDocument(view, sources)
    summary.textContent = findingsSummary(findings)
    replaceChildren(list, findings.length
      ? findingsList(findings, (f) => selectFinding(view, f))
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
