// Enter, Backspace and Delete follow the treaty's structure: they never merge an article into its neighbour.
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { article, doc, finalProvisions, heading, param, paragraph, part, preamble, recital, subparagraph, title } from '../../editor/model/build.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { backspace, collapseInlineSelection, deleteAcrossContainers, deleteForward, enter } from '../../editor/commands/editing.js'
import { articleHeadings, at, atPos, posOf, run, stateOf } from './state.js'
import { NodeSelection, TextSelection } from 'prosemirror-state'

/** The position at the start of the unit with id `id` (a paragraph block), or of its first text block (an article). */
const inside = (d: Node, id: string): number => {
  let found = -1
  d.descendants((n, p) => { if (n.attrs.id === id) found = n.isTextblock ? p + 1 : p + 2; return found < 0 })
  return found
}

const twoArticles = (): Node => doc(
  title('Treaty'),
  preamble(recital('Considering')),
  article({ id: 'art-a' }, heading('Alpha'), paragraph({ id: 'p-a1' }, 'alpha one'), paragraph({ id: 'p-a2' }, 'alpha two')),
  article({ id: 'art-b' }, heading('Beta'), paragraph({ id: 'p-b1' }, 'beta one')),
)

describe('Enter', () => {
  it('in a heading moves into the article\'s first paragraph without changing the document', () => {
    const state = at(stateOf(twoArticles()), 'Alpha', 2)
    const next = run(state, enter)
    expect(next.doc.eq(state.doc)).toBe(true)
    expect(next.selection.$from.parent.textContent).toBe('alpha one')
    expect(next.selection.$from.parentOffset).toBe(0)
  })

  it('in the heading of an empty part adds its first article', () => {
    const d = doc(title('T'), part({ id: 'pt' }, heading('Part heading')))
    const next = run(at(stateOf(d), 'Part heading', -1), enter)
    expect(next.selection.$from.parent.type.name).toBe('heading')
    expect(next.selection.$from.node(-1).type.name).toBe('article')
  })

  it('at the end of a paragraph creates the next paragraph with a new id', () => {
    const next = run(at(stateOf(twoArticles()), 'alpha one', -1), enter)
    const n = numberTreaty(next.doc)
    expect(n.byId.get('p-a2')?.ref).toBe('Article 1(3)')
    const $from = next.selection.$from
    expect($from.parent.type.name).toBe('paragraph')
    expect($from.parent.attrs.id).toMatch(/^para-/)
    expect($from.parent.textContent).toBe('')
    expect(treatyShapeErrors(next.doc)).toEqual([])
  })

  it('in the middle of a paragraph splits it; the first half keeps the id', () => {
    const next = run(at(stateOf(twoArticles()), 'alpha one', 5), enter)
    const n = numberTreaty(next.doc)
    expect(n.byId.get('p-a1')?.ref).toBe('Article 1(1)')
    expect(next.selection.$from.parent.textContent).toBe(' one')
    expect(next.selection.$from.parent.attrs.id).not.toBe('p-a1')
  })

  it('at the end of a chapeau followed by sub-paragraphs starts a new (a)', () => {
    const d = doc(title('T'), article({ id: 'a' }, heading('H'), paragraph({ id: 'p' }, 'chapeau', subparagraph({ id: 's1' }, 'first'))))
    const next = run(at(stateOf(d), 'chapeau', -1), enter)
    expect(next.selection.$from.parent.attrs.level).toBe(1)
    expect(numberTreaty(next.doc).byPos.get(next.selection.$from.before())?.ref).toBe('Article 1(a)')
    expect(numberTreaty(next.doc).byId.get('s1')?.ref).toBe('Article 1(b)')
  })

  it('in an empty sub-paragraph outdents it', () => {
    const d = doc(title('T'), article({ id: 'a' }, heading('H'), paragraph({ id: 'p' }, 'chapeau', subparagraph({ id: 's1' }, 'first'), subparagraph({ id: 's2' }, ''))))
    const next = run(atPos(stateOf(d), inside(d, 's2')), enter)
    expect(numberTreaty(next.doc).byId.get('s2')?.ref).toBe('Article 1(2)')
  })

  it('at the start of a paragraph puts an empty paragraph before it; the text keeps its id and number is shifted', () => {
    const next = run(at(stateOf(twoArticles()), 'alpha two'), enter)
    expect(numberTreaty(next.doc).byId.get('p-a2')?.ref).toBe('Article 1(3)')
    expect(next.selection.$from.parent.attrs.id).toBe('p-a2')
    expect(next.selection.$from.parentOffset).toBe(0)
    expect(next.doc.child(2).child(2).textContent).toBe('')
  })
})

