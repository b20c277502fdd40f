// Starts the real server in-process on port 0 with a temporary DATA_DIR, and inspects what it stored.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../server/config.js'
import { createLogger, type LogRecord } from '../../server/log.js'
import { start, type RunningServer } from '../../server/main.js'
import type { Store } from '../../server/store/store.js'

/** A server under test with its log and data folder. */
export interface TestServer {
  server: RunningServer
  /** http://127.0.0.1:port */
  url: string
  /** ws://127.0.0.1:port/sync — the WebsocketProvider server URL. */
  syncUrl: string
  dataDir: string
  /** Everything logged at debug level or above, in order. */
  logs: LogRecord[]
  /** Stops the server (keeping its data). */
  stop(): Promise<void>
  /** Stops this server and starts a new one on the same data folder. */
  restart(overrides?: Partial<Config>): Promise<TestServer>
  /** Stops the server and deletes its data folder. */
  dispose(): Promise<void>
  /** fetch() relative to the server URL. */
  request(path: string, init?: RequestInit): Promise<Response>
}

/**
 * Starts a quiet server on 127.0.0.1:0 with a fresh temporary data folder (or `dataDir`), no
 * built editor unless `staticDir` is given, and a short idle-unload delay.
 */
export async function startTestServer(overrides: Partial<Config> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'pacta-test-'))
  const logs: LogRecord[] = []
  const server = await start({
    port: 0,
    host: '127.0.0.1',
    dataDir: dir,
    staticDir: join(dir, 'no-dist'),
    sqliteSynchronous: 'NORMAL',
    idleUnloadMs: 60_000,
    logLevel: 'debug',
    ...overrides,
  }, { log: createLogger('debug', (r) => logs.push(r)) })
  const self: TestServer = {
    server,
    url: server.url,
    syncUrl: server.url.replace(/^http/, 'ws') + '/sync',
    dataDir: dir,
    logs,
    stop: () => server.stop(),
    restart: async (more = {}) => {
      await server.stop()
      return startTestServer({ ...overrides, ...more }, dir)
    },
    dispose: async () => {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
    request: (path, init) => fetch(server.url + path, init),
  }
  return self
}

/** Sends JSON with the right content type. */
export function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }
}

/**
 * A hash of everything the store holds: the document list and every channel's snapshot and
 * log. Equal before and after a request means the request changed nothing stored.
 */
export async function storeFingerprint(store: Store): Promise<string> {
  const hash = createHash('sha256')
  for (const doc of await store.listDocuments()) {
    hash.update(JSON.stringify(doc))
    for (const channel of ['content', 'annotations'] as const) {
      const state = await store.loadState(doc.id, channel)
      hash.update(`${channel}:${state.lastSeq}:`)
      if (state.snapshot) hash.update(state.snapshot)
      for (const u of state.updates) hash.update(u)
    }
  }
  return hash.digest('hex')
}

/** Creates a document through the API and returns its JSON. */
export async function createDocument(t: TestServer, title = 'Test treaty'): Promise<{ id: string; title: string; createdAt: string; updatedAt: string }> {
  const res = await t.request('/api/documents', jsonInit('POST', { title }))
  if (res.status !== 201) throw new Error(`creating a document failed: ${res.status} ${await res.text()}`)
  return res.json() as Promise<{ id: string; title: string; createdAt: string; updatedAt: string }>
}
