// Markdown export: numbers as in the editor, headings for divisions and articles, references as
// their current numbers, parameters filled or as placeholders, clean and working modes, escaping.
import { describe, expect, it } from 'vitest'
import { article, doc, heading, note, paragraph, param, part, subparagraph, title, xref } from '../../editor/model/build.js'
import { numberTreaty } from '../../editor/model/numbering.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { treatyToMarkdown } from '../../server/export/markdown.js'

const at = new Date('2026-02-01T12:00:00Z')
const md = (d = sampleTreaty(), clean = true, params = SAMPLE_PARAMETERS) => treatyToMarkdown(d, params, { title: 'x', clean, exportedAt: at })

describe('Markdown export', () => {
  it('writes the title, part and article headings with the numbers the numbering module gives', () => {
    const text = md()
    expect(text.startsWith('# Model Treaty on the Protection and Facilitation of Peace Negotiations\n\n*Clean draft · exported 1 February 2026*')).toBe(true)
    const headings = text.split('\n').filter((l) => l.startsWith('### Article')).map((l) => l.split(' — ')[0]!.slice(4))
    const numbers = [...numberTreaty(sampleTreaty()).byPos.values()].filter((l) => l.kind === 'article').map((l) => l.marker)
    expect(headings).toEqual(numbers)
    expect(text).toContain('## Part II — Protection of negotiators and facilitators')
    expect(text).toContain('## Annex I — Model certificate of authorised talks')
  })

  it('writes paragraph and sub-paragraph markers, references as current numbers, parameters filled or as placeholders', () => {
    const text = md()
    expect(text).toContain('\n\n2\\. The decision shall name the facilitators')
    expect(text).toContain('\n\n(c) **authorised talks** means negotiations that a State Party has authorised in writing under Article 3.')
    expect(text).toContain('the authorisation given under Article 3(1).')
    expect(text).toContain('shall be the Secretary-General of the United Nations.')
    expect(text).toContain('deposit of the \\[entry\\_into\\_force\\_count\\] instrument')
  })

  it('keeps drafting notes only in working mode', () => {
    expect(md()).not.toContain('Drafting note')
    expect(md(sampleTreaty(), false)).toContain('> **Drafting note:** Check the interplay')
    expect(md(sampleTreaty(), false)).toContain('*Working draft, with drafting notes')
  })

  it('escapes text so that nothing in it becomes Markdown or HTML, and marks a broken reference', () => {
    const d = doc(title('T'), part({ id: 'p' }, heading('H'), article({ id: 'a' }, heading('# not a heading'),
      paragraph({ id: 'x1' }, '1. not a list <script>alert(1)</script> *no* [link](javascript:x) ', xref('gone')),
      paragraph({ id: 'x2' }, '- ', param('p'), subparagraph({ id: 's' }, 'ok')), note('n'))))
    const text = md(d, true, {})
    expect(text).toContain('### Article 1 — # not a heading')
    expect(text).toContain('1\\. 1. not a list &lt;script>alert(1)&lt;/script> \\*no\\* \\[link\\](javascript:x) ⚠ broken reference')
    expect(text).toContain('2\\. - \\[p\\]')
    expect(text).not.toContain('<script')
  })
})
