// The HTML export with comments: each thread after the text it is on, with its quote, author,
// replies and status; threads on deleted text at the end; bodies holding markup stay text; the
// clean export is unchanged. Then the endpoint: ?comments=1 from the live annotations room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createThread, deleteThread, replyTo, resolveThread, suggest } from '../../editor/model/annotations/index.js'
import { contentOfYDoc } from '../../editor/model/content.js'
import { CONTENT_FRAGMENT } from '../../editor/model/index.js'
import { treatyToHtml } from '../../server/export/html.js'
import { treatyToDocx } from '../../server/export/docx.js'
import { threadParagraphs } from '../../server/export/comment-text.js'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportThreads } from '../../server/export/html-comments.js'
import { contentDoc, rangeOf, reviewer, yTextWith } from '../review/fixture.js'
import { createDocument, startTestServer, type TestServer } from '../helpers/server.js'
import { connectClient, waitFor } from '../helpers/ws-client.js'
import { parseExport, unsafeFindings } from './inspect.js'

const HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> see the annex'
const NAMES: Record<string, string> = { rita: 'Rita Reviewer', dora: 'Dora Drafter' }
const name = (id: string) => NAMES[id] ?? 'a former member'
const AT = new Date('2026-12-03T12:00:00Z')

/** The review treaty with threads: a hostile comment with a reply, a resolved suggestion, a deleted thread, one on deleted text. */
function reviewed() {
  const content = contentDoc()
  const annotations = new Y.Doc()
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  const rita = reviewer(content, annotations, 'rita')
  const dora = reviewer(content, annotations, 'dora', 'drafter')
  const hostile = createThread(rita, { ...rangeOf(fragment, 'protect negotiators'), body: HOSTILE })
  replyTo(dora, hostile.id, 'Negotiators and their staff.\nSee Article 2.')
  const suggestion = suggest(rita, { op: 'replace', ...rangeOf(fragment, 'every mediator'), text: 'all mediators', body: 'Plural reads better.' })
  resolveThread(dora, suggestion.id)
  const gone = createThread(rita, { ...rangeOf(fragment, 'the measures'), body: 'Which measures?' })
  const hidden = createThread(rita, { ...rangeOf(fragment, 'at all times'), body: 'Deleted by its author.' })
  deleteThread(rita, hidden.id)
  // the words of `gone` are deleted from the text
  const text = yTextWith(fragment, 'the measures')
  text.delete(text.toString().indexOf('the measures'), 'the measures'.length)
  return { content, annotations, gone }
}

function exported(withComments: boolean, clean = false) {
  const { content, annotations } = reviewed()
  const { doc, parameters } = contentOfYDoc(content)
  const comments = withComments ? { threads: exportThreads(annotations, content), name } : undefined
  return treatyToHtml(doc, parameters, { title: 'Review', clean, exportedAt: AT, comments })
}

describe('the HTML export with comments', () => {
  it('draws each thread after the paragraph its words are in, with quote, author, body, replies and status', () => {
    const d = parseExport(exported(true))
    const threads = Array.from(d.querySelectorAll('main .comment-thread'))
    expect(threads.map((t) => t.querySelector('.comment-quote')!.textContent)).toEqual(['“protect negotiators”', '“every mediator”', 'On deleted text: “the measures”'])
    const first = threads[0]!
    expect(first.previousElementSibling!.textContent).toContain('The Parties shall protect negotiators')
    expect(Array.from(first.querySelectorAll('.comment-author')).map((a) => a.textContent)).toEqual(['Rita Reviewer', 'Dora Drafter'])
    expect(first.querySelector('.comment-reply .comment-body')!.innerHTML).toBe('Negotiators and their staff.<br>See Article 2.')
    expect(first.querySelector('.comment-status')!.textContent).toBe('Open')
    const second = threads[1]!
    expect(second.querySelector('.comment-suggestion')!.textContent).toBe('Suggests replacing it with “all mediators”')
    expect(second.querySelector('.comment-status')!.textContent).toBe('Resolved by Dora Drafter')
    // the thread on deleted text is kept, at the end; the deleted thread is not shown
    expect(threads[2]!.closest('.comments-elsewhere')).not.toBeNull()
    expect(d.body.textContent).not.toContain('Deleted by its author.')
    expect(d.querySelector('.export-kind')!.textContent).toBe('Draft with drafting notes and comments (3)')
  })

  it('keeps a body holding <script> and <img onerror> as inert text', () => {
    const html = exported(true)
    const d = parseExport(html)
    expect(unsafeFindings(d)).toEqual([])
    expect(d.querySelectorAll('script, img').length).toBe(0)
    expect(d.querySelector('.comment-thread .comment-body')!.textContent).toBe(HOSTILE)
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img')
  })

  it('leaves the clean and drafting-notes exports as they were', () => {
    for (const clean of [true, false]) {
      const html = exported(false, clean)
      expect(html).not.toContain('comment-thread')
      expect(html).not.toContain('with-comments')
      expect(parseExport(html).querySelector('.export-kind')!.textContent).toBe(clean ? 'Clean draft' : 'Draft with drafting notes')
    }
  })
})

