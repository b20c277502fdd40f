// The servers the three pages are opened from, all in this process on 127.0.0.1: Pacta itself
// (server/main.ts `start()`, serving a build of the editor), and one small host for the two
// reference pages that serves their build, the treaty as JSON, and a stock y-websocket server.
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { build } from 'vite'
import { WebSocketServer } from 'ws'
import * as Y from 'yjs'
import { docs, getYDoc, setupWSConnection } from '@y/websocket-server/utils'
import { start } from '../../server/main.js'
import { newDocumentId } from '../../server/services/documents.js'
import type { Channel } from '../../server/store/store.js'
import { SCHEMA_VERSION } from '../../editor/model/schema.js'

const ROOT = resolve(import.meta.dirname, '../..')
const PAGES = resolve(import.meta.dirname, 'pages')

/** Builds the two reference pages into `outDir` (minified like Pacta's build, or not, for readable profiles). */
export async function buildReferencePages(outDir: string, minify: boolean): Promise<void> {
  await build({
    configFile: false,
    root: PAGES,
    logLevel: 'warn',
    build: {
      outDir, emptyOutDir: true, minify, sourcemap: false,
      rollupOptions: { input: { prosemirror: join(PAGES, 'prosemirror.html'), yprosemirror: join(PAGES, 'yprosemirror.html'), 'treaty-editor': join(PAGES, 'treaty-editor.html') } },
    },
  })
}

/** Builds Pacta's editor as `npm run build` does, but unminified, into `outDir` (for profiles). */
export async function buildPactaUnminified(outDir: string): Promise<void> {
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, minify: false, sourcemap: false } })
}

/** A running Pacta with its admin signed in. */
export interface PactaHost {
  url: string
  /** ws://127.0.0.1:port (the sync endpoint adds /sync). */
  wsUrl: string
  /** `pacta_session=…` */
  cookie: string
  /** Creates a document holding `state` (a content update) and any `more` channels' states, its admin the convener; returns its id. */
  createDocument(title: string, state: Uint8Array, more?: Array<{ channel: Channel; state: Uint8Array }>): Promise<string>
  /** The group commits and updates the document's content room has stored so far (null when it is not loaded). */
  commits(id: string): Promise<{ batches: number; updates: number } | null>
  /** Resolves once every room has been stored and unloaded (PACTA_IDLE_UNLOAD_MS after its last client left). */
  settled(): Promise<void>
  stop(): Promise<void>
}

/**
 * How soon Pacta unloads a room nobody is connected to (its default is 30 s): soon, so that the
 * runner can wait for an earlier run's document to be stored and freed before it opens the next
 * page. Both servers share the runner's process, so an unload that fell into another page's
 * opening would slow that page, whichever it is.
 */
const PACTA_IDLE_UNLOAD_MS = 1000

/** Starts Pacta on 127.0.0.1:0 with its defaults (but PACTA_IDLE_UNLOAD_MS), the editor build in `staticDir` and the data in `dataDir`. */
export async function startPacta(staticDir: string, dataDir: string): Promise<PactaHost> {
  const adminPassword = `bench-${randomBytes(12).toString('hex')}`
  const server = await start({
    port: 0, host: '127.0.0.1', dataDir, staticDir, logLevel: (process.env.BENCH_PACTA_LOG ?? 'warn') as 'warn', adminPassword,
    idleUnloadMs: PACTA_IDLE_UNLOAD_MS,
    // no export is measured here: the export workers' warm-up (seconds of one core after the
    // server starts) would otherwise run during the first runs' pages
    exportWarmup: false,
  })
  const res = await fetch(`${server.url}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username: 'admin', password: adminPassword }),
  })
  const cookie = /pacta_session=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0]
  if (res.status !== 200 || !cookie) throw new Error(`signing in to Pacta failed: ${res.status} ${await res.text()}`)
  const { user } = await res.json() as { user: { id: string } }
  return {
    url: server.url,
    wsUrl: server.url.replace(/^http/, 'ws'),
    cookie,
    async createDocument(title, state, more = []) {
      const now = Date.now()
      const id = newDocumentId()
      // stored as the documents service stores a new document (with its schema version)
      await server.store.createDocument({ id, title, createdAt: now, updatedAt: now }, [{ channel: 'content', state, schemaVersion: SCHEMA_VERSION }, ...more], [{ userId: user.id, role: 'convener' }])
      return id
    },
    async commits(id) {
      const room = await server.rooms.peek(id)
      return room ? { batches: room.stats.batches, updates: room.stats.updatesStored } : null
    },
    async settled() {
      for (const until = Date.now() + 30_000; server.rooms.size > 0;) {
        if (Date.now() > until) throw new Error(`Pacta still has ${server.rooms.size} rooms loaded`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    stop: () => server.stop(),
  }
}

/** The reference pages' host: their build, `/unclos.json`, an empty `/blank` page, and the reference y-websocket server on the same port. */
export interface ReferenceHost {
  url: string
  wsUrl: string
  /** Puts `state` into the reference server's document `room` (in memory, as if a client had written it). */
  seed(room: string, state: Uint8Array): void
  stop(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
}

/** Serves `pagesDir` (a build of the reference pages) and `treatyJson` on 127.0.0.1:0, with the y-websocket server. */
export async function startReferenceHost(pagesDir: string, treatyJson: string): Promise<ReferenceHost> {
  const http: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname
    if (path === '/blank') {
      res.writeHead(200, { 'content-type': TYPES['.html']! })
      res.end('<!doctype html><link rel="icon" href="data:,"><title>blank</title>')
      return
    }
    if (path === '/unclos.json') {
      res.writeHead(200, { 'content-type': TYPES['.json']! })
      res.end(treatyJson)
      return
    }
    const file = normalize(join(pagesDir, path))
    if (!file.startsWith(pagesDir)) { res.writeHead(404).end(); return }
    readFile(file).then(
      (body) => { res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }); res.end(body) },
      () => { res.writeHead(404, { 'content-type': 'text/plain' }); res.end('not found') },
    )
  })
  // The reference server as its README sets it up: setupWSConnection on a plain ws server, in memory.
  const wss = new WebSocketServer({ noServer: true })
  wss.on('connection', (ws, req) => setupWSConnection(ws, req))
  http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)))
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done))
  const { port } = http.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    seed: (room, state) => Y.applyUpdate(getYDoc(room), state),
    async stop() {
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((done) => http.close(() => done()))
      // the server keeps its documents (and their presence timers) for good without persistence
      for (const doc of docs.values()) doc.destroy()
      docs.clear()
    },
  }
}
