// A library clause: its types, and `validateClause`, which turns the parsed front matter and
// Markdown body of one clause file into a Clause or a list of precise errors.
import { parseBody, inlines, resolveRef, type BodyArticle } from './body.js'
import { CATEGORIES, ID_PATTERN, PARAMETER_NAME_RULE, PARAMETER_TYPES, RENAMED_TAGS, TAGS, isParameterName, type ParameterType } from './vocabulary.js'
import { parameterValueError } from './values.js'
import { EMPTY_STANDARD, MIN_EXCEPTION_REASON, expandArticles, piecesUsed, regimesFor, type LegalStandard, type StandardException, type StandardPiece } from './standards.js'

/** A typed parameter: a value the drafter fills in once for the whole document. */
export interface ClauseParameter {
  name: string
  label: string
  type: ParameterType
  required: boolean
  default?: string
  /** The allowed values of a `choice` parameter. */
  options?: string[]
  /** A hint shown under the field in the parameter form. */
  help?: string
}

/** One wording of a clause; a clause without declared variants has the single variant `standard`. */
export interface ClauseVariant {
  id: string
  label: string
  articles: BodyArticle[]
}

/** A pinpoint citation of the instrument, case or report the clause draws on. */
export interface ClauseSource {
  instrument: string
  article?: string
  paragraph?: string
  rule?: string
  section?: string
  note?: string
  /** Set when the pinpoint could not be checked against the instrument's text; shown in the library. */
  unverified?: true
}

/** A validated clause, ready to be listed, searched and instantiated. */
export interface Clause {
  id: string
  title: string
  category: string
  tags: string[]
  /** A positive integer, raised whenever the text, parameters or variants change. */
  version: number
  summary: string
  /** Whether the clause becomes whole articles, or paragraphs dropped into an existing article. */
  inserts: 'article' | 'paragraphs'
  parameters: ClauseParameter[]
  variants: ClauseVariant[]
  sources: ClauseSource[]
  notes: string
  /** The Markdown body as written, kept for full-text search and for display. */
  body: string
  /** The pieces of the legal standard the text includes by `{{std:key}}` (and the pieces they include). */
  standards: StandardPiece[]
  /** Pieces of the standard this clause is allowed to leave out, each with its reason. */
  standardExceptions: StandardException[]
}

/** One problem in a clause or template file: which file, which field, and what is wrong. */
export interface LibraryError {
  path: string
  field: string
  message: string
}

/** What validation yields: the clause, or every error found (never both). */
export type ClauseResult = { clause: Clause; errors?: undefined } | { clause?: undefined; errors: LibraryError[] }

/** The front-matter fields a clause may have; any other key is reported as unknown. */
const FIELDS = ['id', 'title', 'category', 'tags', 'version', 'summary', 'inserts', 'parameters', 'variants', 'sources', 'standard_exceptions', 'notes', 'body']
const PARAM_FIELDS = ['name', 'label', 'type', 'required', 'default', 'options', 'help']
const SOURCE_FIELDS = ['instrument', 'article', 'paragraph', 'rule', 'section', 'note', 'unverified']
/** The variant a clause without declared variants has. */
export const STANDARD_VARIANT = 'standard'

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim() !== ''
const typeName = (x: unknown) => (x === null ? 'null' : Array.isArray(x) ? 'a list' : typeof x === 'object' ? 'a mapping' : `a ${typeof x}`)

/**
 * Checks one clause. `raw` is the parsed YAML front matter with the Markdown body under `body`;
 * `path` names the file in every error; `bodyLine` is the file line where the body starts, so
 * body errors point at the right line. `standard` is the library's legal standard
 * (clauses/standards.yaml): `{{std:key}}` must name one of its pieces, and a clause in one of its
 * regimes (amnesty, leniency …) must include the pieces the regime requires in every variant,
 * unless `standard_exceptions` leaves a piece out with a reason.
 */
