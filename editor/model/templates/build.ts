// Builds a whole treaty document from a template and a clause library: title, preamble,
// divisions and articles, final provisions, conclusion and annexes, with clause provenance.
import type { Node } from 'prosemirror-model'
import { schema } from '../schema.js'
import { newId } from '../ids.js'
import { normalizeTreaty } from '../normalize.js'
import type { Clause, LibraryError } from '../clauses/clause.js'
import { instantiateClause, literalInline, literalParagraphs, resolveValues, type ParameterProblem } from '../clauses/instantiate.js'
import { addProvenance } from '../clauses/provenance.js'
import type { ArticleItem, BodyItem, ClauseRef, Template, TextItem } from './template.js'

/** A built document and the values of its parameters. */
export interface BuiltTemplate {
  doc: Node
  /** Document-wide parameter values (name → value) to store beside the content. */
  parameters: Record<string, string>
  /** Values that could not be used and required parameters still unfilled. */
  problems: ParameterProblem[]
  /** Clause references that could not be built (missing clause, wrong kind); the rest is built. */
  errors: LibraryError[]
}

/**
 * Builds `template` against `clauses`. `values` override the template's own starting values.
 * The result is normalised, so it passes `treatyShapeErrors`; numbering is computed from it.
 */
export function buildTemplate(template: Template, clauses: ReadonlyMap<string, Clause>, values: Record<string, string> = {}, path = template.id): BuiltTemplate {
  const given = { ...template.values, ...values }
  const parameters: Record<string, string> = {}
  const problems = new Map<string, ParameterProblem>()
  const errors: LibraryError[] = []
  const note = (resolved: { parameters: Record<string, string>; problems: ParameterProblem[] }) => {
    Object.assign(parameters, resolved.parameters)
    for (const p of resolved.problems) if (!problems.has(p.parameter)) problems.set(p.parameter, p)
  }
  note(resolveValues(template.parameters, given))

  const clauseOf = (ref: ClauseRef, want: Clause['inserts']): Clause | null => {
    const c = clauses.get(ref.clause)
    if (!c) { errors.push({ path, field: `${ref.field}.clause`, message: `no clause "${ref.clause}" in the library` }); return null }
    if (c.inserts !== want) { errors.push({ path, field: `${ref.field}.clause`, message: `clause "${c.id}" inserts ${c.inserts === 'article' ? 'a whole article' : 'paragraphs'} and cannot stand here` }); return null }
    if (ref.variant !== undefined && !c.variants.some((v) => v.id === ref.variant)) { errors.push({ path, field: `${ref.field}.variant`, message: `clause "${c.id}" has no variant "${ref.variant}"` }); return null }
    return c
  }
  const instance = (c: Clause, ref: ClauseRef) => {
    const inst = instantiateClause(c, { ...(ref.variant ? { variant: ref.variant } : {}), values: given })
    note(inst)
    return inst
  }
  const heading = (pieces: Parameters<typeof literalInline>[0]) => schema.nodes.heading.create(null, literalInline(pieces))

  const literalArticle = (a: ArticleItem): Node => {
    let provenance: string | null = null
    const children: Node[] = [heading(a.heading)]
    for (const it of a.items) {
      if (it.kind === 'text') { children.push(...literalParagraphs(it.articles)); continue }
      const c = clauseOf(it, 'paragraphs')
      if (!c) continue
      const inst = instance(c, it)
      children.push(...inst.nodes)
      provenance = addProvenance(provenance, inst.provenance)
    }
    return schema.nodes.article.create({ id: newId('article'), clause: provenance }, children)
  }
  const items = (list: Array<BodyItem | TextItem>): Node[] => list.flatMap((it): Node[] => {
    switch (it.kind) {
      case 'clause': {
        const c = clauseOf(it, 'article')
        return c ? instance(c, it).nodes : []
      }
      case 'article': return [literalArticle(it)]
      case 'text': return literalParagraphs(it.articles)
      default: return [schema.nodes[it.kind].create({ id: newId(it.kind) }, [heading(it.heading), ...items(it.items)])]
    }
  })

  const children: Node[] = [
    schema.nodes.title.create(null, literalInline(template.title)),
    schema.nodes.preamble.create(null, template.preamble.map((r) => schema.nodes.recital.create(null, literalInline(r)))),
    ...items(template.body),
  ]
  if (template.finalProvisions) {
    children.push(schema.nodes.final_provisions.create({ id: newId('final_provisions') }, [heading(template.finalProvisions.heading), ...items(template.finalProvisions.items)]))
  }
  children.push(schema.nodes.conclusion.create(null, [
    ...template.conclusion.map((l) => schema.nodes.prose.create(null, literalInline(l))),
    ...template.signatures.map((s) => schema.nodes.signature.create({ id: newId('signature') }, [
      schema.nodes.prose.create(null, literalInline(s)),
      schema.nodes.prose.create(null, schema.text('(signature)')),
    ])),
  ]))
  for (const a of template.annexes) children.push(schema.nodes.annex.create({ id: newId('annex') }, [heading(a.heading), ...items(a.items)]))

  let doc = schema.nodes.doc.create(null, children)
  const tr = normalizeTreaty(doc)
  if (tr) doc = tr.doc
  return { doc, parameters, problems: [...problems.values()], errors }
}
