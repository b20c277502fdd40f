// Word (.docx) import: the package is unzipped within limits (entry count and declared sizes are
// checked before anything is inflated, so a zip bomb is refused unopened), word/document.xml is
// parsed as untrusted XML, and its paragraphs become source blocks for the treaty builder, with
// Word's Title and Heading styles (found by name in word/styles.xml, so localised style ids work)
// marking headings and Word's automatic list numbering (numbering.xml) marking numbered paragraphs
// and sub-paragraphs; without styles or lists, the text patterns decide.
import type { Element } from '@xmldom/xmldom'
import { unzipSync, type UnzipFileInfo } from 'fflate'
import { ImportError } from './errors.js'
import { letter, roman } from '../../editor/model/numbering.js'
import { buildTreaty, structuralHeading, type FormatMark, type ImportedTreaty, type SourceBlock, type StyledRun } from './structure.js'
import { BOLD, ITALIC, UNDERLINE, wordParagraphs, type WordParagraph } from './docx-paragraphs.js'
import { childElements, descendants, local, parseXml } from './xml.js'

/** Limits on a Word package, checked from its directory before any entry is inflated. */
export interface DocxLimits {
  /** Most entries a package may list. */
  maxEntries: number
  /** Most bytes all its entries may declare, uncompressed. */
  maxUncompressedBytes: number
}

/** Defaults: a real treaty of 500 pages is a few hundred entries and a few megabytes of XML. */
export const DEFAULT_DOCX_LIMITS: DocxLimits = { maxEntries: 2000, maxUncompressedBytes: 64 * 1024 * 1024 }

const W_PARTS = ['word/document.xml', 'word/styles.xml', 'word/numbering.xml']

/** What the first bytes say a file is, for a clear message when a .docx is something else. */
function sniff(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 8))
  if (head.startsWith('%PDF')) return 'a PDF'
  if (head.startsWith('\xD0\xCF\x11\xE0')) return 'an old binary Word (.doc) or other OLE file; save it as .docx'
  if (head.startsWith('{\\rtf')) return 'an RTF file'
  if (/^\s*</.test(head)) return 'an XML or HTML text file'
  return null
}

/** The parts Pacta reads from a Word package, unzipped within `limits`. */
function unzipDocx(bytes: Uint8Array, limits: DocxLimits): Record<string, string> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b || bytes[2] !== 0x03 || bytes[3] !== 0x04) {
    const what = sniff(bytes)
    throw new ImportError(`the file is not a Word document: a .docx is a ZIP package, and this file is ${what ?? 'not one'}`)
  }
  let entries = 0
  let declared = 0
  const check = (f: UnzipFileInfo) => {
    entries++
    declared += f.originalSize
    if (entries > limits.maxEntries) throw new ImportError(`the Word package lists more than ${limits.maxEntries} entries; it is refused unopened`)
    if (declared > limits.maxUncompressedBytes) {
      throw new ImportError(`the Word package would inflate to more than ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MB; it is refused unopened`)
    }
    return false
  }
  let files: Record<string, Uint8Array>
  try {
    // first pass: the directory only, nothing inflated
    unzipSync(bytes, { filter: check })
    files = unzipSync(bytes, { filter: (f) => W_PARTS.includes(f.name) })
  } catch (err) {
    if (err instanceof ImportError) throw err
    throw new ImportError(`the file is not a readable Word document: the ZIP package is damaged (${String((err as Error)?.message ?? err).slice(0, 100)})`)
  }
  if (!files['word/document.xml']) throw new ImportError('the file is a ZIP package but not a Word document: it has no word/document.xml')
  const decoder = new TextDecoder('utf-8', { fatal: false })
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, decoder.decode(data)]))
}