export function validateClause(raw: unknown, path: string, bodyLine = 1, standard: LegalStandard = EMPTY_STANDARD): ClauseResult {
  const errors: LibraryError[] = []
  const err = (field: string, message: string) => errors.push({ path, field, message })
  if (!isObject(raw)) return { errors: [{ path, field: '(front matter)', message: `expected a mapping of fields, found ${typeName(raw)}` }] }

  for (const key of Object.keys(raw)) if (!FIELDS.includes(key)) err(key, `unknown field "${key}" (known fields: ${FIELDS.filter((f) => f !== 'body').join(', ')})`)

  const str = (field: string): string => {
    const v = raw[field]
    if (v === undefined) err(field, 'missing')
    else if (!nonEmpty(v)) err(field, `expected a non-empty text, found ${typeName(v)}`)
    else return v.trim()
    return ''
  }
  const id = str('id')
  if (id && !ID_PATTERN.test(id)) err('id', `"${id}" is not a valid id: use lower-case letters, digits and hyphens`)
  const title = str('title')
  const summary = str('summary')
  const category = str('category')
  if (category && !(category in CATEGORIES)) err('category', `unknown category "${category}" (known: ${Object.keys(CATEGORIES).join(', ')})`)

  const tags: string[] = []
  if (raw.tags === undefined) err('tags', 'missing')
  else if (!Array.isArray(raw.tags) || raw.tags.length === 0) err('tags', `expected a non-empty list of tags, found ${typeName(raw.tags)}`)
  else raw.tags.map((t) => (typeof t === 'string' ? RENAMED_TAGS[t] ?? t : t)).forEach((t, i) => {
    if (typeof t !== 'string' || !TAGS.has(t)) err(`tags[${i}]`, `unknown tag ${JSON.stringify(t)}: use a PA-X code or a pacta- tag listed in clauses/README.md`)
    else if (tags.includes(t)) err(`tags[${i}]`, `duplicate tag "${t}"`)
    else tags.push(t)
  })

  let version = 0
  if (raw.version === undefined) err('version', 'missing')
  else if (typeof raw.version !== 'number' || !Number.isInteger(raw.version) || raw.version < 1) err('version', `expected a positive integer, found ${JSON.stringify(raw.version)}`)
  else version = raw.version

  let inserts: Clause['inserts'] = 'article'
  if (raw.inserts === undefined) err('inserts', 'missing: write "article" or "paragraphs"')
  else if (raw.inserts !== 'article' && raw.inserts !== 'paragraphs') err('inserts', `expected "article" or "paragraphs", found ${JSON.stringify(raw.inserts)}`)
  else inserts = raw.inserts

  const parameters = validateParameters(raw.parameters, 'parameters', err)
  const sources = validateSources(raw.sources, err)

  let notes = ''
  if (raw.notes !== undefined) {
    if (typeof raw.notes !== 'string') err('notes', `expected a text, found ${typeName(raw.notes)}`)
    else notes = raw.notes.trim()
  }

  const body = typeof raw.body === 'string' ? raw.body : ''
  if (raw.body !== undefined && typeof raw.body !== 'string') err('body', `expected the Markdown text, found ${typeName(raw.body)}`)
  if (body.trim() === '') err('body', 'the clause has no text')
  const variants = body.trim() === '' ? [] : validateVariants(raw.variants, body, inserts, bodyLine, err)

  // Standard pieces must exist; placeholders (the pieces' own included) and cross-references
  // must resolve; every declared parameter must be used.
  for (const v of variants) {
    for (const piece of inlines(v.articles)) {
      if (piece.kind === 'std' && !standard.pieces.has(piece.key)) err('body', `line ${piece.line} (variant "${v.id}"): unknown standard piece {{std:${piece.key}}} (known: ${[...standard.pieces.keys()].join(', ') || 'none: clauses/standards.yaml is missing'})`)
    }
  }
  const declared = new Set(parameters.map((p) => p.name))
  const used = new Set<string>()
  for (const v of variants) {
    for (const piece of inlines(expandArticles(v.articles, standard.pieces))) {
      if (piece.kind === 'param') {
        used.add(piece.name)
        if (!declared.has(piece.name)) err('body', `unknown placeholder {{${piece.name}}} in variant "${v.id}": declare it under parameters`)
      }
    }
    v.articles.forEach((a, ai) => {
      for (const piece of inlines([a])) {
        if (piece.kind === 'ref' && !resolveRef(v.articles, ai, piece.target)) {
          err('body', `line ${piece.line} (variant "${v.id}"): cross-reference {{ref:${piece.target}}} names no paragraph of this clause`)
        }
      }
    })
  }
  parameters.forEach((p, i) => { if (variants.length && !used.has(p.name)) err(`parameters[${i}]`, `parameter "${p.name}" is declared but no variant uses {{${p.name}}}`) })

  const standardExceptions = validateExceptions(raw.standard_exceptions, err)
  const standards = standardPieces(variants, tags, standardExceptions, standard, err)

  if (errors.length) return { errors: dedupeErrors(errors) }
  return { clause: { id, title, category, tags, version, summary, inserts, parameters, variants, sources, notes, body, standards, standardExceptions } }
}

