// The library's legal standard: the pieces of text every amnesty, leniency, immunity,
// safe-conduct and confidentiality clause must share (clauses/standards.yaml), the rules saying
// which clauses need which pieces, and the expansion of `{{std:key}}` into the piece's text.
//
// The text of a piece is written once, in standards.yaml; clause bodies only refer to it. The
// expansion lives here, in the DOM-free model, so that the editor, the library preview and every
// exporter insert the same words.
import { inlines, parseInline, STANDARD_KEY, type BodyArticle, type BodyInline, type BodyProblem, type BodyUnit } from './body.js'
import type { LibraryError } from './clause.js'
import { TAGS } from './vocabulary.js'

/** One piece of the standard: a sentence (or a phrase other pieces include) with its own version. */
export interface StandardPiece {
  key: string
  label: string
  /** Raised whenever the text changes, so that clauses and documents can tell they are behind. */
  version: number
  /** The text, parsed; it may hold parameters, defined terms and `{{std:…}}` of other pieces. */
  text: BodyInline[]
}

/** A kind of clause the standard governs (amnesty, leniency …), recognised by its tags. */
export interface StandardRegime {
  id: string
  label: string
  /** A clause carrying any of these tags belongs to the regime. */
  tags: string[]
  /** The pieces every variant of such a clause must include, directly or through another piece. */
  requires: string[]
}

/** The whole standard, as loaded from clauses/standards.yaml. */
export interface LegalStandard {
  version: number
  pieces: ReadonlyMap<string, StandardPiece>
  regimes: StandardRegime[]
}

/** A standard with no pieces and no regimes: what a library without standards.yaml has. */
export const EMPTY_STANDARD: LegalStandard = { version: 0, pieces: new Map(), regimes: [] }

/** A justified departure from the standard, declared in a clause's `standard_exceptions`. */
export interface StandardException {
  /** The piece the clause leaves out. */
  standard: string
  /** Why it may be left out here; shown to reviewers. */
  reason: string
}

/** The shortest reason accepted for leaving a required piece out (a reason, not a word). */
export const MIN_EXCEPTION_REASON = 40

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim() !== ''

/**
 * Checks the parsed standards.yaml: `version`, `pieces` (key → label, version, text) and
 * `regimes` (id → label, tags, requires). Every problem names the field; what is valid is kept,
 * so one bad piece only makes the clauses that use it fail.
 */
export function validateStandard(raw: unknown, path: string): { standard: LegalStandard; errors: LibraryError[] } {
  const errors: LibraryError[] = []
  const err = (field: string, message: string) => errors.push({ path, field, message })
  if (!isObject(raw)) return { standard: EMPTY_STANDARD, errors: [{ path, field: '(file)', message: 'expected a mapping with version, pieces and regimes' }] }
  for (const key of Object.keys(raw)) if (!['version', 'pieces', 'regimes'].includes(key)) err(key, `unknown field "${key}" (known: version, pieces, regimes)`)
  const version = positive(raw.version, 'version', err)

  const pieces = new Map<string, StandardPiece>()
  if (!isObject(raw.pieces)) err('pieces', 'expected a mapping of pieces (key: {label, version, text})')
  else for (const [key, p] of Object.entries(raw.pieces)) {
    const at = `pieces.${key}`
    if (!STANDARD_KEY.test(key)) { err(at, `"${key}" is not a valid key: use lower-case words joined by hyphens`); continue }
    if (!isObject(p)) { err(at, 'expected a mapping (label, version, text)'); continue }
    for (const f of Object.keys(p)) if (!['label', 'version', 'text'].includes(f)) err(`${at}.${f}`, `unknown field "${f}" (known: label, version, text)`)
    if (!nonEmpty(p.label)) { err(`${at}.label`, 'missing'); continue }
    const v = positive(p.version, `${at}.version`, err)
    if (!nonEmpty(p.text)) { err(`${at}.text`, 'missing'); continue }
    const problems: BodyProblem[] = []
    const text = parseInline(p.text.replace(/\s+/g, ' ').trim(), 0, problems)
    for (const pr of problems) err(`${at}.text`, pr.message)
    const hasRef = text.some((x) => x.kind === 'ref')
    if (hasRef) err(`${at}.text`, 'a standard piece cannot hold a cross-reference: it is shared by many clauses')
    if (problems.length || hasRef || !v) continue
    pieces.set(key, { key, label: p.label.trim(), version: v, text })
  }
  // Pieces may include other pieces; every included one must exist, and none may include itself.
  for (const piece of [...pieces.values()]) {
    const missing = includedKeys(piece.text).filter((k) => !pieces.has(k))
    if (missing.length) { err(`pieces.${piece.key}.text`, `includes unknown piece${missing.length > 1 ? 's' : ''} ${missing.map((k) => `{{std:${k}}}`).join(', ')}`); pieces.delete(piece.key) }
  }
  for (const piece of [...pieces.values()]) {
    if (reaches(piece.key, piece.key, pieces, new Set())) { err(`pieces.${piece.key}.text`, 'includes itself, directly or through another piece'); pieces.delete(piece.key) }
  }

  const regimes: StandardRegime[] = []
  if (!isObject(raw.regimes)) err('regimes', 'expected a mapping of regimes (id: {label, tags, requires})')
  else for (const [id, r] of Object.entries(raw.regimes)) {
    const at = `regimes.${id}`
    if (!isObject(r)) { err(at, 'expected a mapping (label, tags, requires)'); continue }
    for (const f of Object.keys(r)) if (!['label', 'tags', 'requires'].includes(f)) err(`${at}.${f}`, `unknown field "${f}" (known: label, tags, requires)`)
    if (!nonEmpty(r.label)) { err(`${at}.label`, 'missing'); continue }
    const tags = stringList(r.tags, `${at}.tags`, err)
    const requires = stringList(r.requires, `${at}.requires`, err)
    const badTags = tags.filter((t) => !TAGS.has(t))
    if (badTags.length) { err(`${at}.tags`, `unknown tag${badTags.length > 1 ? 's' : ''} ${badTags.join(', ')}: list it in editor/model/clauses/vocabulary.ts first`); continue }
    const badPieces = requires.filter((k) => !pieces.has(k))
    if (badPieces.length) { err(`${at}.requires`, `no piece ${badPieces.join(', ')} under pieces`); continue }
    if (tags.length && requires.length) regimes.push({ id, label: r.label.trim(), tags, requires })
  }
  return { standard: { version, pieces, regimes }, errors }
}

