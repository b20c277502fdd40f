// Akoma Ntoso import: parts, chapters, sections and articles of the body; paragraphs, points,
// lists with their intro and wrap-up as numbered units; the preamble's recitals; the conclusions
// with their signature blocks; attachments as annexes. Pacta's own export (server/export/akn.ts)
// comes back whole: drafting notes, placeholders and parameter values, defined terms and
// cross-references to the units it numbered.
import type { Element, Node as XmlNode } from '@xmldom/xmldom'
import type { Mark, Node } from 'prosemirror-model'
import { Transform } from 'prosemirror-transform'
import { normalizeTreaty } from '../../editor/model/normalize.js'
import { MAX_LEVEL, schema } from '../../editor/model/schema.js'
import { ImportError } from './errors.js'
import { ReportBuilder } from './report.js'
import type { ImportedTreaty } from './structure.js'
import { unitBlocks, type UnitEntry } from './units.js'
import { child, childElements, descendants, local, parseXml, textOf } from './xml.js'

/** AKN hierarchy elements read as a unit of an article: numbered ones get numbers, others are text of their parent. */
const UNIT_ELEMENTS = new Set(['paragraph', 'subparagraph', 'point', 'indent', 'item', 'alinea', 'level', 'subsection', 'clause', 'subclause', 'list', 'blockList', 'sublist'])
/** Elements holding a unit's own text or the text around its list. */
const TEXT_ELEMENTS = new Set(['intro', 'content', 'p', 'listIntroduction', 'blockContainer', 'block', 'table', 'tblock', 'foreign'])
const WRAP_ELEMENTS = new Set(['wrapUp', 'listWrapUp', 'wrap'])
/** Division elements and the treaty division each becomes. */
const DIVISIONS: Record<string, 'part' | 'chapter' | 'section'> = {
  book: 'part', part: 'part', tome: 'part', title: 'part', chapter: 'chapter', subchapter: 'section', section: 'section', subtitle: 'section', subpart: 'section',
}
/** Elements of a preamble that are each one recital. */
const RECITAL_ELEMENTS = ['recital', 'citation', 'p', 'formula']
/** Which divisions each container may hold. */
const HOLDS: Record<string, ReadonlySet<string>> = {
  doc: new Set(['part', 'chapter', 'section', 'final_provisions']), part: new Set(['chapter', 'section']), chapter: new Set(['section']),
  section: new Set(), final_provisions: new Set(), annex: new Set(),
}

/** A heading standing between a container's children: `<crossHeading>`, or Pacta's wrapper of one where AKN allows none. */
const isCrossHeading = (el: Element) => local(el) === 'crossHeading' || (local(el) === 'hcontainer' && el.getAttribute('name') === 'crossHeading')

/** An id for the unit an eId names, so references to it survive the import. */
const idOf = (eId: string | null) => (eId ? `akn-${eId.replace(/[^A-Za-z0-9_.-]/g, '-')}` : '')

interface Context {
  report: ReportBuilder
  /** eIds of the units that will carry an id (the targets a `<ref>` may point to). */
  targets: Set<string>
  parameters: Record<string, string>
  /** The text each cross-reference showed, for one whose target turns out to hold no unit. */
  refTexts: Map<Node, string>
}

// ---- inline content ------------------------------------------------------------------------

type MarkName = 'strong' | 'em' | 'underline' | 'term'
const MARKS: Record<string, MarkName> = { b: 'strong', strong: 'strong', i: 'em', em: 'em', u: 'underline', def: 'term', term: 'term' }

