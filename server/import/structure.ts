// Turns a sequence of text blocks (Markdown lines, plain-text lines, Word paragraphs) into a
// treaty: title, preamble recitals, Part/Chapter/Section/Article headings, numbered paragraphs and
// (a)/(i) items, final provisions, the conclusion with its signature blocks, and annexes. What is
// not recognised is kept (as a plain paragraph, a heading or a drafting note) and reported.
import type { Node } from 'prosemirror-model'
import type { Inline } from '../../editor/model/build.js'
import { normalizeTreaty } from '../../editor/model/normalize.js'
import { marks as markSpecs, schema } from '../../editor/model/schema.js'
import type { ImportReport } from '../../editor/model/api-views.js'
import { ReportBuilder } from './report.js'
import { ItemLevels, inlineNodes, unitBlocks, type UnitEntry } from './units.js'

/** The marks a file's own formatting can give text: bold, italic and underline, as the schema names them. */
export type FormatMark = Extract<keyof typeof markSpecs, 'strong' | 'em' | 'underline'>

/** A piece of a block's text with the formatting the file gave it. */
export interface StyledRun { text: string; marks: readonly FormatMark[] }

/** One block of the source: a paragraph of a Word file, a line or paragraph of a text file. */
export interface SourceBlock {
  /** Its text, runs of white space collapsed. */
  text: string
  /** Its text as formatted runs (their texts joined are `text`), when the file formats it (Word). */
  runs?: StyledRun[]
  /** Its lines, when it holds line breaks (a signature block, "Article 1" over its heading). */
  lines: string[]
  /** Set when the file marks it as a heading: 0 a title, 1…6 a heading level. */
  heading?: number
  /** Set when the block is not treaty text (an export's version line): why it is left out, for the report. */
  skip?: string
  /** Set when the file numbers the block itself (Word's automatic lists): 0 "1.", 1 "(a)", 2 "(i)". */
  listLevel?: number
}

/** What every importer returns. */
export interface ImportedTreaty {
  /** The treaty: valid in the schema, normalised, every unit with an id. */
  doc: Node
  /** The title found in the file ('' when none). */
  title: string
  /** Parameter values the file carried (Akoma Ntoso exports of Pacta documents), else empty. */
  parameters: Record<string, string>
  report: ImportReport
}

/** How a builder reads text into inline content. */
export interface StructureOptions {
  format: string
  inlines?: (text: string) => Inline[]
}

type DivisionKind = 'part' | 'chapter' | 'section' | 'final_provisions'
type FrameKind = DivisionKind | 'article' | 'annex'

/** A container being read: its heading and children so far. */
interface Frame {
  kind: FrameKind
  heading: Inline[] | null
  children: Node[]
  /** Units of an article or annex not yet turned into blocks. */
  entries: UnitEntry[]
}

/** Nesting rank of the divisions: a heading closes every open frame of its rank or deeper. */
const RANK: Record<FrameKind, number> = { annex: 0, part: 1, final_provisions: 1, chapter: 2, section: 3, article: 4 }

const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty'
/** A division's number: Roman (upper case), Arabic (with a letter: "1bis", "2A") or an English word. */
const NUMBER = `(?:[IVXLCDM]+|\\d+(?:\\s?(?:bis|ter|quater|[A-Za-z]))?|${NUMBER_WORDS})`
const SEPARATOR = /^\s*(?:[.:—–-]+|\s-\s)\s*/

/** The structural headings a block can open, with the words that introduce them. */
const STRUCTURAL: Array<{ kind: FrameKind; word: RegExp }> = [
  { kind: 'part', word: /^part\s+/i },
  { kind: 'chapter', word: /^chapter\s+/i },
  { kind: 'section', word: /^section\s+/i },
  { kind: 'article', word: /^(?:article|art\.)\s*/i },
  { kind: 'annex', word: /^annex(?:\s+|$)/i },
]

/** A heading that opens a container: its kind, its number as written, and the heading text written on the same line. */
interface Structural { kind: FrameKind; rest: string; number?: string }

