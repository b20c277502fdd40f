// @vitest-environment jsdom
// The numbering, cross-reference and parameter plugins render current numbers and values in a real view.
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { EditorState, TextSelection, type Command } from 'prosemirror-state'
import { crossContainerInputPlugin } from '../../editor/plugins/cross-container-input.js'
import { EditorView } from 'prosemirror-view'
import { schema } from '../../editor/model/schema.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { FIRST_NUMBERS_SHOWN, getNumbering, MARKER_ATTRIBUTE, numberingKey, numberingPlugin } from '../../editor/plugins/numbering.js'
import { stateOf, posOf } from './state.js'
import { cursorArticlePlugin } from '../../editor/plugins/cursor-article.js'
import { citationStyle, xrefsPlugin } from '../../editor/plugins/xrefs.js'
import { setCitationStyle } from '../../editor/commands/settings.js'
import { CITATION_STYLE_KEY, META_MAP } from '../../editor/model/ydoc.js'
import { article, doc, heading, paragraph, title, xref } from '../../editor/model/build.js'
import { BROKEN_XREF_TEXT, numberTreaty } from '../../editor/model/numbering.js'
import { parametersPlugin } from '../../editor/plugins/parameters.js'
import { addArticle, moveArticleDown } from '../../editor/commands/structure.js'
import { setParameterValue } from '../../editor/commands/parameters.js'
import { at } from './state.js'
import { markersIn } from '../helpers/markers.js'

let view: EditorView | null = null
afterEach(() => { view?.destroy(); view = null })

function mount(map: Y.Map<string> | null = null, meta: Y.Map<unknown> | null = null, doc = sampleTreaty()): EditorView {
  const state = EditorState.create({ schema, doc, plugins: [numberingPlugin(), xrefsPlugin(meta), parametersPlugin(map), cursorArticlePlugin()] })
  view = new EditorView(document.body.appendChild(document.createElement('div')), { state })
  return view
}

const texts = (v: EditorView, selector: string) => [...v.dom.querySelectorAll(selector)].map((e) => e.textContent)
const exec = (v: EditorView, text: string, command: Command) => {
  v.updateState(at(v.state, text))
  command(v.state, v.dispatch)
}

