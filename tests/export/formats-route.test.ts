// GET /api/documents/:id/lint and /export/:format: the check's findings as JSON, Akoma Ntoso and
// Markdown downloads, final exports refused while the check finds errors, and bad requests named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LintView } from '../../editor/model/api-views.js'
import { createDocument, importDocument, jsonInit, startTestServer, type TestServer } from '../helpers/server.js'
import { placeholderText } from '../../editor/model/clauses/values.js'

let t: TestServer
let sample: string
const lintPath = (id: string) => `/api/documents/${encodeURIComponent(id)}/lint`
const exportPath = (id: string, format: string, query = '') => `/api/documents/${encodeURIComponent(id)}/export/${format}${query}`

beforeAll(async () => {
  t = await startTestServer()
  const docs = (await (await t.request('/api/documents')).json()) as Array<{ id: string; title: string }>
  sample = docs.find((d) => d.title.startsWith('Model Treaty'))!.id
  await t.addMember(sample, 'dora', 'drafter')
  await t.addMember(sample, 'otto', 'observer')
  await t.addUser('nina')
}, 30_000)

afterAll(async () => {
  await t?.dispose()
})

describe('the lint endpoint', () => {
  it('answers the sample treaty\'s findings with their places, to any member', async () => {
    for (const who of ['dora', 'otto'] as const) {
      const res = await t.api(lintPath(sample), {}, who)
      expect(res.status).toBe(200)
      const view = (await res.json()) as LintView
      expect(view.errors).toBe(0)
      expect(view.warnings).toBe(2)
      expect(view.findings.map((f) => [f.rule, f.severity, f.location?.ref])).toEqual([
        ['unfilled-parameter', 'warning', 'Article 7'], ['unfilled-parameter', 'warning', 'Conclusion'],
      ])
      expect(view.findings[0]!.location?.id).toBe('para-eif-1')
    }
  })

  it('finds the empty article of a new document as an error', async () => {
    const doc = await createDocument(t, 'Blank treaty')
    const view = (await (await t.request(lintPath(doc.id))).json()) as LintView
    expect(view.errors).toBe(1)
    expect(view.findings[0]).toMatchObject({ rule: 'empty-article', severity: 'error', message: 'Article 1 has no text' })
  })

  it('offers the library clause that establishes a body the text refers to, as the Check does', async () => {
    const id = await importDocument(t, 'commission.md', '# Agreement\n\n## Article 1\n### Reports\n\n1. The parties shall report to the Joint Implementation Commission.\n')
    const view = (await (await t.request(lintPath(id))).json()) as LintView
    expect(view.findings.find((f) => f.rule === 'unestablished-institution')?.fix).toEqual({ clause: 'implementation-commission', variant: 'standard', place: 'body' })
  })

  it('refuses non-members (403) and unknown documents (404) as JSON', async () => {
    expect((await t.api(lintPath(sample), {}, 'nina')).status).toBe(403)
    const res = await t.request(lintPath('nosuchdocume'))
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toBe('document nosuchdocume does not exist')
  })
})

describe('Akoma Ntoso and Markdown exports', () => {
  it('answers the treaty as an Akoma Ntoso download', async () => {
    const res = await t.api(exportPath(sample, 'akn', '?clean=1'), {}, 'otto')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/akn+xml; charset=utf-8')
    expect(res.headers.get('content-disposition')).toContain('filename="Model-Treaty-on-the-Protection-and-Facilitation-of-Peace-Negotiations.akn.xml"')
    const xml = await res.text()
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><akomaNtoso xmlns="http:\/\/docs.oasis-open.org\/legaldocml\/ns\/akn\/3.0"><bill name="treaty">/)
    expect(xml).toContain(`<FRBRuri value="/akn/int/bill/treaty/`)
    expect(xml).not.toContain('draftingNote')
  })

  it('answers Markdown, clean or working', async () => {
    const clean = await t.request(exportPath(sample, 'markdown'))
    expect(clean.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(clean.headers.get('content-disposition')).toContain('.md"')
    expect(await clean.text()).not.toContain('Drafting note')
    expect(await (await t.request(exportPath(sample, 'markdown', '?clean=0'))).text()).toContain('> **Drafting note:**')
  })

  it('prints an unfilled parameter as its label in brackets, not its name, in every text format', async () => {
    const templates = (await (await t.request('/api/templates')).json()) as Array<{ id: string }>
    const res = await t.request('/api/documents', jsonInit('POST', { title: 'From a template', template: templates[0]!.id }))
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    const lint = (await (await t.request(lintPath(id))).json()) as LintView
    // the check names each unfilled parameter by its label and its name: “Government party …” (government)
    const labelled = lint.findings.flatMap((f) => {
      const m = /^Required parameter “([^”]+)” \(([a-z][a-z0-9_]*)\)/.exec(f.message)
      return m ? [{ label: m[1]!, name: m[2]! }] : []
    })
    expect(labelled.length, JSON.stringify(lint.findings.slice(0, 5))).toBeGreaterThan(0)
    for (const format of ['markdown', 'html', 'akn']) {
      const text = await (await t.request(exportPath(id, format, '?clean=0'))).text()
      for (const { label, name } of labelled) {
        expect(text, format).toContain(placeholderText(name, label).replace(/^\[|\]$/g, ''))
        expect(text, format).not.toContain(`[${name}]`)
      }
    }
  })

  it('reads a label as a drafter reads it in brackets, and a name where no label is known', () => {
    expect(placeholderText('signature_closes', 'Date on which signature closes')).toBe('[date on which signature closes]')
    expect(placeholderText('depositary', 'UN Secretary-General')).toBe('[UN Secretary-General]')
    expect(placeholderText('party_a')).toBe('[party_a]')
    expect(placeholderText('', '  ')).toBe('[parameter]')
  })

  it('answers a Word document as bytes', async () => {
    const res = await t.request(exportPath(sample, 'docx'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(res.headers.get('content-disposition')).toContain('.docx"')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe('PK')
  })

  it('answers a PDF as bytes', async () => {
    const res = await t.request(exportPath(sample, 'pdf'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain('.pdf"')
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('names the formats for an unknown one, and the field for a bad final value', async () => {
    const res = await t.request(exportPath(sample, 'pdfx'))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ status: 400, error: 'unknown export format "pdfx": use html, akn, markdown, docx, pdf', field: 'format' })
    const bad = await t.request(exportPath(sample, 'akn', '?final=maybe'))
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { field: string }).field).toBe('final')
  })
})

describe('final exports', () => {
  it('lets a convener make a final export of a document without errors, always clean', async () => {
    const res = await t.request(exportPath(sample, 'markdown', '?final=1&clean=0'))
    expect(res.status).toBe(200)
    expect(await res.text()).not.toContain('Drafting note')
  })

  it('refuses a final export while the check finds errors, naming them, and lets a draft export through', async () => {
    const doc = await createDocument(t, 'Unfinished treaty')
    const res = await t.request(exportPath(doc.id, 'akn', '?final=1'))
    expect(res.status).toBe(409)
    expect(((await res.json()) as { error: string }).error).toBe('final export refused: the check found 1 error: Article 1 has no text')
    expect((await t.request(exportPath(doc.id, 'akn'))).status).toBe(200)
  })

  it('refuses a final export to a member who is not a convener', async () => {
    const res = await t.api(exportPath(sample, 'akn', '?final=1'), {}, 'dora')
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: string }).error).toBe('your role (drafter) does not allow you to make a final export')
  })
})
