// Structure commands change parts, articles, paragraphs and levels, keep stable ids, and dry-run without dispatch.
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { TextSelection } from 'prosemirror-state'
import { AttrStep } from 'prosemirror-transform'
import { article, doc, heading, paragraph, part, preamble, recital, subparagraph, subsubparagraph, title, xref, annex } from '../../editor/model/build.js'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { numberTreaty, xrefText } from '../../editor/model/numbering.js'
import { sampleTreaty } from '../../editor/model/sample.js'
import {
  addArticle, addParagraph, addPart, indent, insertParameter, insertXref, moveArticleDown, moveArticleUp, outdent, xrefTargets,
} from '../../editor/commands/structure.js'
import { articleHeadings, at, idAround, posOf as posIn, refs, run, stateOf } from './state.js'

const threeArticles = (): Node => doc(
  title('Treaty'),
  preamble(recital('Considering')),
  article({ id: 'art-a' }, heading('Alpha'), paragraph({ id: 'p-a1' }, 'alpha one'), paragraph({ id: 'p-a2' }, 'alpha two')),
  article({ id: 'art-b' }, heading('Beta'), paragraph({ id: 'p-b1' }, 'beta one ', xref('art-c'))),
  article({ id: 'art-c' }, heading('Gamma'), paragraph({ id: 'p-c1' }, 'gamma one ', xref('p-a2'))),
)

describe('adding units', () => {
  it('adds an article after the current one, with fresh ids, and the following articles and references renumber', () => {
    const state = at(stateOf(threeArticles()), 'alpha two')
    const next = run(state, addArticle)
    expect(articleHeadings(next.doc)).toEqual(['Alpha', '', 'Beta', 'Gamma'])
    const n = numberTreaty(next.doc)
    expect(xrefText(n, 'art-c')).toBe('Article 4')
    expect(n.byId.get('art-b')?.marker).toBe('Article 3')
    expect(treatyShapeErrors(next.doc)).toEqual([])
    // the cursor is in the new article's heading
    expect(next.selection.$from.parent.type.name).toBe('heading')
    expect(next.selection.$from.node(-1).attrs.id).toMatch(/^art-/)
  })

  it('adds an article at the end of the body when the cursor is in no article, inside the last part and before the final provisions', () => {
    const state = at(stateOf(sampleTreaty()), 'The States Parties')
    const next = run(state, addArticle)
    const $head = next.selection.$from
    expect($head.node(-1).type.name).toBe('article')
    expect($head.node(-2).type.name).toBe('part')
    expect(numberTreaty(next.doc).byId.get('art-depositary')?.marker).toBe('Article 7')
  })

  it('adds a part after the current part, holding one new article', () => {
    const state = at(stateOf(sampleTreaty()), 'The purpose of this Treaty')
    const next = run(state, addPart)
    const parts: string[] = []
    next.doc.forEach((c) => { if (c.type.name === 'part') parts.push(c.firstChild!.textContent) })
    expect(parts).toEqual(['General provisions', '', 'Protection of negotiators and facilitators'])
    expect(numberTreaty(next.doc).byId.get('part-protection')?.marker).toBe('Part III')
    expect(treatyShapeErrors(next.doc)).toEqual([])
  })

  it('adds a paragraph after the current paragraph, and refuses outside an article or annex', () => {
    const state = at(stateOf(threeArticles()), 'alpha one')
    const next = run(state, addParagraph)
    expect(refs(next.doc).slice(0, 4)).toEqual(['Article 1', 'Article 1(1)', 'Article 1(2)', 'Article 1(3)'])
    expect(numberTreaty(next.doc).byId.get('p-a2')?.ref).toBe('Article 1(3)')
    expect(addParagraph(at(stateOf(threeArticles()), 'Considering'))).toBe(false)
  })
})

