// The local numbers of a clause's paragraph blocks ("1.", "(a)", "(i)"), as a clause shows them
// outside a document: in the library preview and in the text of a clause compared with the library.
import type { Node } from 'prosemirror-model'
import { clampLevel } from '../schema.js'
import { isNumberedUnit, unitMarker } from '../numbering.js'

/**
 * The marker of each node of `blocks` as the clause numbers it on its own: paragraphs "1.",
 * "2." …, their sub-paragraphs "(a)" …, and those "(i)" …, each level counted again under every
 * unit of the level above (as `numberTreaty` counts); '' for a block that takes no number (text
 * continuing a unit, a heading, a note).
 */
export function localMarkers(blocks: readonly Node[]): string[] {
  const counters = [0, 0, 0]
  return blocks.map((block) => {
    if (!isNumberedUnit(block)) return ''
    const level = clampLevel(block.attrs.level)
    const n = ++counters[level]!
    counters.fill(0, level + 1)
    return unitMarker(level, n)
  })
}
