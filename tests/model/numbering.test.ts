import { describe, expect, it } from 'vitest'
import { numberTreaty, xrefText, roman, letter } from '../../editor/model/numbering.js'
import { sampleTreaty } from '../../editor/model/sample.js'
import { treatyShapeErrors } from '../../editor/model/normalize.js'

describe('numbering', () => {
  const numbering = numberTreaty(sampleTreaty())
  it('numbers articles across parts and final provisions', () => {
    expect(xrefText(numbering, 'art-purpose')).toBe('Article 1')
    expect(xrefText(numbering, 'art-safe-conduct')).toBe('Article 5')
    expect(xrefText(numbering, 'art-entry-into-force')).toBe('Article 7')
  })
  it('names paragraphs and sub-paragraphs as treaties cite them', () => {
    expect(xrefText(numbering, 'para-auth-1')).toBe('Article 3(1)')
    expect(xrefText(numbering, 'para-purpose-1')).toBe('Article 1')
    expect(xrefText(numbering, 'sub-terms-b')).toBe('Article 2(b)')
    expect(numbering.byId.get('para-purpose-1')?.marker).toBe('')
  })
  it('numbers parts and annexes in Roman numerals', () => {
    expect(xrefText(numbering, 'part-protection')).toBe('Part II')
    expect(xrefText(numbering, 'annex-certification')).toBe('Annex I')
  })
  it('returns null for a missing target', () => {
    expect(xrefText(numbering, 'nope')).toBeNull()
  })
  it('writes Roman numerals and letters', () => {
    expect([1, 4, 9, 14, 40, 1999].map(roman)).toEqual(['I', 'IV', 'IX', 'XIV', 'XL', 'MCMXCIX'])
    expect([1, 26, 27, 28].map(letter)).toEqual(['a', 'z', 'aa', 'bb'])
  })
  it('the sample treaty is in treaty shape', () => {
    expect(treatyShapeErrors(sampleTreaty())).toEqual([])
  })
})
