// Word export: a real .docx (a zip Word reads) with Word's heading styles, the editor's numbers,
// references as their current numbers, a title page, the confidential header and page numbers.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { numberTreaty } from '../../editor/model/numbering.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { treatyToDocx } from '../../server/export/docx.js'

const dir = mkdtempSync(join(tmpdir(), 'pacta-docx-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** One part of the .docx package as text (unzip -p). */
function part(bytes: Uint8Array, name: string, file: string): string {
  const path = join(dir, file)
  writeFileSync(path, bytes)
  const run = spawnSync('unzip', ['-p', path, name], { encoding: 'utf8', maxBuffer: 64 << 20 })
  if (run.status !== 0) throw new Error(`unzip could not read ${name}: ${run.stderr}`)
  return run.stdout
}

/** The text of each paragraph of document.xml, with its style. */
function paragraphs(xml: string): Array<{ style: string; text: string }> {
  return [...xml.matchAll(/<w:p>(.*?)<\/w:p>|<w:p [^>]*>(.*?)<\/w:p>/gs)].map((m) => {
    const inner = m[1] ?? m[2] ?? ''
    const style = /<w:pStyle w:val="([^"]+)"/.exec(inner)?.[1] ?? ''
    const text = [...inner.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:(tab)\/>|<w:(br)\/>/g)].map((t) => t[1] ?? (t[2] ? '\t' : '\n')).join('')
    return { style, text }
  })
}

describe('Word export', () => {
  it('writes the articles as Heading 3 with the editor\'s numbers, in order, after a title page', async () => {
    const bytes = await treatyToDocx(sampleTreaty(), SAMPLE_PARAMETERS, { title: 'x', clean: true, exportedAt: new Date('2026-02-01T12:00:00Z') })
    const paras = paragraphs(part(bytes, 'word/document.xml', 'sample.docx'))
    expect(paras[0]).toEqual({ style: 'Title', text: 'Model Treaty on the Protection and Facilitation of Peace Negotiations' })
    expect(paras.slice(1, 3).map((p) => p.text)).toEqual(['Clean draft', '1 February 2026'])
    const articles = paras.filter((p) => p.style === 'Heading3').map((p) => p.text.split('\n')[0])
    const numbers = [...numberTreaty(sampleTreaty()).byPos.values()].filter((l) => l.kind === 'article').map((l) => l.marker)
    expect(articles).toEqual(numbers)
    expect(paras.filter((p) => p.style === 'Heading1').map((p) => p.text)).toEqual(
      ['Part I\nGeneral provisions', 'Part II\nProtection of negotiators and facilitators', 'Final provisions', 'Annex I\nModel certificate of authorised talks'])
    expect(paras.map((p) => p.text)).toContain('2.\tThe decision shall name the facilitators, state the purpose of the talks and set their duration.')
    expect(paras.map((p) => p.text)).toContain('(c)\tauthorised talks means negotiations that a State Party has authorised in writing under Article 3.')
    expect(paras.some((p) => p.text.includes('[entry_into_force_count]'))).toBe(true)
    expect(paras.some((p) => p.text.startsWith('Drafting note'))).toBe(false)
  })

  it('has the confidential header and page numbers, and drafting notes only in working mode', async () => {
    const bytes = await treatyToDocx(sampleTreaty(), SAMPLE_PARAMETERS, { title: 'x', clean: false })
    expect(part(bytes, 'word/header1.xml', 'working.docx')).toContain('DRAFT — CONFIDENTIAL')
    expect(part(bytes, 'word/footer1.xml', 'working.docx')).toContain('PAGE')
    expect(paragraphs(part(bytes, 'word/document.xml', 'working.docx')).some((p) => p.text.startsWith('Drafting note: Check the interplay'))).toBe(true)
  })

  it('writes references in the document\'s citation style', async () => {
    const texts = async (citationStyle?: 'un' | 'compact') =>
      paragraphs(part(await treatyToDocx(sampleTreaty(), SAMPLE_PARAMETERS, { title: 'x', clean: true, citationStyle }), 'word/document.xml', 'cited.docx')).map((p) => p.text)
    const compact = await texts()
    expect(compact).toContain('(c)\tauthorised talks means negotiations that a State Party has authorised in writing under Article 3.')
    expect(compact.some((t) => t.endsWith('within the scope of the authorisation given under Article 3(1).'))).toBe(true)
    const un = await texts('un')
    expect(un).toContain('(c)\tauthorised talks means negotiations that a State Party has authorised in writing under article 3.')
    expect(un.some((t) => t.endsWith('within the scope of the authorisation given under article 3, paragraph 1.'))).toBe(true)
  })
})
