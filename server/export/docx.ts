// Word export: the treaty as a .docx built with the `docx` package from the printed blocks
// (blocks.ts, numbered by the numbering module). Word's own styles carry the structure (Title;
// Heading 1 for parts, chapters, final provisions and annexes; Heading 2 for sections; Heading 3
// for articles), so the navigation pane and a table of contents work; paragraph and sub-paragraph
// markers are written as the editor shows them, with hanging indents, so the numbers are exactly
// the editor's. A title page, an optional "DRAFT — CONFIDENTIAL" running header and page numbers
// in the footer.
import {
  AlignmentType, CommentRangeEnd, CommentRangeStart, CommentReference, Document, Footer, FootnoteReferenceRun, Header, HeadingLevel, Packer, PageBreak,
  PageNumber, Paragraph, ShadingType, TextRun, type ICommentOptions, type IRunOptions, type ParagraphChild,
} from 'docx'
import type { Node } from 'prosemirror-model'
import { CONFIDENTIAL_HEADER, footnotesOf, printTreaty, type Block, type PageExportOptions, type PrintedTreaty, type Run } from './blocks.js'

/**
 * A comment of a Word export: its range in the treaty document, and what Word shows in the
 * margin — the opening comment's author, date and paragraphs (the thread's replies follow as
 * paragraphs of their own, each with its writer and date), and whether it is resolved.
 */
export interface WordComment {
  from: number
  to: number
  author: string
  date: Date
  paragraphs: string[]
  resolved: boolean
}

/** Options of a Word export: comments (working copies only) become Word comments on their words. */
export type DocxExportOptions = Omit<PageExportOptions, 'comments'> & { wordComments?: readonly WordComment[] }

/** Hanging indent of a unit of each level, in twentieths of a point: the marker hangs in the gutter. */
const INDENT = [{ left: 567, hanging: 567 }, { left: 1134, hanging: 567 }, { left: 1701, hanging: 567 }]

/** Word runs of printed runs. */
function wordRuns(list: readonly Run[], base: IRunOptions = {}): ParagraphChild[] {
  return list.flatMap((run): ParagraphChild[] => {
    if ('lineBreak' in run) return [new TextRun({ ...base, text: '', break: 1 })]
    // a comment's range: its start, and its end followed by the reference Word draws the mark at
    if ('edge' in run) return run.edge === 'start' ? [new CommentRangeStart(run.comment)] : [new CommentRangeEnd(run.comment), new TextRun({ children: [new CommentReference(run.comment)] })]
    // a footnote: Word's own reference mark, numbered by Word in the order ours are (see `wordFootnotes`)
    if ('footnote' in run) return [new FootnoteReferenceRun(run.footnote)]
    return [new TextRun({
      ...base, text: run.text,
      bold: run.bold || base.bold, italics: run.italic || base.italics,
      ...(run.underline ? { underline: {} } : {}),
      ...(run.flag === 'placeholder' ? { highlight: 'yellow' } : run.flag === 'broken' ? { highlight: 'red' } : {}),
    })]
  })
}

const HEADING_STYLE = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const

/** A name's initials for Word's comment marks ("Dora Drafter" → "DD"). */
const initialsOf = (name: string): string => name.split(/\s+/).filter(Boolean).map((w) => w[0]!.toUpperCase()).join('').slice(0, 3) || '?'

/** One printed block as a Word paragraph. */
function paragraph(block: Block): Paragraph {
  switch (block.kind) {
    case 'heading': {
      // the number, then the heading text on the next line
      const children: ParagraphChild[] = []
      if (block.marker) children.push(new TextRun({ text: block.marker }))
      if (block.marker && block.runs.length) children.push(new TextRun({ text: '', break: 1 }))
      children.push(...wordRuns(block.runs))
      return new Paragraph({ heading: HEADING_STYLE[block.depth], alignment: AlignmentType.CENTER, keepNext: true, children })
    }
    case 'subheading':
      return new Paragraph({ heading: HeadingLevel.HEADING_4, children: wordRuns(block.runs) })
    case 'text':
      return new Paragraph({ spacing: { after: 120 }, children: wordRuns(block.runs) })
    case 'unit': {
      const indent = INDENT[block.level] ?? INDENT[0]!
      // a unit's marker hangs in the gutter, a tab away from its text; text closing a list lines up with the text
      return new Paragraph({
        spacing: { after: 120 }, alignment: AlignmentType.JUSTIFIED,
        indent: block.marker ? indent : { left: indent.left },
        tabStops: [{ type: 'left', position: indent.left }],
        children: block.marker ? [new TextRun({ text: `${block.marker}\t` }), ...wordRuns(block.runs)] : wordRuns(block.runs),
      })
    }
    case 'signature': {
      const lines: ParagraphChild[] = []
      block.lines.forEach((line, i) => { if (i > 0) lines.push(new TextRun({ text: '', break: 1 })); lines.push(...wordRuns(line)) })
      return new Paragraph({ spacing: { before: 240, after: 240 }, keepLines: true, children: lines })
    }
    case 'note':
      return new Paragraph({
        shading: { type: ShadingType.CLEAR, fill: 'FFF4CE', color: 'auto' },
        children: [new TextRun({ text: 'Drafting note: ', bold: true, italics: true }), ...wordRuns(block.runs, { italics: true })],
      })
  }
}

/** Every run list of a printed treaty, in reading order. */
function runLists(printed: PrintedTreaty): Run[][] {
  return [printed.title, ...printed.blocks.flatMap((b) => (b.kind === 'signature' ? b.lines : [b.runs]))]
}

/** The treaty's footnotes as Word footnotes, by the number their reference marks carry (Word numbers them in the same order). */
function wordFootnotes(printed: PrintedTreaty): Record<string, { children: Paragraph[] }> {
  const notes: Record<string, { children: Paragraph[] }> = {}
  for (const list of runLists(printed)) {
    for (const note of footnotesOf(list)) notes[String(note.footnote)] = { children: [new Paragraph({ children: wordRuns(note.runs) })] }
  }
  return notes
}

/**
 * The treaty `doc` as the bytes of a .docx: a title page (title, version line, date), then the
 * treaty with Word's heading styles and the editor's numbers; parameters show their values
 * (unfilled: `[name]`, highlighted); drafting notes only when `options.clean` is false.
 */
export async function treatyToDocx(doc: Node, params: Record<string, string>, options: DocxExportOptions): Promise<Uint8Array> {
  const wordComments = options.wordComments ?? []
  const printed = printTreaty(doc, params, { ...options, comments: wordComments.map((c, id) => ({ id, from: c.from, to: c.to })) })
  const comments: ICommentOptions[] = wordComments.map((c, id) => ({
    id, author: c.author, date: c.date, initials: initialsOf(c.author), resolved: c.resolved,
    children: c.paragraphs.map((text) => new Paragraph({ children: [new TextRun({ text })] })),
  }))
  const titlePage = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { before: 2400, after: 480 }, children: wordRuns(printed.title) }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: printed.version })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: printed.date }), new PageBreak()] }),
  ]
  const footnotes = wordFootnotes(printed)
  const document = new Document({
    creator: 'Pacta',
    title: printed.titleText,
    ...(Object.keys(footnotes).length ? { footnotes } : {}),
    ...(comments.length ? { comments: { children: comments } } : {}),
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [{
      properties: { titlePage: true },
      headers: options.confidential === false ? {} : { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: CONFIDENTIAL_HEADER, bold: true })] })] }) },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })] }) },
      children: [...titlePage, ...printed.blocks.map(paragraph)],
    }],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}