/** The inline content of a text block (`<p>`, `<heading>` …): text with marks, parameters, cross-references, line breaks. */
function inlines(el: Element, ctx: Context): Node[] {
  const out: Node[] = []
  const walk = (n: XmlNode, marks: readonly Mark[]) => {
    if (n.nodeType === 3 || n.nodeType === 4) {
      const text = (n.nodeValue ?? '').replace(/\s+/g, ' ')
      if (text) out.push(schema.text(text, marks))
      return
    }
    if (n.nodeType !== 1) return
    const e = n as Element
    const name = local(e)
    if (name === 'authorialNote') {
      // a footnote where its marker stood, holding the note's text (with its marks)
      out.push(schema.nodes.footnote.create(null, inlines(e, ctx).filter((node) => node.isText)))
      return
    }
    if (name === 'br' || name === 'eol') { out.push(schema.nodes.hard_break.create()); return }
    if (name === 'placeholder') { out.push(schema.nodes.parameter.create({ name: e.getAttribute('originalText') ?? textOf(e).replace(/^\[|\]$/g, '') })); return }
    if (name === 'inline' && e.getAttribute('name') === 'parameter') {
      const param = (e.getAttribute('class') ?? '').split(/\s+/).find((c) => c.startsWith('parameter-'))?.slice('parameter-'.length)
      if (param) { ctx.parameters[param] = textOf(e); out.push(schema.nodes.parameter.create({ name: param })); return }
    }
    if (name === 'ref') {
      const href = e.getAttribute('href') ?? ''
      if (href.startsWith('#') && ctx.targets.has(href.slice(1))) {
        const xref = schema.nodes.xref.create({ target: idOf(href.slice(1)) })
        ctx.refTexts.set(xref, textOf(e))
        out.push(xref)
        return
      }
    }
    const mark = MARKS[name]
    let inner = marks
    if (mark === 'term') {
      const key = (e.getAttribute('refersTo') ?? '').replace(/^#(term_)?/, '') || textOf(e).toLowerCase()
      inner = schema.marks.term.create({ key, defining: name === 'def' }).addToSet(marks)
    } else if (mark) inner = schema.marks[mark]!.create().addToSet(marks)
    for (let c = e.firstChild; c; c = c.nextSibling) walk(c, inner)
  }
  for (let c = el.firstChild; c; c = c.nextSibling) walk(c, [])
  // trim the white space pretty-printing leaves at the ends
  while (out[0]?.isText && out[0].text!.trimStart() === '') out.shift()
  if (out[0]?.isText) out[0] = schema.text(out[0].text!.trimStart(), out[0].marks)
  while (out[out.length - 1]?.isText && out[out.length - 1]!.text!.trimEnd() === '') out.pop()
  const last = out[out.length - 1]
  if (last?.isText) out[out.length - 1] = schema.text(last.text!.trimEnd(), last.marks)
  return out
}

/** Whether `el` holds text directly (mixed content), not only inside child elements. */
const hasOwnText = (el: Element) => {
  for (let n = el.firstChild; n; n = n.nextSibling) if ((n.nodeType === 3 || n.nodeType === 4) && (n.nodeValue ?? '').trim() !== '') return true
  return false
}

/**
 * The text blocks of an element holding text: its `<p>`s, and any other element that holds text of
 * its own (read whole), in order; numbers (drawn again by the numbering) and the elements in
 * `skip` (a heading already read) left out.
 */
function paragraphsOf(el: Element, skip: ReadonlySet<Element> = new Set()): Element[] {
  if (local(el) === 'p' || hasOwnText(el)) return [el]
  return childElements(el).filter((c) => local(c) !== 'num' && !skip.has(c)).flatMap((c) => paragraphsOf(c, skip))
}

// ---- units ---------------------------------------------------------------------------------

/** Lists are transparent: their intro is the text of the unit around them, their points its sub-units. */
const LISTS = new Set(['list', 'blockList', 'sublist'])

/**
 * Reads one unit (`<paragraph>`, `<point>` …) at `level` into `entries`: its first text is its own
 * block (numbered when it has a `<num>`), later text and wrap-ups take no number ("continues"),
 * numbered sub-units go one level deeper, and unnumbered ones (AKN4EU's subparagraphs) and lists
 * are read as more of this unit.
 */
function unit(el: Element, level: number, entries: UnitEntry[], ctx: Context): void {
  const num = child(el, 'num')
  const numbered = num !== null && textOf(num) !== ''
  if (level > MAX_LEVEL) ctx.report.fallback(textOf(el), 'a unit nested deeper than (i): shown at the (i) level')
  level = Math.min(level, MAX_LEVEL)
  const id = idOf(el.getAttribute('eId'))
  let own = false
  const text = (content: Node[]) => {
    if (!own) { entries.push({ level, numbered, content, id }); own = true } else entries.push({ level, numbered: false, content })
  }
  // a numbered unit whose first words come after its sub-units keeps its number on an empty block
  const ensureOwn = () => { if (!own && numbered) text([]) }
  const walk = (container: Element) => {
    // text written straight into the unit (mixed content): the unit's text, read whole
    if (hasOwnText(container)) { text(inlines(container, ctx)); return }
    for (const c of childElements(container)) {
      const name = local(c)
      if (name === 'num') continue
      if (isCrossHeading(c)) { ensureOwn(); entries.push({ block: headingNode(c, ctx) }); ctx.report.counts.subheadings++ } else if (name === 'heading' || name === 'subheading') text(inlines(c, ctx))
      else if (WRAP_ELEMENTS.has(name)) { ensureOwn(); for (const p of paragraphsOf(c)) text(inlines(p, ctx)) }
      else if (LISTS.has(name)) walk(c)
      else if (UNIT_ELEMENTS.has(name) && child(c, 'num') === null) walk(c)
      else if (UNIT_ELEMENTS.has(name)) { ensureOwn(); unit(c, level + 1, entries, ctx) }
      else for (const p of paragraphsOf(c)) text(inlines(p, ctx))
    }
  }
  walk(el)
  ensureOwn()
}

/** Counts the units of `entries` into the report. */
function countUnits(entries: UnitEntry[], report: ReportBuilder): void {
  for (const e of entries) {
    if ('block' in e || !e.numbered) continue
    if (e.level === 0) report.counts.paragraphs++
    else report.counts.items++
  }
}

// ---- containers ----------------------------------------------------------------------------

/** A heading node from `<heading>`, `<subheading>` or a cross heading (an empty one for none). */
const headingNode = (el: Element | null, ctx: Context) =>
  schema.nodes.heading.create(null, el ? inlines(local(el) === 'hcontainer' ? child(el, 'heading') ?? el : el, ctx) : [])

/** An `<article>`. */
function article(el: Element, ctx: Context): Node {
  ctx.report.counts.articles++
  const own = child(el, 'heading')
  const children: Node[] = [headingNode(own, ctx)]
  const entries: UnitEntry[] = []
  const flush = () => { countUnits(entries, ctx.report); children.push(...unitBlocks(entries.splice(0))) }
  // text written straight into the article (mixed content): its text, read whole
  if (hasOwnText(el)) entries.push({ level: 0, numbered: false, content: inlines(el, ctx) })
  for (const c of hasOwnText(el) ? [] : childElements(el)) {
    const name = local(c)
    if (name === 'num' || c === own) continue
    if (name === 'subheading' || name === 'heading' || isCrossHeading(c)) { flush(); children.push(headingNode(c, ctx)); ctx.report.counts.subheadings++; continue }
    if (name === 'hcontainer' && c.getAttribute('name') === 'draftingNote') { entries.push({ block: draftingNote(c, ctx) }); continue }
    if (UNIT_ELEMENTS.has(name)) { unit(c, 0, entries, ctx); continue }
    for (const p of paragraphsOf(c)) entries.push({ level: 0, numbered: false, content: inlines(p, ctx) })
  }
  flush()
  return schema.nodes.article.create({ id: idOf(el.getAttribute('eId')) }, children)
}

const draftingNote = (el: Element, ctx: Context) =>
  schema.nodes.drafting_note.create(null, paragraphsOf(el).flatMap((p) => inlines(p, ctx)))

/**
 * The children of a body-like element for a container of kind `kind` ('doc' for the body):
 * divisions it may hold, articles, and for an annex its own units; whatever else is kept as a
 * heading or a drafting note and reported.
 */
function containerChildren(el: Element, kind: string, ctx: Context, own: Element | null = null): Node[] {
  const out: Node[] = []
  const entries: UnitEntry[] = []
  const flush = () => { countUnits(entries, ctx.report); out.push(...unitBlocks(entries.splice(0))) }
  const note = (text: string, reason: string) => {
    if (!text) return
    ctx.report.fallback(text, `${reason}: kept as a drafting note`)
    out.push(schema.nodes.drafting_note.create(null, text ? [schema.text(text)] : []))
  }
  // text written straight into the container (mixed content): read whole
  if (hasOwnText(el)) {
    if (kind === 'annex') entries.push({ level: 0, numbered: false, content: inlines(el, ctx) })
    else note(textOf(el), `text of a <${local(el)}> outside any article`)
  }
  for (const c of hasOwnText(el) ? [] : childElements(el)) {
    const name = local(c)
    // numbers are drawn again by the numbering; the container's own heading is read by its caller
    if (name === 'num' || c === own || name === 'meta' || name === 'preface' || name === 'toc') continue
    if (name === 'heading' || name === 'subheading' || isCrossHeading(c)) {
      flush()
      if (kind === 'doc') note(textOf(c), `a heading outside any part or article`)
      else { out.push(headingNode(c, ctx)); ctx.report.counts.subheadings++ }
      continue
    }
    const division = DIVISIONS[name]
    const final = name === 'hcontainer' && c.getAttribute('name') === 'finalProvisions'
    if (final && HOLDS[kind]?.has('final_provisions')) {
      flush()
      out.push(schema.nodes.final_provisions.create({ id: idOf(c.getAttribute('eId')) }, [headingNode(child(c, 'heading'), ctx), ...containerChildren(c, 'final_provisions', ctx, child(c, 'heading'))]))
      continue
    }
    if (division && HOLDS[kind]?.has(division)) {
      flush()
      ctx.report.counts[`${division}s` as 'parts' | 'chapters' | 'sections']++
      out.push(schema.nodes[division]!.create({ id: idOf(c.getAttribute('eId')) }, [headingNode(child(c, 'heading'), ctx), ...containerChildren(c, division, ctx, child(c, 'heading'))]))
      continue
    }
    if (name === 'article') { flush(); out.push(article(c, ctx)); continue }
    if (name === 'hcontainer' && c.getAttribute('name') === 'draftingNote') { flush(); out.push(draftingNote(c, ctx)); continue }
    if (kind === 'annex' && UNIT_ELEMENTS.has(name)) { unit(c, 0, entries, ctx); continue }
    if (kind === 'annex' && (name === 'p' || TEXT_ELEMENTS.has(name))) {
      for (const p of paragraphsOf(c)) entries.push({ level: 0, numbered: false, content: inlines(p, ctx) })
      continue
    }
    flush()
    if (name === 'p') { note(textOf(c), kind === 'doc' ? 'text outside any article' : `text directly in a ${kind.replace('_', ' ')}`); continue }
    // anything else (a division the container cannot hold, a generic hcontainer or level): its heading, then its content
    const labelled = [child(c, 'num'), child(c, 'heading')].filter((x): x is Element => x !== null)
    const label = labelled.map(textOf).join(' ').trim()
    const hasStructure = childElements(c).some((x) => local(x) === 'article' || DIVISIONS[local(x)] || local(x) === 'hcontainer' || UNIT_ELEMENTS.has(local(x)))
    if (label && kind !== 'doc') {
      out.push(schema.nodes.heading.create(null, schema.text(label)))
      ctx.report.counts.subheadings++
      ctx.report.fallback(label, `a <${name}> heading where a ${kind.replace('_', ' ')} cannot hold one: kept as a heading`)
    } else if (label) note(label, `a <${name}> heading outside any part or article`)
    if (hasStructure) out.push(...containerChildren(c, kind, ctx, child(c, 'heading')))
    else {
      const text = (hasOwnText(c) ? [c] : paragraphsOf(c, new Set(labelled))).map(textOf).filter(Boolean)
      for (const t of text) note(t, kind === 'doc' ? `text of a <${name}> outside any article` : `text of a <${name}> directly in a ${kind.replace('_', ' ')}`)
    }
  }
  flush()
  return out
}

/**
 * `doc` with every cross-reference whose target is no unit of the document (it named an element
 * read as text of another unit) turned back into the text it showed.
 */
function unresolvedRefsAsText(doc: Node, refTexts: Map<Node, string>): Node {
  const ids = new Set<string>()
  doc.descendants((n) => { if (n.attrs.id) ids.add(String(n.attrs.id)) })
  const broken: Array<{ pos: number; node: Node }> = []
  doc.descendants((n, pos) => { if (n.type.name === 'xref' && !ids.has(String(n.attrs.target))) broken.push({ pos, node: n }) })
  if (!broken.length) return doc
  const tr = new Transform(doc)
  for (const { pos, node } of broken.reverse()) {
    const text = refTexts.get(node) ?? ''
    if (text) tr.replaceWith(pos, pos + 1, schema.text(text))
    else tr.delete(pos, pos + 1)
  }
  return tr.doc
}

// ---- the document --------------------------------------------------------------------------

/** Imports an Akoma Ntoso 3.0 document (any document type: bill, act, doc …) as a treaty. */
export function importAkn(source: string): ImportedTreaty {
  const xml = parseXml(source, 'the Akoma Ntoso file')
  const root = xml.documentElement!
  if (local(root) !== 'akomaNtoso') throw new ImportError(`the file is XML but not Akoma Ntoso: its root element is <${local(root).slice(0, 40)}>, not <akomaNtoso>`)
  const top = childElements(root)[0]
  if (!top) throw new ImportError('the Akoma Ntoso file holds no document inside <akomaNtoso>')
  const report = new ReportBuilder()
  const ctx: Context = { report, targets: new Set(), parameters: {}, refTexts: new Map() }
  for (const name of ['article', 'paragraph', 'point', 'subparagraph', 'part', 'chapter', 'section']) {
    for (const e of descendants(top, name)) { const eId = e.getAttribute('eId'); if (eId) ctx.targets.add(eId) }
  }

  const preface = child(top, 'preface')
  const titleEl = preface ? (descendants(preface, 'docTitle')[0] ?? descendants(preface, 'longTitle')[0] ?? null) : null
  const titleNodes = titleEl ? inlines(titleEl, ctx) : []
  const title = titleEl ? textOf(titleEl) : ''
  const nodes: Node[] = [schema.nodes.title.create(null, titleNodes)]

  const preambleEl = child(top, 'preamble')
  if (preambleEl) {
    const recitals: Node[] = []
    const walk = (el: Element) => {
      for (const c of childElements(el)) {
        if (RECITAL_ELEMENTS.includes(local(c))) {
          recitals.push(schema.nodes.recital.create(null, inlines(c, ctx)))
          report.counts.recitals++
        } else if (local(c) === 'container' && c.getAttribute('name') === 'draftingNote') {
          recitals.push(draftingNote(c, ctx))
        } else if (RECITAL_ELEMENTS.some((r) => descendants(c, r).length > 0)) walk(c)
        else if (textOf(c)) {
          // text in an element a preamble does not usually hold: a recital still, reported
          recitals.push(schema.nodes.recital.create(null, inlines(c, ctx)))
          report.counts.recitals++
          report.fallback(textOf(c), `text of a <${local(c)}> in the preamble: kept as a recital`)
        }
      }
    }
    walk(preambleEl)
    if (recitals.length) nodes.push(schema.nodes.preamble.create(null, recitals))
  }

  const body = child(top, 'body') ?? child(top, 'mainBody') ?? child(top, 'judgmentBody') ?? child(top, 'debateBody')
  if (body) nodes.push(...containerChildren(body, 'doc', ctx))

  const conclusionsEl = child(top, 'conclusions')
  if (conclusionsEl) {
    const items: Node[] = []
    for (const c of childElements(conclusionsEl)) {
      if (local(c) === 'container' && c.getAttribute('name') === 'draftingNote') { items.push(draftingNote(c, ctx)); continue }
      const isSignature = c.getAttribute('name') === 'signature' || descendants(c, 'signature').length > 0 || local(c) === 'signature'
      const lines = paragraphsOf(c).map((p) => schema.nodes.prose.create(null, inlines(p, ctx)))
      if (isSignature && local(c) !== 'p') {
        items.push(schema.nodes.signature.create({ id: '' }, lines))
        report.counts.signatures++
      } else items.push(...lines)
    }
    if (items.length) nodes.push(schema.nodes.conclusion.create(null, items))
  }

  const attachments = (el: Element) => {
    for (const a of descendants(el, 'attachment')) {
      const inner = childElements(a).find((c) => local(c) !== 'meta')
      if (!inner) continue
      const docPreface = child(inner, 'preface')
      const heading = docPreface ? (descendants(docPreface, 'docTitle')[0] ?? null) : null
      const annexBody = child(inner, 'mainBody') ?? child(inner, 'body')
      report.counts.annexes++
      nodes.push(schema.nodes.annex.create({ id: idOf(a.getAttribute('eId')) }, [headingNode(heading, ctx), ...(annexBody ? containerChildren(annexBody, 'annex', ctx) : [])]))
    }
  }
  const attachmentsEl = child(top, 'attachments')
  if (attachmentsEl) attachments(attachmentsEl)

  const built = unresolvedRefsAsText(schema.nodes.doc.create(null, nodes), ctx.refTexts)
  const doc = normalizeTreaty(built)?.doc ?? built
  return { doc, title, parameters: ctx.parameters, report: report.report('akn', title) }
}
