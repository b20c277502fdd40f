// Where the editor shows a unit's number: on the unit's own element, whose `data-marker` holds
// the number the stylesheet draws before it (editor/plugins/numbering.ts, editor/ui/editor.css).
import type { NumberedKind } from '../../editor/model/numbering.js'

const UNIT: Record<NumberedKind, string> = {
  part: '.part', chapter: '.chapter', section: '.section', article: '.article', annex: '.annex',
  paragraph: '.paragraph.level-0', subparagraph: '.paragraph.level-1', subsubparagraph: '.paragraph.level-2',
}

/** The selector of the numbered units of `kind` (those that show a number). */
export const numberedUnits = (kind: NumberedKind): string => `${UNIT[kind]}[data-marker]`

/** The numbers the units of `kind` under `root` carry, in document order. */
export const markersIn = (root: ParentNode, kind: NumberedKind): string[] =>
  Array.from(root.querySelectorAll(numberedUnits(kind)), (el) => el.getAttribute('data-marker') ?? '')
