// Akoma Ntoso 3.0 export: the treaty as an OASIS LegalDocML document, `<bill name="treaty">` while
// it is negotiated, valid against akomantoso30.xsd. Built with an XML library (every name, attribute
// and text escaped by it; characters XML forbids replaced), numbered by the numbering module: eIds
// follow the AKN naming convention (`art_3__para_2__point_a`), cross-references are `<ref href>` to
// those eIds, defined terms `<def>`/`<term>`, unfilled parameters `<placeholder>`, and library
// provenance goes into `<proprietary>`.
import { shownParameter, treatyWalk, type TreatyWalk } from './treaty-walk.js'
import type { Mark, Node } from 'prosemirror-model'
import { create } from 'xmlbuilder2'
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js'
import { readProvenance } from '../../editor/model/clauses/provenance.js'
import { BROKEN_XREF_TEXT, footnoteCounter, nestUnits, unitOrdinal, type Numbering, type UnitTree } from '../../editor/model/numbering.js'
import type { CitationStyle } from '../../editor/model/citation.js'

/** The Akoma Ntoso 3.0 namespace. */
export const AKN_NS = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0'
/** The namespace of Pacta's own metadata inside `<proprietary>`. */
export const PACTA_NS = 'urn:x-pacta:akn:1'

/** Options of an Akoma Ntoso export. */
export interface AknExportOptions {
  /** The document's id, the work's number in its FRBR URIs. */
  documentId: string
  /** The document's title (its list entry), used when the treaty's own title is empty. */
  title: string
  /** True: no drafting notes. False: drafting notes as `hcontainer name="draftingNote"`. */
  clean: boolean
  /** When the document was created (the work's date); default `exportedAt`. */
  createdAt?: Date
  /** When the export was made (the expression's and manifestation's date); default now. */
  exportedAt?: Date
  /** FRBRcountry: where the work belongs; default "int" (an international instrument). */
  country?: string
  /** FRBRlanguage, ISO 639-2; default "eng". */
  language?: string
  /** How cross-references read (the document's setting); default the compact style. */
  citationStyle?: CitationStyle
  /** Labels of the document's parameters by name (from the clauses they come from): unfilled ones read as "[label]". */
  labels?: ReadonlyMap<string, string>
}

/** Component names of the AKN naming convention, by unit level: paragraph, then points. */
const UNIT_ELEMENT = ['paragraph', 'point', 'point'] as const
const UNIT_COMPONENT = ['para', 'point', 'point'] as const

const isoDate = (d: Date) => d.toISOString().slice(0, 10)
/** A value usable in an eId: no whitespace, only letters, digits and - . _ (others become -). */
const eIdPart = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'x'

interface Context extends TreatyWalk {
  /** eId of each unit by its position. */
  eIds: Map<number, string>
  /** eId each stable id resolves to (the unit numbering names). */
  targets: Map<string, string>
  /** eId of each defined term key. */
  terms: Map<string, string>
  /** Counter of drafting notes, for their eIds. */
  notes: number
  /** Counter of headings between a container's children, for their eIds. */
  crossHeadings: number
  /** The headings between the children of the article or annex being written, not yet written, by position. */
  pending: Array<{ pos: number; node: Node }>
  /** Numbers footnotes as they are met. */
  footnotes: ReturnType<typeof footnoteCounter>
}

// ---- eIds ----------------------------------------------------------------------------------

