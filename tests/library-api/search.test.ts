// Clause search: folding, stemming and prefixes; every term required; title and tag matches
// ranked above body matches, a query naming a whole title first; category and tag filters with facet
// counts; the shipped library.
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ClauseIndex, foldText, stem } from '../../editor/model/clauses/search.js'
import { loadClauses } from '../../server/library/load-clauses.js'
import { makeClause as make } from './helpers.js'

const ids = (index: ClauseIndex, q: string, extra: object = {}) => index.search({ q, ...extra }).results.map((r) => r.id)

describe('ranking on small clauses', () => {
  // category "capacity" (not "process", whose label "Negotiation process" would match "negot")
  const makeClause = (fields: Record<string, unknown>) => make({ category: 'capacity', ...fields })
  const index = new ClauseIndex([
    makeClause({ id: 'safe-conduct', title: 'Safe conduct', summary: 'Passage to and from the talks.', tags: ['pacta-safe-conduct'] }),
    makeClause({ id: 'body-only', title: 'Logistics of talks', summary: 'Venues and travel.', body: '### Travel\n\n1. Delegates travel under safe conduct granted by {{party_a}}.\n' }),
    makeClause({ id: 'tagged', title: 'Guarantees', summary: 'Security guarantees for delegates.', tags: ['SsrGua'], body: '### Guarantees\n\n1. {{party_a}} guarantees the security of delegations.\n' }),
    makeClause({ id: 'negotiators', title: 'Protection of negotiators', summary: 'Legal safety of those who take part.', category: 'protection', tags: ['pacta-negotiator-protection'] }),
  ])

  it('ranks a title match above a match in the body only', () => {
    expect(ids(index, 'safe conduct')).toEqual(['safe-conduct', 'body-only'])
  })

  it('requires every term', () => {
    expect(ids(index, 'safe travel')).toEqual(['body-only'])
    expect(ids(index, 'safe nothingness')).toEqual([])
  })

  it('matches the start of a word, folded case and diacritics, and simple word forms', () => {
    expect(ids(index, 'negot')).toEqual(['negotiators'])
    expect(ids(index, 'NÉGOTIATION')).toEqual(['negotiators'])
    expect(ids(index, 'negotiator')).toEqual(['negotiators'])
    expect(foldText('Ça déjà')).toBe('ca deja')
    expect(stem('negotiations')).toBe(stem('negotiator'))
    expect(stem('guarantees')).toBe(stem('guarantee'))
  })

  it('finds a tag by its code and by its meaning, ranked above a body match', () => {
    expect(ids(index, 'SsrGua')).toEqual(['tagged'])
    const security = index.search({ q: 'security' }).results
    expect(security[0]!.id).toBe('tagged')
    expect(security[0]!.matched).toContain('tags')
  })

  it('filters by category and tag and counts facets over the rest of the query', () => {
    expect(ids(index, '', { category: 'protection' })).toEqual(['negotiators'])
    expect(ids(index, '', { tag: 'pacta-safe-conduct' })).toEqual(['safe-conduct'])
    const all = index.search({ category: 'protection' })
    expect(all.total).toBe(1)
    // the category facet ignores the category filter, so other categories still show
    expect(all.facets.categories.map((f) => [f.value, f.count])).toEqual([['capacity', 3], ['protection', 1]])
    expect(all.facets.tags.map((f) => f.value)).toEqual(['pacta-negotiator-protection'])
  })

  it('puts the clause whose whole title is the query first, even when another uses the words more often', () => {
    const both = new ClauseIndex([
      makeClause({ id: 'conduct-of-delegations', title: 'Safe conduct of delegations', summary: 'Safe conduct for every delegation.',
        tags: ['pacta-safe-conduct'], body: '### Safe conduct\n\n1. Safe conduct is granted by {{party_a}}.\n2. Safe conduct covers travel.\n' }),
    ])
    both.add(makeClause({ id: 'own-safe-conduct', title: 'Safe conduct', summary: 'Passage to the talks.' }), 'saved')
    expect(ids(both, 'safe conduct')).toEqual(['own-safe-conduct', 'conduct-of-delegations'])
    expect(ids(both, '  Safe  CONDUCT ')).toEqual(['own-safe-conduct', 'conduct-of-delegations'])
    // a query that is only part of the title ranks as before
    expect(ids(both, 'safe')[0]).toBe('conduct-of-delegations')
  })

  it('lists everything, by title, for an empty query', () => {
    expect(index.search({}).results.map((r) => r.title)).toEqual(['Guarantees', 'Logistics of talks', 'Protection of negotiators', 'Safe conduct'])
  })
})

describe('the shipped library', () => {
  let index: ClauseIndex
  beforeAll(async () => {
    const lib = await loadClauses(resolve(import.meta.dirname, '../../clauses'))
    index = new ClauseIndex(lib.clauses)
  })

  it('puts amnesty clauses first for "amnesty", titles first', () => {
    const top = index.search({ q: 'amnesty' }).results.slice(0, 3)
    for (const hit of top) expect(hit.title.toLowerCase()).toContain('amnesty')
  })

  it('finds conditional amnesty by a prefix of each word', () => {
    expect(ids(index, 'cond amnes')[0]).toBe('conditional-amnesty')
  })

  it('searches the words of the legal standard a clause includes, not its {{std:…}} markup', () => {
    const hits = ids(index, 'enforced disappearance')
    expect(hits).toEqual(expect.arrayContaining(['conditional-amnesty', 'amnesty-exclusions', 'leniency-for-cooperation', 'functional-protection-of-facilitators', 'confidentiality-of-talks']))
    expect(ids(index, 'std')).toEqual([])
  })

  it('narrows to the ceasefire category and its tags', () => {
    const res = index.search({ category: 'ceasefire' })
    expect(res.total).toBeGreaterThan(1)
    expect(res.results.every((r) => r.category === 'ceasefire')).toBe(true)
    expect(res.facets.tags.some((t) => t.value === 'Ce')).toBe(true)
  })
})
