import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { nestUnits, numberTreaty, xrefText, roman, letter, type UnitTree } from '../../editor/model/numbering.js'
import { sampleTreaty } from '../../editor/model/sample.js'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { schema } from '../../editor/model/schema.js'
import { article, doc, heading, paragraph, subparagraph, subsubparagraph, title } from '../../editor/model/build.js'

describe('numbering', () => {
  const numbering = numberTreaty(sampleTreaty())
  it('numbers articles across parts and final provisions', () => {
    expect(xrefText(numbering, 'art-purpose')).toBe('Article 1')
    expect(xrefText(numbering, 'art-safe-conduct')).toBe('Article 5')
    expect(xrefText(numbering, 'art-entry-into-force')).toBe('Article 7')
  })
  it('names paragraphs and sub-paragraphs as treaties cite them', () => {
    expect(xrefText(numbering, 'para-auth-1')).toBe('Article 3(1)')
    expect(xrefText(numbering, 'para-purpose-1')).toBe('Article 1')
    expect(xrefText(numbering, 'sub-terms-b')).toBe('Article 2(b)')
    expect(numbering.byId.get('para-purpose-1')?.marker).toBe('')
  })
  it('numbers parts and annexes in Roman numerals', () => {
    expect(xrefText(numbering, 'part-protection')).toBe('Part II')
    expect(xrefText(numbering, 'annex-certification')).toBe('Annex I')
  })
  it('tells its caller of each unit as it numbers it, with the unit\'s node: the units and labels of byPos', () => {
    const treaty = sampleTreaty()
    const seen: Array<[number, string, string]> = []
    const told = numberTreaty(treaty, (pos, node, label) => { seen.push([pos, node.type.name, label.ref]) })
    expect(seen.map(([pos]) => pos).sort((a, b) => a - b)).toEqual([...told.byPos.keys()].sort((a, b) => a - b))
    for (const [pos, type, ref] of seen) {
      expect(treaty.nodeAt(pos)?.type.name).toBe(type)
      expect(told.byPos.get(pos)?.ref).toBe(ref)
    }
  })
  it('stops where its caller says, with the first units labelled as the whole numbering labels them', () => {
    const treaty = sampleTreaty()
    const whole = numberTreaty(treaty)
    let told = 0
    const first = numberTreaty(treaty, () => ++told < 5)
    expect(told).toBe(5)
    expect(first.byPos.size).toBe(5)
    const firstFive = [...whole.byPos].sort(([a], [b]) => a - b).slice(0, 5)
    expect([...first.byPos].sort(([a], [b]) => a - b)).toEqual(firstFive)
  })
  it('returns null for a missing target', () => {
    expect(xrefText(numbering, 'nope')).toBeNull()
  })
  it('writes Roman numerals and letters', () => {
    expect([1, 4, 9, 14, 40, 1999].map(roman)).toEqual(['I', 'IV', 'IX', 'XIV', 'XL', 'MCMXCIX'])
    expect([1, 26, 27, 28].map(letter)).toEqual(['a', 'z', 'aa', 'bb'])
  })
  it('the sample treaty is in treaty shape', () => {
    expect(treatyShapeErrors(sampleTreaty())).toEqual([])
  })
})

/** One paragraph block with an explicit level, as the document stores it. */
const block = (id: string, level: number, continues = false) =>
  schema.nodes.paragraph.create({ id, level, continues }, schema.text(id))

/** The treaty `T` with one article (id "art", the second article) holding `blocks`. */
const inSecondArticle = (...blocks: Node[]) =>
  doc(title('T'), article({ id: 'first' }, heading('First'), paragraph({ id: 'f1' }, 'x')), article({ id: 'art' }, heading('A'), ...blocks))

const label = (numbering: ReturnType<typeof numberTreaty>, id: string) => {
  const l = numbering.byId.get(id)
  return l ? [l.kind, l.marker, l.ref] : null
}

