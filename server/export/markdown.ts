// Markdown export: the treaty as plain Markdown text, numbered by the numbering module. Parts,
// chapters, sections, articles and annexes are headings ("### Article 3 — Safe conduct");
// paragraphs and sub-paragraphs start with their computed marker ("2\.", "(a)"), escaped so no
// renderer renumbers them; cross-references are text with their target's current number;
// footnotes are Markdown footnotes ("[^1]" in the text, "[^1]: …" at the end).
// Every character of the document's text is escaped, so nothing in it becomes Markdown or HTML.
import { shownParameter, treatyWalk, type TreatyWalk } from './treaty-walk.js'
import type { Mark, Node } from 'prosemirror-model'
import { BROKEN_XREF_TEXT, footnoteCounter } from '../../editor/model/numbering.js'
import type { CitationStyle } from '../../editor/model/citation.js'
import { writtenDate } from '../../editor/model/clauses/values.js'

/** Options of a Markdown export. */
export interface MarkdownExportOptions {
  /** The document's title (its list entry), used when the treaty's own title is empty. */
  title: string
  /** True: without drafting notes. False: drafting notes included as quotes marked "Drafting note". */
  clean: boolean
  /** When the export was made (shown under the title); default now. */
  exportedAt?: Date
  /** Labels of the document's parameters by name (from the clauses they come from): unfilled ones read as "[label]". */
  labels?: ReadonlyMap<string, string>
  /** How cross-references read (the document's setting); default the compact style. */
  citationStyle?: CitationStyle
}


