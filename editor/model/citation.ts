// How a cross-reference reads, as treaties write it: "paragraph 2" or "subparagraph (a) of
// paragraph 2" within its own article, "this paragraph" in the unit it names, and from elsewhere
// in the document's citation style — compact "Article 5(1)(a)" or the United Nations' "article 5,
// paragraph 1 (a)". References listed one after another ("… 1 and 2") share what they have in
// common: "paragraphs 1 and 2", "Article 5(1) and (2)". The numbers come from numbering.ts; the
// editor, the clause preview and every exporter read the text from here.
import type { Node } from 'prosemirror-model'
import type { Label, Numbering, UnitStep } from './numbering.js'

/** The citation styles a document may choose. */
export const CITATION_STYLES = ['compact', 'un'] as const

/** A document's citation style: `compact` "Article 5(1)(a)", `un` "article 5, paragraph 1 (a)". */
export type CitationStyle = (typeof CITATION_STYLES)[number]

/** The style of a document that has not chosen one. */
export const DEFAULT_CITATION_STYLE: CitationStyle = 'compact'

/** What the settings show for each style, with an example. */
export const CITATION_STYLE_NAMES: Readonly<Record<CitationStyle, string>> = {
  compact: 'Compact — Article 5(1)(a)',
  un: 'United Nations — article 5, paragraph 1 (a)',
}

/** The style a stored setting names; anything else (absent, unknown, another type) is the default. */
export function citationStyleOf(value: unknown): CitationStyle {
  return (CITATION_STYLES as readonly unknown[]).includes(value) ? value as CitationStyle : DEFAULT_CITATION_STYLE
}

/** Where a reference is written: the article (or annex) around it and the unit it is in. */
interface CitedFrom {
  /** The article the reference is in, or, in an annex's own paragraphs, the annex; null elsewhere. */
  container: Label | null
  /** The article around the reference, if any. */
  article: Label | null
  /** The annex around the reference, if any. */
  annex: Label | null
  /** The paragraph-level unit the reference is in (text closing a list: the unit it closes), if any. */
  unit: Label | null
}

/** A reference as words that references listed with it can share: `lead tail trail`, or `plural tail, tail … tail trail`. */
interface Listable { lead: string; plural: string; tail: string; trail: string }

/** One reference's text, and how it reads in a list of references like it (none: it is never listed). */
interface Cited { text: string; list: Listable | null }

const listable = (lead: string, plural: string, tail: string, trail = ''): Cited => ({ text: lead + tail + trail, list: { lead, plural, tail, trail } })

/** The United Nations' lower case for the names of units ("Annex I, Article 2" → "annex I, article 2"); numerals keep theirs. */
const lowerNames = (text: string) => text.replace(/\b[A-Z][a-z]+\b/g, (word) => word.toLowerCase())

/** A division, annex or article, by its label ("Part II, Section 1", "Annex I, Article 2"). */
function citeHeaded(label: Label, style: CitationStyle): Cited {
  const named = (text: string) => (style === 'un' ? lowerNames(text) : text)
  const space = label.marker.lastIndexOf(' ')
  if (space < 0 || !label.ref.endsWith(label.marker)) return { text: named(label.ref), list: null }
  const scope = named(label.ref.slice(0, label.ref.length - label.marker.length))
  const noun = named(label.marker.slice(0, space))
  return listable(`${scope}${noun} `, `${scope}${noun}${noun.endsWith('x') ? 'es' : 's'} `, label.marker.slice(space + 1))
}

/** "(a)", "(a) (i)" in the United Nations' style, "(a)(i)" in the compact one. */
const bracketed = (steps: readonly UnitStep[], joiner: string) => steps.map((s) => `(${s.ordinal})`).join(joiner)