function validateExceptions(value: unknown, err: Err): StandardException[] {
  const out: StandardException[] = []
  if (value === undefined) return out
  if (!Array.isArray(value) || value.length === 0) { err('standard_exceptions', `expected a non-empty list of {standard, reason}, found ${typeName(value)}`); return out }
  value.forEach((x, i) => {
    const at = `standard_exceptions[${i}]`
    if (!isObject(x)) { err(at, `expected a mapping (standard, reason), found ${typeName(x)}`); return }
    for (const key of Object.keys(x)) if (key !== 'standard' && key !== 'reason') err(`${at}.${key}`, `unknown field "${key}" (known: standard, reason)`)
    if (!nonEmpty(x.standard)) { err(`${at}.standard`, 'missing: name the piece of clauses/standards.yaml the clause leaves out'); return }
    if (!nonEmpty(x.reason) || x.reason.trim().length < MIN_EXCEPTION_REASON) {
      err(`${at}.reason`, `a justified reason is required (at least ${MIN_EXCEPTION_REASON} characters) for leaving out "${x.standard.trim()}"`)
      return
    }
    if (out.some((e) => e.standard === x.standard)) { err(`${at}.standard`, `"${x.standard}" is excepted twice`); return }
    out.push({ standard: x.standard.trim(), reason: x.reason.trim() })
  })
  return out
}

/**
 * Checks the clause against the regimes its tags place it in, and returns the pieces its text
 * uses (which instantiation expands). A required piece missing from a variant is an error unless
 * excepted; an exception for a piece no regime of the clause requires is an error too.
 */
function standardPieces(variants: ClauseVariant[], tags: string[], exceptions: StandardException[], standard: LegalStandard, err: Err): StandardPiece[] {
  const regimes = regimesFor(tags, standard)
  const required = new Map<string, string>()
  for (const r of regimes) for (const k of r.requires) if (!required.has(k)) required.set(k, r.label)
  exceptions.forEach((e, i) => {
    if (!standard.pieces.has(e.standard)) err(`standard_exceptions[${i}].standard`, `no piece "${e.standard}" in clauses/standards.yaml (known: ${[...standard.pieces.keys()].join(', ')})`)
    else if (!required.has(e.standard)) err(`standard_exceptions[${i}].standard`, `"${e.standard}" is not required of this clause (its tags place it in ${regimes.map((r) => r.label).join(', ') || 'no regime of the standard'}); remove the exception`)
  })
  const all = new Set<string>()
  for (const v of variants) {
    const used = piecesUsed(v.articles, standard.pieces)
    for (const k of used) all.add(k)
    for (const [k, regime] of required) {
      if (used.has(k) || exceptions.some((e) => e.standard === k)) continue
      const piece = standard.pieces.get(k)!
      err('body', `variant "${v.id}" omits the standard piece "${k}" (${piece.label}) that every ${regime} clause must include: add {{std:${k}}}, or leave it out under standard_exceptions with the reason`)
    }
  }
  return [...all].map((k) => standard.pieces.get(k)!)
}

