import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { yXmlFragmentToProseMirrorRootNode } from 'y-prosemirror'
import { CONTENT_FRAGMENT, PARAMETERS_MAP, SAMPLE_PARAMETERS, schema, treatyShapeErrors } from '../../editor/model/index.js'
import { createDocument, jsonInit, startTestServer, storeFingerprint, type TestServer } from '../helpers/server.js'

let t: TestServer

beforeAll(async () => {
  t = await startTestServer()
})
afterAll(async () => {
  await t.dispose()
})

/** The stored content of a document, loaded as a Y.Doc. */
async function storedDoc(id: string): Promise<Y.Doc> {
  const state = await t.server.store.loadState(id, 'content')
  const doc = new Y.Doc()
  if (state.snapshot) Y.applyUpdate(doc, state.snapshot)
  for (const u of state.updates) Y.applyUpdate(doc, u)
  return doc
}

/** Expects the request to fail with `status` and the JSON error body, changing nothing stored. */
async function expectRefused(path: string, init: RequestInit | undefined, status: number, error: string | RegExp, field?: string) {
  const before = await storeFingerprint(t.server.store)
  const res = await t.request(path, init)
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/application\/json/)
  const body = await res.json()
  expect(body.status).toBe(status)
  if (typeof error === 'string') expect(body.error).toBe(error)
  else expect(body.error).toMatch(error)
  expect(body.field).toBe(field)
  expect(await storeFingerprint(t.server.store)).toBe(before)
}

describe('GET /api/health', () => {
  it('answers ok', async () => {
    const res = await t.request('/api/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
  })
})

describe('first start', () => {
  it('seeds one sample treaty, normalised, with the sample parameters', async () => {
    const list = await (await t.request('/api/documents')).json()
    expect(list).toHaveLength(1)
    expect(list[0].title).toBe('Model Treaty on the Protection and Facilitation of Peace Negotiations')
    const doc = await storedDoc(list[0].id)
    const treaty = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(CONTENT_FRAGMENT), schema)
    expect(treatyShapeErrors(treaty)).toEqual([])
    expect(doc.getMap(PARAMETERS_MAP).toJSON()).toEqual(SAMPLE_PARAMETERS)
  })

  it('does not seed again on a restart', async () => {
    t = await t.restart()
    expect(await (await t.request('/api/documents')).json()).toHaveLength(1)
  })
})

describe('/api/documents', () => {
  it('creates a document whose content is the new-treaty template with ids', async () => {
    const res = await t.request('/api/documents', jsonInit('POST', { title: '  Draft Protocol  ' }))
    expect(res.status).toBe(201)
    const created = await res.json()
    expect(created).toMatchObject({ title: 'Draft Protocol' })
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{12}$/)
    expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt)
    const treaty = yXmlFragmentToProseMirrorRootNode((await storedDoc(created.id)).getXmlFragment(CONTENT_FRAGMENT), schema)
    expect(treaty.firstChild?.textContent).toBe('Draft Protocol')
    expect(treatyShapeErrors(treaty)).toEqual([])
    let articleId = ''
    treaty.descendants((n) => { if (n.type.name === 'article') articleId = n.attrs.id })
    expect(articleId).toMatch(/^art-/)
  })

  it('gets, renames and lists documents newest updated first', async () => {
    const a = await createDocument(t, 'Alpha')
    await new Promise((r) => setTimeout(r, 5))
    const b = await createDocument(t, 'Beta')
    expect(await (await t.request(`/api/documents/${a.id}`)).json()).toEqual(a)

    await new Promise((r) => setTimeout(r, 5))
    const renamed = await t.request(`/api/documents/${a.id}`, jsonInit('PATCH', { title: 'Alpha, revised' }))
    expect(renamed.status).toBe(200)
    const body = await renamed.json()
    expect(body).toMatchObject({ id: a.id, title: 'Alpha, revised', createdAt: a.createdAt })
    expect(body.updatedAt > a.updatedAt).toBe(true)

    const list: { id: string }[] = await (await t.request('/api/documents')).json()
    expect(list.slice(0, 2).map((d) => d.id)).toEqual([a.id, b.id])
  })

  it('deletes a document with its stored updates', async () => {
    const doc = await createDocument(t, 'Doomed')
    const res = await t.request(`/api/documents/${doc.id}`, { method: 'DELETE' })
    expect(res.status).toBe(204)
    expect((await t.request(`/api/documents/${doc.id}`)).status).toBe(404)
    expect(await t.server.store.loadState(doc.id, 'content')).toEqual({ snapshot: null, updates: [], lastSeq: 0 })
  })
})