/**
 * Whether `text` opens a part, chapter, section, article or annex ("PART II", "Article 1 — Scope",
 * "Art. 3", "ANNEX"). Text after the number counts only after a separator (". ", ":", " — "), in
 * a block the file marks as a heading, or, for the article numbered `nextArticle`, when it reads
 * as a heading ("Article 2 Definitions"): "Article 3 of the Charter applies" is a sentence.
 */
export function structuralHeading(text: string, hinted: boolean, nextArticle?: number): Structural | null {
  if (/^final\s+(?:provisions|clauses)\.?$/i.test(text)) return { kind: 'final_provisions', rest: text }
  for (const { kind, word } of STRUCTURAL) {
    const w = word.exec(text)
    if (!w) continue
    const after = text.slice(w[0].length)
    const number = new RegExp(`^(${NUMBER})(?![\\w])`, kind === 'article' || kind === 'section' ? '' : 'i').exec(after)
    if (!number) {
      if (kind === 'annex' && after.trim() === '') return { kind, rest: '' }
      continue
    }
    // "Part mix …": a number word must be a whole word, a roman numeral upper case
    if (!/^\d|^[IVXLCDM]+$/.test(number[1]!) && !new RegExp(`^(?:${NUMBER_WORDS})$`, 'i').test(number[1]!)) continue
    const tail = after.slice(number[0].length)
    const found = { kind, number: number[1]! }
    if (tail.trim() === '') return { ...found, rest: '' }
    const sep = SEPARATOR.exec(tail)
    if (sep) return { ...found, rest: tail.slice(sep[0].length).trim() }
    if (hinted) return { ...found, rest: tail.trim() }
    const rest = tail.trim()
    if (kind === 'article' && nextArticle !== undefined && number[1] === String(nextArticle) && /^\p{Lu}/u.test(rest) && rest.length <= 100 && !/[.,;:]$/.test(rest)) {
      return { ...found, rest }
    }
    return null
  }
  return null
}

const PARAGRAPH = /^(\d{1,3})[.)](?!\d)\s*(.*)$/
const ITEM = /^\(([a-z]{1,4}|[A-Z]|\d{1,3})\)\s*(.*)$|^([a-z])\)\s+(.*)$/
const CONCLUSION = /^(?:IN WITNESS WHEREOF|IN FAITH WHEREOF|IN WITNESS THEREOF|In witness whereof|DONE (?:at|in)|Done (?:at|in)|SIGNED (?:at|in)|Signed (?:at|in))\b/
const SIGNATORY = /^For\s+(?:the\s+)?\S/
/** A drafting note as Pacta's Word and Markdown exports write it. */
const DRAFTING_NOTE = /^(?:\*\*|__)?Drafting note:(?:\*\*|__)?\s*/
/** Words that open a recital; a preamble run together on one line ("Parties,Recalling that …") is split before them. */
const RECITAL_OPENERS = 'Recalling|Recognizing|Recognising|Noting|Considering|Emphasizing|Emphasising|Desiring|Convinced|Bearing in mind|Affirming|Reaffirming|Having|Have agreed|Have resolved|Determined|Conscious|Aware|Mindful|Concerned|Welcoming|Stressing|Believing|Acknowledging|Prompted|Accordingly|Taking into account|Deeply'
const RECITAL_SPLIT = new RegExp(`(?<=[,;:.])(?=(?:${RECITAL_OPENERS})\\b)`)

/**
 * The container `block` opens: from its first line when it has several ("Article 1" over
 * "Purpose", as Word headings are often written), else from its whole text.
 */
function structuralOf(block: SourceBlock, hinted: boolean, nextArticle: number): Structural | null {
  if (block.lines.length > 1) {
    const first = structuralHeading(block.lines[0]!.replace(/\s+/g, ' ').trim(), hinted)
    if (first && !first.rest) return { ...first, rest: block.lines.slice(1).join(' ').replace(/\s+/g, ' ').trim() }
  }
  return structuralHeading(block.text, hinted, nextArticle)
}

