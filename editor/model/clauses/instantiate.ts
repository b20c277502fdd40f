// Turns a library clause (one variant, with parameter values) into nodes of the treaty schema:
// whole articles or bare paragraphs, with fresh stable ids, parameter atoms and provenance.
import { Fragment, type Mark, type Node } from 'prosemirror-model'
import { schema } from '../schema.js'
import { newId } from '../ids.js'
import { resolveRef, type BodyArticle, type BodyInline, type BodyUnit } from './body.js'
import type { Clause, ClauseParameter } from './clause.js'
import { parameterValueError } from './values.js'
import { expandArticles } from './standards.js'
import type { ClauseProvenance } from './provenance.js'

/** What the drafter chose: a variant (the first one when omitted) and parameter values by name. */
export interface InstantiateOptions {
  variant?: string
  values?: Record<string, string>
}

/** A value that could not be used, or a required parameter left without one. */
export interface ParameterProblem {
  parameter: string
  message: string
}

/** The nodes to insert, and what goes beside them. */
export interface ClauseInstance {
  kind: Clause['inserts']
  /** Article nodes (kind "article") or paragraph nodes (kind "paragraphs"). */
  nodes: Node[]
  /**
   * Parameter values to write into the document's parameters map (name → value): the values
   * given, else the clause defaults. The text holds only `parameter` atoms. A caller inserting
   * into an existing document writes a default only where the document has no value yet.
   */
  parameters: Record<string, string>
  /** The provenance record; for articles it is already on each article's `clause` attribute. */
  provenance: ClauseProvenance
  problems: ParameterProblem[]
}

/** Thrown for a request that names a variant the clause does not have. */
export class UnknownVariantError extends Error {
  constructor(readonly clauseId: string, readonly variant: string, known: string[]) {
    super(`clause "${clauseId}" has no variant "${variant}" (variants: ${known.join(', ')})`)
    this.name = 'UnknownVariantError'
  }
}

/** The parameter values a clause will use: given values checked against their types, then defaults. */
export function resolveValues(params: ClauseParameter[], values: Record<string, string> = {}): { parameters: Record<string, string>; problems: ParameterProblem[] } {
  const parameters: Record<string, string> = {}
  const problems: ParameterProblem[] = []
  for (const p of params) {
    const given = values[p.name]
    if (given !== undefined && given.trim() !== '') {
      const problem = parameterValueError(p, given)
      if (!problem) { parameters[p.name] = given; continue }
      // A bad value is reported once; the default (if any) stands in for it.
      problems.push({ parameter: p.name, message: `${p.label}: ${problem}` })
      if (p.default !== undefined) parameters[p.name] = p.default
      continue
    }
    if (p.default !== undefined) parameters[p.name] = p.default
    else if (p.required) problems.push({ parameter: p.name, message: `${p.label}: required, and no value was given` })
  }
  return { parameters, problems }
}

/**
 * Instantiates `clause`. Articles receive the provenance record on their `clause` attribute;
 * for paragraphs, record it on the enclosing article with `addProvenance(article.attrs.clause,
 * instance.provenance)` (see provenance.ts for why).
 */
export function instantiateClause(clause: Clause, options: InstantiateOptions = {}): ClauseInstance {
  const variant = options.variant === undefined ? clause.variants[0] : clause.variants.find((v) => v.id === options.variant)
  if (!variant) throw new UnknownVariantError(clause.id, options.variant ?? '', clause.variants.map((v) => v.id))
  const { parameters, problems } = resolveValues(clause.parameters, options.values)
  // `{{std:key}}` becomes the words of the legal standard here, and only here, so that every
  // caller (editor, preview, exports, deviation checks) inserts the same text.
  const articles = expandArticles(variant.articles, new Map((clause.standards ?? []).map((p) => [p.key, p])))
  const ids = assignIds(articles)
  const provenance: ClauseProvenance = { id: clause.id, version: clause.version, variant: variant.id, parameters: { ...parameters } }

  if (clause.inserts === 'paragraphs') {
    const nodes = articles.flatMap((a, ai) => a.paragraphs.flatMap((p) => unitNodes(p, ai, articles, ids)))
    provenance.paragraphs = nodes.map((n) => String(n.attrs.id))
    return { kind: 'paragraphs', nodes, parameters, provenance, problems }
  }
  const several = articles.length > 1
  const nodes = articles.map((a, ai) => {
    const record: ClauseProvenance = several ? { ...provenance, article: ai + 1 } : provenance
    return schema.nodes.article.create({ id: ids.articles[ai], clause: JSON.stringify(record) }, [
      schema.nodes.heading.create(null, inlineNodes(a.heading ?? [], ai, articles, ids)),
      ...a.paragraphs.flatMap((p) => unitNodes(p, ai, articles, ids)),
    ])
  })
  return { kind: 'article', nodes, parameters, provenance, problems }
}

