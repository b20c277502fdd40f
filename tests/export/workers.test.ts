// PDF and Word exports run in worker threads: while UNCLOS is laid out as a PDF the server keeps
// answering, the files are the same as the exporters make in-process, and a failure in a worker is
// a 500 naming the export while the pool goes on.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import type { ImportResultView } from '../../editor/model/api-views.js'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { AppError } from '../../server/errors.js'
import { ExportWorkers } from '../../server/export/export-workers.js'
import { createLogger } from '../../server/log.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

const UNCLOS = resolve(import.meta.dirname, '../fixtures/corpus/unclos-1982_law-of-the-sea.en.md')
const silent = createLogger('silent')

let t: TestServer
beforeAll(async () => { t = await startTestServer() }, 60_000)
afterAll(async () => { await t?.dispose() })

describe('export workers', () => {
  it('answer small requests while a UNCLOS PDF is laid out, well before it is done', { timeout: 120_000 }, async () => {
    const imported = await t.request('/api/documents/import?filename=unclos.md', {
      method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: readFileSync(UNCLOS),
    })
    expect(imported.status).toBe(201)
    const { document } = (await imported.json()) as ImportResultView
    const started = performance.now()
    let finished = 0
    const pdf = t.request(`/api/documents/${document.id}/export/pdf?clean=1`).then(async (res) => {
      const bytes = new Uint8Array(await res.arrayBuffer())
      finished = performance.now()
      return { status: res.status, bytes }
    })
    // health checks one after another for as long as the export runs: each one's wait is how long the event loop was held
    const waits: number[] = []
    while (finished === 0) {
      const sent = performance.now()
      const res = await t.request('/api/health')
      expect(res.status).toBe(200)
      await res.arrayBuffer()
      if (finished === 0) waits.push(performance.now() - sent)
    }
    const { status, bytes } = await pdf
    expect(status).toBe(200)
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-')
    const took = finished - started
    // on the event loop the layout alone held every request for most of the export
    expect(waits.length, `${waits.length} answers during an export of ${Math.round(took)} ms`).toBeGreaterThanOrEqual(3)
    expect(Math.max(...waits), `longest wait ${Math.round(Math.max(...waits))} ms of an export of ${Math.round(took)} ms`).toBeLessThan(took / 2)
  })

  it('make the same Word file as an export on the calling thread, and warm up once', { timeout: 60_000 }, async () => {
    const { treatyToDocx } = await import('../../server/export/docx.js')
    const workers = new ExportWorkers(1, silent)
    try {
      await workers.warm(2)
      const at = new Date('2026-02-01T12:00:00Z')
      const options = { title: 'Sample', clean: true, exportedAt: at, labels: new Map([['depositary', 'Depositary']]) }
      const inWorker = await workers.render('docx', sampleTreaty(), SAMPLE_PARAMETERS, options)
      const here = await treatyToDocx(sampleTreaty(), SAMPLE_PARAMETERS, options)
      const text = (bytes: Uint8Array) => new TextDecoder().decode(unzipSync(bytes)['word/document.xml'])
      expect(text(inWorker)).toBe(text(here))
    } finally { await workers.close() }
  })

  it('fail a job whose rendering fails with a 500 naming the export, and go on with the next', { timeout: 60_000 }, async () => {
    const workers = new ExportWorkers(1, silent)
    try {
      const broken = { toJSON: () => ({ type: 'no_such_node' }) } as unknown as Node
      const failed = await workers.render('pdf', broken, {}, { title: 'x', clean: true }).catch((err: unknown) => err)
      expect(failed).toBeInstanceOf(AppError)
      expect((failed as AppError).status).toBe(500)
      expect((failed as AppError).message).toMatch(/^the export failed: .*no_such_node/)
      const pdf = await workers.render('pdf', sampleTreaty(), SAMPLE_PARAMETERS, { title: 'x', clean: true })
      expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-')
    } finally { await workers.close() }
    await expect(workers.render('pdf', sampleTreaty(), {}, { title: 'x', clean: true })).rejects.toMatchObject({ status: 503 })
  })
})
