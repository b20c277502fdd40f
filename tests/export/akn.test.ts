// Akoma Ntoso export: every template, the sample treaty and UNCLOS (imported from the corpus Markdown) validate
// against the official schema (libxml2's validator, as WebAssembly and as the system's xmllint),
// and the structure carries numbers, eIds, references, terms, placeholders and provenance.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { validateXML } from 'xmllint-wasm'
import { JSDOM } from 'jsdom'
import { afterAll, describe, expect, it } from 'vitest'
import { annex, article, doc, heading, note, paragraph, part, section, subparagraph, subsubparagraph, title } from '../../editor/model/build.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { AKN_NS, treatyToAkn } from '../../server/export/akn.js'
import { importMarkdown } from '../../server/import/markdown.js'
import { buildTemplate } from '../../editor/model/templates/index.js'
import { loadClauses } from '../../server/library/load-clauses.js'
import { loadTemplates } from '../../server/library/load-templates.js'

// the official schema and a corpus treaty, copied into the repository's fixtures with their sources
const FIXTURES = resolve(import.meta.dirname, '../fixtures')
const SCHEMA = resolve(FIXTURES, 'akn/akomantoso30.xsd')
const XML_XSD = resolve(FIXTURES, 'akn/xml.xsd')
const UNCLOS = resolve(FIXTURES, 'corpus/unclos-1982_law-of-the-sea.en.md')

/**
 * libxml2's verdict on `xml` against the AKN 3.0 schema: '' when valid, else its errors. The
 * validator is libxml2's xmllint compiled to WebAssembly (the xmllint-wasm package); the system's
 * xmllint (`xmllintErrors`) checks the same files.
 */
async function schemaErrors(xml: string, name: string): Promise<string> {
  const result = await validateXML({
    xml: { fileName: name, contents: xml },
    schema: { fileName: 'akomantoso30.xsd', contents: readFileSync(SCHEMA, 'utf8') },
    preload: { fileName: 'xml.xsd', contents: readFileSync(XML_XSD, 'utf8') },
    maxMemoryPages: 16_384,
  })
  return result.valid ? '' : result.rawOutput.split('\n').slice(0, 20).join('\n')
}

const dir = mkdtempSync(join(tmpdir(), 'pacta-akn-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * The system xmllint's verdict (Debian libxml2-utils, as `xmllint --noout --schema
 * akomantoso30.xsd`) on `xml`: '' when valid, else its errors. Never reaches the network.
 */
function xmllintErrors(xml: string, name: string): string {
  const path = join(dir, name)
  writeFileSync(path, xml)
  const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, path], { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 })
  if (run.error) throw new Error(`xmllint could not run: ${run.error.message}`)
  return run.status === 0 ? '' : `${run.stderr}`.split('\n').slice(0, 20).join('\n') || `xmllint exited ${run.status}`
}

/** Both validators' errors on `xml`: the WebAssembly libxml2 and the system xmllint; '' when both find it valid. */
async function bothValidators(xml: string, name: string): Promise<string> {
  const [wasm, system] = [await schemaErrors(xml, name), xmllintErrors(xml, name)]
  return [wasm && `xmllint-wasm: ${wasm}`, system && `xmllint: ${system}`].filter(Boolean).join('\n')
}

const options = (clean: boolean) => ({ documentId: 'Abc123def456', title: 'Sample', clean, createdAt: new Date('2026-01-05T10:00:00Z'), exportedAt: new Date('2026-02-01T12:00:00Z') })
const parse = (xml: string) => new JSDOM(xml, { contentType: 'text/xml' }).window.document
const byEId = (d: ReturnType<typeof parse>, eId: string) => Array.from(d.getElementsByTagNameNS(AKN_NS, '*')).find((e) => e.getAttribute('eId') === eId)

