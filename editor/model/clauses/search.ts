// Full-text search over library clauses: folded, lightly stemmed terms with prefix matching,
// ranked by where they match (title and tags above summary above body), with facet counts.
// DOM-free: the server answers the library API with it, and tests run it directly.
import type { Clause } from './clause.js'
import { CATEGORIES, tagLabel } from './vocabulary.js'
import { expandInlines, type StandardPiece } from './standards.js'

/** Where a term matched, best first. */
export type SearchField = 'title' | 'tags' | 'summary' | 'category' | 'body'

/** What a search asks for; every part is optional. */
export interface ClauseQuery {
  /** Free text: every term must match somewhere (a term may be the start of a word). */
  q?: string
  category?: string
  tag?: string
  /** Largest number of results returned (the total is still counted). Default 50. */
  limit?: number
}

/** One result: the clause's listing fields, its score and the fields that matched. */
export interface ClauseHit {
  id: string
  title: string
  category: string
  tags: string[]
  summary: string
  inserts: Clause['inserts']
  version: number
  variants: number
  /** "library" for the shipped files, "saved" for clauses saved in this instance. */
  origin: ClauseOrigin
  score: number
  matched: SearchField[]
}

export type ClauseOrigin = 'library' | 'saved'

/** A facet value with how many clauses matching the rest of the query carry it. */
export interface Facet {
  value: string
  label: string
  count: number
}

/** A search answer: ranked hits, how many matched in all, and facet counts. */
export interface ClauseSearchResult {
  total: number
  results: ClauseHit[]
  facets: { categories: Facet[]; tags: Facet[] }
}

/** How much a match in each field is worth; a whole-word match counts in full, a prefix match less. */
const WEIGHT: Record<SearchField, number> = { title: 12, tags: 8, summary: 4, category: 3, body: 1 }
const PREFIX_FACTOR = 0.6
const FIELDS: SearchField[] = ['title', 'tags', 'summary', 'category', 'body']

/** Lower-cases and strips diacritics: "Négociation" → "negociation". */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()
}

/** The folded words of `text` (letters and digits; placeholders and markup fall apart into words). */
export function tokenize(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? []
}

const SUFFIXES = ['ations', 'ation', 'ators', 'ator', 'ating', 'ated', 'ates', 'ate', 'ments', 'ment', 'ions', 'ion', 'ings', 'ing', 'ers', 'er', 'ors', 'or', 'ed', 'al', 'e']

/**
 * A light English stemmer, enough for "negotiation", "negotiator", "negotiating" and
 * "negotiate" to meet: plurals first, then one common suffix, keeping at least four letters.
 */
export function stem(word: string): string {
  let w = word
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y'
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2)
  else if (w.length > 3 && w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1)
  for (const s of SUFFIXES) {
    if (w.endsWith(s) && w.length - s.length >= 4) return w.slice(0, -s.length)
  }
  return w
}

/** A field's words: each folded word with its stem, and how often each stem occurs. */
interface FieldWords {
  words: Set<string>
  stems: Map<string, number>
}

interface Entry {
  clause: Clause
  origin: ClauseOrigin
  fields: Record<SearchField, FieldWords>
  title: string
  /** The title's words, folded and joined by single spaces, to recognise a query that names it whole. */
  titleWords: string
}

/** Added to a clause whose whole title is the query: it comes first, however often others use the words. */
const WHOLE_TITLE_BONUS = 100

const tagText = (tag: string) => `${tag} ${tagLabel(tag)}`

/**
 * Body text without the variant headings and markup that are not words of the clause; a
 * `{{std:key}}` reads as the words of the legal standard it inserts, so a search for "enforced
 * disappearance" finds every clause that excludes it.
 */
function bodyText(clause: Clause): string {
  const pieces = new Map((clause.standards ?? []).map((p) => [p.key, p]))
  return clause.body
    .replace(/^##\s+Variant:.*$/gm, ' ')
    .replace(/\{\{ref:[^}]*\}\}/g, ' ')
    .replace(/\{\{\s*std:([^}]*)\}\}/g, (_, key: string) => ` ${standardWords(key.trim(), pieces)} `)
}

/** The plain words of a standard piece, pieces within it included (parameters left out). */
function standardWords(key: string, pieces: ReadonlyMap<string, StandardPiece>): string {
  const piece = pieces.get(key)
  return piece ? expandInlines(piece.text, pieces).map((x) => (x.kind === 'text' || x.kind === 'term' ? x.text : ' ')).join('') : ''
}

function fieldWords(text: string): FieldWords {
  const words = new Set<string>()
  const stems = new Map<string, number>()
  for (const w of tokenize(text)) {
    words.add(w)
    const s = stem(w)
    stems.set(s, (stems.get(s) ?? 0) + 1)
  }
  return { words, stems }
}

/** A term of the query: as typed (folded) and stemmed. */
interface Term { word: string; stem: string }

