// PDF export: the treaty laid out in-process with pdfkit from the printed blocks (blocks.ts, the
// same walk the Word export makes), in DejaVu Serif (pdf-fonts.ts), embedded, so every character
// of the corpus prints (accents, dashes, curly quotes, Greek, symbols). A title page (title,
// version line, date), then the treaty: division and article headings with their numbers,
// numbered units with the marker hanging in the gutter, drafting notes only in a working export.
// Every page after the title page has a running header (the title, and "DRAFT — CONFIDENTIAL"
// unless turned off) and "Page n of N" in its footer; cross-references are links to their
// target, and parts and articles are bookmarks.
import PDFDocument from 'pdfkit'
import type { Node } from 'prosemirror-model'
import { CONFIDENTIAL_HEADER, footnotesOf, printTreaty, runsText, type Block, type FootnoteRun, type PageExportOptions, type Run, type TextRun } from './blocks.js'
import { pdfFonts, type PdfFontStyle } from './pdf-fonts.js'

/** Options of a PDF export: those of the Word export. */
export type PdfExportOptions = PageExportOptions

// Page geometry in points (A4).
const MARGIN = { top: 72, bottom: 72, left: 72, right: 72 }
const BODY_SIZE = 11
/** The size of footnotes' text. */
const NOTE_SIZE = 9
const LINE_GAP = 2
/** The hanging indent of a unit of each level: its text starts here, its marker one step left. */
const INDENT = [28, 56, 84]
const HANG = 28
const HEADING_SIZE = [0, 13, 12, 11.5] as const
const COLORS = { text: '#000000', placeholder: '#9a5b00', broken: '#c00000', note: '#6b4e00', link: '#1a3f8f', muted: '#444444' }

type Doc = PDFKit.PDFDocument

const fontOf = (run: { bold?: boolean; italic?: boolean }): PdfFontStyle =>
  run.bold ? (run.italic ? 'boldItalic' : 'bold') : run.italic ? 'italic' : 'regular'

/** Destination name of a unit, for the links of cross-references to it. */
const destination = (id: string) => `unit-${id}`

/** How writeRuns sets a paragraph. */
interface RunStyle {
  size: number
  /** Bold or italic for the whole paragraph. */
  base?: { bold?: boolean; italic?: boolean }
  /** The colour of plain text; default black. */
  color?: string
  /** Ids of the printed units, which references may link to. */
  linked: Set<string>
  /** A named destination at the paragraph's start. */
  destination?: string
}

/**
 * Writes `runs` as one flowing paragraph starting at (`x`, doc.y), `width` wide, set ragged
 * right: each run in its font and colour, line breaks kept, references linked to their target.
 * (Not justified: pdfkit justifies each continued run on its own, spreading a line's words
 * unevenly, and shapes every justified line anew as one word, which doubles the time of a long treaty.)
 */
function writeRuns(doc: Doc, list: readonly Run[], x: number, width: number, style: RunStyle): void {
  // line breaks become newlines of the run before them; empty runs print nothing
  const pieces: TextRun[] = []
  for (const run of list) {
    if ('lineBreak' in run) {
      const last = pieces[pieces.length - 1]
      if (last) pieces[pieces.length - 1] = { ...last, text: `${last.text}\n` }
      else pieces.push({ text: '\n' })
    } else if ('edge' in run) continue
    else if ('footnote' in run) pieces.push({ text: superscript(run.footnote) })
    else if (run.text !== '') pieces.push(run)
  }
  if (pieces.length === 0) pieces.push({ text: ' ' })
  doc.fontSize(style.size)
  pieces.forEach((piece, i) => {
    const bold = piece.bold || style.base?.bold
    const italic = piece.italic || style.base?.italic
    const link = piece.target && style.linked.has(piece.target) ? destination(piece.target) : undefined
    doc.font(fontOf({ bold, italic }))
      .fillColor(piece.flag === 'placeholder' ? COLORS.placeholder : piece.flag === 'broken' ? COLORS.broken : link ? COLORS.link : style.color ?? COLORS.text)
    const options: PDFKit.Mixins.TextOptions = {
      width, align: 'left', lineGap: LINE_GAP, continued: i < pieces.length - 1,
      ...(piece.underline ? { underline: true } : {}),
      ...(link ? { goTo: link } : {}),
      ...(i === 0 && style.destination ? { destination: style.destination } : {}),
    }
    // the first piece places the paragraph; the rest continue where it ends
    if (i === 0) doc.text(piece.text, x, doc.y, options)
    else doc.text(piece.text, options)
  })
  doc.fillColor(COLORS.text)
}

/** A footnote's number as superscript digits ("¹²"), as it stands in the text and before its note. */
export function superscript(n: number): string {
  return [...String(n)].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('')
}