function dedupeErrors(errors: LibraryError[]): LibraryError[] {
  const seen = new Set<string>()
  return errors.filter((e) => { const k = `${e.field}\u0000${e.message}`; if (seen.has(k)) return false; seen.add(k); return true })
}

type Err = (field: string, message: string) => void

/** Validates a `parameters` list (clauses and templates share it). */
export function validateParameters(value: unknown, field: string, err: Err): ClauseParameter[] {
  const out: ClauseParameter[] = []
  if (value === undefined) return out
  if (!Array.isArray(value)) { err(field, `expected a list of parameters, found ${typeName(value)}`); return out }
  value.forEach((p, i) => {
    const at = `${field}[${i}]`
    if (!isObject(p)) { err(at, `expected a mapping (name, label, type …), found ${typeName(p)}`); return }
    for (const key of Object.keys(p)) if (!PARAM_FIELDS.includes(key)) err(`${at}.${key}`, `unknown parameter field "${key}" (known: ${PARAM_FIELDS.join(', ')})`)
    let ok = true
    const name = p.name
    if (name === undefined) { err(`${at}.name`, 'missing'); ok = false }
    else if (!isParameterName(name)) { err(`${at}.name`, `${JSON.stringify(name)} is not a valid parameter name: ${PARAMETER_NAME_RULE}`); ok = false }
    else if (out.some((q) => q.name === name)) { err(`${at}.name`, `duplicate parameter "${name}"`); ok = false }
    if (p.label === undefined) { err(`${at}.label`, 'missing'); ok = false }
    else if (!nonEmpty(p.label)) { err(`${at}.label`, `expected a non-empty text, found ${typeName(p.label)}`); ok = false }
    const type = p.type
    if (type === undefined) { err(`${at}.type`, `missing (one of ${PARAMETER_TYPES.join(', ')})`); ok = false }
    else if (typeof type !== 'string' || !(PARAMETER_TYPES as readonly string[]).includes(type)) { err(`${at}.type`, `unknown parameter type ${JSON.stringify(type)} (known: ${PARAMETER_TYPES.join(', ')})`); ok = false }
    let required = false
    if (p.required !== undefined) {
      if (typeof p.required !== 'boolean') { err(`${at}.required`, `expected true or false, found ${JSON.stringify(p.required)}`); ok = false }
      else required = p.required
    }
    let options: string[] | undefined
    if (type === 'choice') {
      if (!Array.isArray(p.options) || p.options.length < 2 || !p.options.every(nonEmpty)) { err(`${at}.options`, 'a choice parameter needs a list of at least two non-empty options'); ok = false }
      else if (new Set(p.options).size !== p.options.length) { err(`${at}.options`, 'options repeat a value'); ok = false }
      else options = p.options as string[]
    } else if (p.options !== undefined) { err(`${at}.options`, `only a choice parameter has options (this one is ${String(type)})`); ok = false }
    let def: string | undefined
    if (p.default !== undefined) {
      // YAML reads 30 as a number and 2025-01-01 as text or a date; keep the value's text.
      const d = p.default instanceof Date ? p.default.toISOString().slice(0, 10) : typeof p.default === 'number' ? String(p.default) : p.default
      if (typeof d !== 'string') { err(`${at}.default`, `expected a text, found ${typeName(p.default)}`); ok = false }
      else if (ok) {
        const problem = parameterValueError({ type: type as ParameterType, options }, d)
        if (problem) { err(`${at}.default`, `default ${JSON.stringify(d)}: ${problem}`); ok = false }
        else def = d
      }
    }
    let help: string | undefined
    if (p.help !== undefined) {
      if (!nonEmpty(p.help)) { err(`${at}.help`, `expected a text, found ${typeName(p.help)}`); ok = false }
      else help = p.help
    }
    if (ok) out.push({ name: name as string, label: (p.label as string).trim(), type: type as ParameterType, required, ...(def !== undefined ? { default: def } : {}), ...(options ? { options } : {}), ...(help ? { help } : {}) })
  })
  return out
}