describe('Enter and Home/End with a parameter selected (a click on it)', () => {
  const withParameter = () => {
    const d = doc(title('T'), article({ id: 'a' }, heading('H'), paragraph({ id: 'p' }, 'Between ', param('party_b'), ' only')))
    let at = -1
    d.descendants((n, p) => { if (n.type.name === 'parameter') at = p; return at < 0 })
    const state = stateOf(d)
    return state.apply(state.tr.setSelection(NodeSelection.create(d, at)))
  }

  it('Enter breaks the paragraph after the parameter and keeps it', () => {
    const next = run(withParameter(), enter)
    const article = next.doc.child(1)
    expect(article.childCount).toBe(3)
    expect(article.child(1).child(1).type.name).toBe('parameter')
    expect(article.child(1).textContent).toBe('Between ')
    expect(article.child(2).textContent).toBe(' only')
    expect(next.selection.$from.parent).toBe(article.child(2))
  })

  it('without a page to move by line, End and Home put the cursor after or before the parameter and leave the key to the browser', () => {
    const state = withParameter()
    const sel = state.selection as NodeSelection
    for (const [dir, pos] of [[1, sel.to], [-1, sel.from]] as const) {
      let moved: number | null = null
      const handled = collapseInlineSelection(dir)(state, (tr) => { moved = tr.selection.head })
      expect(handled).toBe(false)
      expect(moved).toBe(pos)
    }
    // with the cursor in the text, the keys are the browser's alone
    let dispatched = false
    expect(collapseInlineSelection(1)(at(state, 'only'), () => { dispatched = true })).toBe(false)
    expect(dispatched).toBe(false)
  })
})

describe('Backspace', () => {
  it('at the start of an article heading moves to the text before and never merges articles', () => {
    const state = at(stateOf(twoArticles()), 'Beta')
    const next = run(state, backspace)
    expect(next.doc.eq(state.doc)).toBe(true)
    expect(next.selection.$from.parent.textContent).toBe('alpha two')
  })

  it('at the start of an empty paragraph removes it and puts the cursor at the end of the text before', () => {
    const withEmpty = run(at(stateOf(twoArticles()), 'alpha one', -1), enter)
    const next = run(withEmpty, backspace)
    expect(next.doc.eq(twoArticles())).toBe(true)
    expect(next.selection.$from.parent.textContent).toBe('alpha one')
    expect(next.selection.$from.parentOffset).toBe('alpha one'.length)
  })

  it('at the start of a paragraph joins its text to the paragraph before', () => {
    const next = run(at(stateOf(twoArticles()), 'alpha two'), backspace)
    expect(next.doc.child(2).childCount).toBe(2) // heading and one paragraph
    expect(next.doc.child(2).lastChild!.textContent).toBe('alpha onealpha two')
  })

  it('in an empty new article removes the whole article', () => {
    const d = doc(title('T'), article({ id: 'a' }, heading('A'), paragraph({ id: 'pa' }, 'text')), article({ id: 'b' }, heading(''), paragraph({ id: 'pb' })))
    const next = run(atPos(stateOf(d), inside(d, 'b')), backspace)
    expect(articleHeadings(next.doc)).toEqual(['A'])
  })

  it('in the heading of empty final provisions removes them; in final provisions with articles it only moves back', () => {
    const empty = doc(title('T'), article({ id: 'a' }, heading('A'), paragraph({ id: 'pa' }, 'text')), finalProvisions({ id: 'fin' }, heading('')))
    const removed = run(atPos(stateOf(empty), inside(empty, 'fin')), backspace)
    expect(removed.doc.childCount).toBe(2)
    expect(removed.doc.lastChild!.type.name).toBe('article')

    const full = doc(title('T'), article({ id: 'a' }, heading('A'), paragraph({ id: 'pa' }, 'text')),
      finalProvisions({ id: 'fin' }, heading(''), article({ id: 'b' }, heading('B'), paragraph({ id: 'pb' }, 'more'))))
    const moved = run(atPos(stateOf(full), inside(full, 'fin')), backspace)
    expect(moved.doc.eq(full)).toBe(true)
    expect(moved.selection.$from.parent.textContent).toBe('text')
  })
})

