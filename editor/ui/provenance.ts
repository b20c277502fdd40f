// The provenance dialog: where a clause's text came from, how it now differs from the library
// (a word-level diff), and the actions: update to the newer version or restore the library text,
// both keeping the recorded parameter values.
import type { EditorView } from 'prosemirror-view'
import { deviationDiff, type DiffPart } from '../model/clauses/deviation-diff.js'
import type { Clause } from '../model/clauses/clause.js'
import { documentValues, updateClause } from '../commands/clauses.js'
import { getProvenance } from '../plugins/provenance.js'
import { h } from './dom.js'

/** Renders a word diff: deletions struck through, additions underlined. */
export function diffView(parts: DiffPart[]): HTMLElement {
  return h('div', { class: 'clause-diff', 'aria-label': 'Difference from the library text' },
    ...parts.map((p) => p.op === 'same' ? document.createTextNode(p.text) as unknown as HTMLElement
      : h(p.op === 'add' ? 'ins' : 'del', { title: p.op === 'add' ? 'in the library text' : 'only in the document' }, p.text)))
}

/**
 * Opens the dialog for provenance record `index` of the article at `articlePos`. `lookup`
 * gives the library's current clause; `canEdit` whether this person may change the text.
 */
export function openProvenanceDialog(view: EditorView, articlePos: number, index: number, lookup: (id: string) => Clause | undefined, canEdit: () => boolean): void {
  const article = view.state.doc.nodeAt(articlePos)
  const entry = getProvenance(view.state)?.articles.find((a) => a.pos === articlePos)
  const deviation = entry?.deviations[index]
  if (!article || !deviation) return
  const { record } = deviation
  const clause = lookup(record.id)
  const close = () => { dialog.close(); view.focus() }
  const body: HTMLElement[] = []
  const variantLabel = clause?.variants.find((v) => v.id === record.variant)?.label ?? record.variant
  body.push(h('p', { class: 'prov-origin' },
    'Inserted from the clause library: ', h('strong', {}, clause?.title ?? record.id),
    `, version ${record.version}, variant “${variantLabel}”.`))
  const values = Object.entries(record.parameters)
  if (values.length) {
    body.push(h('p', { class: 'prov-values' }, 'Values at insertion: ', values.map(([k, v]) => `${k} = ${v}`).join('; ')))
  }
  const actions: HTMLElement[] = []
  if (!clause) {
    body.push(h('p', { class: 'prov-status prov-status-unknown' }, 'This library no longer holds the clause, so the text cannot be compared.'))
  } else {
    const valueOf = (name: string) => documentValues(view.state).get(name)
    const { diff } = deviationDiff(article, index, clause, valueOf)
    const status = deviation.status
    const summary = status === 'outdated'
      ? `The library now holds version ${clause.version}. Below: what updating would change (struck out: the document’s text; underlined: version ${clause.version}).`
      : status === 'modified'
        ? 'The text has been edited since it was inserted. Below: the difference from the library text (struck out: only in the document; underlined: the library wording).'
        : status === 'missing-text'
          ? 'The paragraphs inserted from this clause have been deleted.'
          : 'The text is the library text, unchanged.'
    body.push(h('p', { class: `prov-status prov-status-${status}` }, summary))
    if (deviation.variantGone) body.push(h('p', { class: 'prov-status' }, `Variant “${record.variant}” is no longer in the library; an update uses “${clause.variants[0]?.label ?? ''}”.`))
    if (deviation.differs && diff.some((p) => p.op !== 'same')) body.push(diffView(diff))
    else if (deviation.differs) body.push(h('p', { class: 'prov-status' }, 'The words are the same; the structure, formatting or references differ.'))
    const act = (label: string, cls: string) => {
      const button = h('button', { type: 'button', class: cls }, label)
      button.disabled = !canEdit()
      button.addEventListener('click', () => {
        const pos = getProvenance(view.state)?.articles.find((a) => a.node === article || a.pos === articlePos)?.pos ?? articlePos
        updateClause(pos, index, clause)(view.state, view.dispatch)
        close()
      })
      return button
    }
    if (status === 'outdated') actions.push(act(`Update to version ${clause.version}`, 'primary prov-update'))
    else if (deviation.differs) actions.push(act('Restore the library text', 'prov-restore'))
  }
  actions.push(h('button', { type: 'button', class: actions.length ? '' : 'primary', onclick: close }, 'Close'))
  const dialog = h('dialog', { class: 'dialog provenance-dialog', 'aria-label': 'Clause provenance' },
    h('h2', {}, 'Library clause'), ...body, h('div', { class: 'dialog-actions' }, ...actions))
  dialog.addEventListener('close', () => dialog.remove())
  document.body.appendChild(dialog)
  dialog.showModal()
}