/** A paragraph-level unit cited from outside its article (or annex). */
function citeUnitElsewhere(label: Label, steps: readonly UnitStep[], container: Label, style: CitationStyle): Cited {
  const last = steps[steps.length - 1]
  if (!last) return citeHeaded(container, style)
  if (style === 'compact') {
    // the numbering's own reference, "Article 5(1)(a)" or "Annex I, paragraph 2(a)", with its last number listable
    const tail = last.level === 0 && container.kind === 'annex' ? last.ordinal : `(${last.ordinal})`
    if (!label.ref.endsWith(tail)) return { text: label.ref, list: null }
    const lead = label.ref.slice(0, label.ref.length - tail.length)
    return listable(lead, lead.endsWith('paragraph ') ? `${lead.slice(0, -1)}s ` : lead, tail)
  }
  const where = lowerNames(container.ref)
  const first = steps[0]!
  const noun = first.level === 0 ? 'paragraph' : 'subparagraph'
  if (steps.length === 1) return listable(`${where}, ${noun} `, `${where}, ${noun}s `, first.level === 0 ? first.ordinal : `(${first.ordinal})`)
  const head = first.level === 0 ? `${where}, paragraph ${first.ordinal} ` : `${where}, subparagraph (${first.ordinal}) `
  const middle = steps.slice(1, -1)
  const lead = head + (middle.length ? `${bracketed(middle, ' ')} ` : '')
  return listable(lead, lead, `(${last.ordinal})`)
}

const sameSteps = (a: readonly UnitStep[], b: readonly UnitStep[]) => a.length === b.length && a.every((s, i) => s.level === b[i]!.level && s.ordinal === b[i]!.ordinal)

/** "this article" (United Nations) or "this Article" (compact), and the same for an annex. */
const thisUnit = (label: Label, style: CitationStyle) => {
  const noun = label.kind === 'annex' ? 'Annex' : 'Article'
  return { text: `this ${style === 'un' ? noun.toLowerCase() : noun}`, list: null }
}

/** A paragraph-level unit cited from inside its own article (or annex). */
function citeUnitWithin(steps: readonly UnitStep[], container: Label, from: CitedFrom, style: CitationStyle): Cited {
  const last = steps[steps.length - 1]
  if (!last) return thisUnit(container, style)
  const own = from.unit?.path?.steps ?? null
  if (own && sameSteps(own, steps)) return { text: last.level === 0 ? 'this paragraph' : 'this subparagraph', list: null }
  const first = steps[0]!
  if (first.level === 0 && steps.length === 1) return listable('paragraph ', 'paragraphs ', first.ordinal)
  // below a paragraph: named from that paragraph, which is left out when the reference is in it
  const below = first.level === 0 ? steps.slice(1) : steps
  const inParagraph = first.level !== 0 || (own !== null && own[0]?.level === 0 && own[0].ordinal === first.ordinal)
  const trail = inParagraph ? '' : ` of paragraph ${first.ordinal}`
  const middle = below.slice(0, -1)
  const lead = `subparagraph ${middle.length ? `${bracketed(middle, ' ')} ` : ''}`
  return listable(lead, middle.length ? lead : 'subparagraphs ', `(${last.ordinal})`, trail)
}

/** A reference to the unit `targetId` written where `from` says, in `style`; null when no unit has that id (a broken reference). */
function cite(numbering: Numbering, targetId: string, from: CitedFrom, style: CitationStyle): Cited | null {
  const label = targetId === '' ? undefined : numbering.byId.get(targetId)
  if (!label) return null
  if (label.path) {
    const { container, steps } = label.path
    return container === from.container ? citeUnitWithin(steps, container, from, style) : citeUnitElsewhere(label, steps, container, style)
  }
  if ((label.kind === 'article' && label === from.article) || (label.kind === 'annex' && label === from.annex)) return thisUnit(label, style)
  return citeHeaded(label, style)
}

/** Text that ends a sentence, so that a reference after it opens the next. */
const SENTENCE_END = /[.!?]\s+$/

/** What may stand between two references of one list: ", " or " and " (or ", and "). */
const LIST_SEPARATOR = /^(?:, | and |, and )$/

const sameList = (a: Listable, b: Listable) => a.lead === b.lead && a.plural === b.plural && a.trail === b.trail