/** Assigns eIds to every numbered unit of `doc` and maps stable ids to them. */
function assignEIds(doc: Node, numbering: Numbering): { eIds: Map<number, string>; targets: Map<string, string> } {
  const eIds = new Map<number, string>()
  const targets = new Map<string, string>()
  const name = (node: Node | null, pos: number, eId: string) => {
    eIds.set(pos, eId)
    const id = node ? String(node.attrs.id ?? '') : ''
    if (id && !targets.has(id)) targets.set(id, eId)
  }
  const units = (trees: UnitTree[], prefix: string) => {
    trees.forEach((tree, i) => {
      const eId = unitEId(prefix, tree.level, i)
      if (tree.node) name(tree.node, tree.pos, eId)
      // text closing a list is cited as the unit it closes
      for (const a of tree.after) { const id = String(a.node.attrs.id ?? ''); if (id && !targets.has(id)) targets.set(id, eId) }
      units(tree.children, `${eId}__`)
    })
  }
  const article = (node: Node, pos: number, prefix: string) => {
    const label = numbering.byPos.get(pos)
    const eId = `${prefix}art_${label?.ordinal ?? 0}`
    name(node, pos, eId)
    units(nestUnits(node, pos + 1), `${eId}__`)
  }
  const walk = (container: Node, start: number, prefix: string) => {
    container.forEach((child, offset) => {
      const pos = start + offset
      const label = numbering.byPos.get(pos)
      switch (child.type.name) {
        // parts, chapters and articles are numbered through the whole body: their eIds need no prefix;
        // sections are numbered within their part or chapter, so theirs carry its eId
        case 'part': { const eId = `part_${label?.marker.split(' ')[1] ?? ''}`; name(child, pos, eId); walk(child, pos + 1, `${eId}__`); break }
        case 'chapter': { const eId = `chp_${label?.marker.split(' ')[1] ?? ''}`; name(child, pos, eId); walk(child, pos + 1, `${eId}__`); break }
        case 'section': { const eId = `${prefix}sec_${label?.ordinal ?? 0}`; name(child, pos, eId); walk(child, pos + 1, prefix); break }
        case 'final_provisions': name(child, pos, 'hcontainer_finalProvisions'); walk(child, pos + 1, ''); break
        case 'article': article(child, pos, ''); break
      }
    })
  }
  walk(doc, 0, '')
  let annexes = 0
  doc.forEach((child, offset) => {
    if (child.type.name !== 'annex') return
    const prefix = `att_${++annexes}__`
    name(child, offset, `att_${annexes}`)
    child.forEach((inner, off2) => { if (inner.type.name === 'article') article(inner, offset + 1 + off2, prefix) })
    units(nestUnits(child, offset + 1), prefix)
  })
  return { eIds, targets }
}

/** The eId of the `index`th unit (0-based) of level `level` under the element with eId prefix `prefix`. */
const unitEId = (prefix: string, level: number, index: number) => `${prefix}${UNIT_COMPONENT[level]}_${unitOrdinal(level, index + 1)}`

// ---- inline content ------------------------------------------------------------------------

const MARK_ELEMENT: Record<string, string> = { strong: 'b', em: 'i', underline: 'u' }
/** The order marks nest in, outermost first (fixed, so equal text is written alike). */
const MARK_ORDER = ['term', 'strong', 'em', 'underline']

/** Writes the inline content of text block `node` into `el`. */
function inlines(el: XMLBuilder, node: Node, ctx: Context): void {
  node.forEach((child) => inline(el, child, ctx))
}

function inline(el: XMLBuilder, node: Node, ctx: Context): void {
  switch (node.type.name) {
    case 'text': {
      let at = el
      const marks = [...node.marks].sort((a, b) => MARK_ORDER.indexOf(a.type.name) - MARK_ORDER.indexOf(b.type.name))
      for (const mark of marks) at = markElement(at, mark, ctx)
      at.txt(node.text ?? '')
      return
    }
    case 'parameter': {
      const name = String(node.attrs.name ?? '')
      const shown = shownParameter(ctx, name)
      if (shown.filled) el.ele('inline', { name: 'parameter', class: `parameter-${eIdPart(name)}` }).txt(shown.text)
      else el.ele('placeholder', { originalText: name }).txt(shown.text)
      return
    }
    case 'xref': {
      const target = String(node.attrs.target ?? '')
      const text = ctx.citations.of(node)
      const eId = target ? ctx.targets.get(target) : undefined
      if (text && eId) el.ele('ref', { href: `#${eId}` }).txt(text)
      else el.ele('inline', { name: 'brokenReference' }).txt(BROKEN_XREF_TEXT)
      return
    }
    case 'hard_break':
      el.ele('br')
      return
    case 'footnote': {
      // an authorial note where its marker stands, printed at the foot of the page
      const n = ctx.footnotes.next(node)
      inlines(el.ele('authorialNote', { marker: String(n), placement: 'bottom', eId: `authorialNote_${n}` }).ele('p'), node, ctx)
      return
    }
    default:
      el.txt(node.textContent)
  }
}

