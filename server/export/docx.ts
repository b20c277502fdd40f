// Word export: the treaty as a .docx built with the `docx` package, numbered by the numbering
// module. Word's own styles carry the structure (Title; Heading 1 for parts, chapters, final
// provisions and annexes; Heading 2 for sections; Heading 3 for articles), so the navigation pane
// and a table of contents work; paragraph and sub-paragraph markers are written as the editor
// shows them, with hanging indents, so the numbers are exactly the editor's. A title page, an
// optional "DRAFT — CONFIDENTIAL" running header and page numbers in the footer.
import {
  AlignmentType, Document, Footer, Header, HeadingLevel, Packer, PageBreak, PageNumber, Paragraph, ShadingType, TextRun,
  type IRunOptions, type ParagraphChild,
} from 'docx'
import type { Node } from 'prosemirror-model'
import { parameterText, writtenDate } from '../../editor/model/clauses/values.js'
import { BROKEN_XREF_TEXT, numberTreaty, type Numbering } from '../../editor/model/numbering.js'
import { clampLevel } from '../../editor/model/schema.js'

/** Options of a Word export. */
export interface DocxExportOptions {
  /** The document's title (its list entry), used when the treaty's own title is empty. */
  title: string
  /** True: without drafting notes. False: drafting notes included, shaded and labelled. */
  clean: boolean
  /** The running header "DRAFT — CONFIDENTIAL" on every page; default true. */
  confidential?: boolean
  /** The version line of the title page, e.g. "Draft of 1 February 2026"; default the export date. */
  version?: string
  /** When the export was made; default now. */
  exportedAt?: Date
}

/** The running header's text. */
export const CONFIDENTIAL_HEADER = 'DRAFT — CONFIDENTIAL'

const own = (record: Record<string, string>, key: string) => Object.prototype.hasOwnProperty.call(record, key)

interface Context {
  numbering: Numbering
  params: Record<string, string>
  clean: boolean
}

/** Hanging indent of a unit of each level, in twentieths of a point: the marker hangs in the gutter. */
const INDENT = [{ left: 567, hanging: 567 }, { left: 1134, hanging: 567 }, { left: 1701, hanging: 567 }]

/** The runs of a text block's inline content. */
function runs(node: Node, ctx: Context, base: IRunOptions = {}): ParagraphChild[] {
  const out: ParagraphChild[] = []
  node.forEach((child) => {
    switch (child.type.name) {
      case 'text': {
        const marks = new Set(child.marks.map((m) => m.type.name))
        const defining = child.marks.some((m) => m.type.name === 'term' && m.attrs.defining === true)
        out.push(new TextRun({
          ...base, text: child.text ?? '',
          bold: marks.has('strong') || defining || base.bold, italics: marks.has('em') || base.italics,
          ...(marks.has('underline') ? { underline: {} } : {}),
        }))
        break
      }
      case 'parameter': {
        const name = String(child.attrs.name ?? '')
        const value = own(ctx.params, name) ? ctx.params[name]! : ''
        out.push(value.trim() !== ''
          ? new TextRun({ ...base, text: parameterText(value) })
          : new TextRun({ ...base, text: `[${name || 'parameter'}]`, highlight: 'yellow' }))
        break
      }
      case 'xref': {
        const target = String(child.attrs.target ?? '')
        const ref = target ? ctx.numbering.byId.get(target)?.ref : undefined
        out.push(new TextRun({ ...base, text: ref ?? BROKEN_XREF_TEXT, ...(ref ? {} : { highlight: 'red' }) }))
        break
      }
      case 'hard_break':
        out.push(new TextRun({ ...base, text: '', break: 1 }))
        break
      default:
        out.push(new TextRun({ ...base, text: child.textContent }))
    }
  })
  return out
}

/** The first heading of a headed container, or null. */
function headingOf(node: Node): Node | null {
  let found: Node | null = null
  node.forEach((child) => { if (!found && child.type.name === 'heading') found = child })
  return found
}

/** Heading paragraphs of a division or article: its number, then its heading text on the next line. */
function headingParagraph(marker: string, node: Node, level: (typeof HeadingLevel)[keyof typeof HeadingLevel], ctx: Context): Paragraph[] {
  const heading = headingOf(node)
  const text = heading ? runs(heading, ctx) : []
  if (!marker && !text.length) return []
  const children: ParagraphChild[] = []
  if (marker) children.push(new TextRun({ text: marker }))
  if (marker && text.length) children.push(new TextRun({ text: '', break: 1 }))
  children.push(...text)
  return [new Paragraph({ heading: level, alignment: AlignmentType.CENTER, keepNext: true, children })]
}

