// A whole-document template: its types, `validateTemplate` for the parsed YAML, and
// `templateReferenceErrors`, which checks its clause references against a library.
import { parseBody, parseInline, inlines, type BodyArticle, type BodyInline, type BodyProblem } from '../clauses/body.js'
import { validateParameters, type Clause, type ClauseParameter, type LibraryError } from '../clauses/clause.js'
import { parameterValueError } from '../clauses/values.js'
import { ID_PATTERN } from '../clauses/vocabulary.js'

/** A reference to a library clause, optionally naming a variant. */
export interface ClauseRef { kind: 'clause'; clause: string; variant?: string; field: string }
/** Literal numbered paragraphs (inside a literal article or an annex). */
export interface TextItem { kind: 'text'; articles: BodyArticle[]; field: string }
/** A literal article: a heading, then literal paragraphs and paragraph clauses in order. */
export interface ArticleItem { kind: 'article'; heading: BodyInline[]; items: Array<TextItem | ClauseRef>; field: string }
/** A division holding articles (and, for parts and chapters, smaller divisions). */
export interface DivisionItem { kind: 'part' | 'chapter' | 'section'; heading: BodyInline[]; items: BodyItem[]; field: string }
/** Anything the body, the final provisions or a division may hold. */
export type BodyItem = ClauseRef | ArticleItem | DivisionItem
/** An annex: its heading, then articles, clauses or literal paragraphs. */
export interface AnnexItem { heading: BodyInline[]; items: Array<ClauseRef | ArticleItem | TextItem>; field: string }

/** A validated template. */
export interface Template {
  id: string
  title: BodyInline[]
  /** The title as written, for listings. */
  name: string
  version: number
  summary: string
  /** Parameters of the template's own literal text. */
  parameters: ClauseParameter[]
  /** Values a new document starts with (name → value), for template or clause parameters. */
  values: Record<string, string>
  preamble: BodyInline[][]
  body: BodyItem[]
  finalProvisions: { heading: BodyInline[]; items: BodyItem[] } | null
  conclusion: BodyInline[][]
  signatures: BodyInline[][]
  annexes: AnnexItem[]
}

export type TemplateResult = { template: Template; errors?: undefined } | { template?: undefined; errors: LibraryError[] }

const FIELDS = ['id', 'title', 'version', 'summary', 'parameters', 'values', 'preamble', 'body', 'final_provisions', 'conclusion', 'signatures', 'annexes']
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const nonEmpty = (x: unknown): x is string => typeof x === 'string' && x.trim() !== ''
/** Which divisions each container may hold, following the schema's intended shape. */
const ALLOWED: Record<string, string[]> = {
  body: ['part', 'chapter', 'section', 'article', 'clause'],
  part: ['chapter', 'section', 'article', 'clause'],
  chapter: ['section', 'article', 'clause'],
  section: ['article', 'clause'],
  final_provisions: ['article', 'clause'],
}