/** A heading's text as printed: its runs' text with each footnote's superscript number. */
const headingText = (list: readonly Run[]): string =>
  list.map((r) => ('footnote' in r ? superscript(r.footnote) : runsText([r]))).join('').trim()

/**
 * The notes of the footnotes met since the last ones were written, each its number and its text,
 * under a short rule: at the end of each article or division (before the next heading) and at the
 * end of the treaty.
 */
function writeNotes(doc: Doc, layout: Layout): void {
  if (layout.notes.length === 0) return
  const left = MARGIN.left
  keepRoom(doc, lineHeight(doc, NOTE_SIZE) * 2)
  doc.moveDown(0.2)
  doc.moveTo(left, doc.y).lineTo(left + 120, doc.y).lineWidth(0.4).strokeColor(COLORS.muted).stroke()
  doc.moveDown(0.3)
  for (const note of layout.notes) {
    keepRoom(doc, lineHeight(doc, NOTE_SIZE))
    const y = doc.y
    doc.font('regular').fontSize(NOTE_SIZE).fillColor(COLORS.text).text(String(note.footnote), left, y, { width: HANG - 6, lineBreak: false })
    doc.y = y
    writeRuns(doc, note.runs, left + HANG, layout.width - HANG, { size: NOTE_SIZE, linked: layout.linked })
    doc.moveDown(0.2)
  }
  doc.moveDown(0.4)
  layout.notes = []
}

/** Starts a new page unless `height` points are left above the bottom margin. */
function keepRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN.bottom) doc.addPage()
}

/** The height of one body line. */
const lineHeight = (doc: Doc, size = BODY_SIZE) => doc.font('regular').fontSize(size).currentLineHeight(true) + LINE_GAP

interface Layout {
  width: number
  /** Stable ids of the units that are printed, so a reference links only to a destination that exists. */
  linked: Set<string>
  /** The bookmark of the current top-level division, under which articles go. */
  division: PDFKit.PDFOutline | null
  /** Footnotes met and not yet written (see `writeNotes`). */
  notes: FootnoteRun[]
}

/** One printed block on the page. */
function writeBlock(doc: Doc, block: Block, layout: Layout): void {
  const left = MARGIN.left
  const { width, linked } = layout
  if (block.kind === 'heading') writeNotes(doc, layout)
  layout.notes.push(...(block.kind === 'signature' ? block.lines.flatMap(footnotesOf) : footnotesOf(block.runs)))
  switch (block.kind) {
    case 'heading': {
      const size = HEADING_SIZE[block.depth]
      doc.moveDown(block.depth === 3 ? 0.8 : 1.4)
      // a heading is never the last thing on a page
      keepRoom(doc, lineHeight(doc, size) * (block.marker && block.runs.length ? 2 : 1) + lineHeight(doc) * (block.depth === 3 ? 2 : 5))
      // the number on one line, the heading text centred under it (continued runs cannot be centred)
      const style = { width, align: 'center' as const, lineGap: LINE_GAP }
      doc.font('bold').fontSize(size).fillColor(COLORS.text)
      if (block.marker) doc.text(block.marker, left, doc.y, { ...style, ...(block.id ? { destination: destination(block.id) } : {}) })
      const heading = headingText(block.runs)
      if (heading) doc.text(heading, left, doc.y, style)
      const label = [block.marker, runsText(block.runs).trim()].filter((t) => t !== '').join(' — ')
      if (block.depth === 1) layout.division = doc.outline.addItem(label)
      else if (block.depth === 3) (layout.division ?? doc.outline).addItem(label)
      doc.moveDown(0.4)
      return
    }
    case 'subheading':
      doc.moveDown(0.4)
      keepRoom(doc, lineHeight(doc) * 3)
      writeRuns(doc, block.runs, left, width, { size: BODY_SIZE, base: { bold: true }, linked })
      doc.moveDown(0.3)
      return
    case 'text':
      writeRuns(doc, block.runs, left, width, { size: BODY_SIZE, linked })
      doc.moveDown(0.5)
      return
    case 'unit': {
      const indent = INDENT[block.level] ?? INDENT[0]!
      // the marker and the first line of text share a line: both go to the next page together
      keepRoom(doc, lineHeight(doc))
      const y = doc.y
      if (block.marker) {
        doc.font('regular').fontSize(BODY_SIZE).fillColor(COLORS.text)
          .text(block.marker, left + indent - HANG, y, { width: HANG, lineBreak: false, ...(block.id ? { destination: destination(block.id) } : {}) })
      }
      doc.y = y
      writeRuns(doc, block.runs, left + indent, width - indent, {
        size: BODY_SIZE, linked, ...(!block.marker && block.id ? { destination: destination(block.id) } : {}),
      })
      doc.moveDown(0.5)
      return
    }
    case 'signature': {
      const lines: Run[] = block.lines.flatMap((line, i) => (i > 0 ? [{ lineBreak: true } as const, ...line] : line))
      doc.moveDown(0.5)
      keepRoom(doc, lineHeight(doc) * Math.max(1, block.lines.length))
      writeRuns(doc, lines, left, width, { size: BODY_SIZE, linked })
      doc.moveDown(1)
      return
    }
    case 'note':
      writeRuns(doc, [{ text: 'Drafting note: ', bold: true }, ...block.runs], left, width, { size: BODY_SIZE - 1, base: { italic: true }, color: COLORS.note, linked })
      doc.moveDown(0.5)
      return
  }
}

