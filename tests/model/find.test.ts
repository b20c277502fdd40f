// Finding and replacing text in a treaty without a DOM: matching rules (case, whole words), the
// text of text blocks only (never a parameter's value or a reference's number, never across
// them), the article scope, replacements that keep marks, and a search over UNCLOS.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Transform } from 'prosemirror-transform'
import type { Node } from 'prosemirror-model'
import { article, doc, heading, marked, param, paragraph, preamble, recital, term, title, xref } from '../../editor/model/build.js'
import {
  DocumentSearch, articleIdAt, findArticle, findMatches, matchIndexFrom, queryProblem, replaceMatch, replaceMatches, searchableText,
  type FindQuery,
} from '../../editor/model/find.js'
import { importMarkdown } from '../../server/import/markdown.js'

const q = (pattern: string, more: Partial<FindQuery> = {}): FindQuery => ({ pattern, matchCase: false, wholeWord: false, ...more })
const found = (d: Node, query: FindQuery) => findMatches(d, query).map((m) => d.textBetween(m.from, m.to))

const treaty = () => doc(
  title('Treaty on Safer Peace Negotiation'),
  preamble(recital('The Parties, recognizing that party politics …')),
  article({ id: 'a1' }, heading('Use of terms'),
    ...paragraph('For the purposes of this Treaty, ', term('party', 'Party', true), ' means a State party to it.'),
    ...paragraph('Each PARTY shall notify ', param('depositary'), ' and the counterparty.')),
  article({ id: 'a2' }, heading('Scope'),
    ...paragraph('This Treaty applies as provided in ', xref('a1'), ' to each Party.')),
)

describe('matching', () => {
  it('ignores case unless asked to match it', () => {
    const d = treaty()
    expect(found(d, q('party'))).toEqual(['party', 'Party', 'party', 'PARTY', 'party', 'Party'])
    expect(found(d, q('Party', { matchCase: true }))).toEqual(['Party', 'Party'])
  })

  it('finds whole words only when asked: not "party" inside "counterparty" or "Parties"', () => {
    const d = treaty()
    expect(found(d, q('party', { wholeWord: true }))).toEqual(['party', 'Party', 'party', 'PARTY', 'Party'])
    expect(found(d, q('part', { wholeWord: true }))).toEqual([])
    // a pattern that starts or ends with punctuation has no word boundary to respect at that end
    expect(found(d, q('Treaty,', { wholeWord: true }))).toEqual(['Treaty,'])
    expect(found(d, q(', ', { wholeWord: true }))).toEqual([', ', ', '])
  })

  it('treats letters beyond ASCII as parts of words', () => {
    const d = doc(article({ id: 'a' }, heading('Définitions'), ...paragraph('Les États parties et l’État dépositaire.')))
    expect(found(d, q('état', { wholeWord: true }))).toEqual(['État'])
    expect(found(d, q('tat', { wholeWord: true }))).toEqual([])
  })

  it('takes the pattern as text, not as a regular expression', () => {
    const d = doc(article({ id: 'a' }, heading('Costs'), ...paragraph('Costs (a) are 1.5% [of] the budget *only*.')))
    for (const p of ['(a)', '1.5%', '[of]', '*only*.']) expect(found(d, q(p))).toEqual([p])
    expect(found(d, q('1.5.'))).toEqual([])
  })

  it('finds nothing for an empty pattern, and says why', () => {
    expect(findMatches(treaty(), q(''))).toEqual([])
    expect(queryProblem(q(''))).toMatch(/type the text/i)
    expect(queryProblem(q('Party'))).toBeNull()
  })

  it('finds matches overlapping no other: "aa" twice in "aaaa"', () => {
    const d = doc(article({ id: 'a' }, heading('x'), ...paragraph('aaaa')))
    expect(findMatches(d, q('aa')).map((m) => m.to - m.from)).toEqual([2, 2])
  })

  it('matches across marks within a block: a defined term and plain text read as one text', () => {
    const d = doc(article({ id: 'a' }, heading('x'), ...paragraph('the ', term('party', 'Party'), ' concerned')))
    expect(found(d, q('the party concerned'))).toEqual(['the Party concerned'])
  })
})

