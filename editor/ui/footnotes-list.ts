// The footnotes at the foot of the treaty page: each number with its text, live as anyone types;
// a click on a number selects that footnote and opens its text for editing.
import type { EditorView } from 'prosemirror-view'
import { editFootnote, footnoteList } from '../plugins/footnotes.js'
import { h, replaceChildren } from './dom.js'

/** Creates the footnote list under `view`'s treaty; call `update` after each transaction. */
export function footnotesList(view: EditorView) {
  const list = h('ol', {})
  const el = h('section', { class: 'footnotes-list', 'aria-label': 'Footnotes', hidden: true }, h('h2', {}, 'Footnotes'), list)
  let shown: readonly unknown[] = []
  let pending = 0

  const render = () => {
    pending = 0
    const footnotes = footnoteList(view.state)
    // rebuilt only when a footnote was added, removed or edited: typing elsewhere keeps the nodes
    const nodes = footnotes.map((f) => f.node)
    if (nodes.length === shown.length && nodes.every((n, i) => n === shown[i])) return
    shown = nodes
    el.hidden = footnotes.length === 0
    replaceChildren(list, ...footnotes.map((f) => {
      const text = f.node.textContent
      return h('li', { 'data-number': f.number },
        h('button', { type: 'button', class: 'footnote-number', title: `Go to footnote ${f.number}`, onclick: () => {
          // looked up when clicked: positions move with every edit
          const fresh = footnoteList(view.state)[f.number - 1]
          if (fresh) editFootnote(view, fresh.pos)
        } }, `${f.number}`),
        h('span', { class: text ? 'footnote-body' : 'footnote-body footnote-empty' }, text || '(empty)'))
    }))
  }
  pending = requestAnimationFrame(render)
  return {
    el,
    update() { if (!pending) pending = requestAnimationFrame(render) },
  }
}