/**
 * `text` as inline Markdown that shows exactly that text: emphasis, link, code and escape
 * characters are backslash-escaped, `<` and `&` written as entities, line ends become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '\ufffd')
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[\\`*_[\]~|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
}

/** A line of text that Markdown must not read as a heading, quote, list item or rule: its first character escaped if it could. */
function plainLine(line: string): string {
  return /^(#{1,6}(\s|$)|>|[-+=](\s|$)|\d{1,9}[.)](\s|$))/.test(line) ? line.replace(/^(\d*)(.)/, '$1\\$2') : line
}

interface Context extends TreatyWalk {
  /** Numbers footnotes as they are met. */
  footnotes: ReturnType<typeof footnoteCounter>
  /** The footnotes' definitions ("[^1]: text"), written after the treaty. */
  notes: string[]
}

/** The order marks nest in, outermost first. */
const MARK_ORDER = ['term', 'strong', 'em', 'underline']

function withMarks(text: string, marks: readonly Mark[]): string {
  if (text.trim() === '') return text
  let out = text
  const sorted = [...marks].sort((a, b) => MARK_ORDER.indexOf(b.type.name) - MARK_ORDER.indexOf(a.type.name))
  for (const mark of sorted) {
    switch (mark.type.name) {
      case 'strong': out = `**${out}**`; break
      case 'em': out = `*${out}*`; break
      case 'underline': out = `<u>${out}</u>`; break
      // where a term is defined it is set in bold, as treaties print it
      case 'term': if (mark.attrs.defining === true) out = `**${out}**`; break
    }
  }
  return out
}

/** The inline content of a text block as one line of Markdown. */
function inlines(node: Node, ctx: Context): string {
  let out = ''
  node.forEach((child) => {
    switch (child.type.name) {
      case 'text': out += withMarks(escapeMarkdown(child.text ?? ''), child.marks); break
      case 'parameter': {
        const name = String(child.attrs.name ?? '')
        out += escapeMarkdown(shownParameter(ctx, name).text)
        break
      }
      case 'xref': {
        out += escapeMarkdown(ctx.citations.of(child) || BROKEN_XREF_TEXT)
        break
      }
      case 'hard_break': out += '\\\n'; break
      case 'footnote': {
        const n = ctx.footnotes.next(child)
        out += `[^${n}]`
        ctx.notes.push(`[^${n}]: ${inlines(child, ctx) || ' '}`)
        break
      }
      default: out += escapeMarkdown(child.textContent)
    }
  })
  return out.trim()
}

/** The first heading of a headed container, or null. */
function headingOf(node: Node): Node | null {
  let found: Node | null = null
  node.forEach((child) => { if (!found && child.type.name === 'heading') found = child })
  return found
}

/** A heading line "## Part I — General provisions" at Markdown level `level` (2…6). */
function headingLine(level: number, marker: string, node: Node, ctx: Context): string {
  const heading = headingOf(node)
  const text = heading ? inlines(heading, ctx) : ''
  const line = [escapeMarkdown(marker), text].filter((t) => t !== '').join(' — ')
  return line ? `${'#'.repeat(Math.min(6, level))} ${line}` : ''
}

/** The blocks of `node` (its first heading left out when `headed`), as Markdown blocks. */
function children(node: Node, start: number, level: number, headed: boolean, ctx: Context): string[] {
  const out: string[] = []
  let headingSeen = !headed
  node.forEach((child, offset) => {
    if (!headingSeen && child.type.name === 'heading') { headingSeen = true; return }
    out.push(...block(child, start + offset, level, ctx))
  })
  return out
}

/** One block node (and everything in it) as Markdown blocks; `level` is the heading level of a division here. */
function block(node: Node, pos: number, level: number, ctx: Context): string[] {
  const label = ctx.numbering.byPos.get(pos)
  switch (node.type.name) {
    case 'title':
      return []
    case 'preamble':
      return children(node, pos + 1, level, false, ctx)
    case 'recital': case 'prose': {
      const text = inlines(node, ctx)
      return text ? [plainLine(text)] : []
    }
    case 'part': case 'chapter': case 'section': case 'annex': case 'article': case 'final_provisions': {
      const line = headingLine(level, label?.marker ?? '', node, ctx)
      return [...(line ? [line] : []), ...children(node, pos + 1, level + 1, true, ctx)]
    }
    case 'heading': {
      const text = inlines(node, ctx)
      return text ? [`${'#'.repeat(Math.min(6, level))} ${text}`] : []
    }
    case 'paragraph': {
      const text = inlines(node, ctx)
      const marker = label?.marker ?? ''
      if (!marker) return text ? [plainLine(text)] : []
      return [plainLine(`${escapeMarkdown(marker)} ${text}`.trim())]
    }
    case 'conclusion':
      return children(node, pos + 1, level, false, ctx)
    case 'signature': {
      const lines: string[] = []
      node.forEach((line) => { const text = inlines(line, ctx); if (text) lines.push(plainLine(text)) })
      return lines.length ? [lines.join('\\\n')] : []
    }
    case 'drafting_note':
      return ctx.clean ? [] : [`> **Drafting note:** ${inlines(node, ctx)}`]
    default:
      return node.isTextblock ? [plainLine(inlines(node, ctx))] : children(node, pos + 1, level, false, ctx)
  }
}

/**
 * The treaty `doc` as Markdown: the title as the one `#` heading, then preamble, divisions,
 * articles with their paragraphs and sub-paragraphs (numbered as in the editor), final
 * provisions, conclusion and signature blocks, annexes. Parameters show their values, or
 * `[name]` when unfilled; drafting notes only when `options.clean` is false.
 */
export function treatyToMarkdown(doc: Node, params: Record<string, string>, options: MarkdownExportOptions): string {
  const ctx: Context = {
    ...treatyWalk(doc, params, options),
    footnotes: footnoteCounter(doc, { skipNotes: options.clean }), notes: [],
  }
  let title = ''
  doc.forEach((child) => { if (!title && child.type.name === 'title') title = inlines(child, ctx) })
  const at = options.exportedAt ?? new Date()
  const when = writtenDate({ year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() })
  const blocks = [
    `# ${title || escapeMarkdown(options.title.trim() || 'Untitled treaty')}`,
    `*${options.clean ? 'Clean draft' : 'Working draft, with drafting notes'} · exported ${escapeMarkdown(when)}*`,
  ]
  doc.forEach((child, offset) => { blocks.push(...block(child, offset, 2, ctx)) })
  // footnotes as Markdown footnotes (GitHub, Pandoc): each "[^n]" in the text, its text here
  blocks.push(...ctx.notes)
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`
}