describe('numbering plugin', () => {
  it('shows the number of every part, article, numbered paragraph and sub-paragraph', () => {
    const v = mount()
    expect(markersIn(v.dom, 'part')).toEqual(['Part I', 'Part II'])
    expect(markersIn(v.dom, 'article')).toEqual(['Article 1', 'Article 2', 'Article 3', 'Article 4', 'Article 5', 'Article 6', 'Article 7'])
    expect(markersIn(v.dom, 'subparagraph')).toEqual(['(a)', '(b)', '(c)'])
    expect(markersIn(v.dom, 'annex')).toEqual(['Annex I'])
  })

  it('renumbers live when an article is added', () => {
    const v = mount()
    exec(v, 'The purpose of this Treaty', addArticle)
    expect(markersIn(v.dom, 'article')).toHaveLength(8)
    expect(markersIn(v.dom, 'article').at(-1)).toBe('Article 8')
  })
  it('moves the numbers along while text is typed, and recomputes them only when the structure changes', () => {
    const v = mount()
    v.updateState(at(v.state, 'The purpose of this Treaty'))
    const before = numberingKey.getState(v.state)!.numbering
    v.dispatch(v.state.tr.insertText('Indeed, '))
    const typed = numberingKey.getState(v.state)!.numbering
    expect(typed.byId).toBe(before.byId)
    expect([...typed.byPos.keys()].at(-1)).toBe([...before.byPos.keys()].at(-1)! + 'Indeed, '.length)
    expect(markersIn(v.dom, 'article')).toHaveLength(7)
    addArticle(v.state, v.dispatch)
    expect(numberingKey.getState(v.state)!.numbering.byId).not.toBe(before.byId)
  })

  // more numbered units than the editor's first state shows the numbers of
  const long = doc(title('Long'), ...Array.from({ length: 150 }, (_, i) =>
    article({ id: `a${i}` }, heading(`Article ${i}`), paragraph(`First of ${i}`), paragraph(`Second of ${i}`))))

  it('opens a long treaty with the numbers of its first units, and shows the others after the first frame', async () => {
    const everyMarker = [...numberTreaty(long).byPos.values()].map((l) => l.marker).filter((m) => m)
    expect(everyMarker.length).toBeGreaterThan(FIRST_NUMBERS_SHOWN)
    const shown = (v: EditorView) => [...v.dom.querySelectorAll(`[${MARKER_ATTRIBUTE}]`)].map((e) => e.getAttribute(MARKER_ATTRIBUTE))
    const v = mount(null, null, long)
    // every label is known at once (references, the outline and exports read them); the first screens' numbers are shown
    expect([...getNumbering(v.state).byPos]).toEqual([...numberTreaty(long).byPos])
    expect([...getNumbering(v.state).byId]).toEqual([...numberTreaty(long).byId])
    expect(shown(v)).toEqual(everyMarker.slice(0, FIRST_NUMBERS_SHOWN))
    // typed meanwhile: the numbers shown later are placed where their units have moved to
    v.updateState(at(v.state, 'First of 0'))
    v.dispatch(v.state.tr.insertText('Indeed, '))
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(shown(v)).toEqual(everyMarker)
    expect(numberingKey.getState(v.state)!.partial).toBe(false)
  })

  it('shows every number at once when the structure changes before the first frame', () => {
    const v = mount(null, null, long)
    exec(v, 'First of 0', addArticle)
    expect(markersIn(v.dom, 'article')).toHaveLength(151)
    expect(markersIn(v.dom, 'article').at(-1)).toBe('Article 151')
  })

  it('marks the article holding the cursor, so it is always rendered', () => {
    const v = mount()
    v.updateState(at(v.state, 'Each State Party shall grant safe conduct'))
    expect([...v.dom.querySelectorAll('.article.has-cursor')].map((a) => a.getAttribute('data-id'))).toEqual(['art-safe-conduct'])
    addArticle(v.state, v.dispatch)
    const marked = [...v.dom.querySelectorAll('.article.has-cursor')]
    expect(marked).toHaveLength(1)
    expect(marked[0]!.getAttribute('data-id')).not.toBe('art-safe-conduct')
  })
})

describe('cross-reference plugin', () => {
  it('shows each reference as its target\'s current number, and follows a move', () => {
    const v = mount()
    expect(texts(v, '.xref')).toEqual(['Article 3', 'Article 3(1)', 'Article 3'])
    exec(v, 'A State Party may authorise', moveArticleDown)
    expect(texts(v, '.xref')).toEqual(['Article 4', 'Article 4(1)', 'Article 4'])
  })

  it('shows a reference whose target was deleted as broken, and keeps the reference', () => {
    const v = mount()
    let from = -1
    let to = -1
    v.state.doc.descendants((n, pos) => { if (n.attrs.id === 'art-authorisation') { from = pos; to = pos + n.nodeSize } return from < 0 })
    v.dispatch(v.state.tr.delete(from, to))
    const refs = [...v.dom.querySelectorAll('.xref')]
    expect(refs).toHaveLength(3)
    expect(refs.every((r) => r.classList.contains('xref-broken'))).toBe(true)
    expect(refs[0]!.textContent).toBe(BROKEN_XREF_TEXT)
  })

  it('writes references in the document\'s citation style, and follows a change of it in the shared document', () => {
    const ydoc = new Y.Doc()
    const meta = ydoc.getMap<unknown>(META_MAP)
    const v = mount(null, meta)
    expect(texts(v, '.xref')).toEqual(['Article 3', 'Article 3(1)', 'Article 3'])
    meta.set(CITATION_STYLE_KEY, 'un')
    expect(citationStyle(v.state)).toBe('un')
    expect(texts(v, '.xref')).toEqual(['article 3', 'article 3, paragraph 1', 'article 3'])
    expect(setCitationStyle(v.state, 'compact')).toBe(true)
    expect(meta.get(CITATION_STYLE_KEY)).toBe('compact')
    expect(texts(v, '.xref')).toEqual(['Article 3', 'Article 3(1)', 'Article 3'])
  })

  it('joins references into a list when the words between them are typed, and parts them again', () => {
    const treaty = doc(title('T'), article({ id: 'a1' }, heading('A'), paragraph({ id: 'p1' }, 'x'), paragraph({ id: 'p2' }, 'y'),
      paragraph({ id: 'p3' }, 'See ', xref('p1'), xref('p2'), '.')))
    const v = mount(null, null, treaty)
    expect(texts(v, '.xref')).toEqual(['paragraph 1', 'paragraph 2'])
    let between = -1
    v.state.doc.descendants((n, pos) => { if (n.type.name === 'xref' && n.attrs.target === 'p2') between = pos; return between < 0 })
    v.dispatch(v.state.tr.insertText(' and ', between))
    expect(texts(v, '.xref')).toEqual(['paragraphs 1', '2'])
    v.dispatch(v.state.tr.insertText('x', between + 1))
    expect(texts(v, '.xref')).toEqual(['paragraph 1', 'paragraph 2'])
  })
})

