// POST /api/documents/import and /import/preview: a file becomes a document with a report; every
// bad file is refused with a 4xx naming the problem, and nothing stored changes.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportPreviewView, ImportResultView } from '../../editor/model/api-views.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { treatyToDocx } from '../../server/export/docx.js'
import { startTestServer, storeFingerprint, type TestServer } from '../helpers/server.js'
import { badFiles } from './bad-files.js'

const AP2 = resolve(import.meta.dirname, '../fixtures/corpus/ap2-1977_protocol-additional-II.en.md')

let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
  await t.addUser('dora')
}, 30_000)
afterAll(async () => { await t?.dispose() })

const post = (path: string, query: Record<string, string>, bytes: Uint8Array, as: string | null = 'admin') =>
  t.api(`/api/documents/import${path}?${new URLSearchParams(query)}`, {
    method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  }, as === 'admin' ? undefined : as)

interface AuditEntry { action: string; actor: { name: string | null }; documentId: string | null; detail: Record<string, unknown> | null }
const audit = async () => (await (await t.request('/api/audit?limit=500')).json()) as AuditEntry[]

describe('import API', () => {
  it('previews a file: the report and first articles, and creates nothing', async () => {
    const before = await storeFingerprint(t.server.store)
    const res = await post('/preview', { filename: 'ap2.md' }, readFileSync(AP2))
    expect(res.status).toBe(200)
    const preview = (await res.json()) as ImportPreviewView
    expect(preview.title).toMatch(/^Protocol Additional to the Geneva Conventions/)
    expect(preview.report.format).toBe('markdown')
    expect(preview.report.counts).toMatchObject({ parts: 5, articles: 28 })
    expect(preview.outline[0]).toBe('Article 1 — Material field of application')
    expect(await storeFingerprint(t.server.store)).toBe(before)
    expect((await audit()).some((e) => e.action === 'import-previewed' && e.detail?.filename === 'ap2.md')).toBe(true)
  })

  it('creates a document from a Word file, titled by the file, with its content, and audits it', async () => {
    const bytes = await treatyToDocx(sampleTreaty(), SAMPLE_PARAMETERS, { title: 'Sample', clean: true })
    const res = await post('', { filename: 'sample.docx' }, bytes, 'dora')
    expect(res.status).toBe(201)
    const result = (await res.json()) as ImportResultView
    expect(result.document.title).toBe('Model Treaty on the Protection and Facilitation of Peace Negotiations')
    expect(result.document.role).toBe('convener')
    expect(result.report.counts).toMatchObject({ articles: 7, parts: 2, annexes: 1, signatures: 1 })
    const md = await (await t.api(`/api/documents/${result.document.id}/export/markdown?clean=1`, {}, 'dora')).text()
    for (const n of [1, 2, 3, 4, 5, 6, 7]) expect(md).toContain(`### Article ${n} — `)
    expect(md).toContain('This Treaty shall enter into force on the thirtieth day')
    const entry = (await audit()).find((e) => e.action === 'document-imported' && e.documentId === result.document.id)
    expect(entry?.actor.name).toBe('dora')
    expect(entry?.detail).toMatchObject({ filename: 'sample.docx', format: 'docx', articles: 7 })
  })

  it('takes a title given in the query over the file\'s', async () => {
    const res = await post('', { filename: 'ap2.md', title: '  AP II, imported  ' }, readFileSync(AP2))
    expect(res.status).toBe(201)
    expect(((await res.json()) as ImportResultView).document.title).toBe('AP II, imported')
  })

  it('refuses callers without a session, and a request without a file name', async () => {
    expect((await post('', { filename: 'ap2.md' }, readFileSync(AP2), null)).status).toBe(401)
    const res = await post('', {}, readFileSync(AP2))
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'filename is required', field: 'filename' })
  })

  it('refuses every bad file with a message naming the problem, and nothing stored changes', { timeout: 60_000 }, async () => {
    // a server of its own, where no document is open, so nothing else writes to the store meanwhile
    // the files first: building the zip bomb takes seconds on a loaded machine, long enough for an
    // idle kept-alive connection to be closed by the server just as the next request reuses it
    const files = badFiles()
    const quiet = await startTestServer()
    try {
      const before = await storeFingerprint(quiet.server.store)
      const documents = await (await quiet.request('/api/documents')).text()
      for (const bad of files) {
        for (const path of ['/preview', '']) {
          const query = new URLSearchParams({ filename: bad.filename, ...(bad.format ? { format: bad.format } : {}) })
          const res = await quiet.request(`/api/documents/import${path}?${query}`, {
            method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Blob([bad.bytes as Uint8Array<ArrayBuffer>]),
          })
          const body = (await res.json()) as { status: number; error: string; field?: string }
          expect(res.status, `${bad.what} ${path}`).toBe(bad.status)
          expect(body.error, `${bad.what} ${path}`).toMatch(bad.message)
          expect(body.field, bad.what).toBe('file')
        }
      }
      expect(await storeFingerprint(quiet.server.store)).toBe(before)
      expect(await (await quiet.request('/api/documents')).text()).toBe(documents)
    } finally { await quiet.dispose() }
  })

  it('records every refused file in the audit log, with who sent it and the reason they were given', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4 not a treaty')
    for (const path of ['/preview', '']) {
      const res = await post(path, { filename: 'minutes.docx' }, pdf, 'dora')
      expect(res.status).toBe(400)
    }
    const refused = (await audit()).filter((e) => e.action === 'import-refused' && e.detail?.filename === 'minutes.docx')
    expect(refused.map((e) => [e.actor.name, e.detail?.stage, e.detail?.status])).toEqual([['dora', 'create', 400], ['dora', 'preview', 400]])
    expect(refused[0]?.detail?.reason).toBe('the file is not a Word document: a .docx is a ZIP package, and this file is a PDF')
    expect(refused[0]?.detail?.bytes).toBe(pdf.length)
    expect(refused[0]?.documentId).toBeNull()
  })

  it('refuses a compressed upload instead of inflating it', async () => {
    const { gzipSync } = await import('node:zlib')
    const ids = async () => ((await (await t.request('/api/documents')).json()) as Array<{ id: string }>).map((d) => d.id).sort()
    const before = await ids()
    const res = await t.request('/api/documents/import?filename=ap2.md', {
      method: 'POST', headers: { 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' }, body: new Blob([gzipSync(readFileSync(AP2))]),
    })
    expect(res.status).toBe(415)
    expect(((await res.json()) as { error: string }).error).toBe('unsupported content encoding')
    expect(await ids()).toEqual(before)
  })

  it('refuses a file over the configured limit with 413 naming the limit', async () => {
    const small = await startTestServer({ importMaxBytes: 2048 })
    try {
        const before = await storeFingerprint(small.server.store)
        const res = await small.request(`/api/documents/import?filename=ap2.md`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: readFileSync(AP2) })
        expect(res.status).toBe(413)
        expect(((await res.json()) as { error: string }).error).toBe('the file is larger than the largest import accepted, 2 KB')
        expect(await storeFingerprint(small.server.store)).toBe(before)
        const entries = (await (await small.request('/api/audit?limit=500')).json()) as AuditEntry[]
        expect(entries.find((e) => e.action === 'import-refused')?.detail).toMatchObject({
          filename: 'ap2.md', stage: 'create', status: 413, reason: 'the file is larger than the largest import accepted, 2 KB' })
      } finally { await small.dispose() }
    })
  })