function markElement(el: XMLBuilder, mark: Mark, ctx: Context): XMLBuilder {
  if (mark.type.name !== 'term') return el.ele(MARK_ELEMENT[mark.type.name] ?? 'span')
  const eId = ctx.terms.get(String(mark.attrs.key ?? ''))!
  return mark.attrs.defining === true ? el.ele('def', { refersTo: `#${eId}` }) : el.ele('term', { refersTo: `#${eId}` })
}

/** A `<p>` holding the inline content of `node` (empty for none). */
const paragraph = (el: XMLBuilder, node: Node | null, ctx: Context) => {
  const p = el.ele('p')
  if (node) inlines(p, node, ctx)
}

// ---- blocks --------------------------------------------------------------------------------

/**
 * The index of the first child of `node` after its opening headings: the headings before any other
 * child it writes (a drafting note a clean export leaves out does not end them). Those headings are
 * the container's `<heading>` and `<subheading>`s; later ones stand between its children.
 */
function headingsEnd(node: Node, ctx: Context): number {
  let i = 0
  for (; i < node.childCount; i++) {
    const name = node.child(i).type.name
    if (name !== 'heading' && !(name === 'drafting_note' && ctx.clean)) break
  }
  return i
}

/** The opening headings of `node` (see `headingsEnd`). */
function openingHeadings(node: Node, ctx: Context): Node[] {
  const end = headingsEnd(node, ctx)
  const out: Node[] = []
  node.forEach((child, _offset, index) => { if (index < end && child.type.name === 'heading') out.push(child) })
  return out
}

/**
 * A heading that stands between the children of a hierarchy element (a subsection's title between
 * a section's articles): `<crossHeading>`, or where only hierarchy elements may stand (an annex's
 * main body) an `<hcontainer name="crossHeading">` holding it as its heading.
 */
function crossHeading(el: XMLBuilder, node: Node, prefix: string, ctx: Context, wrapped: boolean): void {
  const eId = `${prefix}crossHeading_${++ctx.crossHeadings}`
  if (wrapped) inlines(el.ele('hcontainer', { eId, name: 'crossHeading' }).ele('heading'), node, ctx)
  else inlines(el.ele('crossHeading', { eId }), node, ctx)
}

/** A drafting note (working mode) as a hierarchy element. */
function note(el: XMLBuilder, node: Node, ctx: Context): boolean {
  if (ctx.clean) return false
  inlines(el.ele('hcontainer', { eId: `hcontainer_draftingNote_${++ctx.notes}`, name: 'draftingNote' }).ele('content').ele('p'), node, ctx)
  return true
}

/** One unit (paragraph or point) with its nested units and the text closing their list. */
function unit(el: XMLBuilder, tree: UnitTree, eId: string, ctx: Context): void {
  const u = el.ele(UNIT_ELEMENT[tree.level] ?? 'point', { eId })
  const marker = tree.node ? ctx.numbering.byPos.get(tree.pos)?.marker ?? '' : ''
  if (marker) u.ele('num').txt(marker)
  if (tree.children.length === 0) {
    const content = u.ele('content')
    paragraph(content, tree.node, ctx)
    for (const a of tree.after) paragraph(content, a.node, ctx)
    return
  }
  if (tree.node) paragraph(u.ele('intro'), tree.node, ctx)
  // text closing the list that stands between its units (before the last) is an unnumbered unit there
  const last = firstPos(tree.children[tree.children.length - 1]!)
  const between = tree.after.filter((a) => a.pos < last)
  let continued = 0
  // headings standing among the units go where they stand
  const headingsBefore = (pos: number) => {
    while (ctx.pending[0] && ctx.pending[0].pos < pos) crossHeading(u, ctx.pending.shift()!.node, `${eId}__`, ctx, false)
  }
  tree.children.forEach((child, i) => {
    while (between[0] && between[0].pos < firstPos(child)) {
      const { node, pos } = between.shift()!
      headingsBefore(pos)
      paragraph(u.ele(UNIT_ELEMENT[child.level] ?? 'point', { eId: `${eId}__cont_${++continued}` }).ele('content'), node, ctx)
    }
    headingsBefore(firstPos(child))
    unit(u, child, unitEId(`${eId}__`, child.level, i), ctx)
  })
  const wrapUp = tree.after.filter((a) => a.pos > last)
  if (wrapUp.length) {
    const wrap = u.ele('wrapUp')
    for (const a of wrapUp) paragraph(wrap, a.node, ctx)
  }
}

