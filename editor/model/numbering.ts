// Computes every number in a treaty: Part I, Chapter I, Section 1, Article 1, 1., (a), (i), Annex I.
// Numbers are never typed or stored; the editor, every exporter and every cross-reference
// read them from here, so they cannot disagree.
import type { Node } from 'prosemirror-model'
import { clampLevel } from './schema.js'

/** What kind of unit a label numbers. */
export type NumberedKind =
  | 'part' | 'chapter' | 'section' | 'article' | 'paragraph' | 'subparagraph' | 'subsubparagraph' | 'annex'

/** The computed number of one unit. */
export interface Label {
  kind: NumberedKind
  /** 1-based ordinal within the unit's numbering scope. */
  ordinal: number
  /** What the document shows at the unit: "Part II", "Article 3", "2.", "(a)", "(iv)"; empty for a sole paragraph. */
  marker: string
  /** How a cross-reference names the unit: "Article 3(2)(a)", "Annex I, Article 2", "Part II, Section 1". */
  ref: string
  /** Stable id of the unit, '' when it has none yet. */
  id: string
  /** Where a paragraph, sub-paragraph or sub-sub-paragraph sits, for citations (citation.ts); absent for other units. */
  path?: UnitPath
}

/** One step of a unit's path: its level (0 "1.", 1 "(a)", 2 "(i)") and how it is counted ("2", "a", "iv"). */
export interface UnitStep { level: number; ordinal: string }

/** Where a paragraph-level unit sits: the unit it is numbered in, and the steps from there down to it. */
export interface UnitPath {
  /** The label of the article whose paragraphs these are, or of the annex for an annex's own paragraphs. */
  container: Label
  /**
   * The steps from the paragraph down to the unit: [2], [2, a], [2, a, iv]. A sole paragraph, cited
   * as its article, has none, and the units below it start at their own level ([a]).
   */
  steps: UnitStep[]
}

/** Labels of one document, by position of the numbered node and by stable id. */
export interface Numbering {
  byPos: Map<number, Label>
  byId: Map<string, Label>
}

/** The Roman digits, largest first (built once: a long treaty asks for hundreds of numerals). */
const ROMAN_DIGITS: ReadonlyArray<readonly [number, string]> = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
]

/** Upper-case Roman numeral for 1…3999. */
export function roman(n: number): string {
  let out = ''
  for (const [value, digits] of ROMAN_DIGITS) {
    while (n >= value) { out += digits; n -= value }
  }
  return out
}

/** Sub-paragraph letter as treaties write it: a … z, then aa, bb … zz, then aaa … */
export function letter(n: number): string {
  const char = String.fromCharCode(97 + ((n - 1) % 26))
  return char.repeat(Math.floor((n - 1) / 26) + 1)
}

/** How the `n`th unit of paragraph level `level` is counted: "1" …, "a" … "z", "aa" …, "i", "ii" … */
export function unitOrdinal(level: number, n: number): string {
  return level === 0 ? String(n) : level === 1 ? letter(n) : roman(n).toLowerCase()
}

/** The marker before the `n`th unit of paragraph level `level`: "1.", "(a)", "(i)". */
export function unitMarker(level: number, n: number): string {
  return level === 0 ? `${n}.` : `(${unitOrdinal(level, n)})`
}

interface Scope {
  /** "Part II" etc. of the enclosing division, for section refs. */
  divisionRef: string
  /** "Annex I, " when inside an annex, else ''. */
  annexPrefix: string
}

/**
 * Numbers every part, chapter, section, article, paragraph, sub-paragraph and annex of `doc`.
 * `onUnit`, when given, is called with each numbered unit as it is numbered (its position, node and
 * label), so that a caller needing the units' nodes does not walk the document again; when it
 * returns `false`, the numbering stops there (the labels so far are those of the document's first
 * units, as the whole numbering has them).
 */