describe('indent and outdent', () => {
  it('indents a paragraph into (a) of the paragraph before, keeping its id so references follow it', () => {
    const state = at(stateOf(threeArticles()), 'alpha two', 3)
    expect(indent(state)).toBe(true)
    const next = run(state, indent)
    expect(xrefText(numberTreaty(next.doc), 'p-a2')).toBe('Article 1(a)')
    expect(next.selection.$from.parent.textContent).toBe('alpha two')
    expect(next.selection.$from.parentOffset).toBe(3)
    expect(treatyShapeErrors(next.doc)).toEqual([])
  })

  it('indents (b) into (i) of (a), and refuses the first unit of a level and the deepest level', () => {
    const d = doc(title('T'), article({ id: 'a' }, heading('H'),
      paragraph({ id: 'p' }, 'chapeau', subparagraph({ id: 's1' }, 'first'), subparagraph({ id: 's2' }, 'second', subsubparagraph({ id: 'ss' }, 'deep')))))
    const state = stateOf(d)
    const next = run(at(state, 'second'), indent)
    const n = numberTreaty(next.doc)
    expect(n.byId.get('s2')?.ref).toBe('Article 1(a)(i)')
    // the unit that was (i) of (b) cannot go deeper: it follows as (ii), with its text kept
    expect(n.byId.get('ss')?.ref).toBe('Article 1(a)(ii)')
    expect(next.doc.textContent).toBe(d.textContent)
    expect(indent(at(state, 'first'))).toBe(false)
    expect(indent(at(state, 'deep'))).toBe(false)
    expect(indent(at(state, 'chapeau'))).toBe(false)
  })

  it('outdents (a) into a paragraph after its parent, taking the later sub-paragraphs along in order', () => {
    const d = doc(title('T'), article({ id: 'a' }, heading('H'),
      paragraph({ id: 'p' }, 'chapeau', subparagraph({ id: 's1' }, 'first'), subparagraph({ id: 's2' }, 'second'), subparagraph({ id: 's3' }, 'third'))))
    const next = run(at(stateOf(d), 'second'), outdent)
    const n = numberTreaty(next.doc)
    expect(n.byId.get('s2')?.ref).toBe('Article 1(2)')
    expect(n.byId.get('s3')?.ref).toBe('Article 1(2)(a)')
    expect(n.byId.get('s1')?.ref).toBe('Article 1(1)(a)')
    expect(next.doc.textContent).toBe(d.textContent)
    expect(treatyShapeErrors(next.doc)).toEqual([])
    expect(outdent(at(stateOf(d), 'chapeau'))).toBe(false)
  })

  it('changes only the level attribute: no step replaces text, so concurrent typing in the unit is kept', () => {
    const state = at(stateOf(threeArticles()), 'alpha two', 3)
    let steps: unknown[] = []
    indent(state, (tr) => { steps = tr.steps })
    expect(steps).toHaveLength(1)
    expect(steps[0]).toBeInstanceOf(AttrStep)
  })

  it('indents and outdents every paragraph of a selection, each at most one level below the one before', () => {
    const d = doc(title('T'), article({ id: 'a' }, heading('H'),
      paragraph({ id: 'p1' }, 'one'), paragraph({ id: 'p2' }, 'two'), paragraph({ id: 'p3' }, 'three')))
    const state = stateOf(d)
    const from = posIn(d, 'two')
    const selected = state.apply(state.tr.setSelection(TextSelection.create(d, from, posIn(d, 'three') + 2)))
    const next = run(selected, indent)
    const n = numberTreaty(next.doc)
    expect([n.byId.get('p2')?.ref, n.byId.get('p3')?.ref]).toEqual(['Article 1(a)', 'Article 1(b)'])
    const back = run(next, outdent)
    expect(back.doc.eq(d)).toBe(true)
  })

  it('indent then outdent gives back the same document', () => {
    const state = at(stateOf(threeArticles()), 'alpha two')
    const back = run(run(state, indent), outdent)
    expect(back.doc.eq(state.doc)).toBe(true)
  })
})

