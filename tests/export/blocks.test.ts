// The printed blocks that the Word and PDF exports lay out: headings with the numbering module's
// numbers and depths, units with their markers and levels, runs that carry terms, references and
// placeholders, and drafting notes only in a working export.
import { describe, expect, it } from 'vitest'
import { article, doc, heading, note, paragraph, title, xref } from '../../editor/model/build.js'
import { BROKEN_XREF_TEXT } from '../../editor/model/numbering.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { printTreaty, runsText, type Block } from '../../server/export/blocks.js'

const at = new Date('2026-02-01T12:00:00Z')
const headings = (blocks: Block[]) =>
  blocks.flatMap((b) => (b.kind === 'heading' ? [[b.depth, b.marker, runsText(b.runs)].filter((t) => t !== '').join(' ')] : []))

describe('printed blocks', () => {
  it('give the title page lines and the divisions and articles with their numbers and depths, in order', () => {
    const printed = printTreaty(sampleTreaty(), SAMPLE_PARAMETERS, { title: 'x', clean: true, exportedAt: at })
    expect([printed.titleText, printed.version, printed.date]).toEqual(['Model Treaty on the Protection and Facilitation of Peace Negotiations', 'Clean draft', '1 February 2026'])
    expect(headings(printed.blocks).slice(0, 4)).toEqual(['1 Part I General provisions', '3 Article 1 Purpose', '3 Article 2 Use of terms', '1 Part II Protection of negotiators and facilitators'])
    expect(headings(printed.blocks)).toContain('1 Final provisions')
    expect(headings(printed.blocks).at(-1)).toBe('1 Annex I Model certificate of authorised talks')
  })

  it('give units their markers and levels, defined terms in bold, references as their target\'s number and unfilled parameters as placeholders', () => {
    const { blocks } = printTreaty(sampleTreaty(), SAMPLE_PARAMETERS, { title: 'x', clean: true })
    const units = blocks.filter((b): b is Extract<Block, { kind: 'unit' }> => b.kind === 'unit')
    const c = units.find((u) => u.id === 'sub-terms-c')!
    expect([c.level, c.marker]).toEqual([1, '(c)'])
    expect(c.runs[0]).toEqual({ text: 'authorised talks', bold: true })
    expect(c.runs).toContainEqual({ text: 'Article 3', target: 'art-authorisation' })
    const eif = units.find((u) => u.id === 'para-eif-1')!
    expect(eif.runs).toContainEqual({ text: '[entry_into_force_count]', flag: 'placeholder' })
    expect(units.find((u) => u.id === 'para-dep-1')!.runs.map((r) => ('text' in r ? r.text : '')).join('')).toContain('the Secretary-General of the United Nations')
  })

  it('keep drafting notes only in a working export, and mark a reference whose target is gone', () => {
    const treaty = doc(title('T'), article({ id: 'a1' }, heading('One'), paragraph({ id: 'p1' }, 'See ', xref('gone'), '.'), note('Check.')))
    expect(printTreaty(treaty, {}, { title: 'T', clean: true }).blocks.some((b) => b.kind === 'note')).toBe(false)
    const working = printTreaty(treaty, {}, { title: 'T', clean: false })
    expect(working.version).toBe('Working draft, with drafting notes')
    expect(working.blocks.flatMap((b) => (b.kind === 'note' ? [runsText(b.runs)] : []))).toEqual(['Check.'])
    const unit = working.blocks.find((b) => b.kind === 'unit')!
    expect(unit.kind === 'unit' && unit.runs[1]).toEqual({ text: BROKEN_XREF_TEXT, flag: 'broken' })
  })

  it('fall back to the document\'s title when the treaty has none', () => {
    expect(printTreaty(doc(title()), {}, { title: 'Draft convention', clean: true }).titleText).toBe('Draft convention')
  })
})