export function numberTreaty(doc: Node, onUnit?: (pos: number, node: Node, label: Label) => boolean | void): Numbering {
  const byPos = new Map<number, Label>()
  const byId = new Map<string, Label>()
  const counters = { part: 0, chapter: 0, article: 0, annex: 0 }
  let stopped = false

  // labels are made whole here, with the node's id, so that each unit allocates one object
  const record = (pos: number, node: Node, kind: NumberedKind, ordinal: number, marker: string, ref: string, path?: UnitPath): Label => {
    const id = String(node.attrs.id ?? '')
    const label: Label = path ? { kind, ordinal, marker, ref, id, path } : { kind, ordinal, marker, ref, id }
    byPos.set(pos, label)
    if (onUnit?.(pos, node, label) === false) stopped = true
    if (id && !byId.has(id)) byId.set(id, label)
    return label
  }

  // Paragraphs are one flat sequence of blocks with a level (see schema.ts): the counters of the
  // levels below reset when a unit of a level above comes, as list levels do in a word processor.
  const numberParagraphs = (container: Node, start: number, prefix: string, articleRef: string, owner: Label) => {
    // one pass for what the numbering of the container depends on: how many paragraphs it has, and
    // the first numbered unit (below a paragraph, it hangs from an implied paragraph 1)
    let count = 0
    let first: Node | null = null
    container.forEach((child) => {
      if (!isNumberedUnit(child)) return
      first ??= child
      if (clampLevel(child.attrs.level) === 0) count++
    })
    // the ref of the unit each level hangs from: the article (or the annex prefix), then "(2)", then "(a)"
    const base = articleRef === '' ? `${prefix}paragraph` : articleRef
    const refs: string[] = [base, base, base]
    // the steps of the unit each level hangs from, as `refs` (see UnitPath)
    const paths: UnitStep[][] = [[], [], []]
    const owners: Array<Label | null> = [null, null, null]
    const counters = [0, 0, 0]
    // Units below a paragraph that come before any paragraph hang from an implied paragraph 1, so
    // that no two units are cited alike when a paragraph follows them.
    const leading = first !== null && clampLevel((first as Node).attrs.level) > 0
    if (leading) {
      counters[0] = 1
      const implied = count === 0 && articleRef !== '' ? articleRef : articleRef === '' ? `${prefix}paragraph 1` : `${articleRef}(1)`
      refs.fill(implied)
      paths.fill(count === 0 && articleRef !== '' ? [] : [{ level: 0, ordinal: '1' }])
    }
    const sole = count === 1 && articleRef !== '' && !leading
    container.forEach((para, offset) => {
      if (stopped || para.type.name !== 'paragraph') return
      const level = clampLevel(para.attrs.level)
      const id = String(para.attrs.id ?? '')
      if (para.attrs.continues) {
        // text closing a list is cited as the unit it closes
        const owner = owners[level]
        if (owner && id && !byId.has(id)) byId.set(id, { ...owner, id })
        return
      }
      const n = ++counters[level]!
      for (let deeper = level + 1; deeper < counters.length; deeper++) { counters[deeper] = 0; owners[deeper] = null }
      const pos = start + offset
      let label: Label
      let steps: UnitStep[]
      if (level === 0) {
        const ref = articleRef === '' ? `${prefix}paragraph ${n}` : sole ? articleRef : `${articleRef}(${n})`
        steps = sole ? [] : [{ level, ordinal: String(n) }]
        label = record(pos, para, 'paragraph', n, sole ? '' : unitMarker(level, n), ref, { container: owner, steps })
      } else {
        const marker = unitMarker(level, n)
        steps = [...paths[level - 1]!, { level, ordinal: unitOrdinal(level, n) }]
        label = record(pos, para, level === 1 ? 'subparagraph' : 'subsubparagraph', n, marker, `${refs[level - 1]}${marker}`, { container: owner, steps })
      }
      for (let deeper = level; deeper < refs.length; deeper++) { refs[deeper] = label.ref; paths[deeper] = steps }
      // a sole paragraph is cited as its article, and so are the units below it
      if (level === 0 && sole) for (let deeper = 0; deeper < refs.length; deeper++) { refs[deeper] = articleRef; paths[deeper] = [] }
      owners[level] = label
    })
  }

  const numberArticle = (article: Node, pos: number, ordinal: number, scope: Scope) => {
    const marker = `Article ${ordinal}`
    const label = record(pos, article, 'article', ordinal, marker, `${scope.annexPrefix}${marker}`)
    numberParagraphs(article, pos + 1, scope.annexPrefix, label.ref, label)
  }

  // Walks a container of divisions and articles (the doc, a part, a chapter, a section, the final provisions).
  const walkBody = (container: Node, start: number, scope: Scope) => {
    let sections = 0
    container.forEach((child, offset) => {
      if (stopped) return
      const pos = start + offset
      switch (child.type.name) {
        case 'part': {
          const ref = `Part ${roman(++counters.part)}`
          record(pos, child, 'part', counters.part, ref, ref)
          walkBody(child, pos + 1, { ...scope, divisionRef: ref })
          break
        }
        case 'chapter': {
          const ref = `Chapter ${roman(++counters.chapter)}`
          record(pos, child, 'chapter', counters.chapter, ref, ref)
          walkBody(child, pos + 1, { ...scope, divisionRef: ref })
          break
        }
        case 'section': {
          sections++
          const marker = `Section ${sections}`
          const ref = scope.divisionRef ? `${scope.divisionRef}, ${marker}` : marker
          record(pos, child, 'section', sections, marker, ref)
          walkBody(child, pos + 1, scope)
          break
        }
        case 'final_provisions':
          walkBody(child, pos + 1, scope)
          break
        case 'article':
          numberArticle(child, pos, ++counters.article, scope)
          break
      }
    })
  }

  walkBody(doc, 0, { divisionRef: '', annexPrefix: '' })

  doc.forEach((child, offset) => {
    if (stopped || child.type.name !== 'annex') return
    const marker = `Annex ${roman(++counters.annex)}`
    const label = record(offset, child, 'annex', counters.annex, marker, marker)
    const scope: Scope = { divisionRef: '', annexPrefix: `${marker}, ` }
    let articles = 0
    child.forEach((inner, off2) => {
      if (!stopped && inner.type.name === 'article') numberArticle(inner, offset + 1 + off2, ++articles, scope)
    })
    numberParagraphs(child, offset + 1, scope.annexPrefix, '', label)
  })

  return { byPos, byId }
}