describe('parameters plugin', () => {
  it('shows filled values, a visible blank for unfilled ones, and updates when the shared value changes', () => {
    const ydoc = new Y.Doc()
    const map = ydoc.getMap<string>('parameters')
    for (const [k, val] of Object.entries(SAMPLE_PARAMETERS)) map.set(k, val)
    const v = mount(map)
    expect(texts(v, '.parameter')).toEqual(['the Secretary-General of the United Nations', '[entry_into_force_count]', 'Geneva', '[date]'])
    expect(v.dom.querySelector('.parameter[data-name="date"]')!.classList.contains('parameter-blank')).toBe(true)
    map.set('date', '1 January 2027')
    expect(v.dom.querySelector('.parameter[data-name="date"]')!.textContent).toBe('1 January 2027')
    // a date kept as the date field gives it reads as treaties write dates
    map.set('date', '2027-01-01')
    expect(v.dom.querySelector('.parameter[data-name="date"]')!.textContent).toBe('1 January 2027')
    setParameterValue(v.state, 'place', '')
    expect(v.dom.querySelector('.parameter[data-name="place"]')!.textContent).toBe('[place]')
  })

  it('never interprets a value as markup', () => {
    const ydoc = new Y.Doc()
    const map = ydoc.getMap<string>('parameters')
    const v = mount(map)
    map.set('place', '<img src=x onerror=alert(1)>')
    expect(v.dom.querySelector('.parameter[data-name="place"] img')).toBeNull()
    expect(v.dom.querySelector('.parameter[data-name="place"]')!.textContent).toBe('<img src=x onerror=alert(1)>')
  })
})

describe('numbering while typing', () => {
  it('moves its labels with the text through hundreds of keystrokes and reads them right at any point', () => {
    let state = stateOf(sampleTreaty())
    for (let i = 0; i < 450; i++) {
      state = state.apply(state.tr.insertText('x', posOf(state.doc, 'The purpose of this Treaty')))
      if (i % 149 === 0 || i === 449) expect([...getNumbering(state).byPos]).toEqual([...numberTreaty(state.doc).byPos])
    }
  })
})

describe('typing over a selection that reaches into another article', () => {
  it('deletes the selection without joining the articles and puts the text where it started', () => {
    const state = EditorState.create({ schema, doc: sampleTreaty(), plugins: [crossContainerInputPlugin()] })
    view = new EditorView(document.body.appendChild(document.createElement('div')), { state })
    const articles: number[] = []
    state.doc.descendants((n, p) => { if (n.type.name === 'article') articles.push(p); return n.type.name !== 'article' && !n.isTextblock })
    const first = state.doc.nodeAt(articles[0]!)!
    const second = state.doc.nodeAt(articles[1]!)!
    const from = articles[0]! + first.nodeSize - 4
    const to = articles[1]! + 1 + second.firstChild!.nodeSize + 3
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, to)))
    const handled = view.someProp('handleTextInput', (f) => f(view!, from, to, 'X', () => view!.state.tr.insertText('X', from, to)))
    expect(handled).toBe(true)
    let count = 0
    view.state.doc.descendants((n) => { if (n.type.name === 'article') count++; return n.type.name !== 'article' && !n.isTextblock })
    expect(count).toBe(articles.length)
    expect(view.state.selection.$from.parent.textContent.endsWith('X')).toBe(true)
    expect(view.state.selection.$from.node(-1).attrs.id).toBe(first.attrs.id)
  })
})
