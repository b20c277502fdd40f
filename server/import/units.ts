// The numbered units of one article or annex, as read from a file, turned into the flat paragraph
// blocks the schema stores (levels are attributes: see editor/model/schema.ts).
import type { Node } from 'prosemirror-model'
import type { Inline } from '../../editor/model/build.js'
import { MAX_LEVEL, schema } from '../../editor/model/schema.js'
import type { ReportBuilder } from './report.js'

/** One block of text read inside an article or annex. */
export interface TextEntry {
  /** 0 "1.", 1 "(a)", 2 "(i)". */
  level: number
  /** Whether the file gave it a number or letter of its own. */
  numbered: boolean
  content: Inline[]
  /** A stable id to keep (the importer knows one), else '' and normalisation mints one. */
  id?: string
}

/** What an article or annex holds, in order: text, or a block kept as it is (a drafting note, a heading). */
export type UnitEntry = TextEntry | { block: Node }

/**
 * The paragraph blocks of `entries`. A numbered entry is a unit of its level. Unnumbered text is
 * the article's one unnumbered paragraph when the article has no numbered paragraph and none came
 * before it; otherwise it is text that takes no number ("continues": an introduction before "1.",
 * or words closing a list), so the numbers the file gave are the numbers the editor shows.
 */
export function unitBlocks(entries: UnitEntry[]): Node[] {
  const numberedTop = entries.some((e) => !('block' in e) && e.level === 0 && e.numbered)
  let topSeen = false
  return entries.map((e) => {
    if ('block' in e) return e.block
    const level = Math.max(0, Math.min(MAX_LEVEL, e.level))
    const content = inlineNodes(e.content)
    if (e.numbered || (level === 0 && !numberedTop && !topSeen)) {
      if (level === 0) topSeen = true
      return schema.nodes.paragraph.create({ id: e.id ?? '', level }, content)
    }
    return schema.nodes.paragraph.create({ id: e.id ?? '', level, continues: true }, content)
  })
}

/** Inline content as nodes (strings become text nodes; empty strings are dropped). */
export function inlineNodes(parts: Inline[]): Node[] {
  return parts.filter((p) => p !== '').map((p) => (typeof p === 'string' ? schema.text(p) : p))
}

type ItemKind = 'number' | 'alpha' | 'roman'

/** The ordinal of a treaty letter (a … z, aa … zz, as numbering.ts writes them), or 0 when `t` is not one. */
const letterOrdinal = (t: string): number =>
  /^([a-z])\1*$/.test(t) ? (t.length - 1) * 26 + t.charCodeAt(0) - 96 : 0
const ROMAN = /^(?:x{0,3})(?:ix|iv|v?i{0,3})$/

/**
 * Levels of the lettered and numbered items under one paragraph: the kinds nest in the order they
 * first appear ("(a)" then "(i)", or "(1)" then "(a)" then "(i)"), and "(i)" right after "(h)" (or
 * "(ii)" right after "(hh)") is a letter. Items deeper than the schema's deepest level are shown at it, and reported.
 */
export class ItemLevels {
  private stack: Array<{ kind: ItemKind; last: string }> = []

  /** A new paragraph starts a new list. */
  reset(): void { this.stack = [] }

  /** The level of the item marked `token` ("a", "iv", "3"), 1 or 2. */
  level(token: string, text: string, report: ReportBuilder): number {
    const kind = this.kindOf(token)
    let depth = this.stack.findIndex((s) => s.kind === kind)
    if (depth < 0) {
      depth = this.stack.length
      this.stack.push({ kind, last: token })
    } else {
      this.stack.length = depth + 1
      this.stack[depth]!.last = token
    }
    if (depth + 1 > MAX_LEVEL) report.fallback(text, `item "(${token})" is nested deeper than (i): shown at the (i) level`)
    return Math.min(depth + 1, MAX_LEVEL)
  }

  private kindOf(token: string): ItemKind {
    if (/^\d+$/.test(token)) return 'number'
    const t = token.toLowerCase()
    if (!ROMAN.test(t)) return 'alpha'
    const alpha = this.stack.find((s) => s.kind === 'alpha')
    if (alpha && letterOrdinal(t) === letterOrdinal(alpha.last.toLowerCase()) + 1) return 'alpha'
    // "(i)" with no list of letters open and no roman list open either starts letters only when it cannot be roman
    return 'roman'
  }
}