/** Position of the first block of `tree`. */
function firstPos(tree: UnitTree): number {
  if (tree.node) return tree.pos
  const first = tree.children[0]
  return first ? firstPos(first) : tree.after[0]?.pos ?? -1
}

/**
 * The units, notes, headings after the opening ones and (in an annex) articles of an article or
 * annex, in document order; false when it wrote nothing.
 */
function unitsAndNotes(el: XMLBuilder, container: Node, pos: number, prefix: string, ctx: Context, from: number, annex = false): boolean {
  const pending: Context['pending'] = []
  container.forEach((child, offset, index) => { if (child.type.name === 'heading' && index >= from) pending.push({ pos: pos + 1 + offset, node: child }) })
  const crossAt = pending.map((h) => h.pos)
  // an annex's articles have headings of their own: each container's list is put back after them
  const outer = ctx.pending
  const roots = new Map<number, { tree: UnitTree; eId: string }>()
  nestUnits(container, pos + 1).forEach((tree, index) => {
    const eId = unitEId(prefix, tree.level, index)
    roots.set(firstPos(tree), { tree, eId })
    continuedAfterHeadings(tree, eId, crossAt, roots)
  })
  let wrote = false
  container.forEach((child, offset) => {
    ctx.pending = pending
    const at = pos + 1 + offset
    const root = roots.get(at)
    if (root) { unit(el, root.tree, root.eId, ctx); wrote = true } else if (child.type.name === 'drafting_note') wrote = note(el, child, ctx) || wrote
    else if (child.type.name === 'heading' && pending[0]?.pos === at) { pending.shift(); crossHeading(el, child, prefix, ctx, annex); wrote = true } else if (annex && child.type.name === 'article') { article(el, child, at, ctx); wrote = true }
  })
  ctx.pending = outer
  return wrote
}

/**
 * Text closing the list of `tree` (or of a unit in it) that stands after a heading between the
 * container's children is taken out of the unit and added to `roots` as a unit without a number of
 * its own (`<eId>__cont_<n>`), so it is written after that heading, where the treaty has it.
 */
function continuedAfterHeadings(tree: UnitTree, eId: string, crossAt: number[], roots: Map<number, { tree: UnitTree; eId: string }>): void {
  let n = 0
  /** The last position of `t`'s own block and of the units under it. */
  const reach = (t: UnitTree): number => Math.max(t.pos, ...t.children.map((c) => Math.max(reach(c), ...c.after.map((a) => a.pos))))
  const visit = (t: UnitTree) => {
    t.children.forEach(visit)
    const cut = crossAt.find((h) => h > reach(t))
    if (cut === undefined) return
    const moved = t.after.filter((a) => a.pos > cut)
    t.after = t.after.filter((a) => a.pos < cut)
    for (const a of moved) roots.set(a.pos, { tree: { node: a.node, pos: a.pos, level: 0, children: [], after: [] }, eId: `${eId}__cont_${++n}` })
  }
  visit(tree)
}

/**
 * `<num>`, `<heading>` and `<subheading>`s of a numbered container: its opening headings, the first
 * as its heading (left out when empty, unless subheadings follow), the others as subheadings.
 * Returns the index of the container's first child after them.
 */
function numAndHeadings(el: XMLBuilder, node: Node, marker: string, ctx: Context): number {
  if (marker) el.ele('num').txt(marker)
  const [heading, ...subheadings] = openingHeadings(node, ctx)
  if (heading && (heading.content.size > 0 || subheadings.length)) inlines(el.ele('heading'), heading, ctx)
  for (const sub of subheadings) inlines(el.ele('subheading'), sub, ctx)
  return headingsEnd(node, ctx)
}

