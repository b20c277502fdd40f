// Writes treaty nodes (a selection saved as a clause) in the clause body syntax of
// clauses/README.md, so a saved clause is stored, validated and instantiated like a clause file.
import type { Mark, Node } from 'prosemirror-model'
import { letter, roman } from '../../editor/model/numbering.js'
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

const UNIT_LEVEL: Record<string, number> = { paragraph: 1, subparagraph: 2, subsubparagraph: 3 }

/**
 * The clause body for `nodes`: whole articles (`inserts: article`) or the paragraphs of one
 * article (`inserts: paragraphs`). Parameters become `{{name}}`; references to a unit inside
 * the saved text become `{{ref:…}}`; a reference to anything outside it is refused, since the
 * clause could not carry it. Drafting notes are left out.
 */
export function nodesToClauseBody(nodes: Node[]): { inserts: 'article' | 'paragraphs'; body: string; parameters: string[] } {
  if (nodes.length === 0) throw new ClauseMarkdownError('the selection holds no article or paragraph')
  const kinds = new Set(nodes.map((n) => n.type.name))
  const inserts = kinds.size === 1 && kinds.has('article') ? 'article' : kinds.size === 1 && kinds.has('paragraph') ? 'paragraphs' : null
  if (!inserts) throw new ClauseMarkdownError(`a clause is made of whole articles or of paragraphs, not of ${[...kinds].join(' and ')}`)
  const articles = inserts === 'article' ? nodes : [null]

  // where each unit and article is, for references
  const places = new Map<string, Place>()
  articles.forEach((a, ai) => {
    if (a) places.set(String(a.attrs.id), { article: ai + 1, path: '' })
    const paragraphs = a ? childrenOf(a).filter((c) => c.type.name === 'paragraph') : nodes
    paragraphs.forEach((p, pi) => {
      places.set(String(p.attrs.id), { article: ai + 1, path: String(pi + 1) })
      childrenOf(p).filter((c) => c.type.name === 'subparagraph').forEach((s, si) => {
        places.set(String(s.attrs.id), { article: ai + 1, path: `${pi + 1}(${letter(si + 1)})` })
        childrenOf(s).filter((c) => c.type.name === 'subsubparagraph').forEach((ss, ssi) => {
          places.set(String(ss.attrs.id), { article: ai + 1, path: `${pi + 1}(${letter(si + 1)})(${roman(ssi + 1).toLowerCase()})` })
        })
      })
    })
  })

  const parameters = new Set<string>()
  const lines: string[] = []
  articles.forEach((a, ai) => {
    const inline = (block: Node) => inlineText(block, ai + 1, places, parameters)
    const paragraphs = a ? childrenOf(a).filter((c) => c.type.name === 'paragraph') : nodes
    if (a) {
      const heading = childrenOf(a).find((c) => c.type.name === 'heading')
      const text = heading ? inline(heading).trim() : ''
      if (lines.length) lines.push('')
      lines.push(`### ${text || 'Untitled article'}`, '')
    }
    paragraphs.forEach((p, pi) => writeUnit(p, String(pi + 1), lines, inline))
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

/** Writes a paragraph or sub-paragraph and the units inside it, indented for readers. */
function writeUnit(unit: Node, marker: string, lines: string[], inline: (b: Node) => string): void {
  const level = UNIT_LEVEL[unit.type.name] ?? 1
  const indent = '   '.repeat(level - 1)
  const head = level === 1 ? `${marker}.` : `(${marker})`
  let started = false
  let sawUnit = false
  let subs = 0
  for (const child of childrenOf(unit)) {
    if (child.type.name === 'prose') {
      const text = inline(child).trim()
      if (!started) { lines.push(`${indent}${head} ${text}`); started = true; continue }
      if (!text) continue
      if (level === 1) {
        // after a blank line, plain text closes the paragraph (the words after its list)
        lines.push('', `${indent}   ${text}`)
      } else {
        // a sub-paragraph has one run of text: later runs join it
        lines[lines.length - 1] += ` ${text}`
      }
      if (sawUnit && level > 1) throw new ClauseMarkdownError('a sub-paragraph with text after its own sub-paragraphs cannot be written as a clause')
    } else if (UNIT_LEVEL[child.type.name]) {
      if (!started) { lines.push(`${indent}${head}`); started = true }
      sawUnit = true
      subs++
      const m = child.type.name === 'subparagraph' ? letter(subs) : roman(subs).toLowerCase()
      writeUnit(child, m, lines, inline)
    }
  }
  if (!started) lines.push(`${indent}${head}`)
}

const escapeText = (s: string) => s.replace(/\*/g, '∗').replace(/\{\{/g, '{ {').replace(/\}\}/g, '} }').replace(/\[\[/g, '[ [').replace(/\]\]/g, '] ]')

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
  })
  setMarks([])
  return out
}