/** The blocks of `node` after its first heading (when `headed`). */
function children(node: Node, start: number, ctx: Context, headed: boolean): Paragraph[] {
  const out: Paragraph[] = []
  let headingSeen = !headed
  node.forEach((child, offset) => {
    if (!headingSeen && child.type.name === 'heading') { headingSeen = true; return }
    out.push(...block(child, start + offset, ctx))
  })
  return out
}

const LEVEL_OF: Record<string, (typeof HeadingLevel)[keyof typeof HeadingLevel]> = {
  part: HeadingLevel.HEADING_1, chapter: HeadingLevel.HEADING_1, final_provisions: HeadingLevel.HEADING_1, annex: HeadingLevel.HEADING_1,
  section: HeadingLevel.HEADING_2, article: HeadingLevel.HEADING_3,
}

function block(node: Node, pos: number, ctx: Context): Paragraph[] {
  const label = ctx.numbering.byPos.get(pos)
  switch (node.type.name) {
    case 'title':
      return []
    case 'preamble': case 'conclusion':
      return children(node, pos + 1, ctx, false)
    case 'recital': case 'prose':
      return [new Paragraph({ spacing: { after: 120 }, children: runs(node, ctx) })]
    case 'part': case 'chapter': case 'section': case 'final_provisions': case 'annex': case 'article':
      return [...headingParagraph(label?.marker ?? '', node, LEVEL_OF[node.type.name]!, ctx), ...children(node, pos + 1, ctx, true)]
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_4, children: runs(node, ctx) })]
    case 'paragraph': {
      const level = clampLevel(node.attrs.level)
      const marker = label?.marker ?? ''
      const indent = INDENT[level]!
      // a unit's marker hangs in the gutter, a tab away from its text; text closing a list lines up with the text
      return [new Paragraph({
        spacing: { after: 120 }, alignment: AlignmentType.JUSTIFIED,
        indent: marker ? indent : { left: indent.left },
        tabStops: [{ type: 'left', position: indent.left }],
        children: marker ? [new TextRun({ text: `${marker}\t` }), ...runs(node, ctx)] : runs(node, ctx),
      })]
    }
    case 'signature': {
      const lines: ParagraphChild[] = []
      node.forEach((line, i) => { if (i > 0) lines.push(new TextRun({ text: '', break: 1 })); lines.push(...runs(line, ctx)) })
      return [new Paragraph({ spacing: { before: 240, after: 240 }, keepLines: true, children: lines })]
    }
    case 'drafting_note':
      return ctx.clean ? [] : [new Paragraph({
        shading: { type: ShadingType.CLEAR, fill: 'FFF4CE', color: 'auto' },
        children: [new TextRun({ text: 'Drafting note: ', bold: true, italics: true }), ...runs(node, ctx, { italics: true })],
      })]
    default:
      return node.isTextblock ? [new Paragraph({ children: runs(node, ctx) })] : children(node, pos + 1, ctx, false)
  }
}

/**
 * The treaty `doc` as the bytes of a .docx: a title page (title, version line, date), then the
 * treaty with Word's heading styles and the editor's numbers; parameters show their values
 * (unfilled: `[name]`, highlighted); drafting notes only when `options.clean` is false.
 */
export async function treatyToDocx(doc: Node, params: Record<string, string>, options: DocxExportOptions): Promise<Uint8Array> {
  const ctx: Context = { numbering: numberTreaty(doc), params, clean: options.clean }
  let titleNode: Node | null = null
  doc.forEach((child) => { if (!titleNode && child.type.name === 'title') titleNode = child })
  const title = titleNode as Node | null
  const titleRuns = title && title.content.size > 0 ? runs(title, ctx) : [new TextRun({ text: options.title.trim() || 'Untitled treaty' })]
  const at = options.exportedAt ?? new Date()
  const when = writtenDate({ year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() })
  const titlePage = [
    new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, spacing: { before: 2400, after: 480 }, children: titleRuns }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: options.version ?? (options.clean ? 'Clean draft' : 'Working draft, with drafting notes') })] }),
    new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: when }), new PageBreak()] }),
  ]
  const body: Paragraph[] = []
  doc.forEach((child, offset) => { body.push(...block(child, offset, ctx)) })
  const document = new Document({
    creator: 'Pacta',
    title: title?.textContent.trim() || options.title,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 24 } } } },
    sections: [{
      properties: { titlePage: true },
      headers: options.confidential === false ? {} : { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: CONFIDENTIAL_HEADER, bold: true })] })] }) },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT] })] })] }) },
      children: [...titlePage, ...body],
    }],
  })
  return new Uint8Array(await Packer.toBuffer(document))
}