describe('parameters and cross-references', () => {
  it('never finds a parameter’s name or value, nor a reference, and never matches across them', () => {
    const d = treaty()
    expect(findMatches(d, q('depositary'))).toEqual([])
    expect(findMatches(d, q('[depositary]'))).toEqual([])
    // the text on both sides of the parameter, with nothing or a space in between
    expect(findMatches(d, q('notify  and'))).toEqual([])
    expect(findMatches(d, q('notify and'))).toEqual([])
    expect(findMatches(d, q('in  to'))).toEqual([])
    expect(searchableText(d.child(3).child(1))).toBe('This Treaty applies as provided in \uFFFC to each Party.')
  })

  it('treats the placeholder character as unsearchable, so no pattern can take in a parameter', () => {
    const d = treaty()
    expect(findMatches(d, q('notify \uFFFC and'))).toEqual([])
    expect(queryProblem(q('notify \uFFFC and'))).not.toBeNull()
  })

  it('keeps every parameter and reference when all matches around them are replaced', () => {
    const d = treaty()
    const tr = new Transform(d)
    replaceMatches(tr, findMatches(d, q(' ')), '')
    let params = 0
    let xrefs = 0
    tr.doc.descendants((n) => { if (n.type.name === 'parameter') params++; if (n.type.name === 'xref') xrefs++ })
    expect([params, xrefs]).toEqual([1, 1])
    expect(tr.doc.child(3).child(1).child(1).attrs.target).toBe('a1')
  })
})

describe('the article scope', () => {
  it('searches one article by its id, and nothing when the article is gone', () => {
    const d = treaty()
    const inA2 = findMatches(d, q('party'), { kind: 'article', id: 'a2' })
    expect(inA2.map((m) => d.textBetween(m.from, m.to))).toEqual(['Party'])
    expect(inA2[0]!.from).toBeGreaterThan(findArticle(d, 'a2')!.pos)
    expect(findMatches(d, q('party'), { kind: 'article', id: 'gone' })).toEqual([])
  })

  it('names the article holding a position, and none in the preamble', () => {
    const d = treaty()
    const inScope = findMatches(d, q('applies'))[0]!
    expect(articleIdAt(d, inScope.from)).toBe('a2')
    expect(articleIdAt(d, findMatches(d, q('recognizing'))[0]!.from)).toBeNull()
  })
})

describe('the current match', () => {
  it('is the first match at or after a position, wrapping round to the first', () => {
    const matches = [{ from: 5, to: 7 }, { from: 10, to: 12 }, { from: 20, to: 22 }]
    expect(matchIndexFrom(matches, 0)).toBe(0)
    expect(matchIndexFrom(matches, 10)).toBe(1)
    expect(matchIndexFrom(matches, 11)).toBe(2)
    expect(matchIndexFrom(matches, 21)).toBe(0)
    expect(matchIndexFrom([], 3)).toBe(-1)
  })
})