/** Heading level of each paragraph style id: 0 for Title, n for "heading n" (by the style's name), from styles.xml. */
function headingStyles(stylesXml: string | undefined): Map<string, number> {
  const levels = new Map<string, number>([['Title', 0]])
  for (let n = 1; n <= 9; n++) levels.set(`Heading${n}`, n)
  if (!stylesXml) return levels
  const styles = parseXml(stylesXml, 'the Word styles part')
  for (const style of descendants(styles.documentElement!, 'style')) {
    const id = style.getAttribute('w:styleId')
    const name = descendants(style, 'name')[0]?.getAttribute('w:val')?.toLowerCase() ?? ''
    if (!id) continue
    if (name === 'title') levels.set(id, 0)
    const heading = /^heading\s*(\d)$/.exec(name)
    if (heading) levels.set(id, Number(heading[1]))
  }
  return levels
}

/** The treaty level of each Word list format: "1." paragraphs, "(a)" and "(i)" sub-paragraphs; bullets number nothing. */
const LIST_LEVEL: Record<string, number> = { decimal: 0, decimalZero: 0, lowerLetter: 1, upperLetter: 1, lowerRoman: 2, upperRoman: 2 }

/** One level of a Word list: its number format ("decimal", "upperRoman" …), the text it draws ("Article %1"), its first number. */
interface ListLevel { format: string; text: string; start: number }

/** The levels of each list (numId → ilvl → level), from numbering.xml. */
function listLevels(numberingXml: string | undefined): Map<string, Map<string, ListLevel>> {
  const lists = new Map<string, Map<string, ListLevel>>()
  if (!numberingXml) return lists
  const numbering = parseXml(numberingXml, 'the Word numbering part').documentElement!
  const val = (el: Element, name: string) => childElements(el).find((e) => local(e) === name)?.getAttribute('w:val') ?? undefined
  const abstract = new Map<string, Map<string, ListLevel>>()
  for (const a of childElements(numbering).filter((e) => local(e) === 'abstractNum')) {
    const levels = new Map<string, ListLevel>()
    for (const lvl of childElements(a).filter((e) => local(e) === 'lvl')) {
      levels.set(lvl.getAttribute('w:ilvl') ?? '0', { format: val(lvl, 'numFmt') ?? 'decimal', text: val(lvl, 'lvlText') ?? '', start: Number(val(lvl, 'start') ?? 1) || 1 })
    }
    abstract.set(a.getAttribute('w:abstractNumId') ?? '', levels)
  }
  for (const n of childElements(numbering).filter((e) => local(e) === 'num')) {
    const levels = abstract.get(val(n, 'abstractNumId') ?? '')
    if (levels) lists.set(n.getAttribute('w:numId') ?? '', levels)
  }
  return lists
}

/** A counter as a list format draws it: 3, "III", "iii", "C", "c". */
function formatCounter(n: number, format: string): string {
  switch (format) {
    case 'upperRoman': return roman(n)
    case 'lowerRoman': return roman(n).toLowerCase()
    case 'upperLetter': return letter(n).toUpperCase()
    case 'lowerLetter': return letter(n)
    default: return String(n)
  }
}

/**
 * Draws the numbers Word's automatic lists give paragraphs, in document order: a heading list
 * ("Article %1", "PART %1") gives the line its heading starts with; a numbered list gives the
 * paragraph's treaty level ("1." 0, "(a)" 1, "(i)" 2). Counters run per list and restart below a level.
 */
class ListNumbers {
  private readonly counters = new Map<string, number[]>()
  constructor(private readonly lists: Map<string, Map<string, ListLevel>>) {}

  next(numId: string, ilvl: number): { prefix: string; level?: number } | null {
    const levels = this.lists.get(numId)
    const level = levels?.get(String(ilvl))
    if (!levels || !level || level.format === 'none' || level.format === 'bullet') return null
    const counts = this.counters.get(numId) ?? []
    for (let i = 0; i < ilvl; i++) counts[i] ??= (levels.get(String(i))?.start ?? 1)
    counts[ilvl] = counts[ilvl] === undefined ? level.start : counts[ilvl]! + 1
    counts.length = ilvl + 1
    this.counters.set(numId, counts)
    const prefix = level.text.replace(/%(\d)/g, (_, k: string) => {
      const i = Number(k) - 1
      return formatCounter(counts[i] ?? 1, levels.get(String(i))?.format ?? 'decimal')
    }).trim()
    return { prefix, ...(LIST_LEVEL[level.format] !== undefined ? { level: LIST_LEVEL[level.format] } : {}) }
  }
}

