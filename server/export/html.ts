// Standalone HTML export: the treaty as one self-contained, print-friendly HTML5 file, numbered by the numbering module.
//
// Content arrives through Yjs from any member and is untrusted. So: every text and attribute
// value goes through `escapeHtml`; ids written into `id=` and `href="#…"` go through `safeId`,
// whose output is [A-Za-z0-9_-] only; tag names, attribute names, classes and styles are all
// literals of this module. Nothing from the document can become markup, a URL scheme, a style
// or a script. The file also carries its own Content-Security-Policy, so it stays inert when
// opened from disk, where no response header protects it.
import { shownParameter, treatyWalk, type TreatyWalk } from './treaty-walk.js'
import type { Mark, Node } from 'prosemirror-model'
import { ID_TYPES, type Label, type Numbering } from '../../editor/model/index.js'
import { BROKEN_XREF_TEXT, brokenXrefTitle, footnoteCounter, nestUnits, type UnitTree } from '../../editor/model/numbering.js'
import { clampLevel } from '../../editor/model/schema.js'
import { writtenDate } from '../../editor/model/clauses/values.js'
import type { CitationStyle } from '../../editor/model/citation.js'
import { HTML_COMMENTS_CSS, HTML_EXPORT_CSS } from './html-style.js'
import { placeComments, type CommentPlacement, type ExportThread } from './html-comments.js'

/** Options of an HTML export. */
export interface HtmlExportOptions {
  /** The document's title (its list entry), used for `<title>` when the treaty's own title is empty. */
  title: string
  /** True: a clean export, without drafting notes. False: drafting notes are included, marked as such. */
  clean: boolean
  /** When the export was made (shown in the file's header); default now. */
  exportedAt?: Date
  /**
   * A working copy with comments: these threads (html-comments.ts `exportThreads`) are drawn after
   * the text they are on, and those on deleted text at the end; `name` gives authors' display names.
   */
  comments?: { threads: readonly ExportThread[]; name: (userId: string) => string }
  /** Labels of the document's parameters by name (from the clauses they come from): unfilled ones read as "[label]". */
  labels?: ReadonlyMap<string, string>
  /** How cross-references read (the document's setting); default the compact style. */
  citationStyle?: CitationStyle
}

