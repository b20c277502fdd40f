// Parses the Markdown body of a clause (or a template's literal text) into articles,
// numbered paragraphs, sub-paragraphs and inline runs, reporting every problem with its line.
//
// The syntax (documented for lawyers in clauses/README.md):
//   ### Heading              an article and its heading (only where whole articles are inserted)
//   1. Text                  a numbered paragraph; numbers run 1, 2, 3 … within each article
//   (a) Text / (i) Text      a sub-paragraph and a sub-paragraph of the second level
//   a plain line             continues the line above; after a blank line it closes the paragraph
//   {{name}}                 a parameter; {{ref:2}}, {{ref:2(a)}}, {{ref:art2}}, {{ref:art2/1(b)}} cross-references
//   {{std:key}}              a piece of the library's legal standard (clauses/standards.yaml), expanded on insertion
//   [[term]] [[=term]]       a defined term used / defined here; [[text|key]] names the term explicitly
//   ^[text]                  a footnote, where its marker stands; its text may hold *italic*, **bold** and [brackets]
//   *italic*  **bold**
import { unitOrdinal } from '../numbering.js'
import { PARAMETER_NAME_RULE, isParameterName } from './vocabulary.js'

/** A run of plain text, italic or bold. */
export type BodyText = { kind: 'text'; text: string; em: boolean; strong: boolean }

/** One inline piece of clause text. */
export type BodyInline =
  | BodyText
  | { kind: 'note'; runs: BodyText[] }
  | { kind: 'param'; name: string }
  | { kind: 'term'; text: string; key: string; defining: boolean; em: boolean; strong: boolean }
  | { kind: 'ref'; target: string; line: number }
  | { kind: 'std'; key: string; line: number }

/** A paragraph, sub-paragraph or sub-sub-paragraph: runs of text and the units nested in it. */
export interface BodyUnit {
  level: 1 | 2 | 3
  /** The marker as written: "1", "a", "ii". */
  marker: string
  line: number
  content: Array<BodyInline[] | BodyUnit>
}

/** One article of a clause body; `heading` is null where the clause inserts bare paragraphs. */
export interface BodyArticle {
  heading: BodyInline[] | null
  line: number
  paragraphs: BodyUnit[]
}

/** A problem in a body, with its 1-based line number in the file (or in the text given). */
export interface BodyProblem {
  line: number
  message: string
}