const MARK_BITS: Array<[FormatMark, number]> = [['strong', BOLD], ['em', ITALIC], ['underline', UNDERLINE]]

/**
 * The formatted runs of paragraph `p`, its lines joined by spaces as its block's text is (after
 * `prefix`, a number Word draws, unformatted). A heading's formatting that covers all of it is the
 * heading's look, not emphasis within it, and is left out.
 */
function styledRuns(p: WordParagraph, prefix = ''): StyledRun[] {
  const masks: number[] = prefix ? [...prefix].map(() => 0).concat(0) : []
  p.masks.forEach((line, i) => { if (i > 0) masks.push(0); masks.push(...line) })
  const text = (prefix ? `${prefix} ` : '') + p.lines.join(' ')
  if (p.heading !== undefined) {
    const whole = masks.reduce((all, m, i) => (text[i] === ' ' || i < prefix.length ? all : all & m), BOLD | ITALIC | UNDERLINE)
    for (let i = 0; i < masks.length; i++) masks[i]! &= ~whole
  }
  const runs: StyledRun[] = []
  let from = 0
  for (let i = 1; i <= text.length; i++) {
    if (i < text.length && masks[i] === masks[from]) continue
    runs.push({ text: text.slice(from, i), marks: MARK_BITS.filter(([, bit]) => (masks[from]! & bit) !== 0).map(([m]) => m) })
    from = i
  }
  return runs
}

/**
 * The source blocks of a Word document body: every paragraph in order (table cells included). A
 * title page, as Pacta's own export writes it, is left out: the lines after the Title paragraph up
 * to the page break that ends the page, when one comes within a few paragraphs.
 */
export function docxBlocks(documentXml: string, stylesXml?: string, numberingXml?: string): { blocks: SourceBlock[]; skipped: string[] } {
  const styles = headingStyles(stylesXml)
  const numbers = new ListNumbers(listLevels(numberingXml))
  const paragraphs = wordParagraphs(documentXml, styles)
  const skip = new Set<number>()
  const titleAt = paragraphs.findIndex((p) => p.heading === 0)
  if (titleAt >= 0) {
    const end = paragraphs.slice(titleAt, titleAt + 5).findIndex((p) => p.pageBreak)
    if (end > 0) for (let i = titleAt + 1; i <= titleAt + end; i++) skip.add(i)
  }
  const blocks: SourceBlock[] = []
  const skipped: string[] = []
  paragraphs.forEach((p, i) => {
    const text = p.lines.join(' ').trim()
    if (skip.has(i)) { if (text) skipped.push(text); return }
    if (text === '') return
    const drawn = p.list ? numbers.next(p.list.numId, p.list.ilvl) : null
    const block: SourceBlock = { text, lines: p.lines, runs: styledRuns(p), ...(p.heading !== undefined ? { heading: p.heading } : {}) }
    const opens = drawn ? structuralHeading(drawn.prefix, true) : null
    // "Article %1" drawn by Word before "Purpose": the heading's first line, as if typed
    if (drawn && opens && !opens.rest) blocks.push({ ...block, text: `${drawn.prefix} ${text}`, lines: [drawn.prefix, ...p.lines], runs: styledRuns(p, drawn.prefix) })
    else blocks.push({ ...block, ...(drawn?.level !== undefined ? { listLevel: drawn.level } : {}) })
  })
  return { blocks, skipped }
}

/** Imports a Word (.docx) file as a treaty. */
export function importDocx(bytes: Uint8Array, limits: DocxLimits = DEFAULT_DOCX_LIMITS): ImportedTreaty {
  const parts = unzipDocx(bytes, limits)
  const { blocks, skipped } = docxBlocks(parts['word/document.xml']!, parts['word/styles.xml'], parts['word/numbering.xml'])
  const imported = buildTreaty(blocks, { format: 'docx' })
  for (const text of skipped) imported.report.fallbacks.unshift({ text: text.slice(0, 80), reason: 'on the title page: not imported (the title is kept)' })
  return imported
}