describe('Akoma Ntoso export', () => {
  it('writes the sample treaty as a bill that validates against akomantoso30.xsd, clean and with drafting notes', async () => {
    for (const clean of [true, false]) {
      const xml = treatyToAkn(sampleTreaty(), SAMPLE_PARAMETERS, options(clean))
      expect(await bothValidators(xml, `sample-${clean}.xml`)).toBe('')
      expect(xml.includes('name="draftingNote"')).toBe(!clean)
    }
  })

  it('is checked by a validator that rejects what the schema does not allow', async () => {
    const xml = treatyToAkn(sampleTreaty(), SAMPLE_PARAMETERS, options(true))
    const invalid = xml.replace('<preface', '<nonsense/><preface')
    expect(await schemaErrors(invalid, 'invalid.xml')).toContain('nonsense')
    expect(xmllintErrors(invalid, 'invalid.xml')).toContain('nonsense')
  })

  it('identifies the work, expression and manifestation and numbers units by the naming convention', () => {
    const d = parse(treatyToAkn(sampleTreaty(), SAMPLE_PARAMETERS, options(true)))
    const bill = d.getElementsByTagNameNS(AKN_NS, 'bill')[0]!
    expect(bill.getAttribute('name')).toBe('treaty')
    const uri = (parent: string) => d.getElementsByTagNameNS(AKN_NS, parent)[0]!.getElementsByTagNameNS(AKN_NS, 'FRBRuri')[0]!.getAttribute('value')
    expect(uri('FRBRWork')).toBe('/akn/int/bill/treaty/2026-01-05/Abc123def456')
    expect(uri('FRBRExpression')).toBe('/akn/int/bill/treaty/2026-01-05/Abc123def456/eng@2026-02-01')
    expect(Array.from(d.getElementsByTagNameNS(AKN_NS, 'article')).map((a) => a.getAttribute('eId'))).toEqual(
      ['art_1', 'art_2', 'art_3', 'art_4', 'art_5', 'art_6', 'art_7'])
    expect(byEId(d, 'att_1__para_1')?.textContent).toContain('authorised under Article 3')
    expect(byEId(d, 'art_2__para_1__point_c')?.getElementsByTagNameNS(AKN_NS, 'num')[0]?.textContent).toBe('(c)')
    expect(byEId(d, 'part_II')?.getElementsByTagNameNS(AKN_NS, 'num')[0]?.textContent).toBe('Part II')
    // Article 2(1)(c) refers to Article 3; Article 4(1) to Article 3(1)
    const refs = Array.from(d.getElementsByTagNameNS(AKN_NS, 'ref')).map((r) => [r.getAttribute('href'), r.textContent])
    expect(refs).toContainEqual(['#art_3', 'Article 3'])
    expect(refs).toContainEqual(['#art_3__para_1', 'Article 3(1)'])
    for (const [href] of refs) expect(byEId(d, href!.slice(1))).toBeDefined()
  })

  it('writes defined terms, placeholders for unfilled parameters and filled values', () => {
    const d = parse(treatyToAkn(sampleTreaty(), SAMPLE_PARAMETERS, options(true)))
    const def = d.getElementsByTagNameNS(AKN_NS, 'def')[0]!
    expect([def.getAttribute('refersTo'), def.textContent]).toEqual(['#term_facilitator', 'facilitator'])
    expect(byEId(d, 'term_facilitator')?.localName).toBe('TLCTerm')
    expect(d.getElementsByTagNameNS(AKN_NS, 'term')[0]!.getAttribute('refersTo')).toBe('#term_facilitator')
    const placeholders = Array.from(d.getElementsByTagNameNS(AKN_NS, 'placeholder')).map((p) => p.getAttribute('originalText'))
    expect(placeholders).toEqual(['entry_into_force_count', 'date'])
    expect(byEId(d, 'art_6__para_1')?.textContent).toContain('the Secretary-General of the United Nations')
  })

  it('records clause provenance in <proprietary> and nests (a) and (i) as points with intro and wrap-up', async () => {
    const clause = JSON.stringify({ id: 'amnesty-broadest', version: 2, variant: 'standard', parameters: { party: 'Utopia' }, paragraphs: ['p2'] })
    const built = article({ id: 'a1' }, heading('Amnesty'),
      paragraph({ id: 'p1' }, 'The Parties shall:', subparagraph({ id: 's1' }, 'first;', subsubparagraph({ id: 'i1' }, 'one'))),
      paragraph({ id: 'p2' }, 'Second.'), note('Check this.'))
    const treaty = doc(title('T'), built.type.create({ ...built.attrs, clause }, built.content))
    const xml = treatyToAkn(treaty, {}, options(false))
    expect(await schemaErrors(xml, 'nested.xml')).toBe('')
    const d = parse(xml)
    expect(byEId(d, 'art_1__para_1__point_a__point_i')?.textContent).toBe('(i)one')
    expect(byEId(d, 'art_1__para_1')?.getElementsByTagNameNS(AKN_NS, 'intro')[0]?.textContent).toBe('The Parties shall:')
    const record = d.getElementsByTagNameNS('urn:x-pacta:akn:1', 'clause')[0]!
    expect([record.getAttribute('id'), record.getAttribute('version'), record.getAttribute('article')]).toEqual(['amnesty-broadest', '2', '#art_1'])
    expect(d.getElementsByTagNameNS('urn:x-pacta:akn:1', 'paragraph')[0]!.getAttribute('href')).toBe('#art_1__para_2')
  })

  it('keeps every heading of a division, an article and an annex: <num>, <heading>, <subheading>s and headings between children', async () => {
    const treaty = doc(title('T'),
      part({ id: 'p' }, heading('Territorial sea'), heading('and contiguous zone'),
        section({ id: 's' }, heading('Innocent passage'),
          heading('Subsection A'), heading('Rules applicable to all ships'),
          article({ id: 'a1' }, heading('Right of innocent passage'), paragraph({ id: 'x1' }, 'Ships enjoy it.')),
          heading('Subsection B'),
          article({ id: 'a2' }, heading('Meaning of passage'), heading('General'), paragraph({ id: 'x2' }, 'Passage means navigation.'),
            heading('Exceptions'), paragraph({ id: 'x3' }, 'Stopping is allowed.')))),
      annex({ id: 'n' }, heading('Highly migratory species'), heading('List'), paragraph({ id: 'y1' }, 'Albacore tuna.'),
        heading('Notes'), paragraph({ id: 'y2' }, 'As listed.')))
    for (const clean of [true, false]) {
      const xml = treatyToAkn(treaty, {}, options(clean))
      expect(await bothValidators(xml, `headings-${clean}.xml`)).toBe('')
    }
    const d = parse(treatyToAkn(treaty, {}, options(true)))
    const own = (eId: string, name: string) => Array.from(byEId(d, eId)!.children).filter((c) => c.localName === name).map((c) => c.textContent)
    expect(own('part_I', 'num')).toEqual(['Part I'])
    expect(own('part_I', 'heading')).toEqual(['Territorial sea'])
    expect(own('part_I', 'subheading')).toEqual(['and contiguous zone'])
    expect(own('part_I__sec_1', 'heading')).toEqual(['Innocent passage'])
    expect(own('part_I__sec_1', 'subheading')).toEqual(['Subsection A', 'Rules applicable to all ships'])
    expect(own('part_I__sec_1', 'crossHeading')).toEqual(['Subsection B'])
    expect(own('art_2', 'subheading')).toEqual(['General'])
    expect(own('art_2', 'crossHeading')).toEqual(['Exceptions'])
    const annexBody = d.getElementsByTagNameNS(AKN_NS, 'mainBody')[0]!
    expect(Array.from(annexBody.children).map((c) => `${c.localName} ${c.textContent}`)).toEqual([
      'hcontainer List', 'paragraph 1.Albacore tuna.', 'hcontainer Notes', 'paragraph 2.As listed.'])
  })

  it('writes every shipped template, built from the clause library, as a bill that validates', { timeout: 120_000 }, async () => {
    const root = resolve(import.meta.dirname, '../..')
    const clauses = await loadClauses(resolve(root, 'clauses'))
    const { templates } = await loadTemplates(resolve(root, 'templates'), clauses.byId)
    expect(templates.length).toBeGreaterThan(0)
    for (const template of templates) {
      const built = buildTemplate(template, clauses.byId)
      for (const clean of [true, false]) {
        const xml = treatyToAkn(built.doc, built.parameters, options(clean))
        expect(await bothValidators(xml, `${template.id}-${clean}.xml`), template.id).toBe('')
        expect(xml.includes('<pacta:clause '), template.id).toBe(true)
      }
    }
  })

  it('writes UNCLOS, imported from the corpus Markdown, as a bill that validates', { timeout: 120_000 }, async () => {
    const { doc: unclos } = importMarkdown(readFileSync(UNCLOS, 'utf8'))
    const xml = treatyToAkn(unclos, {}, options(true))
    expect(await bothValidators(xml, 'unclos.xml')).toBe('')
    expect(xml.match(/<article /g)?.length).toBeGreaterThan(300)
  })
})