/** An empty hierarchy element still needs content. */
const emptyContent = (el: XMLBuilder) => el.ele('content').ele('p')

function article(el: XMLBuilder, node: Node, pos: number, ctx: Context): void {
  const eId = ctx.eIds.get(pos)!
  const a = el.ele('article', { eId })
  const from = numAndHeadings(a, node, ctx.numbering.byPos.get(pos)?.marker ?? '', ctx)
  if (!unitsAndNotes(a, node, pos, `${eId}__`, ctx, from)) emptyContent(a)
}

/**
 * The divisions, articles, notes and headings after the opening ones (from child `from` on) of a
 * body container whose eId is `eId`; false when it wrote nothing.
 */
function bodyChildren(el: XMLBuilder, container: Node, start: number, ctx: Context, eId = '', from = 0): boolean {
  let wrote = false
  container.forEach((child, offset, index) => {
    const pos = start + offset
    switch (child.type.name) {
      case 'part': case 'chapter': case 'section': case 'final_provisions': {
        const element = child.type.name === 'final_provisions' ? 'hcontainer' : child.type.name
        const attrs: Record<string, string> = { eId: ctx.eIds.get(pos)! }
        if (element === 'hcontainer') attrs.name = 'finalProvisions'
        const d = el.ele(element, attrs)
        const opened = numAndHeadings(d, child, ctx.numbering.byPos.get(pos)?.marker ?? '', ctx)
        if (!bodyChildren(d, child, pos + 1, ctx, attrs.eId, opened)) emptyContent(d)
        wrote = true
        break
      }
      case 'article': article(el, child, pos, ctx); wrote = true; break
      case 'drafting_note': wrote = note(el, child, ctx) || wrote; break
      case 'heading': if (index >= from) { crossHeading(el, child, eId ? `${eId}__` : '', ctx, false); wrote = true } break
    }
  })
  return wrote
}

// ---- metadata ------------------------------------------------------------------------------

interface Frbr {
  work: string
  expression: string
  manifestation: string
  workDate: string
  date: string
  country: string
  language: string
}

function identification(meta: XMLBuilder, frbr: Frbr, component: string): void {
  const id = meta.ele('identification', { source: '#pacta' })
  const work = id.ele('FRBRWork')
  work.ele('FRBRthis', { value: `${frbr.work}/${component}` })
  work.ele('FRBRuri', { value: frbr.work })
  work.ele('FRBRdate', { date: frbr.workDate, name: 'created' })
  work.ele('FRBRauthor', { href: '#pacta' })
  work.ele('FRBRcountry', { value: frbr.country })
  work.ele('FRBRsubtype', { value: 'treaty' })
  work.ele('FRBRprescriptive', { value: 'true' })
  work.ele('FRBRauthoritative', { value: 'false' })
  const expression = id.ele('FRBRExpression')
  expression.ele('FRBRthis', { value: `${frbr.expression}/${component}` })
  expression.ele('FRBRuri', { value: frbr.expression })
  expression.ele('FRBRdate', { date: frbr.date, name: 'draft' })
  expression.ele('FRBRauthor', { href: '#pacta' })
  expression.ele('FRBRauthoritative', { value: 'false' })
  expression.ele('FRBRlanguage', { language: frbr.language })
  const manifestation = id.ele('FRBRManifestation')
  manifestation.ele('FRBRthis', { value: `${frbr.manifestation.replace(/\.xml$/, '')}/${component}.xml` })
  manifestation.ele('FRBRuri', { value: frbr.manifestation })
  manifestation.ele('FRBRdate', { date: frbr.date, name: 'exported' })
  manifestation.ele('FRBRauthor', { href: '#pacta' })
  manifestation.ele('FRBRformat', { value: 'application/akn+xml' })
}