describe('Backspace in sub-paragraphs', () => {
  it('at the start of a sub-paragraph outdents it, keeping its text and id in place', () => {
    const d = doc(title('T'), article({ id: 'a' }, heading('H'), paragraph({ id: 'p' }, 'chapeau', subparagraph({ id: 's1' }, 'first'), subparagraph({ id: 's2' }, 'second'))))
    const next = run(at(stateOf(d), 'second'), backspace)
    expect(numberTreaty(next.doc).byId.get('s2')?.ref).toBe('Article 1(2)')
    expect(next.doc.textContent).toBe(d.textContent)
  })
})

describe('Delete', () => {
  it('at the end of a paragraph joins the next paragraph of the article into it', () => {
    const next = run(at(stateOf(twoArticles()), 'alpha one', -1), deleteForward)
    expect(next.doc.child(2).lastChild!.textContent).toBe('alpha onealpha two')
  })

  it('at the end of an article does not pull the next article in', () => {
    const state = at(stateOf(twoArticles()), 'alpha two', -1)
    let dispatched = false
    expect(deleteForward(state, () => { dispatched = true })).toBe(true)
    expect(dispatched).toBe(false)
  })
})

describe('Deleting a selection that reaches into another article', () => {
  const select = (d: Node, from: [string, number], to: [string, number]) => {
    const state = stateOf(d)
    return state.apply(state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, from[0], from[1]), posOf(state.doc, to[0], to[1]))))
  }
  const texts = (d: Node) => { const out: string[] = []; d.descendants((n) => { if (n.isTextblock) out.push(`${n.type.name}:${n.textContent}`); return !n.isTextblock }); return out }

  it('removes what it covers and joins nothing: both articles keep their paragraphs\' elements and ids', () => {
    const state = select(twoArticles(), ['alpha two', 5], ['beta one', 4])
    const next = run(state, deleteAcrossContainers)
    expect(texts(next.doc)).toEqual(['title:Treaty', 'recital:Considering', 'heading:Alpha', 'paragraph:alpha one', 'paragraph:alpha', 'heading:', 'paragraph: one'])
    const ids: string[] = []
    next.doc.descendants((n) => { if (n.type.name === 'paragraph') ids.push(String(n.attrs.id)); return true })
    expect(ids).toEqual(['p-a1', 'p-a2', 'p-b1'])
    expect(articleHeadings(next.doc)).toHaveLength(2)
    expect(next.selection.$from.parent.attrs.id).toBe('p-a2')
    expect(next.selection.$from.parentOffset).toBe(5)
    expect(treatyShapeErrors(next.doc)).toEqual([])
  })

  it('removes an article it covers whole and the paragraphs it covers whole', () => {
    const d = doc(title('T'),
      article({ id: 'a' }, heading('One'), paragraph({ id: 'a1' }, 'first'), paragraph({ id: 'a2' }, 'second')),
      article({ id: 'b' }, heading('Two'), paragraph({ id: 'b1' }, 'middle')),
      article({ id: 'c' }, heading('Three'), paragraph({ id: 'c1' }, 'last one')))
    const next = run(select(d, ['first', 0], ['last one', 4]), deleteAcrossContainers)
    expect(texts(next.doc)).toEqual(['title:T', 'heading:One', 'paragraph:', 'heading:', 'paragraph: one'])
    expect(treatyShapeErrors(next.doc)).toEqual([])
  })

  it('leaves a selection inside one article to the default deletion, which joins its ends', () => {
    const state = select(twoArticles(), ['alpha one', 5], ['alpha two', 5])
    expect(deleteAcrossContainers(state)).toBe(false)
  })

})
