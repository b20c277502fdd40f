// The treaty walked into a flat list of numbered, printable blocks: the intermediate model of the
// page-based exporters (Word and PDF). Each block is one printed paragraph — a division or article
// heading with its number, a numbered unit with its marker and level, a recital, a signature
// block, a drafting note — and its text is a list of styled runs in which parameters already show
// their values (or an `[name]` placeholder), cross-references their target's current number, and
// defined terms their bold. Numbers come from the numbering module; nothing here knows a format.
import { shownParameter, treatyWalk, type TreatyWalk } from './treaty-walk.js'
import type { Node } from 'prosemirror-model'
import { writtenDate } from '../../editor/model/clauses/values.js'
import { BROKEN_XREF_TEXT, footnoteNumbers } from '../../editor/model/numbering.js'
import type { CitationStyle } from '../../editor/model/citation.js'
import { clampLevel } from '../../editor/model/schema.js'

/** One styled run of text. */
export interface TextRun {
  text: string
  bold?: boolean
  italic?: boolean
  underline?: boolean
  /** `placeholder`: an unfilled parameter shown as `[name]`; `broken`: a reference whose target is gone. */
  flag?: 'placeholder' | 'broken'
  /** The stable id of the unit a cross-reference points to (resolved references only). */
  target?: string
}

/** Where a comment's range starts or ends among the runs (Word exports with comments only). */
export interface CommentEdge { comment: number; edge: 'start' | 'end' }

/** A footnote's marker where it stands in the text: its number, and its text as styled runs. */
export interface FootnoteRun { footnote: number; runs: TextRun[] }

/** A run: text, a line break inside the block, a comment range's edge, or a footnote. */
export type Run = TextRun | { lineBreak: true } | CommentEdge | FootnoteRun

/** A comment's range in the treaty document, by position (its words from `from` to `to`). */
export interface CommentRange { id: number; from: number; to: number }

/** The containers printed as headings, and how deep each heads. */
export type HeadedKind = 'part' | 'chapter' | 'section' | 'article' | 'final_provisions' | 'annex'

/** One printed block of the treaty, in reading order. */
export type Block =
  /** A division, article, final provisions or annex: its number ("Part II", "Article 3"), then its heading text. */
  | { kind: 'heading'; unit: HeadedKind; depth: 1 | 2 | 3; marker: string; runs: Run[]; id: string }
  /** A heading that is not its container's first (a sub-heading inside an article or annex). */
  | { kind: 'subheading'; runs: Run[] }
  /** A recital of the preamble or a prose block of the conclusion. */
  | { kind: 'text'; runs: Run[] }
  /** A paragraph (level 0), sub-paragraph (1) or sub-sub-paragraph (2); `marker` empty for a sole or continuing one. */
  | { kind: 'unit'; level: number; marker: string; runs: Run[]; id: string }
  /** A signature block, one run list per line. */
  | { kind: 'signature'; lines: Run[][] }
  /** A drafting note (working exports only). */
  | { kind: 'note'; runs: Run[] }

/** The treaty as printed blocks, with its title and the front page's lines. */
export interface PrintedTreaty {
  /** The treaty's own title, or the document's title when the treaty has none. */
  title: Run[]
  /** The title as plain text (for file metadata and running headers). */
  titleText: string
  /** The front page's version line: "Clean draft" or "Working draft, with drafting notes", or the caller's. */
  version: string
  /** The export date as written in treaties: "1 February 2026". */
  date: string
  blocks: Block[]
}

/** What the walk needs besides the document. */
export interface PrintOptions {
  /** The document's title (its list entry), used when the treaty's own title is empty. */
  title: string
  /** True: without drafting notes. False: drafting notes included, labelled. */
  clean: boolean
  /** The version line of the title page, e.g. "Draft of 1 February 2026"; default "Clean draft" or "Working draft, with drafting notes". */
  version?: string
  /** When the export was made; default now. */
  exportedAt?: Date
  /** Labels of the document's parameters by name (from the clauses they come from): unfilled ones read as "[label]". */
  labels?: ReadonlyMap<string, string>
  /** Comment ranges to mark among the runs (CommentEdge runs); none by default. */
  comments?: readonly CommentRange[]
  /** How cross-references read (the document's setting); default the compact style. */
  citationStyle?: CitationStyle
}