/** Whether `node` is a paragraph block that takes a number (not text continuing the unit before it). */
export const isNumberedUnit = (node: Node): boolean => node.type.name === 'paragraph' && !node.attrs.continues

/** One paragraph-level unit with the units nested under it, as computed from the flat sequence of levels. */
export interface UnitTree {
  /** The unit's own block; null for a unit implied by a deeper one that has no unit above it. */
  node: Node | null
  /** Position of `node` (as given by the caller's `start`), or -1 when `node` is null. */
  pos: number
  /** The unit's level: 0 "1.", 1 "(a)", 2 "(i)". */
  level: number
  /** Units one level below, in order. */
  children: UnitTree[]
  /** Blocks of text that close the list of `children` ("continues" paragraphs), with their positions. */
  after: Array<{ node: Node; pos: number }>
}

/**
 * The paragraphs of `container` (an article or an annex) nested by level, for exporters that
 * write nesting (HTML, Word, Akoma Ntoso). Other children (headings, notes) are left out; a
 * unit deeper than the one before it by more than one level hangs from an implied unit.
 * `start` is the position of the container's content.
 */
export function nestUnits(container: Node, start: number): UnitTree[] {
  const roots: UnitTree[] = []
  const stack: UnitTree[] = []
  container.forEach((child, offset) => {
    if (child.type.name !== 'paragraph') return
    const level = clampLevel(child.attrs.level)
    const pos = start + offset
    if (child.attrs.continues) {
      while (stack.length > level + 1) stack.pop()
      const owner = stack[level]
      if (owner) owner.after.push({ node: child, pos })
      else attach({ node: child, pos, level, children: [], after: [] })
      return
    }
    attach({ node: child, pos, level, children: [], after: [] })
  })
  function attach(unit: UnitTree) {
    while (stack.length > unit.level) stack.pop()
    while (stack.length < unit.level) {
      const implied: UnitTree = { node: null, pos: -1, level: stack.length, children: [], after: [] }
      push(implied)
    }
    push(unit)
  }
  function push(unit: UnitTree) {
    const parent = stack[unit.level - 1]
    if (parent) parent.children.push(unit)
    else roots.push(unit)
    stack.length = unit.level
    stack.push(unit)
  }
  return roots
}