// Pinpoints as instruments number them: articles 6, 6bis or VI; paragraphs 2, (a), 2(c), 1(b)(ii);
// rules 159; each a single one, a list joined by ", " or a range joined by "-". Sections (of reports,
// guidance and judgments without numbers) are headings and stay free text.
const ARTICLE = '(?:\\d+(?:bis|ter|quater)?|[IVXLC]+)'
const PARAGRAPH = '(?:\\d+(?:\\([a-z0-9]+\\))*|\\([a-z]+\\)(?:\\([ivx]+\\))?)'
const listOf = (one: string) => new RegExp(`^${one}(?:(?:, |-)${one})*$`)
const PINPOINT_FORMAT = { article: listOf(ARTICLE), paragraph: listOf(PARAGRAPH), rule: listOf('\\d+') } as const
const PINPOINT_EXAMPLES = { article: '6, 6bis or VI', paragraph: '2, (a), 2(c) or 1(b)(ii)', rule: '159' } as const

function validateSources(value: unknown, err: Err): ClauseSource[] {
  const out: ClauseSource[] = []
  if (value === undefined) { err('sources', 'missing: cite at least one instrument, case or report'); return out }
  if (!Array.isArray(value) || value.length === 0) { err('sources', `expected a non-empty list of citations, found ${typeName(value)}`); return out }
  value.forEach((s, i) => {
    const at = `sources[${i}]`
    if (!isObject(s)) { err(at, `expected a mapping (instrument, article, paragraph …), found ${typeName(s)}`); return }
    for (const key of Object.keys(s)) if (!SOURCE_FIELDS.includes(key)) err(`${at}.${key}`, `unknown citation field "${key}" (known: ${SOURCE_FIELDS.join(', ')})`)
    if (!nonEmpty(s.instrument)) { err(`${at}.instrument`, s.instrument === undefined ? 'missing' : `expected a non-empty text, found ${typeName(s.instrument)}`); return }
    const source: ClauseSource = { instrument: s.instrument.trim() }
    let pinpoint = false
    for (const key of ['article', 'paragraph', 'rule', 'section'] as const) {
      const v = s[key]
      if (v === undefined) continue
      if ((typeof v !== 'string' && typeof v !== 'number') || String(v).trim() === '') { err(`${at}.${key}`, `expected a number or text, found ${typeName(v)}`); continue }
      const text = String(v).trim()
      if (key !== 'section' && !PINPOINT_FORMAT[key].test(text)) {
        err(`${at}.${key}`, `pinpoint ${JSON.stringify(text)} is not in a known format: write the ${key} as the instrument numbers it (${PINPOINT_EXAMPLES[key]}), lists with ", " and ranges with "-"`)
        continue
      }
      source[key] = text
      pinpoint = true
    }
    if (!pinpoint) err(at, 'a citation needs a pinpoint: article, paragraph, rule or section')
    if (s.unverified !== undefined) {
      if (s.unverified !== true) err(`${at}.unverified`, `write "unverified: true" for a pinpoint not checked against the instrument's text, or leave the field out (found ${JSON.stringify(s.unverified)})`)
      else source.unverified = true
    }
    if (s.note !== undefined) {
      if (!nonEmpty(s.note)) err(`${at}.note`, `expected a text, found ${typeName(s.note)}`)
      else source.note = s.note.trim()
    }
    out.push(source)
  })
  return out
}

