// GET /api/documents/:id/export/html: who may export, the download's headers, the audit entry, and live content.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CITATION_STYLE_KEY, CONTENT_FRAGMENT, META_MAP, PARAMETERS_MAP } from '../../editor/model/index.js'
import { HTML_EXPORT_CSP } from '../../server/export/html.js'
import { exportFilename } from '../../server/services/exports.js'
import { createDocument, startTestServer, storeFingerprint, type TestServer } from '../helpers/server.js'
import { connectClient, waitFor } from '../helpers/ws-client.js'
import { parseExport, unsafeFindings } from './inspect.js'

let t: TestServer
let sample: string
const exportPath = (id: string, query = '?clean=1') => `/api/documents/${encodeURIComponent(id)}/export/html${query}`

interface Entry { action: string; actor: { name: string | null }; documentId: string | null; detail: Record<string, unknown> | null }
const exportsOf = async (id: string) =>
  ((await (await t.request(`/api/documents/${id}/audit?limit=500`)).json()) as Entry[]).filter((e) => e.action === 'document-exported')

beforeAll(async () => {
  t = await startTestServer()
  const docs = (await (await t.request('/api/documents')).json()) as Array<{ id: string; title: string }>
  sample = docs.find((d) => d.title.startsWith('Model Treaty'))!.id
  await t.addMember(sample, 'dora', 'drafter')
  await t.addMember(sample, 'rita', 'reviewer')
  await t.addMember(sample, 'otto', 'observer')
  await t.addUser('nina')
}, 30_000)

afterAll(async () => {
  await t?.dispose()
})

