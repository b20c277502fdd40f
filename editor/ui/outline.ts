// The outline panel: parts, chapters, sections, articles and annexes with their numbers and
// headings; a click jumps there. Rebuilt only when an entry's number or heading changed.
import { TextSelection, type EditorState, type Transaction } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import type { Node } from 'prosemirror-model'
import { getNumbering } from '../plugins/numbering.js'
import { textWithoutFootnotes } from '../model/numbering.js'
import { changeOf, editsTextIn, isTextEdit } from '../plugins/text-edit.js'
import { h, replaceChildren } from './dom.js'

/** One outline line. */
export interface OutlineEntry {
  pos: number
  kind: string
  marker: string
  heading: string
  depth: number
}

const LISTED = new Set(['part', 'chapter', 'section', 'article', 'annex', 'final_provisions'])
/** The text blocks whose text the outline shows. */
const HEADINGS: ReadonlySet<string> = new Set(['heading'])

/** The outline of a document, in order. */
export function outlineEntries(state: EditorState): OutlineEntry[] {
  const numbering = getNumbering(state)
  const out: OutlineEntry[] = []
  // `depth` is the depth of `parent`'s content, counted while walking down (no lookup per entry)
  const walk = (parent: Node, start: number, depth: number) => {
    parent.forEach((node, offset) => {
      const pos = start + offset
      if (!LISTED.has(node.type.name)) {
        if (!node.isTextblock && !node.isLeaf && node.type.name !== 'preamble' && node.type.name !== 'conclusion') walk(node, pos + 1, depth + 1)
        return
      }
      let heading = ''
      // a footnote on a heading is not part of its name
      node.forEach((c) => { if (!heading && c.type.name === 'heading') heading = textWithoutFootnotes(c) })
      out.push({ pos, kind: node.type.name, heading, depth, marker: numbering.byPos.get(pos)?.marker ?? '' })
      if (node.type.name !== 'article') walk(node, pos + 1, depth + 1)
    })
  }
  walk(state.doc, 0, 0)
  return out
}

/** One outline line's element (built directly: a long treaty's outline has hundreds). */
function outlineItem(entry: OutlineEntry): HTMLLIElement {
  const li = document.createElement('li')
  li.className = `outline-${entry.kind}`
  // through the CSSOM: the Content-Security-Policy refuses style attributes, not el.style
  li.style.setProperty('--depth', String(entry.depth))
  const button = li.appendChild(document.createElement('button'))
  button.type = 'button'
  if (entry.marker) {
    const number = button.appendChild(document.createElement('span'))
    number.className = 'outline-number'
    number.textContent = entry.marker
  }
  const heading = button.appendChild(document.createElement('span'))
  heading.className = `outline-heading${entry.heading ? '' : ' outline-untitled'}`
  heading.textContent = entry.heading || (entry.kind === 'final_provisions' ? 'Final provisions' : 'Untitled')
  return li
}

/** Creates the outline panel for `view`; call `update` with each transaction applied. */
export function outlinePanel(view: EditorView) {
  const list = h('ol', { class: 'outline-list' })
  // one listener for every entry: a clicked button's entry is looked up by its line's index
  // (positions move with every edit, the index does not)
  list.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button') : null
    const li = button?.parentElement
    const fresh = li ? entries[items.indexOf(li)] : undefined
    if (fresh) jump(fresh)
  })
  let shown = ''
  let entries: OutlineEntry[] = []
  let items: HTMLElement[] = []
  let pending = 0

  const jump = (entry: OutlineEntry) => {
    const pos = Math.min(entry.pos + 2, view.state.doc.content.size)
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))))
    const dom = view.nodeDOM(entry.pos)
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: 'start' })
    view.focus()
  }

  const render = () => {
    pending = 0
    entries = outlineEntries(view.state)
    const signature = JSON.stringify(entries.map((e) => [e.kind, e.marker, e.heading, e.depth]))
    if (signature !== shown) {
      shown = signature
      items = entries.map(outlineItem)
      replaceChildren(list, ...items)
      marked = null
      showCounts()
    }
    markCurrent()
  }

  // open review threads per entry, as a badge (review-panel.ts counts them)
  let counter: ((entries: readonly OutlineEntry[]) => number[]) | null = null
  const shownCounts = new WeakMap<HTMLElement, number>()
  const showCounts = () => {
    if (!counter) return
    const counts = counter(entries)
    items.forEach((li, i) => {
      const n = counts[i] ?? 0
      // only the entries whose count changed are touched (the list is long)
      if (shownCounts.get(li) === n) return
      shownCounts.set(li, n)
      let badge = li.querySelector<HTMLElement>('.outline-threads')
      if (!n) { badge?.remove(); return }
      if (!badge) { badge = h('span', { class: 'outline-threads' }); li.querySelector('button')!.append(badge) }
      badge.textContent = String(n)
      badge.title = `${n} open comment${n === 1 ? '' : 's'}`
    })
  }

  // only the entry that stops and the one that becomes current are touched (the list is long)
  let marked: HTMLElement | null = null
  const markCurrent = () => {
    const at = view.state.selection.from
    let current = -1
    entries.forEach((e, i) => { if (e.pos < at && e.kind === 'article') current = i })
    const next = items[current] ?? null
    if (next === marked) return
    marked?.classList.remove('current')
    next?.classList.add('current')
    marked = next
  }

  // built once the treaty is on screen: a long treaty's outline is thousands of elements the
  // first paint need not wait for
  pending = requestAnimationFrame(() => { pending = 0; setTimeout(render, 0) })
  return {
    el: h('nav', { class: 'panel outline', 'aria-label': 'Outline' }, h('h2', {}, 'Outline'), list),
    /** Shows the counts `count` gives for the entries (one number per entry), now and whenever the outline is rebuilt. */
    showThreadCounts(count: (entries: readonly OutlineEntry[]) => number[]) {
      counter = count
      showCounts()
    },
    update(tr: Transaction) {
      if (!tr.docChanged) return markCurrent()
      // typing outside headings changes no entry: only positions move
      if (!pending && isTextEdit(tr) && !editsTextIn(tr, HEADINGS)) {
        const { mapping } = changeOf(tr)
        for (const entry of entries) entry.pos = mapping.map(entry.pos)
        return markCurrent()
      }
      if (!pending) pending = requestAnimationFrame(render)
    },
  }
}