/** Where the text block at `pos` is written: the article, annex and unit around it. */
function citedFrom(doc: Node, pos: number, block: Node, numbering: Numbering): CitedFrom {
  const $pos = doc.resolve(pos)
  let article: Label | null = null
  let annex: Label | null = null
  let annexDepth = -1
  for (let depth = $pos.depth; depth > 0; depth--) {
    const name = $pos.node(depth).type.name
    if (name === 'article' && !article) article = numbering.byPos.get($pos.before(depth)) ?? null
    if (name === 'annex' && !annex) { annex = numbering.byPos.get($pos.before(depth)) ?? null; annexDepth = depth }
  }
  // an annex's own paragraphs (outside its articles) are numbered in the annex
  const container = article ?? (annexDepth === $pos.depth ? annex : null)
  const id = String(block.attrs.id ?? '')
  const unit = block.type.name === 'paragraph' ? numbering.byPos.get(pos) ?? (id ? numbering.byId.get(id) ?? null : null) : null
  return { container, article, annex, unit }
}

/**
 * The texts of the references in one text block at `pos` (its child index → text, null for a
 * broken reference). References in a list ("…, … and …") that share their words share them once.
 */
function citeBlock(doc: Node, pos: number, block: Node, numbering: Numbering, style: CitationStyle): Map<number, { node: Node; offset: number; text: string | null }> {
  const out = new Map<number, { node: Node; offset: number; text: string | null }>()
  const from = citedFrom(doc, pos, block, numbering)
  // runs of references separated only by list separators
  let run: Array<{ index: number; node: Node; offset: number; cited: Cited | null }> = []
  // whether the run opens a sentence ("Paragraphs 1 and 2 do not …")
  let opening = true
  const flush = () => {
    let start = 0
    while (start < run.length) {
      const first = run[start]!.cited?.list
      let end = start + 1
      while (first && end < run.length && run[end]!.cited?.list && sameList(first, run[end]!.cited!.list!)) end++
      for (let i = start; i < end; i++) {
        const { index, node, offset, cited } = run[i]!
        let text = cited?.text ?? null
        if (end - start > 1 && cited?.list) {
          const { plural, tail, trail } = cited.list
          text = i === start ? plural + tail : i === end - 1 ? tail + trail : tail
        }
        if (i === 0 && opening && text) text = text.charAt(0).toUpperCase() + text.slice(1)
        out.set(index, { node, offset, text })
      }
      start = end
    }
    run = []
  }
  let separated = false
  block.forEach((child, offset, index) => {
    if (child.type.name === 'xref') {
      if (!separated) {
        flush()
        const before = index > 0 ? block.child(index - 1) : null
        opening = before === null || (before.isText && SENTENCE_END.test(before.text ?? ''))
      }
      run.push({ index, node: child, offset, cited: cite(numbering, String(child.attrs.target ?? ''), from, style) })
      separated = false
      return
    }
    separated = run.length > 0 && !separated && child.isText && LIST_SEPARATOR.test(child.text ?? '')
    if (!separated) flush()
  })
  flush()
  return out
}

/** A cross-reference of a document: where it is, its node, and its text (null when its target is gone). */
export interface CitedReference {
  pos: number
  node: Node
  text: string | null
}

/** The text of every cross-reference of a document, by its position and by its node. */
export interface Citations {
  /** The text of the reference at `pos`: null when its target is gone, undefined when no reference is there. */
  at(pos: number): string | null | undefined
  /**
   * The text of reference `node` of the document. For walks that do not keep positions (the
   * exporters, the clause preview): their documents are read from the shared document or built
   * afresh, where each reference is its own node.
   */
  of(node: Node): string | null | undefined
  /** Every reference of the document, in document order. */
  all(): readonly CitedReference[]
}

/** The text of every cross-reference of `doc`, numbered by `numbering`, in `style`. */
export function citeReferences(doc: Node, numbering: Numbering, style: CitationStyle): Citations {
  const refs: CitedReference[] = []
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true
    let found = false
    node.forEach((child) => { if (child.type.name === 'xref') found = true })
    if (found) {
      for (const { node: ref, offset, text } of citeBlock(doc, pos, node, numbering, style).values()) refs.push({ pos: pos + 1 + offset, node: ref, text })
    }
    return false
  })
  const byPos = new Map(refs.map((r) => [r.pos, r.text]))
  const byNode = new Map(refs.map((r) => [r.node, r.text]))
  return { at: (pos) => byPos.get(pos), of: (node) => byNode.get(node), all: () => refs }
}