/** The policy the exported file declares for itself, and the server sends with it: no script, no fetches, only its inline style. */
export const HTML_EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPING = /[&<>"'`\r\u0000-\u0008\u000b-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' }

/**
 * The one escaping function of the exporter: `value` as text that is safe both between tags and
 * inside a double-quoted attribute value. Line ends become newlines; other control characters and lone
 * surrogates, which HTML forbids, become U+FFFD.
 */
export function escapeHtml(value: unknown): string {
  const text = String(value)
  // most text needs nothing: one scan instead of three replacements
  if (!NEEDS_ESCAPING.test(text)) return text
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"'`]/g, (c) => ENTITIES[c]!)
}

/**
 * A stable id as it may appear in `id="…"` and `href="#…"`: letters, digits and hyphens are
 * kept, every other character becomes `_<hex code point>_`. Distinct ids stay distinct (the
 * mapping can be undone), ordinary ids ("art-purpose") are unchanged, and the result can never
 * close the attribute, start a URL scheme or hold a space.
 */
export function safeId(id: string): string {
  if (/^[A-Za-z0-9-]*$/.test(id)) return id
  let out = ''
  for (const ch of id) out += /[A-Za-z0-9-]/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}_`
  return out
}

/** Tag and attribute text of an element with literal `tag` and `classes`, and an optional escaped id. */
const open = (tag: string, classes: string, id?: string | null) =>
  `<${tag} class="${classes}"${id ? ` id="${safeId(id)}"` : ''}>`

/** Everything the walk over one document needs. */
interface Context extends TreatyWalk {
  /** For each id that a cross-reference can reach, the position of the unit that gets `id=` (the one numbering names). */
  anchors: Map<string, number>
  /** Ids already written as `id=`, so none is written twice. */
  written: Set<string>
  /** Comment threads still to write, by text block (with comments only). */
  comments: CommentPlacement | null
  /** Numbers footnotes as they are met. */
  footnotes: ReturnType<typeof footnoteCounter>
  /** The footnotes' notes (`<li>`), written after the treaty. */
  notes: string[]
}

/** The comment threads on the text block at `pos`, once (empty without comments). */
function commentsAfter(pos: number, ctx: Context): string {
  const html = ctx.comments?.byBlock.get(pos)
  if (html === undefined) return ''
  ctx.comments!.byBlock.delete(pos)
  return html
}

/** The id to write on the node at `pos`, or null: each id once, on the unit cross-references resolve to. */
function idFor(node: Node, pos: number, ctx: Context): string | null {
  if (!ID_TYPES.has(node.type.name)) return null
  const id = typeof node.attrs.id === 'string' ? node.attrs.id : ''
  if (id === '' || ctx.written.has(id)) return null
  const anchor = ctx.anchors.get(id)
  if (anchor !== undefined && anchor !== pos) return null
  ctx.written.add(id)
  return id
}

/** Headings h2…h6 by nesting depth. */
const headingTag = (depth: number) => `h${Math.min(6, 2 + depth)}`

/** A division's, article's or annex's heading line: its number (if any), then the text of its first heading. */
function headingLine(node: Node, pos: number, depth: number, label: Label | undefined, kind: string, ctx: Context): string {
  let first: { node: Node; pos: number } | null = null
  node.forEach((child, offset) => { if (!first && child.type.name === 'heading') first = { node: child, pos: pos + 1 + offset } })
  const found = first as { node: Node; pos: number } | null
  const text = found && found.node.content.size > 0 ? `<span class="heading-text">${inlines(found.node, ctx)}</span>` : ''
  const num = label?.marker ? `<span class="num">${escapeHtml(label.marker)}</span>` : ''
  if (!num && !text) return ''
  const tag = headingTag(depth)
  return `<${tag} class="heading ${kind}-heading">${num}${text}</${tag}>${found ? commentsAfter(found.pos, ctx) : ''}`
}

/**
 * How the children of one container are laid out: its paragraph blocks nested into units (see
 * `nestUnits`), each tree drawn where its first block stands, and the other blocks (a drafting
 * note, say) that stand between two blocks of one unit drawn inside it, before the block after them.
 */
interface Layout {
  /** Each unit tree of the container, by the position of its first block. */
  roots: Map<number, UnitTree>
  /** Blocks to draw inside a unit, by the position of the paragraph block they precede. */
  before: Map<number, Array<{ node: Node; pos: number }>>
  /** Positions of the blocks in `before`, which the container itself leaves out. */
  inside: Set<number>
}

/** Position of the first block of `tree` (an implied unit has none of its own). */
function firstPos(tree: UnitTree): number {
  if (tree.node) return tree.pos
  const first = tree.children[0]
  return first ? firstPos(first) : tree.after[0]?.pos ?? -1
}

/** The layout of `container`'s children; `start` is the position of its content. */
function layout(container: Node, start: number): Layout {
  const roots = new Map<number, UnitTree>()
  for (const tree of nestUnits(container, start)) roots.set(firstPos(tree), tree)
  const before = new Map<number, Array<{ node: Node; pos: number }>>()
  const inside = new Set<number>()
  let pending: Array<{ node: Node; pos: number }> = []
  let inUnit = false
  container.forEach((child, offset) => {
    const pos = start + offset
    if (child.type.name !== 'paragraph') { if (inUnit) pending.push({ node: child, pos }); return }
    // blocks between the previous paragraph block and this one go inside the unit, unless this one starts a new unit tree
    if (pending.length && !roots.has(pos)) {
      before.set(pos, pending)
      for (const p of pending) inside.add(p.pos)
    }
    pending = []
    inUnit = true
  })
  return { roots, before, inside }
}

/** The children of a headed container, its first heading left out (the heading line shows it). */
function headedChildren(node: Node, pos: number, depth: number, ctx: Context): string {
  const plan = layout(node, pos + 1)
  let out = ''
  let headingSeen = false
  node.forEach((child, offset) => {
    const at = pos + 1 + offset
    if (child.type.name === 'heading' && !headingSeen) { headingSeen = true; return }
    if (child.type.name === 'paragraph') {
      const tree = plan.roots.get(at)
      if (tree) out += unit(tree, depth, plan, ctx)
    } else if (!plan.inside.has(at)) out += block(child, at, depth, ctx)
  })
  return out
}

/** A `<p>` with an optional escaped id. */
const paragraphOpen = (id: string | null) => `<p${id ? ` id="${safeId(id)}"` : ''}>`

/** The class a unit of each level carries. */
const UNIT_KIND = ['paragraph', 'subparagraph', 'subsubparagraph']

/**
 * A numbered paragraph or sub-paragraph: its marker in a gutter beside its content (its own
 * text, the units nested under it and the text that closes their list, in document order).
 */
function unit(tree: UnitTree, depth: number, plan: Layout, ctx: Context): string {
  const kind = UNIT_KIND[tree.level] ?? 'paragraph'
  // blocks standing before a nested block, drawn once, by the outermost unit that holds both
  const before = (pos: number) => {
    const blocks = plan.before.get(pos) ?? []
    plan.before.delete(pos)
    return blocks.map((b) => block(b.node, b.pos, depth, ctx)).join('')
  }
  let body = ''
  let marker = ''
  let id: string | null = null
  if (tree.node) {
    marker = ctx.numbering.byPos.get(tree.pos)?.marker ?? ''
    id = idFor(tree.node, tree.pos, ctx)
    body += `<p>${inlines(tree.node, ctx)}</p>${commentsAfter(tree.pos, ctx)}`
  }
  const parts = [
    ...tree.children.map((child) => ({ pos: firstPos(child), html: () => unit(child, depth, plan, ctx) })),
    // text closing the list: a cross-reference to it resolves to this unit, so it keeps its own id to link to
    ...tree.after.map((a) => ({ pos: a.pos, html: () => `${paragraphOpen(idFor(a.node, a.pos, ctx))}${inlines(a.node, ctx)}</p>${commentsAfter(a.pos, ctx)}` })),
  ].sort((a, b) => a.pos - b.pos)
  for (const part of parts) body += before(part.pos) + part.html()
  const num = marker ? `<span class="num">${escapeHtml(marker)}</span>` : ''
  return `${open('div', `unit ${kind}${marker ? '' : ' unnumbered'}`, id)}${num}<div class="unit-body">${body}</div></div>`
}

/** Renders one block node (and everything in it). */
function block(node: Node, pos: number, depth: number, ctx: Context): string {
  const name = node.type.name
  const children = (d = depth) => {
    let out = ''
    node.forEach((child, offset) => { out += block(child, pos + 1 + offset, d, ctx) })
    return out
  }
  switch (name) {
    case 'title':
      return `<h1 class="treaty-title">${inlines(node, ctx)}</h1>${commentsAfter(pos, ctx)}`
    case 'preamble':
      return `<section class="preamble">${children()}</section>`
    case 'recital':
      return `<p class="recital">${inlines(node, ctx)}</p>${commentsAfter(pos, ctx)}`
    case 'part': case 'chapter': case 'section': case 'annex': {
      const label = ctx.numbering.byPos.get(pos)
      const id = idFor(node, pos, ctx)
      return `${open('section', `division ${name}`, id)}${headingLine(node, pos, depth, label, name, ctx)}${headedChildren(node, pos, depth + 1, ctx)}</section>`
    }
    case 'final_provisions': {
      const id = idFor(node, pos, ctx)
      return `${open('section', 'division final-provisions', id)}${headingLine(node, pos, depth, undefined, 'final-provisions', ctx)}${headedChildren(node, pos, depth + 1, ctx)}</section>`
    }
    case 'article': {
      const label = ctx.numbering.byPos.get(pos)
      const id = idFor(node, pos, ctx)
      return `${open('article', 'article', id)}${headingLine(node, pos, depth, label, 'article', ctx)}${headedChildren(node, pos, depth + 1, ctx)}</article>`
    }
    case 'heading': {
      // a heading that is not its container's first (the first is part of the heading line)
      const tag = headingTag(depth + 1)
      return `<${tag} class="heading">${inlines(node, ctx)}</${tag}>${commentsAfter(pos, ctx)}`
    }
    case 'paragraph':
      // paragraphs are drawn by their container (headedChildren); one anywhere else stands alone
      return unit({ node, pos, level: clampLevel(node.attrs.level), children: [], after: [] }, depth, { roots: new Map(), before: new Map(), inside: new Set() }, ctx)
    case 'prose':
      return `<p>${inlines(node, ctx)}</p>${commentsAfter(pos, ctx)}`
    case 'conclusion':
      return `<section class="conclusion">${children()}</section>`
    case 'signature':
      return `${open('div', 'signature', idFor(node, pos, ctx))}${children()}</div>`
    case 'drafting_note':
      return ctx.clean ? '' : `<aside class="drafting-note"><span class="note-label">Drafting note</span> ${inlines(node, ctx)}</aside>${commentsAfter(pos, ctx)}`
    default:
      // every node type of the schema is handled above; one added later still shows its text
      return node.isTextblock ? `<p>${inlines(node, ctx)}</p>${commentsAfter(pos, ctx)}` : `<div>${children()}</div>`
  }
}

/** Renders the inline content of a text block. */
function inlines(node: Node, ctx: Context): string {
  let out = ''
  node.forEach((child) => { out += inline(child, ctx) })
  return out
}

/** The order marks nest in, outermost first (fixed, so equal text renders equally). */
const MARK_ORDER = ['term', 'strong', 'em', 'underline']

function inline(node: Node, ctx: Context): string {
  switch (node.type.name) {
    case 'text':
      return withMarks(escapeHtml(node.text ?? ''), node.marks)
    case 'parameter': {
      const name = typeof node.attrs.name === 'string' ? node.attrs.name : ''
      const shown = shownParameter(ctx, name)
      return `<span class="parameter${shown.filled ? '' : ' parameter-blank'}" data-parameter="${escapeHtml(name)}">${escapeHtml(shown.text)}</span>`
    }
    case 'xref': {
      const target = typeof node.attrs.target === 'string' ? node.attrs.target : ''
      const text = ctx.citations.of(node)
      if (text) return `<a class="xref" href="#${safeId(target)}">${escapeHtml(text)}</a>`
      return `<span class="xref xref-broken" title="${escapeHtml(brokenXrefTitle(target))}">${escapeHtml(BROKEN_XREF_TEXT)}</span>`
    }
    case 'hard_break':
      return '<br>'
    case 'footnote': {
      // the number links to its note at the end, and the note back to the number
      const n = ctx.footnotes.next(node)
      ctx.notes.push(`<li id="fn-${n}" value="${n}">${inlines(node, ctx)} <a class="footnote-back" href="#fnref-${n}" aria-label="Back to the text">↩</a></li>`)
      return `<sup class="footnote-ref"><a id="fnref-${n}" href="#fn-${n}">${n}</a></sup>`
    }
    default:
      return escapeHtml(node.textContent)
  }
}

function withMarks(html: string, marks: readonly Mark[]): string {
  const sorted = [...marks].sort((a, b) => MARK_ORDER.indexOf(b.type.name) - MARK_ORDER.indexOf(a.type.name))
  let out = html
  for (const mark of sorted) {
    switch (mark.type.name) {
      case 'strong': out = `<strong>${out}</strong>`; break
      case 'em': out = `<em>${out}</em>`; break
      case 'underline': out = `<u>${out}</u>`; break
      case 'term': {
        const key = escapeHtml(typeof mark.attrs.key === 'string' ? mark.attrs.key : '')
        out = mark.attrs.defining === true ? `<dfn class="term term-defining" data-term="${key}">${out}</dfn>` : `<span class="term" data-term="${key}">${out}</span>`
        break
      }
    }
  }
  return out
}

/** For each id numbering resolves, the position of the unit it resolves to. */
function anchorsOf(numbering: Numbering): Map<string, number> {
  const anchors = new Map<string, number>()
  for (const [pos, label] of numbering.byPos) {
    if (label.id && numbering.byId.get(label.id) === label) anchors.set(label.id, pos)
  }
  return anchors
}

/**
 * The treaty `doc` as a complete standalone HTML5 document: title, preamble, divisions, articles,
 * paragraphs and sub-paragraphs with their computed numbers, final provisions, conclusion and
 * signature blocks, annexes; marks and defined terms; parameters with their values from `params`
 * (a visible `[name]` blank when unfilled); cross-references as links to the unit's `id`, showing
 * its current number, or marked broken; drafting notes only when `options.clean` is false.
 */
export function treatyToHtml(doc: Node, params: Record<string, string>, options: HtmlExportOptions): string {
  const walk = treatyWalk(doc, params, options)
  const comments = options.comments ? placeComments(doc, options.comments.threads, options.comments.name, escapeHtml) : null
  const ctx: Context = {
    ...walk, anchors: anchorsOf(walk.numbering), written: new Set(), comments,
    footnotes: footnoteCounter(doc, { skipNotes: options.clean }), notes: [],
  }
  let body = ''
  doc.forEach((child, offset) => { body += block(child, offset, 0, ctx) + '\n' })
  if (ctx.notes.length) body += `<section class="footnotes" aria-label="Footnotes"><ol>${ctx.notes.join('')}</ol></section>\n`
  if (comments) {
    // threads on deleted text, and any whose block was not drawn (a drafting note in a clean copy)
    const rest = [...comments.byBlock.values(), ...comments.elsewhere]
    if (rest.length) body += `<section class="comments-elsewhere"><h2 class="heading">Other comments</h2>${rest.join('')}</section>\n`
  }

  let treatyTitle = ''
  doc.forEach((child) => { if (!treatyTitle && child.type.name === 'title') treatyTitle = child.textContent.trim() })
  const title = treatyTitle || options.title.trim() || 'Untitled treaty'
  const at = options.exportedAt ?? new Date()
  const when = writtenDate({ year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() })
  const kind = `${options.clean ? 'Clean draft' : 'Draft with drafting notes'}${options.comments ? `${options.clean ? ' with' : ' and'} comments (${options.comments.threads.length})` : ''}`

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(HTML_EXPORT_CSP)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Pacta">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${HTML_EXPORT_CSS}${options.comments ? HTML_COMMENTS_CSS : ''}</style>`,
    '</head>',
    `<body class="${options.clean ? 'clean' : 'with-notes'}${options.comments ? ' with-comments' : ''}">`,
    `<header class="export-meta"><span class="export-kind">${escapeHtml(kind)}</span> · <span class="export-date">exported ${escapeHtml(when)}</span></header>`,
    `<main class="treaty">\n${body}</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
