// The library REST API against the real server: search with ranking and facets, one clause,
// templates, new documents from a template, saving a selection as a clause (roles, bad input,
// duplicates, at once searchable, kept across a restart), and 404s as JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { instantiateClause, type Clause } from '../../editor/model/clauses/index.js'
import { treatyShapeErrors } from '../../editor/model/normalize.js'
import { readProvenance } from '../../editor/model/clauses/provenance.js'
import { PARAMETERS_MAP } from '../../editor/model/ydoc.js'
import { schema } from '../../editor/model/schema.js'
import { createDocument, jsonInit, startTestServer, storeFingerprint, type TestServer } from '../helpers/server.js'
import { connectClient, treatyOf } from '../helpers/ws-client.js'

let t: TestServer
let docId: string

beforeAll(async () => {
  t = await startTestServer()
  docId = (await createDocument(t, 'Library test')).id
  await t.addMember(docId, 'dina', 'drafter')
  await t.addMember(docId, 'rui', 'reviewer')
})
afterAll(async () => { await t?.dispose() })

const get = async (path: string) => { const res = await t.request(path); return { status: res.status, body: await res.json() as any } }
const post = async (path: string, body: unknown, as: string | null = 'dina') => { const res = await t.api(path, jsonInit('POST', body), as); return { status: res.status, body: await res.json() as any } }

describe('searching and reading clauses', () => {
  it('ranks amnesty clauses for "amnesty" and returns facets', async () => {
    const { status, body } = await get('/api/library/clauses?q=amnesty')
    expect(status).toBe(200)
    expect(body.total).toBeGreaterThan(2)
    expect(body.results[0].title.toLowerCase()).toContain('amnesty')
    expect(body.results[0]).toMatchObject({ origin: 'library', inserts: expect.any(String), score: expect.any(Number) })
    expect(body.facets.categories.some((f: any) => f.value === 'amnesty' && f.count > 0)).toBe(true)
  })

  it('filters by category and tag', async () => {
    const { body } = await get('/api/library/clauses?category=final-clauses&tag=pacta-final-clauses')
    expect(body.total).toBeGreaterThan(3)
    expect(body.results.every((r: any) => r.category === 'final-clauses' && r.tags.includes('pacta-final-clauses'))).toBe(true)
  })

  it('refuses an unknown category or tag, naming the field', async () => {
    expect(await get('/api/library/clauses?category=nonsense')).toMatchObject({ status: 400, body: { status: 400, field: 'category' } })
    expect(await get('/api/library/clauses?tag=Nope')).toMatchObject({ status: 400, body: { field: 'tag' } })
    expect(await get('/api/library/clauses?q=a&q=b')).toMatchObject({ status: 400, body: { field: 'q' } })
  })

  it('returns one clause with its variants and typed parameters', async () => {
    const { status, body } = await get('/api/library/clauses/conditional-amnesty')
    expect(status).toBe(200)
    expect(body.variants.map((v: any) => v.id)).toEqual(['comprehensive', 'disclosure', 'disarmament'])
    expect(body.parameters.find((p: any) => p.name === 'amnesty_cutoff')).toMatchObject({ type: 'date', required: true })
    // the answer is a usable Clause: it instantiates
    expect(instantiateClause(body as Clause, { variant: 'disclosure' }).nodes.length).toBeGreaterThan(0)
  })

  it('says which clause defines each term and which set bodies up, for the Check\'s fixes', async () => {
    const { status, body } = await get('/api/library/fixes')
    expect(status).toBe(200)
    expect(body.terms.facilitator).toEqual({ clause: 'facilitator', variant: 'standard' })
    expect(body.institutions.find((c: any) => c.clause === 'implementation-commission')).toMatchObject({
      variant: 'standard', defaults: { implementation_body: 'the Joint Implementation Commission' }, texts: [expect.stringContaining('{{implementation_body}}, composed of')],
    })
  })

  it('answers 404 JSON for an unknown clause', async () => {
    expect(await get('/api/library/clauses/no-such-clause')).toEqual({ status: 404, body: { status: 404, error: 'no clause "no-such-clause" in the library' } })
  })

  it('needs a session', async () => {
    const res = await t.api('/api/library/clauses', {}, null)
    expect(res.status).toBe(401)
  })
})