/** How well `term` matches `field`: 1 for a whole word (by stem), PREFIX_FACTOR for a word start, 0 for none. */
function matchField(f: FieldWords, term: Term): { quality: number; count: number } {
  const exact = f.stems.get(term.stem)
  if (exact) return { quality: 1, count: exact }
  let count = 0
  for (const w of f.words) if (w.startsWith(term.word) || stem(w).startsWith(term.stem)) count++
  return count ? { quality: PREFIX_FACTOR, count } : { quality: 0, count: 0 }
}

/**
 * The searchable library: build it once from the loaded clauses, `add` saved clauses as they
 * arrive, and `search` it. Ranking: for each term, the best field it matches (title 12, tags 8,
 * summary 4, category 3, body 1; a word start counts 0.6 of a whole word), plus a little for
 * repeated body matches and a bonus when the whole query appears in the title.
 */
export class ClauseIndex {
  private readonly entries = new Map<string, Entry>()

  constructor(clauses: Iterable<Clause> = [], origin: ClauseOrigin = 'library') {
    for (const c of clauses) this.add(c, origin)
  }

  /** Adds (or replaces) a clause. */
  add(clause: Clause, origin: ClauseOrigin = 'library'): void {
    this.entries.set(clause.id, {
      clause,
      origin,
      title: foldText(clause.title),
      titleWords: tokenize(clause.title).join(' '),
      fields: {
        title: fieldWords(clause.title),
        tags: fieldWords(clause.tags.map(tagText).join(' ')),
        summary: fieldWords(clause.summary),
        category: fieldWords(`${clause.category} ${CATEGORIES[clause.category] ?? ''}`),
        body: fieldWords(bodyText(clause)),
      },
    })
  }

  /** The clause with this id, or undefined. */
  get(id: string): Clause | undefined {
    return this.entries.get(id)?.clause
  }

  /** The ids of the clauses that came from `origin`. */
  ids(origin: ClauseOrigin): string[] {
    return [...this.entries.values()].filter((e) => e.origin === origin).map((e) => e.clause.id)
  }

  /** Where the clause came from ("library" or "saved"), or undefined when unknown. */
  originOf(id: string): ClauseOrigin | undefined {
    return this.entries.get(id)?.origin
  }

  get size(): number {
    return this.entries.size
  }

  /** Runs a query: ranked hits (best first, then by title), the total, and facet counts. */
  search(query: ClauseQuery = {}): ClauseSearchResult {
    const terms: Term[] = [...new Set(tokenize(query.q ?? ''))].map((word) => ({ word, stem: stem(word) }))
    const phrase = foldText((query.q ?? '').trim())
    const wholeQuery = tokenize(query.q ?? '').join(' ')
    const scored: Array<{ entry: Entry; score: number; matched: SearchField[] }> = []
    for (const entry of this.entries.values()) {
      let score = 0
      const matched = new Set<SearchField>()
      let all = true
      for (const term of terms) {
        let best = 0
        for (const field of FIELDS) {
          const m = matchField(entry.fields[field], term)
          if (!m.quality) continue
          matched.add(field)
          best = Math.max(best, WEIGHT[field] * m.quality)
          if (field === 'body') score += Math.min(2, Math.log2(1 + m.count) * 0.5)
        }
        if (!best) { all = false; break }
        score += best
      }
      if (!all) continue
      if (terms.length > 1 && phrase && entry.title.includes(phrase)) score += 10
      if (wholeQuery && entry.titleWords === wholeQuery) score += WHOLE_TITLE_BONUS
      scored.push({ entry, score, matched: FIELDS.filter((f) => matched.has(f)) })
    }

    const inCategory = (e: Entry) => !query.category || e.clause.category === query.category
    const withTag = (e: Entry) => !query.tag || e.clause.tags.includes(query.tag)
    const hits = scored.filter((s) => inCategory(s.entry) && withTag(s.entry))
    hits.sort((a, b) => b.score - a.score || a.entry.title.localeCompare(b.entry.title))

    // Each facet counts what the query and the *other* filter leave, so choosing a category
    // still shows every tag within it and the reverse.
    const categories = new Map<string, number>()
    const tags = new Map<string, number>()
    for (const s of scored) {
      if (withTag(s.entry)) categories.set(s.entry.clause.category, (categories.get(s.entry.clause.category) ?? 0) + 1)
      if (inCategory(s.entry)) for (const t of s.entry.clause.tags) tags.set(t, (tags.get(t) ?? 0) + 1)
    }
    const facet = (m: Map<string, number>, label: (v: string) => string): Facet[] =>
      [...m].map(([value, count]) => ({ value, label: label(value), count }))
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))

    const limit = Math.max(0, Math.min(query.limit ?? 50, 500))
    return {
      total: hits.length,
      results: hits.slice(0, limit).map(({ entry, score, matched }) => ({
        id: entry.clause.id,
        title: entry.clause.title,
        category: entry.clause.category,
        tags: entry.clause.tags,
        summary: entry.clause.summary,
        inserts: entry.clause.inserts,
        version: entry.clause.version,
        variants: entry.clause.variants.length,
        origin: entry.origin,
        score: Math.round(score * 100) / 100,
        matched,
      })),
      facets: {
        categories: facet(categories, (v) => CATEGORIES[v] ?? v),
        tags: facet(tags, tagLabel),
      },
    }
  }
}