/** Checks the structure of a parsed template file; `path` names the file in every error. */
export function validateTemplate(raw: unknown, path: string): TemplateResult {
  const errors: LibraryError[] = []
  const err = (field: string, message: string) => errors.push({ path, field, message })
  if (!isObject(raw)) return { errors: [{ path, field: '(file)', message: 'expected a mapping of fields (id, title, body …)' }] }
  for (const key of Object.keys(raw)) if (!FIELDS.includes(key)) err(key, `unknown field "${key}" (known fields: ${FIELDS.join(', ')})`)

  const text = (field: string, v: unknown): BodyInline[] => {
    if (!nonEmpty(v)) { err(field, v === undefined ? 'missing' : 'expected a non-empty text'); return [] }
    const problems: BodyProblem[] = []
    const out = parseInline(v.trim(), 0, problems)
    for (const p of problems) err(field, p.message)
    return out
  }
  const lines = (field: string, v: unknown, required: boolean): BodyInline[][] => {
    if (v === undefined) { if (required) err(field, 'missing'); return [] }
    if (!Array.isArray(v) || v.length === 0) { err(field, 'expected a non-empty list of lines'); return [] }
    return v.map((line, i) => text(`${field}[${i}]`, line))
  }
  const paragraphs = (field: string, v: unknown): TextItem => {
    if (!nonEmpty(v)) { err(field, 'expected the text of numbered paragraphs ("1. …")'); return { kind: 'text', articles: [], field } }
    const { articles, problems } = parseBody(v, false, 1)
    for (const p of problems) err(field, `line ${p.line} of the text: ${p.message}`)
    return { kind: 'text', articles, field }
  }
  const clauseRef = (field: string, o: Record<string, unknown>): ClauseRef | null => {
    for (const key of Object.keys(o)) if (key !== 'clause' && key !== 'variant') err(`${field}.${key}`, `unknown field "${key}" in a clause reference (known: clause, variant)`)
    if (typeof o.clause !== 'string' || !ID_PATTERN.test(o.clause)) { err(`${field}.clause`, `${JSON.stringify(o.clause)} is not a clause id`); return null }
    if (o.variant !== undefined && (typeof o.variant !== 'string' || !ID_PATTERN.test(o.variant))) { err(`${field}.variant`, `${JSON.stringify(o.variant)} is not a variant id`); return null }
    return { kind: 'clause', clause: o.clause, ...(typeof o.variant === 'string' ? { variant: o.variant } : {}), field }
  }
  const article = (field: string, o: Record<string, unknown>): ArticleItem | null => {
    for (const key of Object.keys(o)) if (!['article', 'text', 'items'].includes(key)) err(`${field}.${key}`, `unknown field "${key}" in an article (known: article, text, items)`)
    const heading = text(`${field}.article`, o.article)
    if ((o.text === undefined) === (o.items === undefined)) { err(field, 'an article has either "text" (its numbered paragraphs) or "items" (text and paragraph clauses), not both or neither'); return null }
    if (o.text !== undefined) return { kind: 'article', heading, items: [paragraphs(`${field}.text`, o.text)], field }
    if (!Array.isArray(o.items) || o.items.length === 0) { err(`${field}.items`, 'expected a non-empty list of {text: …} or {clause: …}'); return null }
    const items: Array<TextItem | ClauseRef> = []
    o.items.forEach((it, i) => {
      const at = `${field}.items[${i}]`
      if (isObject(it) && 'clause' in it) { const r = clauseRef(at, it); if (r) items.push(r) }
      else if (isObject(it) && 'text' in it) {
        for (const key of Object.keys(it)) if (key !== 'text') err(`${at}.${key}`, `unknown field "${key}" (known: text)`)
        items.push(paragraphs(`${at}.text`, it.text))
      } else err(at, 'expected {text: …} or {clause: …}')
    })
    return { kind: 'article', heading, items, field }
  }
  const bodyItems = (field: string, v: unknown, container: string): BodyItem[] => {
    if (!Array.isArray(v) || v.length === 0) { err(field, v === undefined ? 'missing' : 'expected a non-empty list of items'); return [] }
    const out: BodyItem[] = []
    v.forEach((it, i) => {
      const at = `${field}[${i}]`
      if (!isObject(it)) { err(at, 'expected a mapping: {clause: …}, {article: …}, {part: …}, {chapter: …} or {section: …}'); return }
      const kind = ['clause', 'article', 'part', 'chapter', 'section'].find((k) => k in it)
      if (!kind) { err(at, `unknown item (fields: ${Object.keys(it).join(', ')}): expected clause, article, part, chapter or section`); return }
      if (!ALLOWED[container]!.includes(kind)) { err(at, `a ${kind} cannot stand in ${container === 'body' ? 'the body' : `a ${container.replace('_', ' ')}`}`); return }
      if (kind === 'clause') { const r = clauseRef(at, it); if (r) out.push(r); return }
      if (kind === 'article') { const a = article(at, it); if (a) out.push(a); return }
      for (const key of Object.keys(it)) if (key !== kind && key !== 'items') err(`${at}.${key}`, `unknown field "${key}" in a ${kind} (known: ${kind}, items)`)
      const k = kind as DivisionItem['kind']
      out.push({ kind: k, heading: text(`${at}.${k}`, it[k]), items: bodyItems(`${at}.items`, it.items, k), field: at })
    })
    return out
  }

  const id = nonEmpty(raw.id) && ID_PATTERN.test(raw.id) ? raw.id : (err('id', raw.id === undefined ? 'missing' : `${JSON.stringify(raw.id)} is not a valid id: use lower-case letters, digits and hyphens`), '')
  const title = text('title', raw.title)
  const version = typeof raw.version === 'number' && Number.isInteger(raw.version) && raw.version >= 1 ? raw.version
    : (err('version', raw.version === undefined ? 'missing' : `expected a positive integer, found ${JSON.stringify(raw.version)}`), 0)
  const summary = nonEmpty(raw.summary) ? raw.summary.trim() : (err('summary', raw.summary === undefined ? 'missing' : 'expected a non-empty text'), '')
  const parameters = validateParameters(raw.parameters, 'parameters', err)
  const values: Record<string, string> = {}
  if (raw.values !== undefined) {
    if (!isObject(raw.values)) err('values', 'expected a mapping of parameter name to value')
    else for (const [k, v] of Object.entries(raw.values)) {
      if (typeof v === 'string' || typeof v === 'number') values[k] = String(v)
      else if (v instanceof Date) values[k] = v.toISOString().slice(0, 10)
      else err(`values.${k}`, 'expected a text or number')
    }
  }
  const preamble = lines('preamble', raw.preamble, true)
  const body = bodyItems('body', raw.body, 'body')
  let finalProvisions: Template['finalProvisions'] = null
  if (raw.final_provisions !== undefined) {
    const fp = raw.final_provisions
    if (!isObject(fp)) err('final_provisions', 'expected {heading: …, items: […]}')
    else {
      for (const key of Object.keys(fp)) if (key !== 'heading' && key !== 'items') err(`final_provisions.${key}`, `unknown field "${key}" (known: heading, items)`)
      finalProvisions = { heading: text('final_provisions.heading', fp.heading), items: bodyItems('final_provisions.items', fp.items, 'final_provisions') }
    }
  }
  const conclusion = lines('conclusion', raw.conclusion, true)
  const signatures = lines('signatures', raw.signatures, false)
  const annexes: AnnexItem[] = []
  if (raw.annexes !== undefined) {
    if (!Array.isArray(raw.annexes)) err('annexes', 'expected a list of {annex: heading, items: […]}')
    else raw.annexes.forEach((a, i) => {
      const at = `annexes[${i}]`
      if (!isObject(a)) { err(at, 'expected {annex: heading, items: […]}'); return }
      const items: AnnexItem['items'] = []
      if (!Array.isArray(a.items) || a.items.length === 0) err(`${at}.items`, 'expected a non-empty list')
      else a.items.forEach((it, j) => {
        const f = `${at}.items[${j}]`
        if (isObject(it) && 'clause' in it) { const r = clauseRef(f, it); if (r) items.push(r) }
        else if (isObject(it) && 'article' in it) { const r = article(f, it); if (r) items.push(r) }
        else if (isObject(it) && 'text' in it) items.push(paragraphs(`${f}.text`, it.text))
        else err(f, 'expected {clause: …}, {article: …} or {text: …}')
      })
      annexes.push({ heading: text(`${at}.annex`, a.annex), items, field: at })
    })
  }
  if (errors.length) return { errors }
  return { template: { id, title, name: String(raw.title).trim(), version, summary, parameters, values, preamble, body, finalProvisions, conclusion, signatures, annexes } }
}