function positive(v: unknown, field: string, err: (f: string, m: string) => void): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1) return v
  err(field, v === undefined ? 'missing: a positive integer' : `expected a positive integer, found ${JSON.stringify(v)}`)
  return 0
}

function stringList(v: unknown, field: string, err: (f: string, m: string) => void): string[] {
  if (!Array.isArray(v) || v.length === 0 || !v.every(nonEmpty)) { err(field, 'expected a non-empty list of names'); return [] }
  return v.map((s) => s.trim())
}

/** The keys of the pieces a run of text includes directly. */
function includedKeys(text: BodyInline[]): string[] {
  return text.flatMap((x) => (x.kind === 'std' ? [x.key] : []))
}

function reaches(from: string, target: string, pieces: ReadonlyMap<string, StandardPiece>, seen: Set<string>): boolean {
  for (const k of includedKeys(pieces.get(from)?.text ?? [])) {
    if (k === target) return true
    if (seen.has(k)) continue
    seen.add(k)
    if (reaches(k, target, pieces, seen)) return true
  }
  return false
}

/** The regimes a clause with these tags belongs to. */
export function regimesFor(tags: readonly string[], standard: LegalStandard): StandardRegime[] {
  return standard.regimes.filter((r) => r.tags.some((t) => tags.includes(t)))
}

/** Every piece the articles include, directly or through other pieces (unknown keys left out). */
export function piecesUsed(articles: BodyArticle[], pieces: ReadonlyMap<string, StandardPiece>): Set<string> {
  const out = new Set<string>()
  const visit = (key: string) => {
    const piece = pieces.get(key)
    if (!piece || out.has(key)) return
    out.add(key)
    for (const k of includedKeys(piece.text)) visit(k)
  }
  for (const piece of inlines(articles)) if (piece.kind === 'std') visit(piece.key)
  return out
}

/**
 * Replaces every `{{std:key}}` in a run of text by the piece's text, pieces within pieces
 * included. Adjacent plain text is joined so that the result reads as the words were written.
 * A key `pieces` does not hold is dropped (validation reports it before anything is inserted).
 */
export function expandInlines(text: BodyInline[], pieces: ReadonlyMap<string, StandardPiece>, depth = 0): BodyInline[] {
  if (!text.some((x) => x.kind === 'std')) return text
  const out: BodyInline[] = []
  for (const x of text) {
    const add = x.kind === 'std' ? (depth < 8 ? expandInlines(pieces.get(x.key)?.text ?? [], pieces, depth + 1) : []) : [x]
    for (const y of add) {
      const prev = out[out.length - 1]
      if (prev?.kind === 'text' && y.kind === 'text' && prev.em === y.em && prev.strong === y.strong) out[out.length - 1] = { ...prev, text: prev.text + y.text }
      else out.push(y)
    }
  }
  return out
}

/** The articles with every standard piece expanded (structure, markers and lines unchanged). */
export function expandArticles(articles: BodyArticle[], pieces: ReadonlyMap<string, StandardPiece>): BodyArticle[] {
  const unit = (u: BodyUnit): BodyUnit => ({ ...u, content: u.content.map((c) => (Array.isArray(c) ? expandInlines(c, pieces) : unit(c))) })
  return articles.map((a) => ({ ...a, heading: a.heading ? expandInlines(a.heading, pieces) : null, paragraphs: a.paragraphs.map(unit) }))
}