/** Builds paragraph nodes from literal template text, for articles that are not library clauses. */
export function literalParagraphs(articles: BodyArticle[]): Node[] {
  const ids = assignIds(articles)
  return articles.flatMap((a, ai) => a.paragraphs.flatMap((p) => unitNodes(p, ai, articles, ids)))
}

/** Builds inline nodes from literal text (a recital, a title, a line of the conclusion). */
export function literalInline(pieces: BodyInline[]): Node[] {
  return inlineNodes(pieces, 0, [], { articles: [], units: new Map() })
}

interface Ids { articles: string[]; units: Map<BodyUnit, string> }

function assignIds(articles: BodyArticle[]): Ids {
  const units = new Map<BodyUnit, string>()
  const walk = (u: BodyUnit) => {
    units.set(u, newId('paragraph'))
    for (const c of u.content) if (!Array.isArray(c)) walk(c)
  }
  for (const a of articles) a.paragraphs.forEach(walk)
  return { articles: articles.map(() => newId('article')), units }
}

/**
 * The flat blocks of a clause unit (see schema.ts): its own text at its level, then its sub-units
 * one level deeper, then any text after them as blocks that continue it. Every block has an id.
 */
function unitNodes(u: BodyUnit, ai: number, articles: BodyArticle[], ids: Ids): Node[] {
  const level = u.level - 1
  const own = schema.nodes.paragraph.create({ id: ids.units.get(u) ?? newId('paragraph'), level }, [])
  const out: Node[] = [own]
  let ownText: Node[] | null = null
  for (const c of u.content) {
    if (!Array.isArray(c)) { out.push(...unitNodes(c, ai, articles, ids)); continue }
    const text = inlineNodes(c, ai, articles, ids)
    if (ownText === null && out.length === 1) ownText = text
    else out.push(schema.nodes.paragraph.create({ id: newId('paragraph'), level, continues: true }, text))
  }
  out[0] = own.copy(Fragment.fromArray(ownText ?? []))
  return out
}

/** The bold and italic marks of a run. */
function emphasis(p: { em: boolean; strong: boolean }): Mark[] {
  const marks: Mark[] = []
  if (p.strong) marks.push(schema.marks.strong.create())
  if (p.em) marks.push(schema.marks.em.create())
  return marks
}

function inlineNodes(pieces: BodyInline[], ai: number, articles: BodyArticle[], ids: Ids): Node[] {
  const out: Node[] = []
  for (const p of pieces) {
    if (p.kind === 'param') out.push(schema.nodes.parameter.create({ name: p.name }))
    else if (p.kind === 'ref') {
      const hit = resolveRef(articles, ai, p.target)
      const target = hit ? (hit.unit ? ids.units.get(hit.unit) : ids.articles[hit.article]) : undefined
      out.push(schema.nodes.xref.create({ target: target ?? '' }))
    } else if (p.kind === 'std') {
      // Expanded by instantiateClause; literal template text cannot hold one (the template check refuses it).
      continue
    } else if (p.kind === 'note') {
      out.push(schema.nodes.footnote.create({ id: newId('footnote') }, p.runs.filter((r) => r.text !== '').map((r) => schema.text(r.text, emphasis(r)))))
    } else if (p.text !== '') {
      const marks = emphasis(p)
      if (p.kind === 'term') marks.push(schema.marks.term.create({ key: p.key, defining: p.defining }))
      out.push(schema.text(p.text, marks))
    }
  }
  return out
}
