// Writes treaty nodes (a selection saved as a clause) in the clause body syntax of
// clauses/README.md, so a saved clause is stored, validated and instantiated like a clause file.
import type { Mark, Node } from 'prosemirror-model'
import { unitMarker, unitOrdinal } from '../../editor/model/numbering.js'
import { clampLevel, schema } from '../../editor/model/schema.js'
import { termKey } from '../../editor/model/clauses/body.js'

/** Why the nodes cannot be written as a clause body; the message names the problem. */
export class ClauseMarkdownError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ClauseMarkdownError'
  }
}

/** Where a unit sits inside the saved text, for writing references to it. */
interface Place { article: number; path: string }

/** One paragraph block as the clause syntax writes it. */
interface Line {
  block: Node
  level: number
  /** "1", "1(a)", "1(a)(i)": the unit's place in its article, or for closing text that of the unit it closes; '' when none. */
  path: string
  /** The marker as written ("1.", "(a)", "(i)"); '' for closing text. */
  marker: string
  /** Why the clause syntax cannot write the block, if it cannot. */
  problem?: string
}

/**
 * The paragraph blocks of one article (or of a selection of paragraphs) with their markers and
 * places, numbered as the document numbers them. The syntax nests "(a)" under "1." and "(i)"
 * under "(a)", and closes only a paragraph's list with text; a block it cannot express that way
 * carries the reason.
 */
function linesOf(blocks: Node[]): Line[] {
  const counters = [0, 0, 0]
  const paths: string[] = ['', '', '']
  // open[level]: a unit of that level is open for blocks below it; listed[level]: it has units under it
  const open = [false, false, false]
  const listed = [false, false, false]
  return blocks.map((block): Line => {
    const level = clampLevel(block.attrs.level)
    if (block.attrs.continues) {
      if (!open[level]) {
        const problem = !open[0] ? 'the selection begins with text that closes a list; include the paragraph it belongs to'
          : 'indented text that continues no sub-paragraph cannot be written as a clause'
        return { block, level, path: '', marker: '', problem }
      }
      open.fill(false, level + 1)
      const problem = level > 0 && listed[level] ? 'a sub-paragraph with text after its own sub-paragraphs cannot be written as a clause' : undefined
      return { block, level, path: paths[level]!, marker: '', ...(problem ? { problem } : {}) }
    }
    const n = ++counters[level]!
    counters.fill(0, level + 1)
    const ordinal = unitOrdinal(level, n)
    const path = level === 0 ? ordinal : `${paths[level - 1]}(${ordinal})`
    const problem = level === 0 || open[level - 1] ? undefined
      : !open[0] ? 'the selection begins inside a paragraph; include the paragraph its sub-paragraphs belong to'
      : 'a sub-paragraph (i) directly under a paragraph, with no (a) above it, cannot be written as a clause'
    paths[level] = path
    open[level] = true
    listed[level] = false
    open.fill(false, level + 1)
    if (level > 0) listed[level - 1] = true
    return { block, level, path, marker: unitMarker(level, n), ...(problem ? { problem } : {}) }
  })
}

/**
 * The clause body for `nodes`: whole articles (`inserts: article`) or the paragraph blocks of one
 * article (`inserts: paragraphs`). Parameters become `{{name}}`; references to a unit inside
 * the saved text become `{{ref:…}}`; a reference to anything outside it is refused, since the
 * clause could not carry it; footnotes become `^[…]`. Drafting notes are left out.
 */