/** What a page-based export (Word, PDF) may ask for besides the printed blocks. */
export interface PageExportOptions extends PrintOptions {
  /** "DRAFT — CONFIDENTIAL" in the running header of every page; default true. */
  confidential?: boolean
}

/** The running header's mark on a confidential draft. */
export const CONFIDENTIAL_HEADER = 'DRAFT — CONFIDENTIAL'

interface Context extends TreatyWalk {
  /** Comment edges by document position: ends before starts at one position. */
  edges: Map<number, CommentEdge[]>
  /** Footnote numbers by the footnote's position (those in drafting notes left out of clean exports). */
  footnotes: Map<number, number>
}

/**
 * The edges of comment ranges by position. A range that does not end in a text block (its words
 * reach past the end of the treaty's text) ends where its first block ends.
 */
function commentEdges(doc: Node, comments: readonly CommentRange[]): Map<number, CommentEdge[]> {
  const edges = new Map<number, CommentEdge[]>()
  const add = (pos: number, edge: CommentEdge) => {
    const list = edges.get(pos) ?? []
    list.push(edge)
    list.sort((a, b) => (a.edge === b.edge ? 0 : a.edge === 'end' ? -1 : 1))
    edges.set(pos, list)
  }
  const inText = (pos: number) => pos >= 0 && pos <= doc.content.size && doc.resolve(pos).parent.isTextblock
  for (const c of comments) {
    if (!inText(c.from)) continue
    const to = c.to > c.from && inText(c.to) ? c.to : doc.resolve(c.from).end()
    add(c.from, { comment: c.id, edge: 'start' })
    add(to, { comment: c.id, edge: 'end' })
  }
  return edges
}


/** The depth of each headed container: 1 parts, chapters, final provisions and annexes; 2 sections; 3 articles. */
const DEPTH: Record<HeadedKind, 1 | 2 | 3> = { part: 1, chapter: 1, final_provisions: 1, annex: 1, section: 2, article: 3 }

const isHeaded = (name: string): name is HeadedKind => Object.prototype.hasOwnProperty.call(DEPTH, name)

/** A text node's text (or a piece of it) as a styled run. */
function textRun(child: Node, text: string): TextRun {
  const marks = new Set(child.marks.map((m) => m.type.name))
  // where a term is defined it is set in bold, as treaties print it
  const defining = child.marks.some((m) => m.type.name === 'term' && m.attrs.defining === true)
  return {
    text,
    ...(marks.has('strong') || defining ? { bold: true } : {}),
    ...(marks.has('em') ? { italic: true } : {}),
    ...(marks.has('underline') ? { underline: true } : {}),
  }
}

/**
 * The runs of a text block's inline content; `pos` is the block's position, for the comment
 * edges inside it (text is split where a comment's range starts or ends).
 */
function runs(node: Node, ctx: Context, pos = -1): Run[] {
  const out: Run[] = []
  const edgesAt = (at: number) => { if (pos >= 0) for (const e of ctx.edges.get(at) ?? []) out.push(e) }
  node.forEach((child, offset) => {
    const at = pos + 1 + offset
    edgesAt(at)
    if (child.isText) {
      // edges inside the text split it; each piece keeps the node's marks
      const text = child.text ?? ''
      let last = 0
      for (let i = 1; pos >= 0 && i < text.length; i++) {
        if (!ctx.edges.has(at + i)) continue
        out.push(textRun(child, text.slice(last, i)))
        edgesAt(at + i)
        last = i
      }
      out.push(textRun(child, text.slice(last)))
      return
    }
    switch (child.type.name) {
      case 'parameter': {
        const name = String(child.attrs.name ?? '')
        const shown = shownParameter(ctx, name)
        out.push(shown.filled ? { text: shown.text } : { text: shown.text, flag: 'placeholder' })
        break
      }
      case 'xref': {
        const target = String(child.attrs.target ?? '')
        const ref = ctx.citations.of(child)
        out.push(ref ? { text: ref, target } : { text: BROKEN_XREF_TEXT, flag: 'broken' })
        break
      }
      case 'hard_break':
        out.push({ lineBreak: true })
        break
      case 'footnote': {
        const footnote = ctx.footnotes.get(at)
        const text: TextRun[] = []
        child.forEach((t) => { if (t.isText) text.push(textRun(t, t.text ?? '')) })
        if (footnote !== undefined) out.push({ footnote, runs: text })
        break
      }
      default:
        out.push({ text: child.textContent })
    }
  })
  edgesAt(pos + 1 + node.content.size)
  return out
}

