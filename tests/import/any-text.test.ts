// Whatever lines a file holds, in whatever order, the text importers build a treaty in shape and
// lose none of its words: a property test over lines drawn from every pattern they read.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { importMarkdown, importPlainText } from '../../server/import/markdown.js'
import { buildTreaty } from '../../server/import/structure.js'

const LINES = [
  'PART I', 'Part II — Scope', 'CHAPTER III', 'Section 2', 'SUBSECTION A', 'Article 1', 'ARTICLE 2: Terms', 'Art. 3', 'Article 4 Definitions',
  'ANNEX', 'Annex II — Map', 'Final provisions', 'PREAMBLE', 'Preamble',
  '1. The Parties agree.', '2) They shall meet.', '(a) first;', '(b) second;', '(i) one;', '(ii) two;', '(1) numbered item;', 'a) lettered;',
  'Recalling the Charter,', 'Have agreed as follows:', 'The Parties shall talk', 'and to nothing else.',
  'IN WITNESS WHEREOF the undersigned have signed.', 'DONE at Geneva.', 'For the Republic of A:', '(signed)',
  'Drafting note: check this.', '# Title', '## Part I', '### Article 9', '#### Heading', '**Article 5**', '(*c*) emphasised;',
  '> quoted', '- bullet', '', '', '',
]

const lines = fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 30 })), { maxLength: 40 })
const words = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean)

describe('any text', () => {
  it('imports as a treaty in shape, as Markdown and as plain text', () => {
    fc.assert(fc.property(lines, (ls) => {
      const text = ls.join('\n')
      for (const imported of [importMarkdown(text), importPlainText(text)]) {
        expect(treatyShapeErrors(imported.doc)).toEqual([])
      }
    }), { numRuns: 300 })
  })

  it('builds a treaty in shape from blocks marked as headings or list items anywhere, as Word files mark them', () => {
    const block = fc.record({
      text: fc.oneof(fc.constantFrom(...LINES.filter((l) => l !== '')), fc.string({ minLength: 1, maxLength: 20 })),
      heading: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      listLevel: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
      second: fc.option(fc.constantFrom('Purpose', '(signed)', 'Article 2'), { nil: undefined }),
    })
    fc.assert(fc.property(fc.array(block, { maxLength: 40 }), (bs) => {
      const blocks = bs.filter((b) => b.text.trim() !== '').map((b) => ({
        text: [b.text, b.second].filter(Boolean).join(' '), lines: [b.text, ...(b.second ? [b.second] : [])],
        ...(b.heading !== undefined ? { heading: b.heading } : {}), ...(b.listLevel !== undefined ? { listLevel: b.listLevel } : {}),
      }))
      expect(treatyShapeErrors(buildTreaty(blocks, { format: 'docx' }).doc)).toEqual([])
    }), { numRuns: 300 })
  })

  it('keeps every word of plain text (numbers and markers aside), wherever it puts it', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...LINES.filter((l) => !/^[#>*-]/.test(l))), { maxLength: 30 }), (ls) => {
      const blocks = ls.filter((l) => l !== '').map((l) => ({ text: l, lines: [l] }))
      const { doc, report } = buildTreaty(blocks, { format: 'text' })
      const blocksText: string[] = []
      doc.descendants((n) => { if (n.isTextblock) blocksText.push(n.textContent); return !n.isTextblock })
      const kept = new Set(words(`${blocksText.join(' ')} ${report.fallbacks.map((f) => f.text).join(' ')}`))
      // the words that only number or introduce a unit are drawn again by the numbering
      const structural = new Set(['PART', 'Part', 'CHAPTER', 'Section', 'Article', 'ARTICLE', 'Art', 'ANNEX', 'Annex', 'PREAMBLE', 'Preamble', 'Drafting', 'note',
        'I', 'II', 'III', '1', '2', '3', '4', 'a', 'b', 'i', 'ii'])
      for (const w of words(ls.join(' '))) if (!structural.has(w)) expect(kept.has(w), w).toBe(true)
    }), { numRuns: 300 })
  })
})

describe('any Akoma Ntoso', () => {
  const ELEMENTS = ['part', 'chapter', 'section', 'title', 'article', 'paragraph', 'subparagraph', 'point', 'list', 'intro', 'content', 'p', 'wrapUp',
    'hcontainer', 'level', 'subsection', 'num', 'heading', 'subheading', 'blockList', 'item', 'table', 'b', 'i', 'ref', 'placeholder', 'br']
  type Tree = { name: string; children: Tree[] | string }
  const { tree } = fc.letrec<{ tree: Tree }>((t) => ({
    tree: fc.record({
      name: fc.constantFrom(...ELEMENTS),
      children: fc.oneof({ depthSize: 'small' }, fc.constantFrom('text', '1.', '(a)', 'Article 1', ''), fc.array(t('tree'), { maxLength: 4 })),
    }),
  }))
  const xmlOf = (n: Tree): string => {
    const attrs = n.name === 'hcontainer' ? ' name="finalProvisions"' : n.name === 'ref' ? ' href="#art_1"' : ''
    // a number is a number, a line break holds nothing
    const inner = n.name === 'num' ? '1.' : n.name === 'br' ? '' : typeof n.children === 'string' ? n.children : n.children.map(xmlOf).join('')
    return `<${n.name}${attrs} eId="x_${n.name}">${inner}</${n.name}>`
  }

  it('imports any arrangement of hierarchy elements as a treaty in shape, keeping every word', async () => {
    const { importAkn } = await import('../../server/import/akn.js')
    fc.assert(fc.property(fc.array(tree, { maxLength: 5 }), fc.array(tree, { maxLength: 2 }), (body, annex) => {
      const xml = `<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><bill><preamble>${annex.map(xmlOf).join('')}</preamble>` +
        `<body>${body.map(xmlOf).join('')}</body><conclusions>${annex.map(xmlOf).join('')}</conclusions>` +
        `<attachments><attachment><doc name="annex"><mainBody>${annex.map(xmlOf).join('')}${body.map(xmlOf).join('')}</mainBody></doc></attachment></attachments></bill></akomaNtoso>`
      const { doc } = importAkn(xml)
      expect(treatyShapeErrors(doc)).toEqual([])
      // every word of text comes through (a <num> is drawn again by the numbering; a <br> holds none)
      const texts = (n: Tree): number => ['num', 'br'].includes(n.name) ? 0
        : typeof n.children === 'string' ? (n.children === 'text' ? 1 : 0) : n.children.reduce((sum, c) => sum + texts(c), 0)
      const expected = 2 * body.reduce((sum, t) => sum + texts(t), 0) + 3 * annex.reduce((sum, t) => sum + texts(t), 0)
      let found = 0
      doc.descendants((n) => {
        if (n.isText) found += (n.text!.match(/text/g) ?? []).length
        if (n.type.name === 'parameter') found += (String(n.attrs.name).match(/text/g) ?? []).length
      })
      expect(found).toBe(expected)
    }), { numRuns: 300 })
  })
})
