// PDF export: read back with poppler's pdftotext, the PDF of the sample treaty and of UNCLOS holds
// every article heading in order, every character of the corpus, page numbers and the running
// header; a clean PDF has no drafting notes.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { article, doc, heading, note, param, paragraph, title } from '../../editor/model/build.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { unclosTreaty } from '../../bench/editor/unclos.js'
import { treatyToPdf, type PdfExportOptions } from '../../server/export/pdf.js'
import { articleHeadings, flat, missingInOrder } from './headings.js'

const UNCLOS = resolve(import.meta.dirname, '../fixtures/corpus/unclos-1982_law-of-the-sea.en.md')
const dir = mkdtempSync(join(tmpdir(), 'pacta-pdf-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
/** The text of each page of `pdf`, as pdftotext reads it (UTF-8, pages split at form feeds). */
function pages(pdf: Buffer): string[] {
  const path = join(dir, `${++files}.pdf`)
  writeFileSync(path, pdf)
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 256 << 20 })
  return text.split('\f').slice(0, -1)
}

const options = (clean: boolean, extra: Partial<PdfExportOptions> = {}): PdfExportOptions =>
  ({ title: 'Sample', clean, exportedAt: new Date('2026-02-01T12:00:00Z'), ...extra })

describe('PDF export', () => {
  it('holds every article heading of the sample treaty in order, after a title page with version and date', async () => {
    const text = pages(await treatyToPdf(sampleTreaty(), SAMPLE_PARAMETERS, options(true)))
    expect(flat(text[0]!)).toBe('Model Treaty on the Protection and Facilitation of Peace Negotiations Clean draft 1 February 2026')
    const body = flat(text.slice(1).join(' '))
    const headings = articleHeadings(sampleTreaty())
    expect(headings.length).toBeGreaterThan(5)
    expect(missingInOrder(body, headings)).toEqual([])
    expect(missingInOrder(body, ['Part I General provisions', 'Part II Protection of negotiators and facilitators', 'Final provisions', 'Annex I'])).toEqual([])
    // markers, a reference as its target's current number, an unfilled parameter as its placeholder
    expect(body).toContain('2. The decision shall name the facilitators, state the purpose of the talks and set their duration.')
    expect(body).toContain('(c) authorised talks means negotiations that a State Party has authorised in writing under Article 3.')
    expect(body).toContain('[entry_into_force_count]')
  })

  it('numbers every page after the title page and heads it with the title and the confidential mark', async () => {
    const text = pages(await treatyToPdf(sampleTreaty(), SAMPLE_PARAMETERS, options(false)))
    expect(text.length).toBeGreaterThan(2)
    expect(text[0]).not.toContain('Page ')
    text.slice(1).forEach((page, i) => {
      expect(page).toContain(`Page ${i + 2} of ${text.length}`)
      expect(page).toContain('DRAFT — CONFIDENTIAL')
      expect(page).toContain('Model Treaty on the Protection and Facilitation of Peace Negotiations')
    })
    const open = pages(await treatyToPdf(sampleTreaty(), SAMPLE_PARAMETERS, options(false, { confidential: false })))
    expect(open.join('')).not.toContain('CONFIDENTIAL')
  })

  it('prints drafting notes in a working PDF and none in a clean one', async () => {
    const noteText = 'Check the interplay with the complementarity rule of Article 17 of the Rome Statute before the next reading.'
    const working = flat(pages(await treatyToPdf(sampleTreaty(), SAMPLE_PARAMETERS, options(false))).join(' '))
    expect(working).toContain(`Working draft, with drafting notes`)
    expect(working).toContain(`Drafting note: ${noteText}`)
    const clean = flat(pages(await treatyToPdf(sampleTreaty(), SAMPLE_PARAMETERS, options(true))).join(' '))
    expect(clean).not.toContain('Drafting note')
    expect(clean).not.toContain('complementarity rule')
  })

  it('prints every character of the corpus, the clause library and the sample: accents, dashes, curly quotes', async () => {
    // every character outside ASCII in ../shared/corpus (nine treaties), clauses/ and templates/, and a few more a drafter types
    const special = 'áèéŠ–’“”ćš…← — ‘ü ñ ß § ° ł ș Ω'
    // printable ASCII in words of 12, so that lines break between them
    const ascii = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).join('').replace(/.{12}/g, '$& ').trim()
    const line = `${special} office fluent ${ascii}`
    const treaty = doc(title('Traité “Ωmega”'), article({ id: 'a1' }, heading('Entrée en vigueur – règles'), paragraph({ id: 'p1' }, line), note('Note — fin…')))
    const text = flat(pages(await treatyToPdf(treaty, {}, options(false))).join(' '))
    expect(text).toContain('Traité “Ωmega”')
    expect(text).toContain('Article 1 Entrée en vigueur – règles')
    expect(text).toContain(line)
    expect(text).toContain('Drafting note: Note — fin…')
  })

  it('shows a filled parameter\'s value and marks an unfilled one', async () => {
    const treaty = doc(title('T'), article({ id: 'a1' }, heading('Depositary'), paragraph({ id: 'p1' }, 'The depositary is ', param('depositary'), '; in force on ', param('date'), '.')))
    const text = flat(pages(await treatyToPdf(treaty, { depositary: 'the Secretary-General' }, options(true))).join(' '))
    expect(text).toContain('The depositary is the Secretary-General; in force on [date].')
  })

  it('holds every article heading of UNCLOS in order', { timeout: 120_000 }, async () => {
    const { doc: unclos } = unclosTreaty(UNCLOS)
    const text = pages(await treatyToPdf(unclos, {}, options(true, { title: 'UNCLOS' })))
    const headings = articleHeadings(unclos)
    expect(headings.length).toBeGreaterThan(400)
    expect(missingInOrder(flat(text.join(' ')), headings)).toEqual([])
    expect(text.at(-1)).toContain(`Page ${text.length} of ${text.length}`)
  })
})
