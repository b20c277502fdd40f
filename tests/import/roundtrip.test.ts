// Round trips through Pacta's own exports: the sample treaty and every shipped template, exported
// to Akoma Ntoso, Word and Markdown and imported again, keep every heading, paragraph text and number.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { annex, article, doc, heading, paragraph, part, section, title } from '../../editor/model/build.js'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { buildTemplate } from '../../editor/model/templates/index.js'
import { treatyToAkn } from '../../server/export/akn.js'
import { treatyToDocx } from '../../server/export/docx.js'
import { importAkn } from '../../server/import/akn.js'
import { importDocx } from '../../server/import/docx.js'
import { importMarkdown } from '../../server/import/markdown.js'
import { treatyToMarkdown } from '../../server/export/markdown.js'
import { loadClauses } from '../../server/library/load-clauses.js'
import { loadTemplates } from '../../server/library/load-templates.js'
import { treatyOutline } from './outline.js'

const ROOT = resolve(import.meta.dirname, '../..')

/** The sample treaty and every template built from the clause library. */
async function treaties(): Promise<Array<{ name: string; doc: Node; parameters: Record<string, string> }>> {
  const clauses = await loadClauses(resolve(ROOT, 'clauses'))
  const { templates } = await loadTemplates(resolve(ROOT, 'templates'), clauses.byId)
  expect(templates.length).toBeGreaterThan(0)
  return [
    { name: 'sample', doc: sampleTreaty(), parameters: SAMPLE_PARAMETERS },
    ...templates.map((t) => ({ name: t.id, ...buildTemplate(t, clauses.byId) })),
  ]
}

const countOf = (doc: Node, type: string) => { let n = 0; doc.descendants((x) => { if (x.type.name === type) n++ }); return n }

describe('round trips through Pacta\'s own exports', () => {
  it('document → Akoma Ntoso → document keeps every heading, paragraph text, number, drafting note and parameter value', async () => {
    for (const { name, doc, parameters } of await treaties()) {
      const xml = treatyToAkn(doc, parameters, { documentId: 'Abc123def456', title: name, clean: false })
      const imported = importAkn(xml)
      expect(treatyShapeErrors(imported.doc), name).toEqual([])
      expect(treatyOutline(imported.doc, imported.parameters), name).toEqual(treatyOutline(doc, parameters))
      expect(countOf(imported.doc, 'drafting_note'), name).toBe(countOf(doc, 'drafting_note'))
      expect(imported.report.fallbacks, name).toEqual([])
    }
  })

  it('keeps cross-references as references to the imported units, so they renumber with them', () => {
    const imported = importAkn(treatyToAkn(sampleTreaty(), SAMPLE_PARAMETERS, { documentId: 'x', title: 'x', clean: true }))
    const targets: string[] = []
    imported.doc.descendants((n) => { if (n.type.name === 'xref') targets.push(String(n.attrs.target)) })
    expect(targets.length).toBe(3)
    const ids = new Set<string>()
    imported.doc.descendants((n) => { if (n.attrs.id) ids.add(String(n.attrs.id)) })
    for (const t of targets) expect(ids.has(t), t).toBe(true)
  })

  it('document → Word → document keeps every heading, paragraph text, number and drafting note', async () => {
    for (const { name, doc, parameters } of await treaties()) {
      const bytes = await treatyToDocx(doc, parameters, { title: name, clean: false })
      const imported = importDocx(bytes)
      expect(treatyShapeErrors(imported.doc), name).toEqual([])
      expect(treatyOutline(imported.doc, imported.parameters), name).toEqual(treatyOutline(doc, parameters))
      expect(countOf(imported.doc, 'drafting_note'), name).toBe(countOf(doc, 'drafting_note'))
      // only the title page's version and date lines are left out, and said so
      expect(imported.report.fallbacks.map((f) => f.reason), name).toEqual([
        'on the title page: not imported (the title is kept)', 'on the title page: not imported (the title is kept)'])
    }
  })

  it('document → Markdown → document keeps every heading, paragraph text, number and drafting note', async () => {
    for (const { name, doc, parameters } of await treaties()) {
      const imported = importMarkdown(treatyToMarkdown(doc, parameters, { title: name, clean: false }))
      expect(treatyShapeErrors(imported.doc), name).toEqual([])
      expect(treatyOutline(imported.doc, imported.parameters), name).toEqual(treatyOutline(doc, parameters))
      expect(countOf(imported.doc, 'drafting_note'), name).toBe(countOf(doc, 'drafting_note'))
      expect(imported.report.fallbacks.map((f) => f.reason), name).toEqual(['the version line of a Pacta export: not imported'])
    }
  })

  it('document → Akoma Ntoso → document keeps a division\'s, article\'s and annex\'s second headings and those between their children', () => {
    const treaty = doc(title('T'),
      part({ id: 'p' }, heading('PART II'), heading('Territorial sea and contiguous zone'),
        section({ id: 's' }, heading('Innocent passage'), heading('Subsection A'),
          article({ id: 'a1' }, heading('Right of innocent passage'), paragraph({ id: 'x1' }, 'Ships enjoy it.')),
          heading('Subsection B'),
          article({ id: 'a2' }, heading(), heading('General'), paragraph({ id: 'x2' }, 'Passage means navigation.'), heading('Exceptions'), paragraph({ id: 'x3' }, 'Stopping.')))),
      annex({ id: 'n' }, heading('Species'), heading('List'), paragraph({ id: 'y1' }, 'Albacore tuna.')))
    for (const clean of [true, false]) {
      const imported = importAkn(treatyToAkn(treaty, {}, { documentId: 'x', title: 'x', clean }))
      expect(treatyOutline(imported.doc, {})).toEqual(treatyOutline(treaty, {}))
      expect(imported.report.fallbacks).toEqual([])
    }
  })

  it.each([
    'ap2-1977_protocol-additional-II.en.md', 'un-charter-1945.en.md', 'unclos-1982_law-of-the-sea.en.md',
  ])('%s imported from the corpus survives Akoma Ntoso, Word and Markdown round trips whole', { timeout: 60_000 }, async (file) => {
    const { doc } = importMarkdown(readFileSync(resolve(ROOT, 'tests/fixtures/corpus', file), 'utf8'))
    const outline = treatyOutline(doc, {})
    expect(treatyOutline(importAkn(treatyToAkn(doc, {}, { documentId: 'x', title: file, clean: true })).doc, {})).toEqual(outline)
    expect(treatyOutline(importDocx(await treatyToDocx(doc, {}, { title: file, clean: true })).doc, {})).toEqual(outline)
    expect(treatyOutline(importMarkdown(treatyToMarkdown(doc, {}, { title: file, clean: true })).doc, {})).toEqual(outline)
  })
})