/** `<references>`: Pacta as the source, and one TLCTerm per defined term. */
function references(meta: XMLBuilder, terms: Map<string, string>): void {
  const refs = meta.ele('references', { source: '#pacta' })
  refs.ele('TLCOrganization', { eId: 'pacta', href: '/ontology/organization/pacta', showAs: 'Pacta' })
  for (const [key, eId] of terms) refs.ele('TLCTerm', { eId, href: `/ontology/term/${encodeURIComponent(key)}`, showAs: key })
}

/** `<proprietary>`: the library clauses the text came from, with their versions, variants and parameter values. */
function proprietary(meta: XMLBuilder, doc: Node, ctx: Context, documentId: string, clean: boolean): void {
  const p = meta.ele('proprietary', { source: '#pacta' }).ele(PACTA_NS, 'pacta:document', { id: documentId, mode: clean ? 'clean' : 'working' })
  doc.descendants((node, pos) => {
    if (node.type.name !== 'article') return !node.isTextblock
    for (const record of readProvenance(node.attrs.clause)) {
      const c = p.ele(PACTA_NS, 'pacta:clause', {
        article: `#${ctx.eIds.get(pos) ?? ''}`, id: record.id, version: String(record.version), variant: record.variant,
        ...(record.article !== undefined ? { part: String(record.article) } : {}),
      })
      for (const [name, value] of Object.entries(record.parameters)) c.ele(PACTA_NS, 'pacta:parameter', { name, value: String(value) })
      for (const id of record.paragraphs ?? []) {
        const eId = ctx.targets.get(id)
        if (eId) c.ele(PACTA_NS, 'pacta:paragraph', { href: `#${eId}` })
      }
    }
    return false
  })
}

/** The defined-term keys of `doc`, each with a unique eId. */
function termIds(doc: Node): Map<string, string> {
  const terms = new Map<string, string>()
  const used = new Set<string>()
  doc.descendants((node) => {
    for (const mark of node.marks) {
      if (mark.type.name !== 'term') continue
      const key = String(mark.attrs.key ?? '')
      if (terms.has(key)) continue
      let eId = `term_${eIdPart(key)}`
      for (let n = 2; used.has(eId); n++) eId = `term_${eIdPart(key)}_${n}`
      used.add(eId)
      terms.set(key, eId)
    }
    return true
  })
  return terms
}

// ---- the document --------------------------------------------------------------------------

/**
 * The treaty `doc` as an Akoma Ntoso 3.0 `<bill name="treaty">`: FRBR identification, title in
 * the preface, recitals in the preamble, parts/chapters/sections/articles/paragraphs/points in the
 * body with their computed numbers and conventional eIds, final provisions as an `hcontainer`,
 * the conclusion with its signature blocks, and each annex as an attachment. Parameters show their
 * values (unfilled: `<placeholder>`); drafting notes only when `options.clean` is false.
 */
export function treatyToAkn(doc: Node, params: Record<string, string>, options: AknExportOptions): string {
  const walk = treatyWalk(doc, params, options)
  const { eIds, targets } = assignEIds(doc, walk.numbering)
  const ctx: Context = {
    ...walk, eIds, targets, terms: termIds(doc), notes: 0, crossHeadings: 0, pending: [],
    footnotes: footnoteCounter(doc, { skipNotes: options.clean }),
  }
  const exportedAt = options.exportedAt ?? new Date()
  const date = isoDate(exportedAt)
  const language = options.language ?? 'eng'
  const work = `/akn/${options.country ?? 'int'}/bill/treaty/${isoDate(options.createdAt ?? exportedAt)}/${eIdPart(options.documentId)}`
  const expression = `${work}/${language}@${date}`
  const frbr: Frbr = {
    work, expression, manifestation: `${expression}/main.xml`, workDate: isoDate(options.createdAt ?? exportedAt), date,
    country: options.country ?? 'int', language,
  }

  const xml = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\ufffd' })
  const bill = xml.ele(AKN_NS, 'akomaNtoso').ele('bill', { name: 'treaty' })
  const meta = bill.ele('meta')
  identification(meta, frbr, 'main')
  references(meta, ctx.terms)
  proprietary(meta, doc, ctx, options.documentId, options.clean)

  let titleNode: Node | null = null
  doc.forEach((child) => { if (!titleNode && child.type.name === 'title') titleNode = child })
  const title = bill.ele('preface').ele('longTitle').ele('p').ele('docTitle')
  if (titleNode && (titleNode as Node).content.size > 0) inlines(title, titleNode, ctx)
  else title.txt(options.title.trim() || 'Untitled treaty')

  doc.forEach((child) => { if (child.type.name === 'preamble' && writes(child, 'recital', ctx)) preamble(bill, child, ctx) })

  const body = bill.ele('body')
  if (!bodyChildren(body, doc, 0, ctx)) emptyContent(body.ele('hcontainer', { eId: 'hcontainer_empty', name: 'empty' }))

  doc.forEach((child) => { if (child.type.name === 'conclusion' && (writes(child, 'prose', ctx) || writes(child, 'signature', ctx))) conclusions(bill, child, ctx) })

  let attachments: XMLBuilder | null = null
  doc.forEach((child, offset) => {
    if (child.type.name !== 'annex') return
    attachments ??= bill.ele('attachments')
    annex(attachments, child, offset, ctx, frbr)
  })
  return xml.end({ prettyPrint: false }) + '\n'
}