/** Every clause reference of a template, with the field it sits in. */
export function clauseRefs(t: Template): Array<ClauseRef & { context: 'article' | 'paragraphs' }> {
  const out: Array<ClauseRef & { context: 'article' | 'paragraphs' }> = []
  const walk = (items: Array<BodyItem | TextItem>) => {
    for (const it of items) {
      if (it.kind === 'clause') out.push({ ...it, context: 'article' })
      else if (it.kind === 'article') for (const x of it.items) { if (x.kind === 'clause') out.push({ ...x, context: 'paragraphs' }) }
      else if (it.kind !== 'text') walk(it.items)
    }
  }
  walk(t.body)
  if (t.finalProvisions) walk(t.finalProvisions.items)
  for (const a of t.annexes) walk(a.items)
  return out
}

/** Every piece of literal text of a template, for placeholder checks. */
function* literalInlines(t: Template): Generator<BodyInline> {
  yield* t.title
  for (const l of [...t.preamble, ...t.conclusion, ...t.signatures]) yield* l
  const walk = function* (items: Array<BodyItem | TextItem>): Generator<BodyInline> {
    for (const it of items) {
      if (it.kind === 'text') yield* inlines(it.articles)
      else if (it.kind === 'article') { yield* it.heading; yield* walk(it.items) }
      else if (it.kind !== 'clause') { yield* it.heading; yield* walk(it.items) }
    }
  }
  yield* walk(t.body)
  if (t.finalProvisions) { yield* t.finalProvisions.heading; yield* walk(t.finalProvisions.items) }
  for (const a of t.annexes) { yield* a.heading; yield* walk(a.items) }
}

