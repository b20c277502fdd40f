// The code of one export worker thread: renders the PDF or Word file of a treaty sent to it as
// JSON, and, when asked to warm up, lays out a sample treaty once, so that fonts are parsed, words
// laid out and the exporters compiled before anyone's first export. Started by export-workers.ts
// (through export-worker-boot.mjs, which lets a worker load TypeScript).
import { parentPort } from 'node:worker_threads'
import { schema } from '../../editor/model/schema.js'
import { renderPage, warmPageExports } from './page-exports.js'
import type { WorkerReply, WorkerRequest } from './export-workers.js'

const port = parentPort
if (!port) throw new Error('export-worker.ts runs as a worker thread')

port.on('message', (request: WorkerRequest) => { void handle(request) })

async function handle(request: WorkerRequest): Promise<void> {
  let reply: WorkerReply
  try {
    if (request.kind === 'warm') {
      await warmPageExports()
      reply = { id: request.id, ok: true, bytes: new Uint8Array() }
    } else {
      const doc = schema.nodeFromJSON(request.doc)
      const bytes = await renderPage(request.format, doc, request.params, request.options)
      // a Buffer may be a view into a shared pool: send bytes of their own, moved rather than copied
      reply = { id: request.id, ok: true, bytes: bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes) }
    }
  } catch (err) {
    reply = { id: request.id, ok: false, message: err instanceof Error ? err.message : String(err) }
  }
  port!.postMessage(reply, reply.ok && reply.bytes.byteLength > 0 ? [reply.bytes.buffer as ArrayBuffer] : [])
}
