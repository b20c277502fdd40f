import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { citationStyleOf, citeReferences, type CitationStyle } from '../../editor/model/citation.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { sampleTreaty } from '../../editor/model/sample.js'
import { annex, article, doc, heading, paragraph, part, section, subparagraph, subsubparagraph, title, xref } from '../../editor/model/build.js'

/** The texts of the references of `treaty`, in document order. */
function cited(treaty: Node, style: CitationStyle = 'compact'): Array<string | null> {
  const citations = citeReferences(treaty, numberTreaty(treaty), style)
  const out: Array<string | null> = []
  treaty.descendants((node, pos) => {
    if (node.type.name === 'xref') {
      expect(citations.of(node)).toBe(citations.at(pos))
      out.push(citations.at(pos)!)
    }
  })
  return out
}

/** The references in paragraph `from` of article 2 of a treaty whose article 2 holds `blocks`. */
const treaty = (...blocks: Array<Node | Node[]>) => doc(title('T'),
  part({ id: 'pt' }, heading('P'),
    article({ id: 'a1' }, heading('One'), paragraph({ id: 'one' }, 'x')),
    section({ id: 'sec' }, heading('S'),
      article({ id: 'a2' }, heading('Two'), ...blocks))),
  article({ id: 'a3' }, heading('Three'),
    paragraph({ id: 'p31' }, 'Chapeau', subparagraph({ id: 's31a' }, 'a', subsubparagraph({ id: 's31ai' }, 'i'), subsubparagraph({ id: 's31aii' }, 'ii')), subparagraph({ id: 's31b' }, 'b')),
    paragraph({ id: 'p32' }, 'y')),
  article({ id: 'a4' }, heading('Four'), paragraph({ id: 'p4' }, 'Sole', subparagraph({ id: 's4a' }, 'a'), subparagraph({ id: 's4b' }, 'b'))),
  annex({ id: 'ax' }, heading('Annex'),
    article({ id: 'ax1' }, heading('In annex'), paragraph({ id: 'ax11' }, 'z'), paragraph({ id: 'ax12' }, 'w'))),
)

/** Article 2 with three paragraphs, the second with (a) and (b), and the references `refs` in its third, after "see ". */
const article2 = (...refs: Array<string | Node>) => treaty(
  paragraph({ id: 'p1' }, 'first'),
  paragraph({ id: 'p2' }, 'second', subparagraph({ id: 's2a' }, 'a', subsubparagraph({ id: 's2ai' }, 'i'), subsubparagraph({ id: 's2aii' }, 'ii')), subparagraph({ id: 's2b' }, 'b')),
  paragraph({ id: 'p3' }, 'see ', ...refs))

describe('references within their own article', () => {
  it.each<CitationStyle>(['compact', 'un'])('name paragraphs and sub-paragraphs without the article (%s)', (style) => {
    expect(cited(article2(xref('p1'), ' ', xref('s2a'), ' ', xref('s2ai'), ' ', xref('p3')), style))
      .toEqual(['paragraph 1', 'subparagraph (a) of paragraph 2', 'subparagraph (a) (i) of paragraph 2', 'this paragraph'])
  })

  it('leave out the paragraph a reference is in, and say "this subparagraph" for its own', () => {
    const t = treaty(paragraph({ id: 'p1' }, 'first', subparagraph({ id: 's1a' }, 'see ', xref('s1b'), ' ', xref('s1a'), ' ', xref('p1')), subparagraph({ id: 's1b' }, 'b')), paragraph({ id: 'p2' }, 'x'))
    expect(cited(t)).toEqual(['subparagraph (b)', 'this subparagraph', 'paragraph 1'])
  })

  it('name the sub-paragraphs of a sole paragraph, and the article itself, as "subparagraph (a)" and "this article"', () => {
    const t = treaty(paragraph({ id: 'only' }, 'see ', xref('sa'), ' and ', xref('a2'), subparagraph({ id: 'sa' }, 'a')))
    expect(cited(t)).toEqual(['subparagraph (a)', 'this Article'])
    expect(cited(t, 'un')).toEqual(['subparagraph (a)', 'this article'])
  })

  it('treat an annex\'s own paragraphs as one article', () => {
    const t = doc(title('T'), article({ id: 'a1' }, heading('A'), paragraph({ id: 'p' }, 'see ', xref('ap2'))),
      annex({ id: 'an' }, heading('Annex'), paragraph({ id: 'ap1' }, 'see ', xref('ap2'), ' in ', xref('an')), paragraph({ id: 'ap2' }, 'x')))
    expect(cited(t)).toEqual(['Annex I, paragraph 2', 'paragraph 2', 'this Annex'])
    expect(cited(t, 'un')).toEqual(['annex I, paragraph 2', 'paragraph 2', 'this annex'])
  })
})