describe('bad input changes nothing and says what was wrong', () => {
  it('unknown id → 404 JSON for get, rename and delete', async () => {
    const error = 'document nope123 does not exist'
    await expectRefused('/api/documents/nope123', undefined, 404, error)
    await expectRefused('/api/documents/nope123', jsonInit('PATCH', { title: 'x' }), 404, error)
    await expectRefused('/api/documents/nope123', { method: 'DELETE' }, 404, error)
  })

  it('malformed JSON → 400', async () => {
    await expectRefused('/api/documents', jsonInit('POST', '{"title": "x"'), 400, 'malformed JSON in request body')
    const { id } = await createDocument(t, 'Kept')
    await expectRefused(`/api/documents/${id}`, jsonInit('PATCH', '{title: x}'), 400, 'malformed JSON in request body')
  })

  it('missing or mistyped title → 400 naming the field', async () => {
    await expectRefused('/api/documents', jsonInit('POST', {}), 400, 'title is required', 'title')
    await expectRefused('/api/documents', jsonInit('POST', { name: 'x' }), 400, 'title is required', 'title')
    await expectRefused('/api/documents', jsonInit('POST', { title: 42 }), 400, 'title must be a string', 'title')
    await expectRefused('/api/documents', { method: 'POST' }, 400, 'request body must be a JSON object')
    await expectRefused('/api/documents', jsonInit('POST', '[1]'), 400, 'request body must be a JSON object')
  })

  it('over-long, empty or multi-line title → 400 naming the field', async () => {
    const { id } = await createDocument(t, 'Kept too')
    const tooLong = 'T'.repeat(201)
    await expectRefused('/api/documents', jsonInit('POST', { title: tooLong }), 400, 'title must be 1 to 200 characters', 'title')
    await expectRefused(`/api/documents/${id}`, jsonInit('PATCH', { title: tooLong }), 400, 'title must be 1 to 200 characters', 'title')
    await expectRefused('/api/documents', jsonInit('POST', { title: '   ' }), 400, 'title must be 1 to 200 characters', 'title')
    await expectRefused('/api/documents', jsonInit('POST', { title: 'a\nb' }), 400, /line breaks/, 'title')
    // 200 characters is fine, counted as characters rather than UTF-16 units.
    expect((await t.request('/api/documents', jsonInit('POST', { title: '📜'.repeat(200) }))).status).toBe(201)
  })

  it('unknown API path → 404 JSON', async () => {
    await expectRefused('/api/nothing', undefined, 404, 'no API endpoint GET /api/nothing')
  })
})