/** What a cross-reference shows, in the editor and in every export, when its target no longer exists. */
export const BROKEN_XREF_TEXT = '⚠ broken reference'

/** Why a cross-reference to `targetId` shows BROKEN_XREF_TEXT (its tooltip). */
export const brokenXrefTitle = (targetId: string): string => `The unit this reference pointed to (${targetId}) no longer exists`

/**
 * How the unit `targetId` is cited from elsewhere in the compact style ("Article 3(2)"), or null when
 * no unit has that id. What a reference shows where it stands is citation.ts's `citeReferences`.
 */
export function xrefText(numbering: Numbering, targetId: string): string | null {
  return numbering.byId.get(targetId)?.ref ?? null
}

/** One footnote of a treaty with its number. */
export interface FootnoteLabel {
  /** 1, 2, 3 … in document order, through the whole treaty. */
  number: number
  /** Position of the footnote node. */
  pos: number
  /** The footnote node; its text content is the note's text. */
  node: Node
}

/**
 * Every footnote of `doc` (or of `from` … `to`) numbered 1, 2, 3 … in document order through the
 * whole treaty, as Word numbers them: inserting one before others renumbers those after it.
 * Footnotes in drafting notes are left out when `skipNotes` (clean exports leave the notes out).
 */
export function numberFootnotes(doc: Node, options: { skipNotes?: boolean } = {}): FootnoteLabel[] {
  const out: FootnoteLabel[] = []
  doc.descendants((node, pos) => {
    if (node.type.name === 'footnote') { out.push({ number: out.length + 1, pos, node }); return false }
    if (options.skipNotes && node.type.name === 'drafting_note') return false
    return !node.isInline
  })
  return out
}

/** The footnote numbers of `doc` by the footnote's position. */
export function footnoteNumbers(doc: Node, options: { skipNotes?: boolean } = {}): Map<number, number> {
  return new Map(numberFootnotes(doc, options).map((f) => [f.pos, f.number]))
}

/**
 * The footnote numbers of `doc` for a walk that meets footnotes in document order without
 * tracking positions (the text exporters): `next(node)` is the number of the footnote node met.
 */
export function footnoteCounter(doc: Node, options: { skipNotes?: boolean } = {}): { next: (node: Node) => number } {
  const queues = new Map<Node, number[]>()
  for (const f of numberFootnotes(doc, options)) {
    const queue = queues.get(f.node)
    if (queue) queue.push(f.number)
    else queues.set(f.node, [f.number])
  }
  let last = 0
  // a footnote the numbering did not meet (none, when the walk follows the document) takes the next number
  return { next: (node) => (last = queues.get(node)?.shift() ?? last + 1) }
}

/** The text of `node` without its footnotes' text: what a heading reads as in an outline. */
export function textWithoutFootnotes(node: Node): string {
  let text = ''
  node.descendants((child) => {
    if (child.type.name === 'footnote') return false
    if (child.isText) text += child.text
    return true
  })
  return text
}