const VARIANT_HEADING = /^##\s+Variant:\s*(.*?)\s*$/

/** Splits the body into its variant sections and parses each against the declared variants. */
function validateVariants(value: unknown, body: string, inserts: Clause['inserts'], bodyLine: number, err: Err): ClauseVariant[] {
  const lines = body.split(/\r?\n/)
  const sections: Array<{ id: string; line: number; start: number; end: number }> = []
  lines.forEach((l, i) => {
    const m = VARIANT_HEADING.exec(l.trim())
    if (m) {
      if (sections.length) sections[sections.length - 1]!.end = i
      sections.push({ id: m[1]!, line: bodyLine + i, start: i + 1, end: lines.length })
    }
  })
  const declared: Array<{ id: string; label: string }> = []
  if (value !== undefined) {
    if (!Array.isArray(value) || value.length === 0) err('variants', `expected a non-empty list of variants, found ${typeName(value)}`)
    else value.forEach((v, i) => {
      const at = `variants[${i}]`
      if (!isObject(v)) { err(at, `expected a mapping (id, label), found ${typeName(v)}`); return }
      for (const key of Object.keys(v)) if (key !== 'id' && key !== 'label') err(`${at}.${key}`, `unknown variant field "${key}" (known: id, label; the text goes in the body under "## Variant: <id>")`)
      if (typeof v.id !== 'string' || !ID_PATTERN.test(v.id)) { err(`${at}.id`, v.id === undefined ? 'missing' : `${JSON.stringify(v.id)} is not a valid variant id`); return }
      if (declared.some((d) => d.id === v.id)) { err(`${at}.id`, `duplicate variant "${v.id}"`); return }
      if (!nonEmpty(v.label)) { err(`${at}.label`, v.label === undefined ? 'missing' : `expected a non-empty text, found ${typeName(v.label)}`); return }
      declared.push({ id: v.id, label: v.label.trim() })
    })
  }

  const parse = (id: string, from: number, to: number): BodyArticle[] => {
    const { articles, problems } = parseBody(lines.slice(from, to).join('\n'), inserts === 'article', bodyLine + from)
    for (const p of problems) err('body', `line ${p.line}${id === STANDARD_VARIANT && !sections.length ? '' : ` (variant "${id}")`}: ${p.message}`)
    return articles
  }

  if (value === undefined) {
    if (sections.length) { err('variants', `the body has "## Variant:" sections but no variants are declared (found: ${sections.map((s) => s.id).join(', ')})`); return [] }
    return [{ id: STANDARD_VARIANT, label: 'Standard text', articles: parse(STANDARD_VARIANT, 0, lines.length) }]
  }
  const before = lines.slice(0, sections[0]?.start ? sections[0].start - 1 : lines.length).join('').trim()
  if (before !== '') err('body', `line ${bodyLine}: text before the first "## Variant:" section; every variant's text goes under its own heading`)
  const out: ClauseVariant[] = []
  const seen = new Set<string>()
  for (const s of sections) {
    const d = declared.find((x) => x.id === s.id)
    if (!d) { err('variants', `line ${s.line}: the body has a section for variant "${s.id}", which is not declared under variants`); continue }
    if (seen.has(s.id)) { err('variants', `line ${s.line}: a second section for variant "${s.id}"`); continue }
    seen.add(s.id)
    out.push({ id: d.id, label: d.label, articles: parse(d.id, s.start, s.end) })
  }
  for (const d of declared) if (!seen.has(d.id)) err('variants', `variant "${d.id}" is declared but the body has no "## Variant: ${d.id}" section`)
  // Keep the declared order, which is the order the preview offers.
  return declared.map((d) => out.find((v) => v.id === d.id)).filter((v): v is ClauseVariant => !!v)
}