describe('templates', () => {
  it('lists the templates', async () => {
    const { status, body } = await get('/api/templates')
    expect(status).toBe(200)
    expect(body.map((x: any) => x.id)).toEqual(expect.arrayContaining(['ceasefire-agreement', 'facilitation-protocol', 'model-treaty-peace-negotiation', 'violence-reduction-agreement']))
  })

  it('creates a valid treaty from a template, with provenance and starting values', async () => {
    const { status, body } = await post('/api/documents', { title: 'Model treaty', template: 'model-treaty-peace-negotiation' }, 'admin')
    expect(status).toBe(201)
    expect(body.title).toBe('Model treaty')
    const client = connectClient(t.syncUrl, body.id)
    try {
      await client.synced()
      const treaty = treatyOf(client.doc)
      expect(treatyShapeErrors(treaty)).toEqual([])
      let articles = 0
      let withProvenance = 0
      treaty.descendants((n) => {
        if (n.type.name === 'article') { articles++; if (readProvenance(n.attrs.clause).length) withProvenance++ }
        return true
      })
      expect(articles).toBeGreaterThan(10)
      expect(withProvenance).toBeGreaterThan(5)
      expect(client.doc.getMap(PARAMETERS_MAP).size).toBeGreaterThan(0)
    } finally { client.destroy() }
  })

  it('answers 404 JSON for an unknown template and stores nothing', async () => {
    const before = await storeFingerprint(t.server.store)
    expect(await post('/api/documents', { title: 'X', template: 'no-such-template' }, 'admin')).toMatchObject({ status: 404, body: { status: 404, field: 'template' } })
    expect(await post('/api/documents', { title: 'X', template: 42 }, 'admin')).toMatchObject({ status: 400, body: { field: 'template' } })
    expect(await storeFingerprint(t.server.store)).toBe(before)
  })
})