/** Whether a plain block reads as the heading of the article or division above it. */
const looksLikeHeading = (text: string) => text.length > 0 && text.length <= 150 && !/[.,;:]$/.test(text) &&
  !PARAGRAPH.test(text) && !ITEM.test(text)

/**
 * Inline content of `text`, a piece of `block`'s text (what follows its number, one recital of
 * it …), with the marks its runs give that piece; plain text when the block has no runs or the
 * piece is not found in it.
 */
export function styledInlines(text: string, block: SourceBlock | null): Inline[] {
  if (!block?.runs) return [text]
  const at = block.text.endsWith(text) ? block.text.length - text.length : block.text.indexOf(text)
  if (at < 0) return [text]
  const out: Inline[] = []
  let offset = 0
  for (const run of block.runs) {
    const from = Math.max(at, offset)
    const to = Math.min(at + text.length, offset + run.text.length)
    offset += run.text.length
    if (from >= to) continue
    const piece = block.text.slice(from, to)
    const marks = run.marks.flatMap((m) => (schema.marks[m] ? [schema.marks[m].create()] : []))
    out.push(marks.length ? schema.text(piece, marks) : piece)
  }
  return out
}

/** Builds a treaty from `blocks`; see the module comment for what it recognises. */
export function buildTreaty(blocks: SourceBlock[], options: StructureOptions): ImportedTreaty {
  const report = new ReportBuilder()
  /** The block being read: its runs give the marks of the text taken from it. */
  let current: SourceBlock | null = null
  const toInlines = options.inlines ?? ((t: string) => styledInlines(t, current))
  const top: Node[] = []
  const frames: Frame[] = []
  const recitals: Node[] = []
  let title = ''
  let conclusion: Node[] | null = null
  /** The lines of the signature block being read, and where it stands in the conclusion. */
  let signature: { lines: Node[]; at: number } | null = null
  let awaitingHeading: Frame | null = null
  let bodyStarted = false
  /** The number the file gave the last article, so "Article 4 Scope" right after Article 3 reads as a heading. */
  let lastArticle = 0
  const items = new ItemLevels()
  const hinted = blocks.some((b) => b.heading !== undefined)

  const note = (text: string, reason: string) => {
    report.fallback(text, `${reason}: kept as a drafting note`)
    return schema.nodes.drafting_note.create(null, inlineNodes(toInlines(text)))
  }
  const heading = (content: Inline[]) => schema.nodes.heading.create(null, inlineNodes(content))
  const innermost = () => frames[frames.length - 1]

  const closeFrame = () => {
    const f = frames.pop()!
    // a closed container takes no heading any more
    if (awaitingHeading === f) awaitingHeading = null
    const children = [heading(f.heading ?? []), ...f.children, ...unitBlocks(f.entries)]
    const node = schema.nodes[f.kind]!.create({ id: '' }, children)
    const parent = innermost()
    if (parent) parent.children.push(node)
    else top.push(node)
  }
  const closeTo = (rank: number) => { while (frames.length && RANK[innermost()!.kind] >= rank) closeFrame() }
  const closeAll = () => { while (frames.length) closeFrame() }
  const flushUnits = (f: Frame) => { f.children.push(...unitBlocks(f.entries)); f.entries = [] }
  const closeConclusion = () => {
    if (conclusion) top.push(schema.nodes.conclusion.create(null, conclusion))
    conclusion = null
    signature = null
  }

  const open = (kind: FrameKind, rest: string, text: string) => {
    bodyStarted = true
    closeConclusion()
    if (kind === 'annex') closeAll()
    else if (kind === 'article') {
      const i = frames.findIndex((f) => f.kind === 'article')
      if (i >= 0) while (frames.length > i) closeFrame()
    } else {
      // final provisions hold articles only: a chapter or section closes them
      if (frames.some((f) => f.kind === 'final_provisions')) closeTo(RANK.final_provisions)
      // a division never opens inside an annex: an annex holds articles and paragraphs
      if (frames.some((f) => f.kind === 'annex')) {
        const annex = frames.find((f) => f.kind === 'annex')!
        while (innermost() !== annex) closeFrame()
        flushUnits(annex)
        annex.children.push(heading(toInlines(text)))
        report.counts.subheadings++
        report.fallback(text, `a ${kind.replace('_', ' ')} heading inside an annex (an annex holds articles and paragraphs): kept as a heading`)
        return
      }
      // a chapter under a section, or a part inside a chapter, closes it: ranks only go inwards
      closeTo(RANK[kind])
    }
    const frame: Frame = { kind, heading: rest ? toInlines(rest) : null, children: [], entries: [] }
    const parent = innermost()
    if (parent && (parent.kind === 'article' || parent.kind === 'annex')) flushUnits(parent)
    frames.push(frame)
    items.reset()
    awaitingHeading = rest ? null : frame
    const counted = { part: 'parts', chapter: 'chapters', section: 'sections', article: 'articles', annex: 'annexes', final_provisions: null } as const
    const key = counted[kind]
    if (key) report.counts[key]++
  }

  /** A heading of the file that numbers nothing: a heading in the division it stands in. */
  const subheading = (text: string) => {
    let f = innermost()
    // after an article's text, the heading belongs to what follows the article
    if (f?.kind === 'article' && (f.entries.length > 0 || f.children.length > 0)) { closeFrame(); f = innermost() }
    if (f) {
      // the units after a heading are read afresh (a new list of paragraphs), those before it are done
      if (f.kind === 'article' || f.kind === 'annex') flushUnits(f)
      f.children.push(heading(toInlines(text)))
      report.counts.subheadings++
    } else top.push(note(text, 'a heading outside any part, chapter, article or annex'))
  }

  /** A drafting note where it stands: in the article, division, preamble or conclusion being read. */
  const draftingNote = (text: string) => {
    const node = schema.nodes.drafting_note.create(null, inlineNodes(toInlines(text)))
    const f = innermost()
    if (conclusion) conclusion.push(node)
    else if (f) { if (f.kind === 'article' || f.kind === 'annex') f.entries.push({ block: node }); else f.children.push(node) }
    else if (!bodyStarted) recitals.push(node)
    else top.push(node)
  }

  const text = (block: SourceBlock) => {
    const t = block.text
    const f = innermost()
    if (conclusion) {
      if (SIGNATORY.test(t)) {
        signature = { lines: [], at: conclusion.length }
        conclusion.push(schema.nodes.signature.create({ id: '' }, []))
        report.counts.signatures++
      }
      const prose = block.lines.map((l) => schema.nodes.prose.create(null, inlineNodes(toInlines(l))))
      if (signature) {
        signature.lines.push(...prose)
        conclusion[signature.at] = schema.nodes.signature.create({ id: '' }, signature.lines)
      } else conclusion.push(schema.nodes.prose.create(null, inlineNodes(toInlines(t))))
      return
    }
    if (!f) {
      if (!bodyStarted) {
        for (const r of t.replace(/^PREAMBLE\s*/i, '').split(RECITAL_SPLIT)) {
          if (r.trim() === '') continue
          recitals.push(schema.nodes.recital.create(null, inlineNodes(toInlines(r.trim()))))
          report.counts.recitals++
        }
      } else top.push(note(t, 'text outside any article or annex'))
      return
    }
    if (f.kind !== 'article' && f.kind !== 'annex') {
      f.children.push(note(t, `text directly under a ${f.kind.replace('_', ' ')} heading, outside any article`))
      return
    }
    if (block.listLevel !== undefined && !PARAGRAPH.test(t) && !ITEM.test(t)) {
      if (block.listLevel === 0) items.reset()
      f.entries.push({ level: block.listLevel, numbered: true, content: toInlines(t) })
      if (block.listLevel === 0) report.counts.paragraphs++
      else report.counts.items++
      return
    }
    const para = PARAGRAPH.exec(t)
    if (para) {
      items.reset()
      f.entries.push({ level: 0, numbered: true, content: toInlines(para[2]!) })
      report.counts.paragraphs++
      return
    }
    const item = ITEM.exec(t)
    if (item) {
      const token = (item[1] ?? item[3])!
      const level = items.level(token, t, report)
      f.entries.push({ level, numbered: true, content: toInlines((item[2] ?? item[4])!) })
      report.counts.items++
      return
    }
    f.entries.push({ level: 0, numbered: false, content: toInlines(t) })
  }

  let titleCandidates: SourceBlock[] = []
  let titleBlock: SourceBlock | null = null
  for (const block of blocks) {
    current = block
    const t = block.text
    if (t === '') continue
    if (block.skip) { report.fallback(t, block.skip); continue }
    const noteMark = DRAFTING_NOTE.exec(t)
    if (noteMark && block.heading === undefined) { draftingNote(t.slice(noteMark[0].length)); continue }
    const isHeading = block.heading !== undefined
    // a "Preamble" heading announces the recitals that follow
    if (/^preamble$/i.test(t) && !bodyStarted && frames.length === 0) continue
    // the title: a heading (or, in a file without headings, a first line that reads as one) before anything else
    if (!bodyStarted && recitals.length === 0 && frames.length === 0 && !structuralOf(block, isHeading, lastArticle + 1)) {
      if (isHeading || (!hinted && titleCandidates.length === 0 && !title && looksLikeHeading(t) && !CONCLUSION.test(t))) {
        titleCandidates.push(block)
        continue
      }
    }
    if (titleCandidates.length) {
      const last = titleCandidates.pop()!
      for (const earlier of titleCandidates) top.push(note(earlier.text, 'a heading above the title'))
      title = last.text
      titleBlock = last
      titleCandidates = []
    }
    if (CONCLUSION.test(t) && !isHeading) {
      closeAll()
      bodyStarted = true
      conclusion ??= []
      // "IN WITNESS WHEREOF … signed.DONE at …" run together on one line
      for (const part of t.split(/(?<=\S)\s*(?=DONE at\b)/)) text({ text: part, lines: [part] })
      continue
    }
    const s = structuralOf(block, isHeading, lastArticle + 1)
    if (s) {
      if (s.kind === 'final_provisions') {
        closeConclusion()
        // final provisions belong to the body: an annex open before them closes
        if (frames.some((f) => f.kind === 'annex')) closeAll()
        else closeTo(RANK.final_provisions)
        bodyStarted = true
        frames.push({ kind: 'final_provisions', heading: toInlines(s.rest), children: [], entries: [] })
        awaitingHeading = null
        continue
      }
      if (s.kind === 'article' && s.number && /^\d+$/.test(s.number)) lastArticle = Number(s.number)
      if (s.kind === 'annex') lastArticle = 0
      open(s.kind, s.rest, t)
      continue
    }
    if (awaitingHeading) {
      const frame: Frame = awaitingHeading
      awaitingHeading = null
      if (isHeading || (!hinted && block.listLevel === undefined && looksLikeHeading(t))) { frame.heading = toInlines(t); continue }
    }
    if (isHeading && !conclusion) { subheading(t); continue }
    text(block)
  }
  if (titleCandidates.length) {
    const last = titleCandidates.pop()!
    for (const earlier of titleCandidates) top.push(note(earlier.text, 'a heading above the title'))
    title = last.text
    titleBlock = last
  }
  closeAll()
  closeConclusion()

  current = titleBlock
  const front: Node[] = [schema.nodes.title.create(null, inlineNodes(toInlines(title)))]
  if (recitals.length) front.push(schema.nodes.preamble.create(null, recitals))
  const built = schema.nodes.doc.create(null, [...front, ...top])
  const doc = normalizeTreaty(built)?.doc ?? built
  return { doc, title, parameters: {}, report: report.report(options.format, title) }
}
