// Importing real treaties: the messy Markdown of Additional Protocol II, the UN Charter and UNCLOS
// gives back their parts, chapters, articles and numbered paragraphs, counted in the source with
// simple patterns of their own; each real Akoma Ntoso example gives back its articles.
import { readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { importAkn } from '../../server/import/akn.js'
import { importMarkdown } from '../../server/import/markdown.js'

const FIXTURES = resolve(import.meta.dirname, '../fixtures')
const read = (path: string) => readFileSync(resolve(FIXTURES, path), 'utf8')
const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0
const nodes = (doc: Node, type: string) => { let n = 0; doc.descendants((x) => { if (x.type.name === type) n++ }); return n }

/** What the source says, by line patterns independent of the importer. */
function sourceCounts(md: string) {
  return {
    parts: count(md, /^#+\s*PART\s+[IVXLC]+\s*$/gim),
    chapters: count(md, /^#+\s*CHAPTER\s+[IVXLC]+\s*$/gim),
    articles: count(md, /^#+\s*Article\s+\d+\s*$/gim),
    paragraphs: count(md, /^\s*\d+\.(?!\d)/gm),
  }
}

describe('importing the corpus', () => {
  it.each([
    ['Additional Protocol II', 'corpus/ap2-1977_protocol-additional-II.en.md', 'Protocol Additional to the Geneva Conventions of 12 August 1949, and relating to the Protection of Victims of Non-international Armed Conflicts (Protocol II)'],
    ['the UN Charter', 'corpus/un-charter-1945.en.md', 'Charter of the United Nations'],
    ['UNCLOS', 'corpus/unclos-1982_law-of-the-sea.en.md', 'United Nations Convention on the Law of the Sea'],
  ])('recovers the title, parts, chapters, articles and numbered paragraphs of %s', (_name, path, title) => {
    const md = read(path)
    const expected = sourceCounts(md)
    expect(expected.articles).toBeGreaterThan(20)
    const { doc, report } = importMarkdown(md)
    expect(treatyShapeErrors(doc)).toEqual([])
    expect(report.title).toBe(title)
    expect({ parts: report.counts.parts, chapters: report.counts.chapters, articles: report.counts.articles, paragraphs: report.counts.paragraphs }).toEqual(expected)
    // and the document holds them: the numbering counts as many articles, parts and chapters
    const labels = [...numberTreaty(doc).byPos.values()]
    expect(labels.filter((l) => l.kind === 'article').length).toBe(expected.articles)
    expect(nodes(doc, 'part')).toBe(expected.parts)
    expect(nodes(doc, 'chapter')).toBe(expected.chapters)
  })

  it('reads AP II\'s run-together preamble as recitals and its lettered items as sub-paragraphs', () => {
    const { doc, report } = importMarkdown(read('corpus/ap2-1977_protocol-additional-II.en.md'))
    const recitals: string[] = []
    doc.descendants((n) => { if (n.type.name === 'recital') recitals.push(n.textContent); return n.type.name !== 'recital' })
    expect(recitals[0]).toBe('The High Contracting Parties,')
    expect(recitals[1]).toMatch(/^Recalling that the humanitarian principles enshrined in Article 3 common/)
    expect(recitals.at(-1)).toBe('Have agreed on the following:')
    const md = read('corpus/ap2-1977_protocol-additional-II.en.md')
    expect(report.counts.items).toBe(count(md, /^\s*\([a-z]{1,4}\)/gm))
    // Article 4(2)(h) is the eighth item of paragraph 2
    expect([...numberTreaty(doc).byPos.values()].some((l) => l.ref === 'Article 4(2)(h)')).toBe(true)
  })

  it('keeps the Charter\'s unnumbered headings ("Composition") as headings and its closing formula as the conclusion', () => {
    const { doc, report } = importMarkdown(read('corpus/un-charter-1945.en.md'))
    expect(report.counts.subheadings).toBeGreaterThan(10)
    let conclusion = ''
    doc.forEach((n) => { if (n.type.name === 'conclusion') conclusion = n.textContent })
    expect(conclusion).toMatch(/^IN FAITH WHEREOF .*DONE at the city of San Francisco/)
    // Article 1's opening words take no number: its paragraphs stay 1 to 4
    const art1 = [...numberTreaty(doc).byPos.values()].filter((l) => l.ref.startsWith('Article 1(')).map((l) => l.marker)
    expect(art1).toEqual(['1.', '2.', '3.', '4.'])
  })

  it('reads UNCLOS\'s annexes and sections, and reports the section headings an annex cannot hold', () => {
    const md = read('corpus/unclos-1982_law-of-the-sea.en.md')
    const { doc, report } = importMarkdown(md)
    expect(report.counts.annexes).toBe(count(md, /^#+\s*ANNEX\s+[IVXLC]+\s*$/gm))
    const sections = count(md, /^#+\s*SECTION\s+\d+\s*$/gm)
    const inAnnexes = report.fallbacks.filter((f) => f.reason.startsWith('a section heading inside an annex')).length
    expect(report.counts.sections + inAnnexes).toBe(sections)
    expect(nodes(doc, 'section')).toBe(report.counts.sections)
  })

  it('reads the 1946 Convention\'s Roman-numbered articles and its items with their letters in emphasis', () => {
    const md = read('corpus/un-privileges-immunities-1946.en.md')
    const { doc, report } = importMarkdown(md)
    expect(treatyShapeErrors(doc)).toEqual([])
    expect(report.counts.articles).toBe(count(md, /^#+\s*Article\s+[IVXLC]+\s*$/gm))
    expect(report.counts.items).toBe(count(md, /^\s*\(\*[a-z]\*\)/gm))
    expect([...numberTreaty(doc).byPos.values()].some((l) => l.ref === 'Article 1(c)')).toBe(true)
  })
})

describe('importing the Akoma Ntoso examples', () => {
  const dir = resolve(FIXTURES, 'akn/examples')
  const files = readdirSync(dir).filter((f) => f.endsWith('.xml'))

  it('has the four examples', () => { expect(files.length).toBe(4) })

  it.each(files)('recovers every article of %s', (file) => {
    const xml = readFileSync(resolve(dir, file), 'utf8')
    const { doc, report } = importAkn(xml)
    expect(treatyShapeErrors(doc)).toEqual([])
    const articles = count(xml, /<(?:akn:)?article[\s>]/g)
    expect(report.counts.articles).toBe(articles)
    expect(nodes(doc, 'article')).toBe(articles)
    expect(doc.textContent.length).toBeGreaterThan(1000)
  })

  it('reads the EU proposal\'s recitals, paragraphs and points', () => {
    const xml = readFileSync(resolve(dir, 'eu_join-2022-19_council-regulation-proposal.akn4eu.xml'), 'utf8')
    const { report } = importAkn(xml)
    expect(report.counts.recitals).toBeGreaterThanOrEqual(count(xml, /<recital[\s>]/g))
    expect(report.counts.items).toBe(count(xml, /<point[\s>]/g))
  })
})