/** The first heading of a headed container at `pos`, with its position, or null. */
function headingOf(node: Node, pos: number): { node: Node; pos: number } | null {
  let found: { node: Node; pos: number } | null = null
  node.forEach((child, offset) => { if (!found && child.type.name === 'heading') found = { node: child, pos: pos + 1 + offset } })
  return found
}

/** The blocks of `node`'s children (its first heading left out when `headed`). */
function children(node: Node, start: number, ctx: Context, headed: boolean, out: Block[]): void {
  let headingSeen = !headed
  node.forEach((child, offset) => {
    if (!headingSeen && child.type.name === 'heading') { headingSeen = true; return }
    block(child, start + offset, ctx, out)
  })
}

/** One node (and everything in it) as blocks, appended to `out`. */
function block(node: Node, pos: number, ctx: Context, out: Block[]): void {
  const name = node.type.name
  const label = ctx.numbering.byPos.get(pos)
  if (isHeaded(name)) {
    const heading = headingOf(node, pos)
    const marker = label?.marker ?? ''
    const text = heading ? runs(heading.node, ctx, heading.pos) : []
    if (marker || text.length) out.push({ kind: 'heading', unit: name, depth: DEPTH[name], marker, runs: text, id: String(node.attrs.id ?? '') })
    children(node, pos + 1, ctx, true, out)
    return
  }
  switch (name) {
    case 'title':
      return
    case 'preamble': case 'conclusion':
      children(node, pos + 1, ctx, false, out)
      return
    case 'recital': case 'prose':
      out.push({ kind: 'text', runs: runs(node, ctx, pos) })
      return
    case 'heading':
      out.push({ kind: 'subheading', runs: runs(node, ctx, pos) })
      return
    case 'paragraph':
      out.push({ kind: 'unit', level: clampLevel(node.attrs.level), marker: label?.marker ?? '', runs: runs(node, ctx, pos), id: String(node.attrs.id ?? '') })
      return
    case 'signature': {
      const lines: Run[][] = []
      node.forEach((line, offset) => { lines.push(runs(line, ctx, pos + 1 + offset)) })
      out.push({ kind: 'signature', lines })
      return
    }
    case 'drafting_note':
      if (!ctx.clean) out.push({ kind: 'note', runs: runs(node, ctx, pos) })
      return
    default:
      if (node.isTextblock) out.push({ kind: 'text', runs: runs(node, ctx, pos) })
      else children(node, pos + 1, ctx, false, out)
  }
}

/** The plain text of some runs (line breaks as spaces, footnotes left out). */
export function runsText(list: readonly Run[]): string {
  return list.map((r) => ('lineBreak' in r ? ' ' : 'edge' in r || 'footnote' in r ? '' : r.text)).join('')
}

/** The footnotes among some runs, in order. */
export function footnotesOf(list: readonly Run[]): FootnoteRun[] {
  return list.filter((r): r is FootnoteRun => 'footnote' in r)
}

/**
 * The treaty `doc` as printed blocks numbered by the numbering module: parameters show their
 * values from `params` (unfilled: `[name]`, flagged), references their target's current number,
 * drafting notes only when `options.clean` is false.
 */
export function printTreaty(doc: Node, params: Record<string, string>, options: PrintOptions): PrintedTreaty {
  const ctx: Context = {
    ...treatyWalk(doc, params, options), edges: commentEdges(doc, options.comments ?? []),
    footnotes: footnoteNumbers(doc, { skipNotes: options.clean }),
  }
  let titleNode: { node: Node; pos: number } | null = null
  doc.forEach((child, offset) => { if (!titleNode && child.type.name === 'title') titleNode = { node: child, pos: offset } })
  const own = titleNode as { node: Node; pos: number } | null
  const fallback = options.title.trim() || 'Untitled treaty'
  const title: Run[] = own && own.node.content.size > 0 ? runs(own.node, ctx, own.pos) : [{ text: fallback }]
  const at = options.exportedAt ?? new Date()
  const blocks: Block[] = []
  doc.forEach((child, offset) => { block(child, offset, ctx, blocks) })
  return {
    title,
    titleText: runsText(title).trim() || fallback,
    version: options.version ?? (options.clean ? 'Clean draft' : 'Working draft, with drafting notes'),
    date: writtenDate({ year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() }),
    blocks,
  }
}