describe('GET /api/documents/:id/export/html?comments=1', () => {
  let t: TestServer
  beforeAll(async () => { t = await startTestServer() }, 30_000)
  afterAll(async () => { await t?.dispose() })
  const path = (id: string, query: string) => `/api/documents/${encodeURIComponent(id)}/export/html${query}`

  it('exports the live threads beside their text, names the author, and records the choice in the audit log', async () => {
    const doc = await createDocument(t, 'Treaty under review')
    const rita = await t.addMember(doc.id, 'rita', 'reviewer', 'Rita')
    const content = connectClient(t.syncUrl, doc.id)
    const annotations = connectClient(t.syncUrl, `${doc.id}/annotations`, { cookie: rita.cookie })
    try {
      await Promise.all([content.synced(), annotations.synced()])
      const fragment = content.doc.getXmlFragment(CONTENT_FRAGMENT)
      const title = contentOfYDoc(content.doc).doc.firstChild!
      createThread({ annotations: annotations.doc, content: fragment, actor: { userId: rita.id, role: 'reviewer' } }, { from: 1, to: 1 + Math.min(5, title.content.size), body: HOSTILE })
      const room = (await t.server.rooms.peek(doc.id, 'annotations'))!
      await waitFor(() => room.doc.getMap('threads').size === 1, 'the thread to reach the room')
      const res = await t.request(path(doc.id, '?clean=0&comments=1'))
      expect(res.status).toBe(200)
      const d = parseExport(await res.text())
      expect(unsafeFindings(d)).toEqual([])
      expect(d.querySelector('h1.treaty-title + .comment-thread .comment-author')?.textContent).toBe('Rita')
      expect(d.querySelector('.comment-thread .comment-body')?.textContent).toBe(HOSTILE)
      const clean = await (await t.request(path(doc.id, '?clean=1'))).text()
      expect(clean).not.toContain('comment-thread')
      const audit = (await (await t.request(`/api/documents/${doc.id}/audit?limit=50`)).json()) as Array<{ action: string; detail: unknown }>
      expect(audit.filter((e) => e.action === 'document-exported').map((e) => e.detail)).toEqual([{ format: 'html', clean: true }, { format: 'html', clean: false, comments: true }])
    } finally {
      content.destroy()
      annotations.destroy()
    }
  })

  it('refuses a bad comments value with 400 naming the field', async () => {
    const doc = await createDocument(t, 'Bad query')
    const res = await t.request(path(doc.id, '?comments=maybe'))
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ status: 400, field: 'comments' })
  })
})

/** One part of a .docx package as text. */
function docxPart(bytes: Uint8Array, part: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pacta-word-comments-'))
  try {
    writeFileSync(join(dir, 'x.docx'), bytes)
    const run = spawnSync('unzip', ['-p', join(dir, 'x.docx'), part], { encoding: 'utf8' })
    if (run.status !== 0) throw new Error(`unzip could not read ${part}: ${run.stderr}`)
    return run.stdout
  } finally { rmSync(dir, { recursive: true, force: true }) }
}

describe('the Word export with comments', () => {
  async function word() {
    const { content, annotations } = reviewed()
    const { doc, parameters } = contentOfYDoc(content)
    const threads = exportThreads(annotations, content)
    const wordComments = threads.flatMap((t) => (t.from === null || t.to === null ? [] : [{
      from: t.from, to: t.to, author: name(t.thread.author), date: AT, resolved: t.thread.resolution !== null, paragraphs: threadParagraphs(t.thread, name),
    }]))
    return treatyToDocx(doc, parameters, { title: 'Review', clean: false, exportedAt: AT, wordComments })
  }

  it('makes each thread on live text a Word comment anchored to exactly its words, with author, replies and status', async () => {
    const bytes = await word()
    const comments = docxPart(bytes, 'word/comments.xml')
    const body = docxPart(bytes, 'word/document.xml')
    // two threads on live text; the one on deleted text and the deleted thread have no comment
    expect([...comments.matchAll(/<w:comment /g)]).toHaveLength(2)
    expect(comments).toContain('w:author="Rita Reviewer"')
    expect(comments).toMatch(/Dora Drafter, \d{4}-\d{2}-\d{2}: Negotiators and their staff\. See Article 2\./)
    expect(comments).toContain('Suggests replacing it with “all mediators”')
    expect(comments).toContain('Resolved by Dora Drafter')
    // markup in a body is text in Word too
    expect(comments).toContain('&lt;script&gt;')
    expect(comments).not.toContain('<script>')
    // the commented words sit between the range's start and end
    const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    for (const [id, words] of [['0', 'protect negotiators'], ['1', 'every mediator']] as const) {
      const start = body.indexOf(`<w:commentRangeStart w:id="${id}"/>`)
      const end = body.indexOf(`<w:commentRangeEnd w:id="${id}"/>`)
      expect(start, id).toBeGreaterThan(0)
      expect(end, id).toBeGreaterThan(start)
      expect(text(body.slice(start, end))).toBe(words)
      expect(body.slice(end)).toContain(`<w:commentReference w:id="${id}"/>`)
    }
  })

  it('is answered by the endpoint for ?comments=1 on Word, and refused on formats without comments', async () => {
    const t = await startTestServer()
    try {
      const doc = await createDocument(t, 'Word review')
      const ok = await t.request(`/api/documents/${doc.id}/export/docx?clean=0&comments=1`)
      expect(ok.status).toBe(200)
      const refused = await t.request(`/api/documents/${doc.id}/export/markdown?comments=1`)
      expect(refused.status).toBe(400)
      expect(await refused.json()).toMatchObject({ field: 'comments', error: expect.stringMatching(/html and docx/) })
    } finally { await t.dispose() }
  })
})