function preamble(bill: XMLBuilder, node: Node, ctx: Context): void {
  const el = bill.ele('preamble')
  let recitals: XMLBuilder | null = null
  let groups = 0
  let count = 0
  node.forEach((child) => {
    if (child.type.name === 'recital') {
      recitals ??= el.ele('recitals', { eId: `recs_${++groups}` })
      paragraph(recitals.ele('recital', { eId: `recs_${groups}__rec_${++count}` }), child, ctx)
    } else if (child.type.name === 'drafting_note' && !ctx.clean) {
      recitals = null
      inlines(el.ele('container', { eId: `container_draftingNote_${++ctx.notes}`, name: 'draftingNote' }).ele('p'), child, ctx)
    }
  })
}

/** Whether `node` holds a child of type `type`, or a drafting note a working export writes. */
function writes(node: Node, type: string, ctx: Context): boolean {
  let found = false
  node.forEach((child) => { if (child.type.name === type || (!ctx.clean && child.type.name === 'drafting_note')) found = true })
  return found
}

function conclusions(bill: XMLBuilder, node: Node, ctx: Context): void {
  const el = bill.ele('conclusions')
  let signatures = 0
  node.forEach((child) => {
    if (child.type.name === 'prose') paragraph(el, child, ctx)
    else if (child.type.name === 'signature') {
      const block = el.ele('container', { eId: `container_signature_${++signatures}`, name: 'signature' })
      if (child.childCount === 0) block.ele('p')
      child.forEach((line) => paragraph(block, line, ctx))
    } else if (child.type.name === 'drafting_note' && !ctx.clean) {
      inlines(el.ele('container', { eId: `container_draftingNote_${++ctx.notes}`, name: 'draftingNote' }).ele('p'), child, ctx)
    }
  })
}

function annex(attachments: XMLBuilder, node: Node, pos: number, ctx: Context, frbr: Frbr): void {
  const eId = ctx.eIds.get(pos)!
  const n = eId.slice('att_'.length)
  const doc = attachments.ele('attachment', { eId }).ele('doc', { name: 'annex' })
  identification(doc.ele('meta'), frbr, `annex_${n}`)
  const label = ctx.numbering.byPos.get(pos)
  // the opening heading is the annex's title; any other stands between its articles and paragraphs
  const opened = headingsEnd(node, ctx)
  let first = -1
  node.forEach((child, _offset, index) => { if (first < 0 && index < opened && child.type.name === 'heading') first = index })
  const heading = first >= 0 ? node.child(first) : null
  const title = doc.ele('preface').ele('p', { class: 'title' })
  title.ele('docNumber').txt(label?.marker ?? `Annex ${n}`)
  if (heading && heading.content.size > 0) inlines(title.ele('docTitle'), heading, ctx)
  const main = doc.ele('mainBody')
  if (!unitsAndNotes(main, node, pos, `${eId}__`, ctx, first + 1, true)) main.ele('p')
}