describe('replacing', () => {
  const marksAt = (d: Node, text: string) => {
    const m = findMatches(d, q(text, { matchCase: true }))[0]!
    const names: string[][] = []
    d.nodesBetween(m.from, m.to, (n) => { if (n.isText) names.push(n.marks.map((mk) => mk.type.name)) })
    return names
  }

  it('keeps a defined term a defined term, and bold text bold', () => {
    const d = doc(article({ id: 'a' }, heading('x'), ...paragraph('A ', term('party', 'Party', true), ' and a ', marked('strong', 'Party'), '.')))
    const tr = new Transform(d)
    expect(replaceMatches(tr, findMatches(d, q('Party', { matchCase: true })), 'Contracting State')).toBe(2)
    expect(tr.doc.textContent).toBe('xA Contracting State and a Contracting State.')
    expect(marksAt(tr.doc, 'Contracting State')).toEqual([['term']])
    const bold = findMatches(tr.doc, q('Contracting State'))[1]!
    expect(tr.doc.nodeAt(bold.from)!.marks.map((m) => m.type.name)).toEqual(['strong'])
    expect(tr.doc.nodeAt(bold.from)!.text).toBe('Contracting State')
  })

  it('changes only the characters that differ, so the shared ones keep their own marks', () => {
    const d = doc(article({ id: 'a' }, heading('x'), ...paragraph('the ', marked('em', 'Party'), ' here')))
    const tr = new Transform(d)
    replaceMatch(tr, findMatches(d, q('the Party'))[0]!, 'the State')
    expect(tr.doc.textContent).toBe('xthe State here')
    expect(marksAt(tr.doc, 'State')).toEqual([['em']])
    expect(marksAt(tr.doc, 'the ')).toEqual([[]])
  })

  it('deletes a match replaced by nothing, and returns the position after a replacement', () => {
    const d = doc(article({ id: 'a' }, heading('x'), ...paragraph('one two three')))
    const tr = new Transform(d)
    const m = findMatches(d, q('two '))[0]!
    expect(replaceMatch(tr, m, '')).toBe(m.from)
    expect(tr.doc.textContent).toBe('xone three')
    const tr2 = new Transform(d)
    const m2 = findMatches(d, q('two'))[0]!
    expect(replaceMatch(tr2, m2, 'twenty-two')).toBe(m2.from + 'twenty-two'.length)
    expect(tr2.doc.textContent).toBe('xone twenty-two three')
  })
})

describe('a search over UNCLOS', () => {
  const unclos = importMarkdown(readFileSync(resolve(import.meta.dirname, '../fixtures/corpus/unclos-1982_law-of-the-sea.en.md'), 'utf8')).doc

  it('finds every occurrence, and searches again only the blocks a change touched', () => {
    const search = new DocumentSearch(q('State', { wholeWord: true }))
    let t = performance.now()
    const all = search.matches(unclos)
    const first = performance.now() - t
    expect(all.length).toBeGreaterThan(500)
    for (const m of all.slice(0, 50)) expect(unclos.textBetween(m.from, m.to).toLowerCase()).toBe('state')

    // type a word at the first match: the changed block is searched again, the others are remembered
    const blocks = search.blocksSearched
    expect(blocks).toBeGreaterThan(2000)
    const tr = new Transform(unclos).insert(all[0]!.from, unclos.type.schema.text('coastal '))
    t = performance.now()
    const again = search.matches(tr.doc)
    const incremental = performance.now() - t
    expect(search.blocksSearched - blocks).toBe(1)
    expect(again.length).toBe(all.length)
    expect(again[0]!.from).toBe(all[0]!.from + 'coastal '.length)
    expect(again.at(-1)!.from).toBe(all.at(-1)!.from + 'coastal '.length)
    t = performance.now()
    const the = findMatches(unclos, q('the'))
    const common = performance.now() - t
    expect(the.length).toBeGreaterThan(5000)
    console.info(`UNCLOS: ${all.length} matches of "State" (whole word); first search ${first.toFixed(1)} ms, after one edit ${incremental.toFixed(1)} ms; ${the.length} matches of "the" in ${common.toFixed(1)} ms`)
  })
})

describe('footnotes', () => {
  it('finds and replaces text in a footnote as text, in document order, and the positions stay right after it', async () => {
    const { footnote } = await import('../../editor/model/build.js')
    const d = doc(title('T'), article({ id: 'a' }, heading('H'),
      ...paragraph('Party one', footnote('A Party note'), ' then Party two')))
    const matches = findMatches(d, q('party'))
    expect(matches.map((m) => d.textBetween(m.from, m.to))).toEqual(['Party', 'Party', 'Party'])
    expect(matches.map((m) => m.from)).toEqual([...matches.map((m) => m.from)].sort((a, b) => a - b))
    const tr = new Transform(d)
    replaceMatches(tr, matches, 'State')
    let text = ''
    tr.doc.descendants((n) => { if (n.type.name === 'paragraph') text = n.textContent; return true })
    expect(text).toBe('State oneA State note then State two')
    expect(tr.doc.nodeAt(matches[1]!.from - 3)?.type.name).toBe('footnote')
  })
})
