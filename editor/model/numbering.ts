// Computes every number in a treaty: Part I, Chapter I, Section 1, Article 1, 1., (a), (i), Annex I.
// Numbers are never typed or stored; the editor, every exporter and every cross-reference
// read them from here, so they cannot disagree.
import type { Node } from 'prosemirror-model'

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
}

/** Labels of one document, by position of the numbered node and by stable id. */
export interface Numbering {
  byPos: Map<number, Label>
  byId: Map<string, Label>
}

/** Upper-case Roman numeral for 1…3999. */
export function roman(n: number): string {
  const table: Array<[number, string]> = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ]
  let out = ''
  for (const [value, digits] of table) {
    while (n >= value) { out += digits; n -= value }
  }
  return out
}

/** Sub-paragraph letter as treaties write it: a … z, then aa, bb … zz, then aaa … */
export function letter(n: number): string {
  const char = String.fromCharCode(97 + ((n - 1) % 26))
  return char.repeat(Math.floor((n - 1) / 26) + 1)
}

interface Scope {
  /** "Part II" etc. of the enclosing division, for section refs. */
  divisionRef: string
  /** "Annex I, " when inside an annex, else ''. */
  annexPrefix: string
}

/** Numbers every part, chapter, section, article, paragraph, sub-paragraph and annex of `doc`. */
export function numberTreaty(doc: Node): Numbering {
  const byPos = new Map<number, Label>()
  const byId = new Map<string, Label>()
  const counters = { part: 0, chapter: 0, article: 0, annex: 0 }

  const record = (pos: number, node: Node, label: Omit<Label, 'id'>) => {
    const full: Label = { ...label, id: String(node.attrs.id ?? '') }
    byPos.set(pos, full)
    if (full.id && !byId.has(full.id)) byId.set(full.id, full)
  }

  const numberParagraphs = (container: Node, start: number, prefix: string, articleRef: string) => {
    let count = 0
    container.forEach((child) => { if (child.type.name === 'paragraph') count++ })
    let n = 0
    container.forEach((para, offset) => {
      if (para.type.name !== 'paragraph') return
      n++
      const pos = start + offset
      const sole = count === 1 && articleRef !== ''
      const paraRef = articleRef === '' ? `${prefix}paragraph ${n}` : sole ? articleRef : `${articleRef}(${n})`
      record(pos, para, { kind: 'paragraph', ordinal: n, marker: sole ? '' : `${n}.`, ref: paraRef })
      numberSubparagraphs(para, pos + 1, paraRef)
    })
  }

  const numberSubparagraphs = (para: Node, start: number, paraRef: string) => {
    let a = 0
    para.forEach((sub, offset) => {
      if (sub.type.name !== 'subparagraph') return
      a++
      const pos = start + offset
      const subRef = `${paraRef}(${letter(a)})`
      record(pos, sub, { kind: 'subparagraph', ordinal: a, marker: `(${letter(a)})`, ref: subRef })
      let i = 0
      sub.forEach((subsub, off2) => {
        if (subsub.type.name !== 'subsubparagraph') return
        i++
        const r = roman(i).toLowerCase()
        record(pos + 1 + off2, subsub, { kind: 'subsubparagraph', ordinal: i, marker: `(${r})`, ref: `${subRef}(${r})` })
      })
    })
  }

  const numberArticle = (article: Node, pos: number, ordinal: number, scope: Scope) => {
    const ref = `${scope.annexPrefix}Article ${ordinal}`
    record(pos, article, { kind: 'article', ordinal, marker: `Article ${ordinal}`, ref })
    numberParagraphs(article, pos + 1, scope.annexPrefix, ref)
  }

  // Walks a container of divisions and articles (the doc, a part, a chapter, a section, the final provisions).
  const walkBody = (container: Node, start: number, scope: Scope) => {
    let sections = 0
    container.forEach((child, offset) => {
      const pos = start + offset
      switch (child.type.name) {
        case 'part': {
          const ref = `Part ${roman(++counters.part)}`
          record(pos, child, { kind: 'part', ordinal: counters.part, marker: ref, ref })
          walkBody(child, pos + 1, { ...scope, divisionRef: ref })
          break
        }
        case 'chapter': {
          const ref = `Chapter ${roman(++counters.chapter)}`
          record(pos, child, { kind: 'chapter', ordinal: counters.chapter, marker: ref, ref })
          walkBody(child, pos + 1, { ...scope, divisionRef: ref })
          break
        }
        case 'section': {
          sections++
          const marker = `Section ${sections}`
          const ref = scope.divisionRef ? `${scope.divisionRef}, ${marker}` : marker
          record(pos, child, { kind: 'section', ordinal: sections, marker, ref })
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
    if (child.type.name !== 'annex') return
    const marker = `Annex ${roman(++counters.annex)}`
    record(offset, child, { kind: 'annex', ordinal: counters.annex, marker, ref: marker })
    const scope: Scope = { divisionRef: '', annexPrefix: `${marker}, ` }
    let articles = 0
    child.forEach((inner, off2) => {
      if (inner.type.name === 'article') numberArticle(inner, offset + 1 + off2, ++articles, scope)
    })
    numberParagraphs(child, offset + 1, scope.annexPrefix, '')
  })

  return { byPos, byId }
}

/** The text a cross-reference to `targetId` shows, or null when the target no longer exists. */
export function xrefText(numbering: Numbering, targetId: string): string | null {
  return numbering.byId.get(targetId)?.ref ?? null
}