describe('moving articles', () => {
  it('moves an article up and down, keeping its id, and references follow the new numbers', () => {
    const state = at(stateOf(threeArticles()), 'gamma one', 2)
    const up = run(state, moveArticleUp)
    expect(articleHeadings(up.doc)).toEqual(['Alpha', 'Gamma', 'Beta'])
    expect(xrefText(numberTreaty(up.doc), 'art-c')).toBe('Article 2')
    expect(up.selection.$from.parent.textContent).toContain('gamma one')
    const down = run(at(up, 'alpha one'), moveArticleDown)
    expect(articleHeadings(down.doc)).toEqual(['Gamma', 'Alpha', 'Beta'])
    expect(idAround(down.doc, 'alpha one', 'article')).toBe('art-a')
  })

  it('cannot move the first article up or the last one down', () => {
    expect(moveArticleUp(at(stateOf(threeArticles()), 'alpha one'))).toBe(false)
    expect(moveArticleDown(at(stateOf(threeArticles()), 'gamma one'))).toBe(false)
    expect(moveArticleUp(at(stateOf(threeArticles()), 'Considering'))).toBe(false)
  })

  it('crosses into the neighbouring part, but never from the body into an annex', () => {
    const d = doc(title('T'),
      part({ id: 'p1' }, heading('One'), article({ id: 'a1' }, heading('A1'), paragraph('x1'))),
      part({ id: 'p2' }, heading('Two'), article({ id: 'a2' }, heading('A2'), paragraph('x2')), article({ id: 'a3' }, heading('A3'), paragraph('x3'))),
      annex({ id: 'an' }, heading('Annex'), article({ id: 'a4' }, heading('A4'), paragraph('x4'))))
    const up = run(at(stateOf(d), 'x2'), moveArticleUp)
    expect(up.doc.child(1).childCount).toBe(3) // heading, A1, A2
    expect(idAround(up.doc, 'x2', 'part')).toBe('p1')
    expect(numberTreaty(up.doc).byId.get('a2')?.marker).toBe('Article 2')
    const down = run(at(up, 'x2'), moveArticleDown)
    expect(idAround(down.doc, 'x2', 'part')).toBe('p2')
    expect(articleHeadings(down.doc)).toEqual(['A1', 'A2', 'A3', 'A4'])
    expect(moveArticleDown(at(stateOf(d), 'x3'))).toBe(false)
    expect(moveArticleUp(at(stateOf(d), 'x4'))).toBe(false)
  })
})

describe('moving articles: the toolbar\'s quick answer', () => {
  it('agrees with the move itself for every article of a treaty with parts, final provisions and annexes', () => {
    const d = doc(title('T'),
      article({ id: 'a0' }, heading('Loose'), paragraph({ id: 'q0' }, 'loose')),
      part({ id: 'pt1' }, heading('One'), article({ id: 'a1' }, heading('A1'), paragraph({ id: 'q1' }, 'one'))),
      part({ id: 'pt2' }, heading('Two')),
      part({ id: 'pt3' }, heading('Three'), article({ id: 'a2' }, heading('A2'), paragraph({ id: 'q2' }, 'two')), article({ id: 'a3' }, heading('A3'), paragraph({ id: 'q3' }, 'three'))),
      annex({ id: 'x1' }, heading('Annex'), article({ id: 'x1a' }, heading('X1'), paragraph({ id: 'r1' }, 'annex one'))),
      annex({ id: 'x2' }, heading('Annex 2'), article({ id: 'x2a' }, heading('X2'), paragraph({ id: 'r2' }, 'annex two')), article({ id: 'x2b' }, heading('X3'), paragraph({ id: 'r3' }, 'annex three'))))
    for (const text of ['loose', 'one', 'two', 'three', 'annex one', 'annex two', 'annex three']) {
      for (const command of [moveArticleUp, moveArticleDown]) {
        const state = at(stateOf(d), text)
        let moved = false
        command(state, () => { moved = true })
        expect(command(state), `${text}`).toBe(moved)
      }
    }
  })
})

describe('inline atoms', () => {
  it('lists articles, numbered paragraphs and sub-paragraphs as cross-reference targets with their current numbers', () => {
    const targets = xrefTargets(stateOf(sampleTreaty()))
    expect(targets.slice(0, 4).map((t) => t.ref)).toEqual(['Article 1', 'Article 2', 'Article 2(a)', 'Article 2(b)'])
    expect(targets.find((t) => t.id === 'art-authorisation')).toMatchObject({ ref: 'Article 3', text: 'Authorisation of talks' })
  })

  it('inserts a cross-reference to an existing target only, in text', () => {
    const state = at(stateOf(threeArticles()), 'alpha one', 5)
    expect(insertXref()(state)).toBe(true)
    expect(insertXref('nowhere')(state)).toBe(false)
    const next = run(state, insertXref('art-b'))
    const inserted = next.doc.resolve(next.selection.from).nodeBefore
    expect(inserted?.type.name).toBe('xref')
    expect(inserted?.attrs.target).toBe('art-b')
  })

  it('inserts a parameter with a valid name only', () => {
    const state = at(stateOf(threeArticles()), 'alpha one', 5)
    expect(insertParameter('bad name!')(state)).toBe(false)
    const next = run(state, insertParameter('party_a'))
    expect(next.doc.resolve(next.selection.from).nodeBefore?.attrs.name).toBe('party_a')
  })
})
