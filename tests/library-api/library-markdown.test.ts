// A selection written as a clause body: the flat paragraph blocks become "1.", "(a)", "(i)" lines and
// closing text, references inside it become {{ref:…}}, the body instantiates back into the same blocks,
// and what the clause syntax cannot say is refused with the reason.
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { schema } from '../../editor/model/schema.js'
import { article, footnote, heading, note, paragraph, param, subparagraph, subsubparagraph, xref } from '../../editor/model/build.js'
import { instantiateClause } from '../../editor/model/clauses/index.js'
import { ClauseMarkdownError, nodesToClauseBody } from '../../server/services/library-markdown.js'
import { makeClause } from './helpers.js'

const block = (level: number, text: string, attrs: Record<string, unknown> = {}) =>
  schema.nodes.paragraph.create({ id: `b-${text}`, level, ...attrs }, schema.text(text))
const shape = (nodes: Node[]) => nodes.map((n) => [n.attrs.level, n.attrs.continues, n.textContent])

describe('writing a selection as a clause body', () => {
  it('writes the levels as nested markers and the text after a list as closing text', () => {
    const nodes = [
      ...paragraph({ id: 'p1' }, 'The parties shall:',
        subparagraph({ id: 's1' }, 'meet:', subsubparagraph({ id: 't1' }, 'monthly;'), subsubparagraph({ id: 't2' }, 'in public;')),
        subparagraph({ id: 's2' }, 'keep minutes.'),
        'Minutes are kept for ', param('years'), ' years.'),
      ...paragraph({ id: 'p2' }, 'As provided in ', xref('t2'), ' and ', xref('p1'), '.'),
    ]
    const { inserts, body, parameters } = nodesToClauseBody(nodes)
    expect(inserts).toBe('paragraphs')
    expect(parameters).toEqual(['years'])
    expect(body).toBe([
      '1. The parties shall:',
      '   (a) meet:',
      '      (i) monthly;',
      '      (ii) in public;',
      '   (b) keep minutes.',
      '',
      '   Minutes are kept for {{years}} years.',
      '2. As provided in {{ref:1(a)(ii)}} and {{ref:1}}.',
      '',
    ].join('\n'))
    // and the body reads back into the same blocks
    const clause = makeClause({ inserts: 'paragraphs', parameters: [{ name: 'years', label: 'Years', type: 'number' }], body })
    expect(shape(instantiateClause(clause).nodes)).toEqual(shape(nodes))
  })

  it('writes whole articles, leaves drafting notes out, and cites closing text as the paragraph it closes', () => {
    const closing = schema.nodes.paragraph.create({ id: 'c1', continues: true }, schema.text('Closing.'))
    const a = article({ id: 'a1' }, heading('Meetings'),
      paragraph({ id: 'p1' }, 'The parties shall:', subparagraph({ id: 's1' }, 'meet.')), closing, note('not saved'),
      paragraph({ id: 'p2' }, 'See ', xref('c1'), ' and ', xref('s1'), '.'))
    const { inserts, body } = nodesToClauseBody([a])
    expect(inserts).toBe('article')
    expect(body).toBe('### Meetings\n\n1. The parties shall:\n   (a) meet.\n\n   Closing.\n2. See {{ref:1}} and {{ref:1(a)}}.\n')
  })

  it('keeps footnotes as ^[…], with their italic and bold and paired brackets, and reads them back as footnotes', () => {
    const em = schema.text('Tadić', [schema.marks.em.create()])
    const nodes = paragraph({ id: 'p1' }, 'Armed conflict has the meaning given in the case law.',
      footnote(['ICTY, ', em, ', IT-94-1-AR72 [1995], para. 70.'], 'fn-1'), ' It applies ', footnote('Unbalanced [sic.', 'fn-2'), 'here.')
    const { body } = nodesToClauseBody(nodes)
    expect(body).toBe('1. Armed conflict has the meaning given in the case law.^[ICTY, *Tadić*, IT-94-1-AR72 [1995], para. 70.] It applies ^[Unbalanced (sic.]here.\n')
    const back = instantiateClause(makeClause({ inserts: 'paragraphs', parameters: [], body })).nodes[0]!
    const notes: Node[] = []
    back.descendants((n) => { if (n.type.name === 'footnote') notes.push(n); return true })
    expect(notes.map((n) => n.textContent)).toEqual(['ICTY, Tadić, IT-94-1-AR72 [1995], para. 70.', 'Unbalanced (sic.'])
    expect(notes[0]!.child(1).marks.map((m) => m.type.name)).toEqual(['em'])
    expect(notes[0]!.attrs.id).toMatch(/^fn-/)
    expect(back.textContent).toBe(nodes[0]!.textContent.replace('[sic', '(sic'))
  })

  it('joins text continuing a sub-paragraph to its line, as the syntax has one run per sub-paragraph', () => {
    const nodes = [block(0, 'Chapeau:'), block(1, 'first'), block(1, 'and more', { continues: true })]
    expect(nodesToClauseBody(nodes).body).toBe('1. Chapeau:\n   (a) first and more\n')
  })

  it('refuses what the clause syntax cannot say, naming it', () => {
    const refuse = (nodes: Node[]) => {
      try { nodesToClauseBody(nodes) } catch (e) { expect(e).toBeInstanceOf(ClauseMarkdownError); return (e as Error).message }
      throw new Error('written')
    }
    expect(refuse([block(0, 'p'), block(1, 'a'), block(2, 'i'), block(1, 'after the (i) list', { continues: true })]))
      .toBe('a sub-paragraph with text after its own sub-paragraphs cannot be written as a clause')
    expect(refuse([block(0, 'p'), block(2, 'i')])).toBe('a sub-paragraph (i) directly under a paragraph, with no (a) above it, cannot be written as a clause')
    expect(refuse([block(1, 'a'), block(1, 'b')])).toBe('the selection begins inside a paragraph; include the paragraph its sub-paragraphs belong to')
    expect(refuse([block(0, 'closing', { continues: true }), block(0, 'p')])).toBe('the selection begins with text that closes a list; include the paragraph it belongs to')
    expect(refuse([block(0, 'p'), block(1, 'indented', { continues: true })])).toBe('indented text that continues no sub-paragraph cannot be written as a clause')
    expect(refuse([schema.nodes.paragraph.create({ id: 'x' }, [schema.text('See '), schema.nodes.xref.create({ target: 'elsewhere' })])]))
      .toContain('points outside it')
    expect(refuse([schema.nodes.paragraph.create({ id: 'x' })])).toBe('the selection has no text')
  })
})
