// Commands for library clauses: insert an instantiated clause at the cursor (articles after the
// current article, paragraphs into it) with its parameter values where the document has none,
// replace clause text by the library's current version, and pick a selection to save as a clause.
// Text and values change in one edit (see parameters.ts): one undo step takes back both.
import type { Node } from 'prosemirror-model'
import { TextSelection, type Command, type EditorState } from 'prosemirror-state'
import type { Clause } from '../model/clauses/clause.js'
import type { ClauseInstance } from '../model/clauses/instantiate.js'
import { addProvenance } from '../model/clauses/provenance.js'
import { updateClauseArticle } from '../model/clauses/deviation-update.js'
import { parametersKey } from '../plugins/parameters.js'
import { parameterValue, writeParameters } from './parameters.js'
import { ancestor, bodyArticleEnd } from './units.js'
import { articlesById } from '../model/moves.js'

/** Where a clause would go: a position for articles, or a position inside an article for paragraphs. */
export type ClauseTarget =
  | { kind: 'article'; pos: number }
  | { kind: 'paragraphs'; pos: number; articlePos: number }

/**
 * Where a clause that inserts `kind` goes from the current selection: articles after the
 * article holding the cursor (or at the end of the body); paragraphs after the paragraph holding
 * the cursor, or at the end of its article. Null when paragraphs have no article to go into.
 */
export function clauseTarget(state: EditorState, kind: Clause['inserts']): ClauseTarget | null {
  const $from = state.selection.$from
  const article = ancestor($from, (n) => n === 'article')
  if (kind === 'article') return { kind, pos: article ? article.pos + article.node.nodeSize : bodyArticleEnd(state.doc) }
  if (!article) return null
  const child = $from.depth > article.depth ? $from.node(article.depth + 1) : null
  const pos = child && child.type.name === 'paragraph'
    ? $from.before(article.depth + 1) + child.nodeSize
    : article.pos + article.node.nodeSize - 1
  return { kind, pos, articlePos: article.pos }
}

/** How a clause is inserted. */
export interface InsertClauseOptions {
  /** What a dry run without an instance asks about (default: the instance's kind, else articles). */
  kind?: Clause['inserts']
  /** Parameters whose value in the document the clause's value replaces (the drafter agreed). */
  overwrite?: readonly string[]
}

/**
 * Inserts `instance` at the cursor (see `clauseTarget`), recording provenance: articles carry it
 * already; paragraphs are recorded on the receiving article. Its parameter values go where the
 * document has none, and over those named in `overwrite`. Dry run: whether it can go here.
 */
export const insertClause = (instance: ClauseInstance | null, options: InsertClauseOptions = {}): Command => (state, dispatch) => {
  const target = clauseTarget(state, options.kind ?? instance?.kind ?? 'article')
  if (!target) return false
  if (dispatch && instance) {
    const tr = state.tr
    if (target.kind === 'paragraphs') {
      const article = state.doc.nodeAt(target.articlePos)!
      tr.setNodeMarkup(target.articlePos, undefined, { ...article.attrs, clause: addProvenance(article.attrs.clause, instance.provenance) })
    }
    tr.insert(target.pos, instance.nodes)
    tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(target.pos + 2, tr.doc.content.size)), 1))
    writeParameters(state, missingValues(state, instance.parameters, options.overwrite), { tr: tr.scrollIntoView(), dispatch })
  }
  return true
}

/**
 * Inserts `instance` (a clause that inserts paragraphs) at the end of the article with id
 * `articleId`, wherever the cursor is: the Check panel's fix for an article that lacks what the
 * clause supplies. False when there is no such article or the clause inserts articles.
 */
export const insertClauseAtArticleEnd = (instance: ClauseInstance, articleId: string): Command => (state, dispatch) => {
  if (instance.kind !== 'paragraphs') return false
  const article = articlesById(state.doc).get(articleId)?.[0]
  if (!article) return false
  const end = article.pos + article.node.nodeSize - 1
  const atEnd = state.apply(state.tr.setSelection(TextSelection.near(state.doc.resolve(end), -1)))
  return insertClause(instance)(atEnd, dispatch)
}

/** A value the document already has that differs from the one a clause brings. */
export interface ValueConflict { name: string; current: string; proposed: string }

/** The document's current parameter values. */
export const documentValues = (state: EditorState): ReadonlyMap<string, string> => parametersKey.getState(state)?.values ?? new Map()

/** Values in `values` that would change a value the document already has. */
export function valueConflicts(state: EditorState, values: Record<string, string>): ValueConflict[] {
  const current = documentValues(state)
  return Object.entries(values)
    .filter(([name, v]) => { const c = current.get(name); return c !== undefined && c !== '' && c !== v })
    .map(([name, proposed]) => ({ name, current: current.get(name)!, proposed }))
}

/** Of a clause's `values`, those the document has no value for, and those named in `overwrite`. */
export function missingValues(state: EditorState, values: Readonly<Record<string, string>>, overwrite: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([name, value]) => value !== '' && (parameterValue(state, name) === '' || overwrite.includes(name))))
}

/**
 * Replaces the text of provenance record `index` of the article at `articlePos` by the library's
 * current version of `clause`, keeping the recorded parameter values (see updateClauseArticle).
 * A newer version may bring parameters the document has no value for: they get their defaults.
 */
export const updateClause = (articlePos: number, index: number, clause: Clause): Command => (state, dispatch) => {
  const article = state.doc.nodeAt(articlePos)
  if (!article || article.type.name !== 'article') return false
  if (dispatch) {
    const next = updateClauseArticle(article, index, clause)
    const tr = state.tr.replaceWith(articlePos, articlePos + article.nodeSize, next)
    tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(articlePos + 2, tr.doc.content.size)), 1))
    const defaults = Object.fromEntries(clause.parameters.filter((p) => p.default !== undefined).map((p) => [p.name, p.default!]))
    writeParameters(state, missingValues(state, defaults), { tr: tr.scrollIntoView(), dispatch })
  }
  return true
}

/**
 * The nodes a selection would save as a clause: whole articles when it spans several articles or
 * touches a heading, else the paragraphs of one article it touches. Null when it touches no article.
 */
export function selectionForClause(state: EditorState): { inserts: Clause['inserts']; nodes: Node[] } | null {
  const { from, to, $from, $to } = state.selection
  const first = ancestor($from, (n) => n === 'article')
  const last = ancestor($to, (n) => n === 'article')
  const articles: Node[] = []
  state.doc.nodesBetween(from, to, (node) => {
    if (node.type.name === 'article') { articles.push(node); return false }
    return !node.isTextblock
  })
  if (articles.length === 0) return null
  const inHeading = (depth: number) => $from.node(depth + 1)?.type.name === 'heading'
  if (articles.length > 1 || !first || !last || first.pos !== last.pos || inHeading(first.depth)) return { inserts: 'article', nodes: articles }
  const paragraphs: Node[] = []
  first.node.forEach((child, offset) => {
    const start = first.pos + 1 + offset
    const end = start + child.nodeSize
    if (child.type.name === 'paragraph' && end > from && start < to) paragraphs.push(child)
    else if (child.type.name === 'paragraph' && from === to && start <= from && from <= end) paragraphs.push(child)
  })
  return paragraphs.length ? { inserts: 'paragraphs', nodes: paragraphs } : { inserts: 'article', nodes: articles }
}