/** Converts defined-term text into the key its uses share: "Armed conflict" → "armed-conflict". */
export function termKey(text: string): string {
  return text.toLowerCase().replace(/[“”"'‘’]/g, '').trim().replace(/\s+/g, '-')
}

const TOKEN = /\{\{([^{}]*)\}\}|\[\[([^[\]]*)\]\]|\^\[((?:[^[\]]|\[[^[\]]*\])*)\]|\*\*|\*/g
/** The key of a legal-standard piece in `{{std:key}}` (the ids of clauses/standards.yaml). */
export const STANDARD_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const REF_TARGET = /^(?:art([1-9]\d*)(?:\/([1-9]\d*)((?:\([a-z]+\)){0,2}))?|([1-9]\d*)((?:\([a-z]+\)){0,2}))$/

/** Splits one logical line of text into inline pieces; problems are reported at `line`. */
export function parseInline(text: string, line: number, problems: BodyProblem[]): BodyInline[] {
  const out: BodyInline[] = []
  let em = false
  let strong = false
  let last = 0
  const pushText = (s: string) => {
    if (s === '') return
    const prev = out[out.length - 1]
    if (prev?.kind === 'text' && prev.em === em && prev.strong === strong) prev.text += s
    else out.push({ kind: 'text', text: s, em, strong })
  }
  for (const m of text.matchAll(TOKEN)) {
    pushText(text.slice(last, m.index))
    last = m.index + m[0].length
    if (m[0] === '**') { strong = !strong; continue }
    if (m[0] === '*') { em = !em; continue }
    if (m[1] !== undefined) {
      const inner = m[1].trim()
      if (inner.startsWith('ref:')) {
        const target = inner.slice(4).trim()
        if (!REF_TARGET.test(target)) problems.push({ line, message: `malformed cross-reference {{${inner}}}: write {{ref:2}}, {{ref:2(a)}}, {{ref:art2}} or {{ref:art2/1(b)}}` })
        else out.push({ kind: 'ref', target, line })
      } else if (inner.startsWith('std:')) {
        const key = inner.slice(4).trim()
        if (!STANDARD_KEY.test(key)) problems.push({ line, message: `malformed standard reference {{${inner}}}: write {{std:key}} with a key from clauses/standards.yaml` })
        else out.push({ kind: 'std', key, line })
      } else if (!isParameterName(inner)) {
        problems.push({ line, message: `malformed placeholder {{${inner}}}: ${PARAMETER_NAME_RULE}` })
      } else out.push({ kind: 'param', name: inner })
      continue
    }
    if (m[3] !== undefined) {
      const inner = parseInline(m[3], line, problems)
      const runs = inner.filter((x): x is BodyText => x.kind === 'text')
      if (runs.length !== inner.length) problems.push({ line, message: `a footnote ^[…] holds only text (with *italic* and **bold**): no placeholder, reference, defined term or footnote in ^[${m[3]}]` })
      else if (runs.every((r) => r.text.trim() === '')) problems.push({ line, message: 'empty footnote ^[]' })
      else out.push({ kind: 'note', runs })
      continue
    }
    const raw = (m[2] ?? '').trim()
    const defining = raw.startsWith('=')
    const [shown = '', explicitKey] = (defining ? raw.slice(1) : raw).split('|').map((s) => s.trim())
    if (shown === '') { problems.push({ line, message: `empty defined term [[${raw}]]` }); continue }
    out.push({ kind: 'term', text: shown, key: explicitKey ? termKey(explicitKey) : termKey(shown), defining, em, strong })
  }
  pushText(text.slice(last))
  if (out.some((x) => x.kind === 'text' && x.text.includes('^['))) problems.push({ line, message: 'unclosed footnote ^[…]: close it with ], and keep brackets inside it in pairs' })
  if (em || strong) problems.push({ line, message: `unclosed ${strong ? '**bold**' : '*italic*'} emphasis` })
  return out
}

/** Whether a `(x)` marker could be a lower-case Roman numeral. */
const isRoman = (s: string) => /^[ivxlc]+$/.test(s)

/**
 * Parses a body (the text of one variant) into articles. `withHeadings` is true when the clause
 * inserts whole articles (each begins with `### Heading`), false when it inserts paragraphs.
 * `firstLine` is the file line of the text's first line, so problems point into the file.
 */
export function parseBody(text: string, withHeadings: boolean, firstLine = 1): { articles: BodyArticle[]; problems: BodyProblem[] } {
  const problems: BodyProblem[] = []
  const articles: BodyArticle[] = []
  let article: BodyArticle | null = withHeadings ? null : { heading: null, line: firstLine, paragraphs: [] }
  if (article) articles.push(article)
  let para: BodyUnit | null = null
  let sub: BodyUnit | null = null
  let current: BodyUnit | null = null
  let afterBlank = false

  const lines = text.split(/\r?\n/)
  lines.forEach((rawLine, i) => {
    const line = firstLine + i
    const trimmed = rawLine.trim()
    if (trimmed === '') { afterBlank = true; return }
    const heading = /^###\s+(.*)$/.exec(trimmed)
    if (heading) {
      if (!withHeadings) { problems.push({ line, message: 'an article heading (###) in a clause that inserts paragraphs; use `inserts: article` or remove the heading' }); return }
      if (article && article.paragraphs.length === 0) problems.push({ line: article.line, message: 'article has no numbered paragraph' })
      article = { heading: parseInline(heading[1]!.trim(), line, problems), line, paragraphs: [] }
      articles.push(article)
      para = sub = current = null
      afterBlank = false
      return
    }
    if (/^#/.test(trimmed)) { problems.push({ line, message: `unexpected heading "${trimmed}": articles begin with "### ", variants with "## Variant: "` }); return }
    if (!article) { problems.push({ line, message: 'text before the first article heading (### Heading)' }); return }

    const numbered = /^(\d+)\.\s+(.*)$/.exec(trimmed)
    if (numbered) {
      const expected = article.paragraphs.length + 1
      if (Number(numbered[1]) !== expected) problems.push({ line, message: `paragraph ${numbered[1]}. is out of sequence: expected ${expected}.` })
      para = { level: 1, marker: String(expected), line, content: [parseInline(numbered[2]!, line, problems)] }
      article.paragraphs.push(para)
      sub = null
      current = para
      afterBlank = false
      return
    }
    const lettered = /^\(([a-z]+)\)\s+(.*)$/.exec(trimmed)
    if (lettered) {
      const marker = lettered[1]!
      if (!para) { problems.push({ line, message: `sub-paragraph (${marker}) outside a numbered paragraph` }); return }
      const nextLetter = unitOrdinal(1, para.content.filter((c) => !Array.isArray(c)).length + 1)
      const nextRoman = sub ? unitOrdinal(2, sub.content.filter((c) => !Array.isArray(c)).length + 1) : null
      // "(i)" is the ninth letter after "(h)", otherwise the first Roman numeral.
      if (marker === nextLetter && !(sub && isRoman(marker) && marker === nextRoman && nextLetter !== 'i')) {
        sub = { level: 2, marker, line, content: [parseInline(lettered[2]!, line, problems)] }
        para.content.push(sub)
        current = sub
      } else if (sub && marker === nextRoman) {
        const subsub: BodyUnit = { level: 3, marker, line, content: [parseInline(lettered[2]!, line, problems)] }
        sub.content.push(subsub)
        current = subsub
      } else {
        problems.push({ line, message: `sub-paragraph (${marker}) is out of sequence: expected (${nextLetter})${nextRoman ? ` or (${nextRoman})` : ''}` })
      }
      afterBlank = false
      return
    }
    if (!para || !current) { problems.push({ line, message: 'text outside a numbered paragraph: begin the paragraph with "1. "' }); return }
    const runs = parseInline(trimmed, line, problems)
    if (afterBlank) {
      // Text after a blank line closes the paragraph (the words after its list of sub-paragraphs).
      para.content.push(runs)
      current = para
      sub = null
    } else {
      const target = current.content[current.content.length - 1]
      if (Array.isArray(target)) {
        const prev = target[target.length - 1]
        const first = runs[0]
        if (prev?.kind === 'text' && first?.kind === 'text' && prev.em === first.em && prev.strong === first.strong) {
          prev.text += ' ' + first.text
          target.push(...runs.slice(1))
        } else {
          if (prev?.kind === 'text') prev.text += ' '
          else target.push({ kind: 'text', text: ' ', em: false, strong: false })
          target.push(...runs)
        }
      } else current.content.push(runs)
    }
    afterBlank = false
  })
  if (withHeadings && articles.length === 0) problems.push({ line: firstLine, message: 'no article: begin the text with "### Heading"' })
  for (const a of articles) {
    if (a.paragraphs.length === 0) problems.push({ line: a.line, message: withHeadings ? 'article has no numbered paragraph' : 'no numbered paragraph: begin the text with "1. "' })
  }
  return { articles, problems: uniqueProblems(problems) }
}

const uniqueProblems = (p: BodyProblem[]) => {
  const seen = new Set<string>()
  return p.filter((x) => { const k = `${x.line}:${x.message}`; if (seen.has(k)) return false; seen.add(k); return true })
}

/** Every inline piece of a body, depth first, for placeholder and reference checks. */
export function* inlines(articles: BodyArticle[]): Generator<BodyInline> {
  function* unit(u: BodyUnit): Generator<BodyInline> {
    for (const c of u.content) {
      if (Array.isArray(c)) yield* c
      else yield* unit(c)
    }
  }
  for (const a of articles) {
    if (a.heading) yield* a.heading
    for (const p of a.paragraphs) yield* unit(p)
  }
}

/**
 * Resolves a `{{ref:…}}` target inside a clause to the unit it names, or null.
 * `articleIndex` is the 0-based article that holds the reference (for same-article targets).
 */
export function resolveRef(articles: BodyArticle[], articleIndex: number, target: string): { article: number; unit: BodyUnit | null } | null {
  const m = REF_TARGET.exec(target)
  if (!m) return null
  const artNo = m[1] ? Number(m[1]) - 1 : articleIndex
  const article = articles[artNo]
  if (!article) return null
  const paraNo = m[1] ? m[2] : m[4]
  if (paraNo === undefined) return { article: artNo, unit: null }
  let unit: BodyUnit | undefined = article.paragraphs[Number(paraNo) - 1]
  const path = (m[1] ? m[3] : m[5]) ?? ''
  for (const part of path.match(/\(([a-z]+)\)/g) ?? []) {
    const marker = part.slice(1, -1)
    unit = unit?.content.find((c): c is BodyUnit => !Array.isArray(c) && c.marker === marker)
  }
  return unit ? { article: artNo, unit } : null
}
