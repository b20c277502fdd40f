// What the tests that read an export back with an outside tool (pdftotext, LibreOffice) look for:
// every article heading, in document order, as the numbering module numbers it.
import type { Node } from 'prosemirror-model'
import { numberTreaty } from '../../editor/model/numbering.js'

/** Text with every run of white space as one space. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ').trim()

/** "Article 3 Authorisation of talks" for every article of `treaty`, in document order. */
export function articleHeadings(treaty: Node): string[] {
  const numbering = numberTreaty(treaty)
  const out: string[] = []
  treaty.descendants((node, pos) => {
    if (node.type.name !== 'article') return true
    const label = numbering.byPos.get(pos)
    const first = node.firstChild?.type.name === 'heading' ? node.firstChild.textContent : ''
    out.push(flat(`${label?.marker ?? ''} ${first}`))
    return false
  })
  return out
}

/**
 * The headings of `expected` that `text` does not hold in that order (each searched after the one
 * before), white space compared as one space. Hyphens are left out of both: pdftotext joins a
 * word that a line end broke after its hyphen ("non-" / "governmental" reads "nongovernmental").
 */
export function missingInOrder(text: string, expected: string[]): string[] {
  const loose = (s: string) => flat(s).replace(/-/g, '')
  const haystack = loose(text)
  const missing: string[] = []
  let at = 0
  for (const heading of expected) {
    const found = haystack.indexOf(loose(heading), at)
    if (found < 0) missing.push(heading)
    else at = found + loose(heading).length
  }
  return missing
}
