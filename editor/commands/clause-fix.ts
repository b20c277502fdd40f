// The Check panel's fix: the library clause a finding offers, put where a treaty drafter would put
// it. A missing safeguard ends the article that lacks it; a definition joins the definitions
// article ("Use of terms", "Definitions"), or opens a new "Use of terms" article after the
// introductory articles (scope, purpose, objectives) when the document has none; a clause that
// establishes a body becomes new articles at the end of the body, before the final provisions.
// Text and parameter values change in one edit: one undo step takes the fix back.
import type { Node } from 'prosemirror-model'
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import type { ClauseInstance } from '../model/clauses/instantiate.js'
import { addProvenance } from '../model/clauses/provenance.js'
import { newId } from '../model/ids.js'
import type { LintFix } from '../model/lint/index.js'
import { schema } from '../model/schema.js'
import { insertClauseAtArticleEnd, missingValues } from './clauses.js'
import { writeParameters } from './parameters.js'
import { bodyArticleEnd } from './units.js'

/** The heading of the definitions article a fix opens when the document has none. */
export const USE_OF_TERMS = 'Use of terms'

/** Headings of a definitions article. */
const DEFINITIONS = /^\s*(?:use of terms|definitions?|terms used|interpretation)\b/i
/** Headings of the introductory articles a definitions article follows. */
const INTRODUCTORY = /^\s*(?:(?:scope|purposes?|objects?|objectives?|field)\b|(?:scope|field) of application\b)/i
/** Headings of final clauses, for a document that keeps them among its body articles. */
const FINAL = /^\s*(?:signature|ratification|acceptance|approval|accession|entry into force|provisional application|reservations?|amendments?|denunciation|withdrawal|depositary|registration|authentic texts?|duration|termination|final (?:clauses|provisions)|relationship (?:to|with) other)\b/i

interface Placed { node: Node; pos: number }

const headingOf = (article: Node): string => (article.firstChild?.type.name === 'heading' ? article.firstChild.textContent : '')

/** The body's articles in order, in parts, chapters and sections too (not those of the final provisions or annexes). */
function bodyArticles(doc: Node): Placed[] {
  const out: Placed[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'article') { out.push({ node, pos }); return false }
    return node.type.name === 'part' || node.type.name === 'chapter' || node.type.name === 'section'
  })
  return out
}

/** Where a fix goes: paragraphs at the end of an existing article, or new nodes at a position. */
export type FixPlan =
  | { kind: 'append'; articleId: string }
  | { kind: 'insert'; pos: number; nodes: Node[]; articleId: string }

/** The definitions article of `doc`: the first body article headed "Use of terms", "Definitions" … */
export function definitionsArticle(doc: Node): Placed | undefined {
  return bodyArticles(doc).find((a) => DEFINITIONS.test(headingOf(a.node)))
}

/** Where a new definitions article goes: after the introductory articles at the start of the body, else before the first article. */
function definitionsPosition(doc: Node): number {
  const articles = bodyArticles(doc)
  let i = 0
  while (i < articles.length && INTRODUCTORY.test(headingOf(articles[i]!.node))) i++
  if (i > 0) return articles[i - 1]!.pos + articles[i - 1]!.node.nodeSize
  return articles[0]?.pos ?? bodyArticleEnd(doc)
}

/** Where new body articles go: before the final provisions, or before the final clauses a body ends with. */
function bodyEndPosition(doc: Node): number {
  let hasFinal = false
  doc.forEach((child) => { if (child.type.name === 'final_provisions') hasFinal = true })
  if (hasFinal) return bodyArticleEnd(doc)
  const articles = bodyArticles(doc)
  let k = articles.length
  while (k > 0 && FINAL.test(headingOf(articles[k - 1]!.node))) k--
  return k > 0 && k < articles.length ? articles[k]!.pos : bodyArticleEnd(doc)
}

/** A new article holding the paragraphs of `instance` under `heading`, recording where they came from. */
function articleOf(instance: ClauseInstance, heading: string): Node {
  return schema.nodes.article.create({ id: newId('article'), clause: addProvenance(null, instance.provenance) },
    [schema.nodes.heading.create(null, heading ? schema.text(heading) : null), ...instance.nodes])
}

/**
 * Where the fix `fix` puts `instance` in `doc`: `articleId` is the article of the finding (for the
 * `article` place), `title` the clause's title (the heading of a new article for paragraphs that
 * establish a body). Null when the finding's article is gone or the clause cannot go there.
 */
export function planClauseFix(doc: Node, instance: ClauseInstance, fix: LintFix, articleId: string, title: string): FixPlan | null {
  const place = fix.place ?? 'article'
  if (place === 'article') return instance.kind === 'paragraphs' && articleId ? { kind: 'append', articleId } : null
  if (place === 'definitions') {
    const existing = definitionsArticle(doc)
    if (existing && instance.kind === 'paragraphs') return { kind: 'append', articleId: String(existing.node.attrs.id) }
    const pos = existing ? existing.pos + existing.node.nodeSize : definitionsPosition(doc)
    const nodes = instance.kind === 'paragraphs' ? [articleOf(instance, USE_OF_TERMS)] : instance.nodes
    return { kind: 'insert', pos, nodes, articleId: String(nodes[0]!.attrs.id) }
  }
  const nodes = instance.kind === 'paragraphs' ? [articleOf(instance, title)] : instance.nodes
  return { kind: 'insert', pos: bodyEndPosition(doc), nodes, articleId: String(nodes[0]!.attrs.id) }
}

/**
 * Carries out `plan` (from `planClauseFix` on this state's document), with the clause's parameter
 * values where the document has none, in one edit. False when the plan's article is gone.
 */
export const applyClauseFix = (instance: ClauseInstance, plan: FixPlan): Command => (state: EditorState, dispatch) => {
  if (plan.kind === 'append') return insertClauseAtArticleEnd(instance, plan.articleId)(state, dispatch)
  if (plan.pos < 0 || plan.pos > state.doc.content.size) return false
  if (dispatch) {
    const tr = state.tr.insert(plan.pos, plan.nodes)
    tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(plan.pos + 2, tr.doc.content.size)), 1))
    writeParameters(state, missingValues(state, instance.parameters), { tr: tr.scrollIntoView(), dispatch })
  }
  return true
}