/**
 * Checks a template against a clause library: every referenced clause exists, every variant
 * exists, article clauses stand where articles go and paragraph clauses inside articles, and
 * every placeholder and starting value names a parameter of the template or of a clause it uses.
 */
export function templateReferenceErrors(t: Template, clauses: ReadonlyMap<string, Clause>, path: string): LibraryError[] {
  const errors: LibraryError[] = []
  const known = new Map<string, ClauseParameter>(t.parameters.map((p) => [p.name, p]))
  for (const ref of clauseRefs(t)) {
    const c = clauses.get(ref.clause)
    if (!c) { errors.push({ path, field: `${ref.field}.clause`, message: `no clause "${ref.clause}" in the library` }); continue }
    if (ref.variant !== undefined && !c.variants.some((v) => v.id === ref.variant)) {
      errors.push({ path, field: `${ref.field}.variant`, message: `clause "${c.id}" has no variant "${ref.variant}" (variants: ${c.variants.map((v) => v.id).join(', ')})` })
    }
    if (ref.context === 'article' && c.inserts === 'paragraphs') errors.push({ path, field: `${ref.field}.clause`, message: `clause "${c.id}" inserts paragraphs: place it in the items of an article` })
    if (ref.context === 'paragraphs' && c.inserts === 'article') errors.push({ path, field: `${ref.field}.clause`, message: `clause "${c.id}" inserts a whole article: it cannot stand inside another article` })
    for (const p of c.parameters) if (!known.has(p.name)) known.set(p.name, p)
  }
  const reported = new Set<string>()
  for (const piece of literalInlines(t)) {
    if (piece.kind === 'std') {
      errors.push({ path, field: 'body', message: `{{std:${piece.key}}} in the template's own text: pieces of the legal standard are included through a library clause` })
      continue
    }
    if (piece.kind === 'param' && !known.has(piece.name) && !reported.has(piece.name)) {
      reported.add(piece.name)
      errors.push({ path, field: 'parameters', message: `unknown placeholder {{${piece.name}}}: declare it under parameters or use a clause that declares it` })
    }
  }
  for (const [name, value] of Object.entries(t.values)) {
    const p = known.get(name)
    if (!p) errors.push({ path, field: `values.${name}`, message: `"${name}" is not a parameter of this template or of its clauses` })
    else {
      const problem = parameterValueError(p, value)
      if (problem) errors.push({ path, field: `values.${name}`, message: problem })
    }
  }
  return errors
}
