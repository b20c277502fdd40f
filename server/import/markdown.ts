// Markdown and plain-text import: the file's lines become source blocks for the treaty builder.
// Markdown as found in the wild is messy (the corpus files open with an HTML <meta> tag, write
// "##Title" with no space, "### Article  1  " over "####Heading", "1.Text" with no space), so
// headings are read leniently and every block is also read for the text patterns a plain file
// uses ("Article 1" over its heading, "1.", "(a)").
import { buildTreaty, structuralHeading, type ImportedTreaty, type SourceBlock } from './structure.js'
import { footnote, marked, type Inline } from '../../editor/model/build.js'

/** A line that starts a block of its own even without a blank line before it. */
const STARTS_BLOCK = /^(?:\d{1,3}[.)](?!\d)|\([a-zA-Z]{1,4}\)|\(\d{1,3}\)|[a-z]\)\s|IN WITNESS|IN FAITH|DONE (?:at|in)|Done (?:at|in)|SIGNED (?:at|in)|Signed (?:at|in)|For\s+the\s)/

/** The version line Pacta's Markdown export writes under the title. */
const EXPORT_LINE = /^\*(?:Clean draft|Working draft, with drafting notes) · exported [^*]+\*$/

/** A line ending like a recital, an item or a sentence: what follows it is a new block. */
const ENDS_SENTENCE = /[.,;:!?]["'”’)]*$/

/** How the block before a line ended, which decides whether the line continues it. */
type Previous = 'none' | 'structural' | 'heading' | 'text'

/** Reads `lines` (already stripped of Markdown syntax when `markdown`) into blocks. */
function blocksOf(lines: Array<{ text: string; heading?: number; hardBreak?: boolean }>): SourceBlock[] {
  const blocks: SourceBlock[] = []
  let previous: Previous = 'none'
  let breakPending = false
  for (const line of lines) {
    const text = line.text.replace(/\s+/g, ' ').trim()
    if (text === '') { previous = 'none'; breakPending = false; continue }
    if (EXPORT_LINE.test(text)) { blocks.push({ text, lines: [text], skip: 'the version line of a Pacta export: not imported' }); previous = 'none'; continue }
    const last = blocks[blocks.length - 1]
    if (line.heading !== undefined) {
      blocks.push({ text, lines: [text], heading: line.heading })
      previous = 'heading'
    } else if (last && breakPending && !STARTS_BLOCK.test(text) && !structuralHeading(text, false)) {
      // a hard line break: the same block, a new line (signature blocks)
      last.lines.push(text)
      last.text = `${last.text} ${text}`
    } else if (last && previous === 'text' && !ENDS_SENTENCE.test(last.text) && !STARTS_BLOCK.test(text) && !structuralHeading(text, false)) {
      // a soft-wrapped line continues its paragraph (a line ending a clause or sentence is a paragraph of its own)
      last.lines[last.lines.length - 1] += ` ${text}`
      last.text = `${last.text} ${text}`
    } else {
      blocks.push({ text, lines: [text] })
      previous = structuralHeading(text, false) ? 'structural' : previous === 'structural' ? 'heading' : 'text'
    }
    breakPending = line.hardBreak === true
  }
  return blocks
}

/** Markdown syntax that is not structure: links keep their text, images their alt text, escapes their character. */
function stripInlineSyntax(text: string): string {
  return text
    .replace(/<!--.*?-->/g, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<(https?:[^>\s]+)>/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1')
}

/**
 * A line whose number, letter or heading is set in emphasis, with the emphasis taken off it so the
 * pattern is seen: "(*a*) text" and "*(a)* text" are "(a) text", "**Article 1**" is "Article 1".
 */
function plainMarkers(line: string): string {
  const trimmed = line.trim()
  const whole = /^([*_]{1,3})(.+?)\1$/.exec(trimmed)
  if (whole && structuralHeading(whole[2]!.trim(), true)) return whole[2]!.trim()
  return trimmed
    .replace(/^\(([*_]{1,2})([^*_()\s]{1,5})\1\)/, '($2)')
    .replace(/^([*_]{1,2})(\([^*_()\s]{1,5}\)|\d{1,3}[.)])\1/, '$2')
}

/**
 * The source blocks of a Markdown file: ATX headings (with or without a space after the #s) and
 * Setext headings carry their level; list bullets and block-quote markers are dropped; a line
 * ending in a backslash or two spaces breaks the line inside its block.
 */
export function markdownBlocks(source: string): SourceBlock[] {
  const raw = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n')
  const lines: Array<{ text: string; heading?: number; hardBreak?: boolean }> = []
  let fence = false
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i]!
    if (/^\s*(```|~~~)/.test(line)) { fence = !fence; continue }
    if (!fence) {
      const setext = raw[i + 1]
      const atx = /^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$/.exec(line)
      if (atx) { lines.push({ text: stripInlineSyntax(atx[2]!), heading: atx[1]!.length }); continue }
      if (line.trim() !== '' && setext !== undefined && /^\s{0,3}(=+|-{2,})\s*$/.test(setext) && !/^\s*[-*+]\s/.test(line)) {
        lines.push({ text: stripInlineSyntax(line), heading: setext.trim().startsWith('=') ? 1 : 2 })
        i++
        continue
      }
      if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) { lines.push({ text: '' }); continue }
      line = line.replace(/^\s*(>\s?)+/, '').replace(/^\s*[-*+]\s+/, '')
    }
    const hardBreak = /(\\| {2,})$/.test(line)
    lines.push({ text: plainMarkers(stripInlineSyntax(line.replace(/\\$/, ''))), hardBreak })
  }
  return blocksOf(lines)
}

/** The source blocks of a plain-text file: its lines, blank lines between paragraphs, soft-wrapped lines joined. */
export function plainTextBlocks(source: string): SourceBlock[] {
  return blocksOf(source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n').map((text) => ({ text })))
}

/** A footnote's definition line: "[^label]: its text". */
const FOOTNOTE_DEFINITION = /^ {0,3}\[\^([^\]\s]+)\]:[ \t]?(.*)$/

/**
 * The footnote definitions of a Markdown file ("[^1]: text", as GitHub and Pandoc write them, and
 * as Pacta's export does) by label, and the file without them.
 */
export function markdownFootnotes(source: string): { notes: Map<string, string>; rest: string } {
  const notes = new Map<string, string>()
  const rest = source.replace(/\r\n?/g, '\n').split('\n').filter((line) => {
    const m = FOOTNOTE_DEFINITION.exec(line)
    if (!m) return true
    if (!notes.has(m[1]!)) notes.set(m[1]!, m[2]!.trim())
    return false
  })
  return { notes, rest: rest.join('\n') }
}

/** Imports a Markdown file as a treaty; its footnotes ("[^1]" with a "[^1]: …" definition) become footnotes. */
export function importMarkdown(source: string): ImportedTreaty {
  const { notes, rest } = markdownFootnotes(source)
  const inlines = notes.size === 0 ? markdownInlines : (text: string): Inline[] => {
    const out: Inline[] = []
    let last = 0
    for (const m of text.matchAll(/\[\^([^\]\s]+)\]/g)) {
      const note = notes.get(m[1]!)
      if (note === undefined) continue
      out.push(...markdownInlines(text.slice(last, m.index)), footnote(markdownInlines(stripInlineSyntax(note))))
      last = m.index + m[0].length
    }
    out.push(...markdownInlines(text.slice(last)))
    return out
  }
  return buildTreaty(markdownBlocks(rest), { format: 'markdown', inlines })
}

/** Imports a plain-text file as a treaty. */
export function importPlainText(source: string): ImportedTreaty {
  return buildTreaty(plainTextBlocks(source), { format: 'text' })
}

/** Inline content of Markdown-ish text: `**strong**`, `*em*` and `_em_` become marks, the rest plain text. */
export function markdownInlines(text: string): Inline[] {
  const out: Inline[] = []
  let last = 0
  for (const m of text.matchAll(/\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])/g)) {
    if (m.index > last) out.push(text.slice(last, m.index))
    if (m[1] !== undefined || m[2] !== undefined) out.push(marked('strong', (m[1] ?? m[2])!))
    else out.push(marked('em', (m[3] ?? m[4])!))
    last = m.index + m[0].length
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}