/** The title page: the title, the version line and the date, centred in the upper third. */
function writeTitlePage(doc: Doc, title: string, version: string, date: string, width: number): void {
  doc.font('bold').fontSize(20).fillColor(COLORS.text).text(title, MARGIN.left, doc.page.height / 4, { width, align: 'center', lineGap: LINE_GAP })
  doc.moveDown(2)
  doc.font('regular').fontSize(13).fillColor(COLORS.text).text(version, MARGIN.left, doc.y, { width, align: 'center' })
  doc.moveDown(0.5)
  doc.text(date, { width, align: 'center' })
}

/** The running header and the page number of every page but the title page, written once the page count is known. */
function writeHeadersAndFooters(doc: Doc, title: string, confidential: boolean, width: number): void {
  const { start, count } = doc.bufferedPageRange()
  for (let i = start + 1; i < start + count; i++) {
    doc.switchToPage(i)
    // text in the margins must not start a new page
    const bottom = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.font('regular').fontSize(8.5).fillColor(COLORS.muted)
    const headerY = MARGIN.top / 2
    if (confidential) {
      const mark = doc.font('bold').widthOfString(CONFIDENTIAL_HEADER)
      doc.text(CONFIDENTIAL_HEADER, MARGIN.left + width - mark, headerY, { lineBreak: false })
      doc.font('regular').text(title, MARGIN.left, headerY, { width: width - mark - 18, height: doc.currentLineHeight(), ellipsis: true, lineBreak: false })
    } else {
      doc.text(title, MARGIN.left, headerY, { width, align: 'center', height: doc.currentLineHeight(), ellipsis: true, lineBreak: false })
    }
    doc.moveTo(MARGIN.left, headerY + 14).lineTo(MARGIN.left + width, headerY + 14).lineWidth(0.4).strokeColor(COLORS.muted).stroke()
    doc.font('regular').fontSize(9).text(`Page ${i - start + 1} of ${count}`, MARGIN.left, doc.page.height - MARGIN.bottom / 2 - 6, { width, align: 'center', lineBreak: false })
    doc.page.margins.bottom = bottom
  }
  doc.fillColor(COLORS.text)
}

/** Ids of the headings and units that are printed. */
function printedIds(blocks: readonly Block[]): Set<string> {
  const ids = new Set<string>()
  for (const b of blocks) if ((b.kind === 'heading' || b.kind === 'unit') && b.id) ids.add(b.id)
  return ids
}

/**
 * The treaty `doc` as the bytes of a PDF: a title page (title, version line, date), then the
 * treaty with the editor's numbers; parameters show their values (unfilled: `[name]`, in amber),
 * references their target's current number as a link; drafting notes only when `options.clean`
 * is false; a running header and "Page n of N" on every page after the title page.
 */
export function treatyToPdf(doc: Node, params: Record<string, string>, options: PdfExportOptions): Promise<Buffer> {
  const printed = printTreaty(doc, params, options)
  const pdf = new PDFDocument({
    size: 'A4', margins: MARGIN, bufferPages: true, autoFirstPage: true, displayTitle: true,
    info: { Title: printed.titleText, Creator: 'Pacta', Producer: 'Pacta', ...(options.exportedAt ? { CreationDate: options.exportedAt } : {}) },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })
  const fonts = pdfFonts()
  for (const style of Object.keys(fonts) as PdfFontStyle[]) pdf.registerFont(style, fonts[style] as unknown as Buffer)
  const width = pdf.page.width - MARGIN.left - MARGIN.right
  writeTitlePage(pdf, printed.titleText, printed.version, printed.date, width)
  pdf.addPage()
  const layout: Layout = { width, linked: printedIds(printed.blocks), division: null, notes: footnotesOf(printed.title) }
  for (const block of printed.blocks) writeBlock(pdf, block, layout)
  writeNotes(pdf, layout)
  writeHeadersAndFooters(pdf, printed.titleText, options.confidential !== false, width)
  pdf.end()
  return done
}