describe('numbering a flat sequence of paragraph blocks', () => {
  it('counts each level under the last unit of the level above, and lets closing text take no number', () => {
    const n = numberTreaty(inSecondArticle(
      block('p1', 0), block('a', 1), block('b', 1), block('i', 2), block('ii', 2), block('close', 0, true), block('p2', 0)))
    expect(label(n, 'p1')).toEqual(['paragraph', '1.', 'Article 2(1)'])
    expect(label(n, 'a')).toEqual(['subparagraph', '(a)', 'Article 2(1)(a)'])
    expect(label(n, 'b')).toEqual(['subparagraph', '(b)', 'Article 2(1)(b)'])
    expect(label(n, 'i')).toEqual(['subsubparagraph', '(i)', 'Article 2(1)(b)(i)'])
    expect(label(n, 'ii')).toEqual(['subsubparagraph', '(ii)', 'Article 2(1)(b)(ii)'])
    expect(label(n, 'p2')).toEqual(['paragraph', '2.', 'Article 2(2)'])
    // the closing text is cited as the paragraph it closes, and has no number of its own to show
    expect(xrefText(n, 'close')).toBe('Article 2(1)')
    expect([...n.byPos.values()].map((l) => l.id)).not.toContain('close')
  })

  it('numbers the builders\' nesting as the same flat sequence', () => {
    const nested = numberTreaty(doc(title('T'), article({ id: 'first' }, heading('First'), paragraph({ id: 'f1' }, 'x')), article({ id: 'art' }, heading('A'),
      paragraph({ id: 'p1' }, 'p1', subparagraph({ id: 'a' }, 'a'), subparagraph({ id: 'b' }, 'b', subsubparagraph({ id: 'i' }, 'i'), subsubparagraph({ id: 'ii' }, 'ii')), 'close'),
      paragraph({ id: 'p2' }, 'p2'))))
    for (const id of ['p1', 'a', 'b', 'i', 'ii', 'p2']) expect(nested.byId.get(id)?.ref, id).toBeDefined()
    expect(xrefText(nested, 'ii')).toBe('Article 2(1)(b)(ii)')
    expect(xrefText(nested, 'p2')).toBe('Article 2(2)')
  })

  it('numbers a (i) that directly follows a paragraph under that paragraph, and starts (a) again under the next', () => {
    const n = numberTreaty(inSecondArticle(block('p1', 0), block('i', 2), block('p2', 0), block('a', 1), block('j', 2)))
    expect(label(n, 'i')).toEqual(['subsubparagraph', '(i)', 'Article 2(1)(i)'])
    expect(label(n, 'a')).toEqual(['subparagraph', '(a)', 'Article 2(2)(a)'])
    expect(label(n, 'j')).toEqual(['subsubparagraph', '(i)', 'Article 2(2)(a)(i)'])
  })

  it('cites the sub-paragraphs of a sole paragraph as its article\'s, "Article 2(a)"', () => {
    const n = numberTreaty(inSecondArticle(block('p1', 0), block('a', 1), block('b', 1), block('i', 2)))
    expect(label(n, 'p1')).toEqual(['paragraph', '', 'Article 2'])
    expect(label(n, 'a')).toEqual(['subparagraph', '(a)', 'Article 2(a)'])
    expect(label(n, 'b')).toEqual(['subparagraph', '(b)', 'Article 2(b)'])
    expect(label(n, 'i')).toEqual(['subsubparagraph', '(i)', 'Article 2(b)(i)'])
  })

  it('nests the blocks for exporters, closing text under the unit it closes and an implied unit above a (i) with no (a)', () => {
    const treaty = inSecondArticle(block('p1', 0), block('a', 1), block('i', 2), block('close', 0, true), block('p2', 0), block('j', 2))
    let art: Node | null = null
    let start = 0
    treaty.forEach((child, offset) => { if (child.attrs.id === 'art') { art = child; start = offset + 1 } })
    const shape = (t: UnitTree): unknown => ({
      id: t.node ? t.node.attrs.id : null,
      ...(t.children.length ? { children: t.children.map(shape) } : {}),
      ...(t.after.length ? { after: t.after.map((a) => a.node.attrs.id) } : {}),
    })
    const trees = nestUnits(art!, start)
    expect(trees.map(shape)).toEqual([
      { id: 'p1', children: [{ id: 'a', children: [{ id: 'i' }] }], after: ['close'] },
      { id: 'p2', children: [{ id: null, children: [{ id: 'j' }] }] },
    ])
    // positions are document positions, so they meet numbering's
    const n = numberTreaty(treaty)
    expect(n.byPos.get(trees[0]!.children[0]!.pos)?.id).toBe('a')
  })
})