describe('the built editor', () => {
  it('answers 503 with a clear text when dist/ has not been built', async () => {
    for (const path of ['/', '/d/abc']) {
      const res = await t.request(path)
      expect(res.status).toBe(503)
      expect(await res.text()).toMatch(/has not been built.*npm run build/)
    }
  })

  it('serves index.html at /, doc.html at /d/:id and assets from dist/', async () => {
    const dist = join(t.dataDir, 'fake-dist')
    mkdirSync(join(dist, 'assets'), { recursive: true })
    writeFileSync(join(dist, 'index.html'), '<title>list</title>')
    writeFileSync(join(dist, 'doc.html'), '<title>editor</title>')
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)')
    const s = await startTestServer({ staticDir: dist })
    try {
      expect(await (await s.request('/')).text()).toBe('<title>list</title>')
      expect(await (await s.request('/d/xyz')).text()).toBe('<title>editor</title>')
      const asset = await s.request('/assets/app-abc123.js')
      expect(asset.status).toBe(200)
      expect(asset.headers.get('cache-control')).toMatch(/immutable/)
    } finally {
      await s.dispose()
    }
  })

  it('sends scripts compressed and never sends source maps', async () => {
    const dist = join(t.dataDir, 'fake-dist-2')
    mkdirSync(join(dist, 'assets'), { recursive: true })
    writeFileSync(join(dist, 'index.html'), `<title>list</title>${'<p>treaty</p>'.repeat(500)}`)
    writeFileSync(join(dist, 'assets', 'app-def456.js'), `console.log(${JSON.stringify('x'.repeat(20_000))})`)
    writeFileSync(join(dist, 'assets', 'app-def456.js.map'), '{"version":3}')
    const s = await startTestServer({ staticDir: dist })
    try {
      for (const path of ['/assets/app-def456.js', '/']) {
        const res = await s.request(path, { headers: { 'accept-encoding': 'gzip' } })
        expect(res.status, path).toBe(200)
        expect(res.headers.get('content-encoding'), path).toBe('gzip')
        expect(res.headers.get('content-length') === null || Number(res.headers.get('content-length')) < 5_000, path).toBe(true)
      }
      // compressed once and kept: the same bytes again, and the file itself to a browser that takes no gzip
      const a = await s.request('/assets/app-def456.js', { headers: { 'accept-encoding': 'gzip' } })
      const b = await s.request('/assets/app-def456.js', { headers: { 'accept-encoding': 'gzip' } })
      expect(a.headers.get('cache-control')).toMatch(/immutable/)
      expect(a.headers.get('content-type')).toMatch(/javascript/)
      expect(await a.text()).toBe(await b.text())
      const plain = await s.request('/assets/app-def456.js', { headers: { 'accept-encoding': 'identity' } })
      expect(plain.headers.get('content-encoding')).toBeNull()
      expect((await plain.text()).length).toBeGreaterThan(20_000)
      expect((await s.request('/assets/missing-000.js', { headers: { 'accept-encoding': 'gzip' } })).status).toBe(404)
      expect((await s.request('/assets/..%2F..%2Fpackage.json', { headers: { 'accept-encoding': 'gzip' } })).status).not.toBe(200)
      const map = await s.request('/assets/app-def456.js.map')
      expect(map.status).toBe(404)
      expect(await map.text()).not.toContain('version')
    } finally {
      await s.dispose()
    }
  })
})

describe('opening the editor page', () => {
  it('starts loading the document for a member while the page loads, and nothing for anyone else', async () => {
    const theirs = await createDocument(t, 'Not shared with the stranger')
    const ours = await createDocument(t, 'Shared')
    await t.addUser('page-stranger')
    await t.addMember(ours.id, 'page-member', 'reviewer')
    // creating a document loads nothing: both are only in the store
    expect(await t.server.rooms.peek(theirs.id)).toBeUndefined()
    expect(await t.server.rooms.peek(ours.id)).toBeUndefined()
    // a signed-in account that is not a member gets the page (the sync connection refuses it), not a load
    expect((await t.api(`/d/${theirs.id}`, {}, 'page-stranger')).status).not.toBe(302)
    expect((await t.api(`/d/${ours.id}`, {}, 'page-member')).status).not.toBe(302)
    await expect.poll(() => t.server.rooms.loadingOrLoaded(ours.id)).toBe(true)
    expect(t.server.rooms.loadingOrLoaded(theirs.id)).toBe(false)
    // its stored state is read; the room is built as soon as something needs it (the page's
    // connection), not after the wait it otherwise allows the page's scripts
    const started = performance.now()
    expect((await t.server.rooms.open(ours.id, 'content')).state).toBe('open')
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(await t.server.rooms.peek(ours.id)).toBeDefined()
    expect(await t.server.rooms.peek(theirs.id)).toBeUndefined()
    // an unknown document and no session load nothing either, and the page still answers as before
    const before = t.server.rooms.size
    expect((await t.api('/d/no-such-document', {}, 'page-member')).status).not.toBe(500)
    expect((await t.api(`/d/${theirs.id}`, { redirect: 'manual' }, null)).status).toBe(303)
    expect(t.server.rooms.size).toBe(before)
  })
})