describe('references to another article', () => {
  const refs = () => article2(xref('a1'), '; ', xref('p31'), '; ', xref('s31a'), '; ', xref('s31ai'), '; ', xref('p4'), '; ', xref('s4a'), '; ', xref('pt'), '; ', xref('sec'), '; ', xref('ax'), '; ', xref('ax12'))
  it('read as the numbering cites them in the compact style (the default)', () => {
    expect(cited(refs())).toEqual(['Article 1', 'Article 3(1)', 'Article 3(1)(a)', 'Article 3(1)(a)(i)', 'Article 4', 'Article 4(a)', 'Part I', 'Part I, Section 1', 'Annex I', 'Annex I, Article 1(2)'])
  })

  it('read "article 5, paragraph 1 (a)" in the United Nations style', () => {
    expect(cited(refs(), 'un')).toEqual(['article 1', 'article 3, paragraph 1', 'article 3, paragraph 1 (a)', 'article 3, paragraph 1 (a) (i)', 'article 4', 'article 4, subparagraph (a)', 'part I', 'part I, section 1', 'annex I', 'annex I, article 1, paragraph 2'])
  })

  it('read the same whichever article they come from', () => {
    const t = doc(title('T'), article({ id: 'a1' }, heading('A'), paragraph({ id: 'p1' }, 'x'), paragraph({ id: 'p2' }, 'y')),
      article({ id: 'b' }, heading('B'), paragraph({ id: 'bp' }, xref('p2'))))
    expect(cited(t)).toEqual(['Article 1(2)'])
  })
})

describe('references listed one after another', () => {
  it('share their words within the article: "paragraphs 1 and 2", "subparagraphs (a) and (b) of paragraph 2"', () => {
    expect(cited(article2('paragraphs ', xref('p1'), ' and ', xref('p2'), ', and ', xref('s2a'), ' and ', xref('s2b'))))
      .toEqual(['paragraphs 1', '2', 'subparagraphs (a)', '(b) of paragraph 2'])
  })

  it('share their article from elsewhere: "Article 3(1) and (2)", "article 3, paragraphs 1, 2"', () => {
    const list = () => article2(xref('p31'), ', ', xref('p32'), ' and ', xref('a1'))
    expect(cited(list())).toEqual(['Article 3(1)', '(2)', 'Article 1'])
    expect(cited(list(), 'un')).toEqual(['article 3, paragraphs 1', '2', 'article 1'])
    const articles = () => article2(xref('a1'), ', ', xref('a3'), ' and ', xref('a4'))
    expect(cited(articles())).toEqual(['Articles 1', '3', '4'])
    expect(cited(articles(), 'un')).toEqual(['articles 1', '3', '4'])
    expect(cited(article2(xref('s31a'), ' and ', xref('s31b')), 'un')).toEqual(['article 3, paragraph 1 (a)', '(b)'])
  })

  it('stay whole when something other than ", " or " and " stands between them, or they differ', () => {
    expect(cited(article2(xref('p1'), ' or ', xref('p2')))).toEqual(['paragraph 1', 'paragraph 2'])
    expect(cited(article2(xref('p1'), ' and ', xref('p31')))).toEqual(['paragraph 1', 'Article 3(1)'])
    expect(cited(article2(xref('p1'), ' and ', xref('gone'), ' and ', xref('p2')))).toEqual(['paragraph 1', null, 'paragraph 2'])
  })
})

describe('a reference that opens a sentence', () => {
  it('starts with a capital letter', () => {
    const t = treaty(paragraph({ id: 'p1' }, 'x'), paragraph({ id: 'p2' }, 'y'),
      paragraph({ id: 'p3' }, xref('p1'), ' and ', xref('p2'), ' apply. ', xref('p31'), ' does not; nor ', xref('p1'), '.'))
    expect(cited(t)).toEqual(['Paragraphs 1', '2', 'Article 3(1)', 'paragraph 1'])
    expect(cited(t, 'un')).toEqual(['Paragraphs 1', '2', 'Article 3, paragraph 1', 'paragraph 1'])
  })
})

describe('the stored style', () => {
  it('is read as the default unless it names a style', () => {
    expect([citationStyleOf('un'), citationStyleOf('compact'), citationStyleOf(undefined), citationStyleOf('UN'), citationStyleOf(3)])
      .toEqual(['un', 'compact', 'compact', 'compact', 'compact'])
  })

  it('leaves the sample treaty\'s references as the numbering cites them in the compact style', () => {
    const sample = sampleTreaty()
    const numbering = numberTreaty(sample)
    const texts: Array<string | null> = []
    const expected: Array<string | undefined> = []
    const citations = citeReferences(sample, numbering, 'compact')
    sample.descendants((n, pos) => {
      if (n.type.name === 'xref') { texts.push(citations.at(pos)!); expected.push(numbering.byId.get(String(n.attrs.target))?.ref) }
    })
    expect(texts).toEqual(expected)
  })
})