export function nodesToClauseBody(nodes: Node[]): { inserts: 'article' | 'paragraphs'; body: string; parameters: string[] } {
  if (nodes.length === 0) throw new ClauseMarkdownError('the selection holds no article or paragraph')
  const kinds = new Set(nodes.map((n) => n.type.name))
  const inserts = kinds.size === 1 && kinds.has('article') ? 'article' : kinds.size === 1 && kinds.has('paragraph') ? 'paragraphs' : null
  if (!inserts) throw new ClauseMarkdownError(`a clause is made of whole articles or of paragraphs, not of ${[...kinds].join(' and ')}`)
  const articles = inserts === 'article' ? nodes : [null]
  const linesByArticle = articles.map((a) => linesOf(a ? childrenOf(a).filter((c) => c.type.name === 'paragraph') : nodes))

  // where each unit and article is, for references; text closing a list is cited as the unit it closes
  const places = new Map<string, Place>()
  articles.forEach((a, ai) => {
    if (a) places.set(String(a.attrs.id), { article: ai + 1, path: '' })
    for (const line of linesByArticle[ai]!) {
      const id = String(line.block.attrs.id ?? '')
      if (id && line.path && !places.has(id)) places.set(id, { article: ai + 1, path: line.path })
    }
  })

  const parameters = new Set<string>()
  const lines: string[] = []
  articles.forEach((a, ai) => {
    const inline = (block: Node) => inlineText(block, ai + 1, places, parameters)
    if (a) {
      const heading = childrenOf(a).find((c) => c.type.name === 'heading')
      const text = heading ? inline(heading).trim() : ''
      if (lines.length) lines.push('')
      lines.push(`### ${text || 'Untitled article'}`, '')
    }
    for (const line of linesByArticle[ai]!) writeLine(line, lines, inline)
  })
  const body = lines.join('\n').trim() + '\n'
  if (!body.replace(/^###.*$/gm, '').replace(/^\s*(\d+\.|\([a-z]+\))\s*$/gm, '').trim()) throw new ClauseMarkdownError('the selection has no text')
  return { inserts, body, parameters: [...parameters] }
}

const childrenOf = (n: Node): Node[] => {
  const out: Node[] = []
  n.forEach((c) => out.push(c))
  return out
}

/** Writes one paragraph block, indented by level for readers. */
function writeLine(line: Line, lines: string[], inline: (b: Node) => string): void {
  const text = inline(line.block).trim()
  if (!line.block.attrs.continues) {
    if (line.problem) throw new ClauseMarkdownError(line.problem)
    lines.push(`${'   '.repeat(line.level)}${line.marker} ${text}`)
    return
  }
  if (!text) return
  if (line.problem) throw new ClauseMarkdownError(line.problem)
  // after a blank line, plain text closes the paragraph (the words after its list);
  // a sub-paragraph has one run of text, so its later runs join it
  if (line.level === 0) lines.push('', `   ${text}`)
  else lines[lines.length - 1] += ` ${text}`
}

const escapeText = (s: string) => s.replace(/\*/g, '∗').replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }').replace(/\[\[/g, '[ [').replace(/\]\]/g, '] ]').replace(/\^\[/g, '^ [')

/**
 * A footnote's text as `^[…]` reads it: brackets kept where they pair without nesting ("[1999]
 * ICJ Reports"), else written as parentheses, which is all the syntax can hold.
 */
function noteBrackets(text: string): string {
  let depth = 0
  for (const c of text) {
    if (c === '[') depth++
    else if (c === ']') depth--
    if (depth < 0 || depth > 1) return text.replace(/\[/g, '(').replace(/\]/g, ')')
  }
  return depth === 0 ? text : text.replace(/\[/g, '(').replace(/\]/g, ')')
}

/** A footnote in the body syntax: `^[text]`, its italic and bold kept (it holds text only). */
function noteText(note: Node): string {
  const runs: Node[] = []
  note.forEach((n) => { if (n.isText) runs.push(n.mark(n.marks.filter((m) => m.type.name === 'em' || m.type.name === 'strong'))) })
  const block = schema.nodes.paragraph.create(null, runs)
  return `^[${noteBrackets(inlineText(block, 0, new Map(), new Set()))}]`
}

/** A text block's inline content in the body syntax. */
function inlineText(block: Node, article: number, places: Map<string, Place>, parameters: Set<string>): string {
  let out = ''
  let em = false
  let strong = false
  const setMarks = (marks: readonly Mark[]) => {
    const wantStrong = marks.some((m) => m.type.name === 'strong')
    const wantEm = marks.some((m) => m.type.name === 'em')
    if (em && !wantEm) { out += '*'; em = false }
    if (strong !== wantStrong) { out += '**'; strong = wantStrong }
    if (em !== wantEm) { out += '*'; em = wantEm }
  }
  block.forEach((n) => {
    if (n.isText) {
      setMarks(n.marks)
      const term = n.marks.find((m) => m.type.name === 'term')
      const text = escapeText(n.text ?? '')
      if (term) {
        const key = String(term.attrs.key || termKey(text))
        const shown = text.replace(/\|/g, '/')
        out += `[[${term.attrs.defining ? '=' : ''}${shown}${termKey(shown) === key ? '' : `|${key.replace(/-/g, ' ')}`}]]`
      } else out += text
      return
    }
    setMarks([])
    if (n.type.name === 'parameter') {
      const name = String(n.attrs.name)
      parameters.add(name)
      out += `{{${name}}}`
    } else if (n.type.name === 'xref') {
      const place = places.get(String(n.attrs.target))
      if (!place) throw new ClauseMarkdownError('a cross-reference in the selection points outside it; include its target or remove the reference')
      out += place.path === '' ? `{{ref:art${place.article}}}` : place.article === article ? `{{ref:${place.path}}}` : `{{ref:art${place.article}/${place.path}}}`
    } else if (n.type.name === 'hard_break') out += ' '
    else if (n.type.name === 'footnote') { if (n.textContent.trim()) out += noteText(n) }
  })
  setMarks([])
  return out
}