describe('footnotes in Akoma Ntoso', () => {
  it('are authorial notes where their markers stand, numbered through the treaty, and the bill still validates', async () => {
    const { footnote, marked } = await import('../../editor/model/build.js')
    const d = doc(title('Treaty', footnote('On the title')),
      article({ id: 'art-1' }, heading('Scope', footnote('In the heading')),
        ...paragraph({ id: 'p-1' }, 'Parties shall meet', footnote(['Meetings may be ', marked('em', 'online'), '.']), ' yearly.')),
      note('A note', footnote('Only in working copies')),
      article({ id: 'art-2' }, heading('Entry'), ...paragraph({ id: 'p-2' }, 'In force', footnote('Last one'))))
    for (const clean of [true, false]) {
      const xml = treatyToAkn(d, {}, options(clean))
      expect(await bothValidators(xml, `footnotes-${clean}.xml`)).toBe('')
      const notes = Array.from(parse(xml).getElementsByTagNameNS(AKN_NS, 'authorialNote'))
      const expected = clean
        ? [['1', 'On the title'], ['2', 'In the heading'], ['3', 'Meetings may be online.'], ['4', 'Last one']]
        : [['1', 'On the title'], ['2', 'In the heading'], ['3', 'Meetings may be online.'], ['4', 'Only in working copies'], ['5', 'Last one']]
      expect(notes.map((n) => [n.getAttribute('marker'), n.textContent])).toEqual(expected)
      expect(notes.every((n) => n.getAttribute('placement') === 'bottom' && n.getAttribute('eId') === `authorialNote_${n.getAttribute('marker')}`)).toBe(true)
    }
    const withNotes = parse(treatyToAkn(d, {}, options(true)))
    const third = Array.from(withNotes.getElementsByTagNameNS(AKN_NS, 'authorialNote'))[2]!
    expect(third.parentElement?.textContent).toBe('Parties shall meetMeetings may be online. yearly.')
    expect(third.getElementsByTagNameNS(AKN_NS, 'i')[0]?.textContent).toBe('online')
  })
})