describe('HTML export endpoint', () => {
  it('answers the treaty as a download with a restrictive policy, no caching and a safe name', async () => {
    const res = await t.request(exportPath(sample))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="Model-Treaty-on-the-Protection-and-Facilitation-of-Peace-Negotiations.html"; filename*=UTF-8''Model-Treaty-on-the-Protection-and-Facilitation-of-Peace-Negotiations.html`)
    expect(res.headers.get('content-security-policy')).toBe(HTML_EXPORT_CSP)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    const d = parseExport(await res.text())
    expect(unsafeFindings(d)).toEqual([])
    expect(Array.from(d.querySelectorAll('.article-heading .num')).map((n) => n.textContent)).toEqual(
      ['Article 1', 'Article 2', 'Article 3', 'Article 4', 'Article 5', 'Article 6', 'Article 7'])
    expect(d.querySelector('[data-parameter="place"]')?.textContent).toBe('Geneva')
  })

  it('includes drafting notes only with clean=0; clean is the default', async () => {
    const clean = await (await t.request(exportPath(sample, ''))).text()
    const notes = await (await t.request(exportPath(sample, '?clean=0'))).text()
    expect(clean).not.toContain('<aside class="drafting-note">')
    expect(notes).toContain('<aside class="drafting-note">')
    expect(await (await t.request(exportPath(sample, '?clean=true'))).text()).not.toContain('<aside class="drafting-note">')
  })

  it('lets every member export a draft, and records who exported what', async () => {
    for (const [who, name] of [['dora', 'dora'], ['rita', 'rita'], ['otto', 'otto']] as const) {
      const res = await t.api(exportPath(sample, '?clean=0'), {}, who)
      expect(res.status, who).toBe(200)
      expect(await res.text()).toContain('Article 7')
      const last = (await exportsOf(sample))[0]!
      expect(last.actor.name).toBe(name)
      expect(last.documentId).toBe(sample)
      expect(last.detail).toEqual({ format: 'html', clean: false })
    }
  })

  it('refuses non-members (403), no session (401) and unknown documents (404) as JSON, and audits none of them', async () => {
    const before = (await exportsOf(sample)).length
    const cases: Array<[string, string | null, number, RegExp]> = [
      [sample, 'nina', 403, /not a member/],
      [sample, null, 401, /sign in/],
      ['nosuchdocument', 'admin', 404, /does not exist/],
    ]
    for (const [id, who, status, message] of cases) {
      const res = await t.api(exportPath(id), {}, who)
      expect(res.status, `${who} ${id}`).toBe(status)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(res.headers.get('content-disposition')).toBeNull()
      const body = await res.json() as { status: number; error: string }
      expect(body.status).toBe(status)
      expect(body.error).toMatch(message)
    }
    expect((await exportsOf(sample)).length).toBe(before)
  })

  it('refuses a bad clean value with 400 naming the field', async () => {
    for (const query of ['?clean=maybe', '?clean=1&clean=0', '?clean=']) {
      const res = await t.request(exportPath(sample, query))
      expect(res.status, query).toBe(400)
      expect(await res.json()).toMatchObject({ status: 400, field: 'clean' })
    }
  })

  it('exports the live room\'s content, including edits not yet compacted, and changes nothing stored or shared', async () => {
    const doc = await createDocument(t, 'Live <b>export</b>')
    const client = connectClient(t.syncUrl, doc.id)
    try {
      await client.synced()
      client.doc.transact(() => {
        client.doc.getMap<string>(PARAMETERS_MAP).set('party', 'the Republic of Utopia')
        const prose = client.doc.getXmlFragment(CONTENT_FRAGMENT).toArray()
          .find((el): el is Y.XmlElement => el instanceof Y.XmlElement && el.nodeName === 'title')!
        const text = prose.get(0) as Y.XmlText
        text.insert(text.length, ' between the Parties')
        // an element the schema does not know: the exporter must leave it in the shared document
        const unknown = new Y.XmlElement('script')
        unknown.insert(0, [new Y.XmlText('__pwn(1)')])
        client.doc.getXmlFragment(CONTENT_FRAGMENT).insert(1, [unknown])
      })
      const room = (await t.server.rooms.peek(doc.id))!
      // stored as well, so that the fingerprint below is of the store the export must leave alone
      await waitFor(() => room.doc.getMap(PARAMETERS_MAP).get('party') !== undefined && room.stats.updatesStored > 0, 'the edit to reach the room and be stored')
      const stored = await storeFingerprint(t.server.store)
      const shared = Y.encodeStateAsUpdate(room.doc)

      const res = await t.request(exportPath(doc.id))
      expect(res.status).toBe(200)
      expect(res.headers.get('content-disposition')).toContain('filename="Live-bexportb.html"')
      const d = parseExport(await res.text())
      expect(d.querySelector('h1.treaty-title')?.textContent).toBe('Live <b>export</b> between the Parties')
      expect(unsafeFindings(d)).toEqual([])

      expect(await storeFingerprint(t.server.store)).toBe(stored)
      expect(Y.encodeStateAsUpdate(room.doc)).toEqual(shared)
      expect(room.doc.getXmlFragment(CONTENT_FRAGMENT).toString()).toContain('<script>')
    } finally {
      client.destroy()
    }
  })

  it('writes references in the citation style a drafter chose for the document', async () => {
    const refs = async () => Array.from(parseExport(await (await t.request(exportPath(sample))).text()).querySelectorAll('a.xref')).map((a) => a.textContent)
    expect(await refs()).toContain('Article 3(1)')
    const client = connectClient(t.syncUrl, sample)
    try {
      await client.synced()
      const room = (await t.server.rooms.peek(sample))!
      client.doc.getMap(META_MAP).set(CITATION_STYLE_KEY, 'un')
      await waitFor(() => room.doc.getMap(META_MAP).get(CITATION_STYLE_KEY) === 'un', 'the setting to reach the room')
      const cited = await refs()
      expect(cited).toContain('article 3, paragraph 1')
      expect(cited).not.toContain('Article 3(1)')
    } finally {
      client.doc.getMap(META_MAP).delete(CITATION_STYLE_KEY)
      const room = await t.server.rooms.peek(sample)
      await waitFor(() => room?.doc.getMap(META_MAP).get(CITATION_STYLE_KEY) === undefined, 'the setting to be cleared')
      client.destroy()
    }
  })

  it('exports from the store when the document is not loaded', async () => {
    const doc = await createDocument(t, 'Stored only')
    expect(await t.server.rooms.peek(doc.id)).toBeUndefined()
    const d = parseExport(await (await t.request(exportPath(doc.id))).text())
    expect(d.querySelector('h1.treaty-title')?.textContent).toBe('Stored only')
    expect(d.querySelector('article .article-heading .num')?.textContent).toBe('Article 1')
  })
})

describe('export file names', () => {
  it('keep letters, digits and a few marks, and are never empty', () => {
    expect(exportFilename('Model Treaty: draft 2', 'html')).toBe('Model-Treaty-draft-2.html')
    expect(exportFilename('Accord de paix – révision', 'html')).toBe('Accord-de-paix-revision.html')
    expect(exportFilename('"><script>', 'html')).toBe('script.html')
    expect(exportFilename('../../etc/passwd', 'html')).toBe('etcpasswd.html')
    expect(exportFilename('مسودة', 'html')).toBe('treaty.html')
    expect(exportFilename('x'.repeat(300), 'html')).toHaveLength(85)
  })
})