describe('saving a selection as a clause', () => {
  const base = { title: 'Joint press statements', category: 'process', tags: ['pacta-inclusion'], summary: 'Who may speak to the press about the talks.' }
  const selection = () => {
    const p = schema.nodes.paragraph.create({ id: 'para-a' }, [
      schema.text('Statements on the talks are issued jointly by '), schema.nodes.parameter.create({ name: 'facilitator_name' }), schema.text('.'),
      schema.nodes.footnote.create({ id: 'fn-a' }, schema.text('As agreed at the first meeting.'))])
    const q = schema.nodes.paragraph.create({ id: 'para-b' }, [
      schema.text('No party shall comment on '), schema.nodes.xref.create({ target: 'para-a' }), schema.text(' alone.')])
    return [schema.nodes.article.create({ id: 'art-a' }, [schema.nodes.heading.create(null, schema.text('Press')), p, q]).toJSON()]
  }

  it('saves as a drafter, and the clause is searchable and readable at once', async () => {
    const saved = await post('/api/library/clauses', { ...base, id: 'joint-press-statements', content: selection(), documentId: docId })
    expect(saved.status).toBe(201)
    expect(saved.body).toMatchObject({ id: 'joint-press-statements', origin: 'saved', inserts: 'article', version: 1 })
    expect(saved.body.body).toContain('{{facilitator_name}}')
    expect(saved.body.body).toContain('{{ref:1}}')
    const found = await get('/api/library/clauses?q=press statements')
    expect(found.body.results[0]).toMatchObject({ id: 'joint-press-statements', origin: 'saved' })
    const one = await get('/api/library/clauses/joint-press-statements')
    const instance = instantiateClause(one.body as Clause)
    expect(instance.nodes[0]!.textContent).toContain('Statements on the talks are issued jointly by')
    // the footnote is saved with the text, and comes back as a footnote
    expect(saved.body.body).toContain('.^[As agreed at the first meeting.]')
    const notes: string[] = []
    instance.nodes[0]!.descendants((n) => { if (n.type.name === 'footnote') notes.push(n.textContent); return true })
    expect(notes).toEqual(['As agreed at the first meeting.'])
  })

  it('also accepts the clause text as Markdown', async () => {
    const saved = await post('/api/library/clauses', { ...base, id: 'press-markdown', body: '1. Statements are issued jointly.\n', documentId: docId })
    expect(saved).toMatchObject({ status: 201, body: { inserts: 'paragraphs' } })
  })

  it('refuses a duplicate id, naming it', async () => {
    expect(await post('/api/library/clauses', { ...base, id: 'conditional-amnesty', content: selection(), documentId: docId }))
      .toMatchObject({ status: 400, body: { field: 'id', error: expect.stringContaining('already used by a library clause') } })
    expect(await post('/api/library/clauses', { ...base, id: 'joint-press-statements', content: selection(), documentId: docId }))
      .toMatchObject({ status: 400, body: { field: 'id', error: expect.stringContaining('already used by a saved clause') } })
  })

  it('refuses an empty text, naming the problem', async () => {
    expect(await post('/api/library/clauses', { ...base, id: 'empty-1', content: [], documentId: docId })).toMatchObject({ status: 400, body: { field: 'content', error: expect.stringContaining('no text') } })
    expect(await post('/api/library/clauses', { ...base, id: 'empty-2', body: '   ', documentId: docId })).toMatchObject({ status: 400, body: { field: 'body', error: expect.stringContaining('no text') } })
    expect(await post('/api/library/clauses', { ...base, id: 'empty-3', documentId: docId })).toMatchObject({ status: 400, body: { field: 'body' } })
    const blank = [schema.nodes.paragraph.create({ id: 'p' }).toJSON()]
    expect(await post('/api/library/clauses', { ...base, id: 'empty-4', content: blank, documentId: docId })).toMatchObject({ status: 400, body: { field: 'content', error: expect.stringContaining('no text') } })
  })

  it('refuses other bad input precisely', async () => {
    expect(await post('/api/library/clauses', { ...base, id: 'Bad Id', content: selection(), documentId: docId })).toMatchObject({ status: 400, body: { field: 'id' } })
    expect(await post('/api/library/clauses', { ...base, id: 'bad-tag', tags: ['nope'], content: selection(), documentId: docId })).toMatchObject({ status: 400, body: { field: 'tags[0]' } })
    expect(await post('/api/library/clauses', { ...base, id: 'bad-node', content: [{ type: 'nonsense' }], documentId: docId })).toMatchObject({ status: 400, body: { field: 'content' } })
    expect(await post('/api/library/clauses', { ...base, id: 'secret-talks', tags: ['pacta-confidentiality'], content: selection(), documentId: docId }))
      .toMatchObject({ status: 400, body: { field: 'content', error: expect.stringContaining('omits the standard piece "proceedings-not-barred"') } })
    const outside = [schema.nodes.paragraph.create({ id: 'p' }, [schema.text('See '), schema.nodes.xref.create({ target: 'elsewhere' })]).toJSON()]
    expect(await post('/api/library/clauses', { ...base, id: 'outside-ref', content: outside, documentId: docId })).toMatchObject({ status: 400, body: { field: 'content', error: expect.stringContaining('outside') } })
    const res = await t.api('/api/library/clauses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id": ' }, 'dina')
    expect(res.status).toBe(400)
  })

  it('is for drafters and conveners of the document only', async () => {
    expect(await post('/api/library/clauses', { ...base, id: 'by-reviewer', content: selection(), documentId: docId }, 'rui')).toMatchObject({ status: 403 })
    expect(await post('/api/library/clauses', { ...base, id: 'no-document', content: selection() })).toMatchObject({ status: 400, body: { field: 'documentId' } })
    const anonymous = await t.api('/api/library/clauses', jsonInit('POST', { ...base, id: 'anon', content: selection(), documentId: docId }), null)
    expect(anonymous.status).toBe(401)
    expect((await get('/api/library/clauses/by-reviewer')).status).toBe(404)
  })

  it('keeps saved clauses across a restart', async () => {
    t = await t.restart()
    expect((await get('/api/library/clauses/joint-press-statements')).body).toMatchObject({ origin: 'saved', title: 'Joint press statements' })
  })
})
