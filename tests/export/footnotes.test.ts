// Footnotes in the Word, PDF, HTML and Markdown exports: each keeps every footnote, numbered through
// the treaty as the editor numbers them, with its text (Akoma Ntoso: akn.test.ts).
import { spawnSync, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { article, doc, footnote, heading, marked, note, paragraph, title } from '../../editor/model/build.js'
import { treatyToDocx } from '../../server/export/docx.js'
import { treatyToPdf } from '../../server/export/pdf.js'
import { treatyToHtml } from '../../server/export/html.js'
import { treatyToMarkdown } from '../../server/export/markdown.js'
import { importMarkdown } from '../../server/import/markdown.js'
import { numberFootnotes } from '../../editor/model/numbering.js'

const dir = mkdtempSync(join(tmpdir(), 'pacta-footnotes-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const AT = new Date('2026-02-01T12:00:00Z')

const treaty = (): Node => doc(title('Treaty on Meetings'),
  article({ id: 'art-1' }, heading('Scope'),
    ...paragraph({ id: 'p-1' }, 'The Parties shall meet', footnote(['Meetings may be held ', marked('em', 'online'), '.']), ' every year.')),
  note('Check the quorum', footnote('Working copies only')),
  article({ id: 'art-2' }, heading('Entry into force', footnote('On the heading')),
    ...paragraph({ id: 'p-2' }, 'This Treaty enters into force', footnote('After ratification by two Parties.'), '.')))

/** One part of a .docx package as text. */
function docxPart(bytes: Uint8Array, name: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.docx`)
  writeFileSync(path, bytes)
  const run = spawnSync('unzip', ['-p', path, name], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (run.status !== 0) throw new Error(`unzip could not read ${name}: ${run.stderr}`)
  return run.stdout
}

describe('Word export', () => {
  it('writes real Word footnotes: references in the text, their text in footnotes.xml, in order', async () => {
    const bytes = await treatyToDocx(treaty(), {}, { title: 'T', clean: true, exportedAt: AT })
    const notes = docxPart(bytes, 'word/footnotes.xml')
    const texts = [...notes.matchAll(/<w:footnote\b[^>]*w:id="(\d+)"[^>]*>([\s\S]*?)<\/w:footnote>/g)]
      .map(([, , body]) => [...body!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
      .filter((t) => t !== '')
    expect(texts).toEqual(['Meetings may be held online.', 'On the heading', 'After ratification by two Parties.'])
    const body = docxPart(bytes, 'word/document.xml')
    expect(body.match(/<w:footnoteReference /g)?.length).toBe(3)
    expect(body).not.toContain('Working copies only')
    // the working copy has the drafting note's footnote too
    const working = docxPart(await treatyToDocx(treaty(), {}, { title: 'T', clean: false, exportedAt: AT }), 'word/footnotes.xml')
    expect(working).toContain('Working copies only')
  })
})

describe('PDF export', () => {
  it('prints each footnote\'s number in the text and its note after its article', async () => {
    const path = join(dir, 'footnotes.pdf')
    writeFileSync(path, await treatyToPdf(treaty(), {}, { title: 'T', clean: true, exportedAt: AT }))
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    expect(text).toContain('The Parties shall meet¹ every year.')
    expect(text).toContain('1 Meetings may be held online.')
    expect(text).toContain('Entry into force²')
    expect(text).toContain('2 On the heading')
    expect(text).toContain('enters into force³.')
    expect(text).toContain('3 After ratification by two Parties.')
    // the first note comes after its article and before the next one
    expect(text.indexOf('1 Meetings may be held online.')).toBeLessThan(text.indexOf('Article 2'))
    expect(text).not.toContain('Working copies only')
  })
})

describe('HTML export', () => {
  it('links each number to its note at the end, and back', () => {
    const html = treatyToHtml(treaty(), {}, { title: 'T', clean: true, exportedAt: AT })
    expect(html).toContain('meet<sup class="footnote-ref"><a id="fnref-1" href="#fn-1">1</a></sup> every year.')
    expect(html).toContain('<li id="fn-1" value="1">Meetings may be held <em>online</em>. <a class="footnote-back" href="#fnref-1"')
    expect(html).toContain('<li id="fn-3" value="3">After ratification by two Parties.')
    expect(html).not.toContain('Working copies only')
  })
})

describe('Markdown export and import', () => {
  it('writes Markdown footnotes, and importing them gives the footnotes back', () => {
    const md = treatyToMarkdown(treaty(), {}, { title: 'T', clean: true, exportedAt: AT })
    expect(md).toContain('The Parties shall meet[^1] every year.')
    expect(md).toContain('## Article 2 — Entry into force[^2]')
    expect(md).toContain('[^1]: Meetings may be held *online*.')
    expect(md).toContain('[^3]: After ratification by two Parties.')
    const back = importMarkdown(md).doc
    expect(numberFootnotes(back).map((f) => [f.number, f.node.textContent])).toEqual([
      [1, 'Meetings may be held online.'], [2, 'On the heading'], [3, 'After ratification by two Parties.'],
    ])
    // the definitions are not read as text of the treaty
    expect(back.textContent).not.toContain('[^')
  })
})

describe('Akoma Ntoso import', () => {
  it('reads authorial notes back as footnotes where their markers stood', async () => {
    const { treatyToAkn } = await import('../../server/export/akn.js')
    const { importAkn } = await import('../../server/import/akn.js')
    const xml = treatyToAkn(treaty(), {}, { documentId: 'Abc123def456', title: 'T', clean: true, createdAt: AT, exportedAt: AT })
    const back = importAkn(xml).doc
    expect(numberFootnotes(back).map((f) => f.node.textContent)).toEqual(['Meetings may be held online.', 'On the heading', 'After ratification by two Parties.'])
    let paragraph = ''
    back.descendants((n) => { if (!paragraph && n.type.name === 'paragraph') paragraph = n.firstChild?.text ?? ''; return !paragraph })
    expect(paragraph).toBe('The Parties shall meet')
  })
})
