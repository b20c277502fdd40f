// Starts the real server in-process on port 0 with a temporary DATA_DIR and a known admin, signs people in, and inspects what it stored.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../server/config.js'
import { createLogger, type LogRecord } from '../../server/log.js'
import { start, type RunningServer, type StartDependencies } from '../../server/main.js'
import type { Store } from '../../server/store/store.js'
import type { Role } from '../../editor/model/permissions.js'
import { forgetDefaultCookie, registerDefaultCookie } from './sessions.js'

/** The admin password of every test server (PACTA_ADMIN_PASSWORD). */
export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests'

/** The password the helpers give every user they create (after the forced first change). */
export const passwordOf = (username: string) => `${username}-password-for-tests`

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
  /** fetch() relative to the server URL, signed in as `admin` (the creator, hence convener, of documents made through it). */
  request(path: string, init?: RequestInit): Promise<Response>
  /** The admin's session cookie (`pacta_session=…`). */
  adminCookie: string
  /**
   * fetch() relative to the server URL as `as`: a username (signed in, once, by `login`),
   * or null for no session. Default: admin.
   */
  api(path: string, init?: RequestInit, as?: string | null): Promise<Response>
  /** Signs `username` in (with `password`, default passwordOf(username)) and returns the cookie; cached per username. */
  login(username: string, password?: string): Promise<string>
  /**
   * Creates an account through the admin API (its password set to passwordOf(username), the
   * forced first change done) and returns its id and session cookie.
   */
  addUser(username: string, options?: { isAdmin?: boolean; displayName?: string }): Promise<TestUser>
  /** Adds `username` (created if needed, with `displayName`) to a document with `role`, as admin. */
  addMember(documentId: string, username: string, role: Role, displayName?: string): Promise<TestUser>
}

/** A user made by `addUser`. */
export interface TestUser {
  id: string
  username: string
  cookie: string
}

/** Signs in at `baseUrl` and returns the session cookie, or throws with the answer. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(baseUrl + '/api/session', { ...jsonInit('POST', { username, password }), headers: { 'content-type': 'application/json', origin: baseUrl } })
  if (res.status !== 200) throw new Error(`signing in as ${username} failed: ${res.status} ${await res.text()}`)
  const cookie = /pacta_session=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0]
  if (!cookie) throw new Error(`signing in as ${username} set no session cookie`)
  return cookie
}

/** `init` with a Cookie header added (when `cookie` is given). */
export function withCookie(init: RequestInit = {}, cookie?: string | null): RequestInit {
  if (!cookie) return init
  const headers = new Headers(init.headers)
  headers.set('cookie', cookie)
  return { ...init, headers }
}

/**
 * `init` as the app's own page would send it: the cookie, and `Origin: <origin>` unless `init`
 * sets one (an empty Origin in `init` means none, as from a non-browser client).
 */
export function asPage(init: RequestInit = {}, cookie: string | null | undefined, origin: string): RequestInit {
  const headers = new Headers(withCookie(init, cookie).headers)
  if (!headers.has('origin')) headers.set('origin', origin)
  else if (headers.get('origin') === '') headers.delete('origin')
  return { ...init, headers }
}

/**
 * Starts a quiet server on 127.0.0.1:0 with a fresh temporary data folder (or `dataDir`), no
 * built editor unless `staticDir` is given, and a short idle-unload delay.
 */
export async function startTestServer(overrides: Partial<Config> = {}, dataDir?: string, deps: Pick<StartDependencies, 'libraryRoot'> = {}): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'pacta-test-'))
  const logs: LogRecord[] = []
  const server = await start({
    adminPassword: TEST_ADMIN_PASSWORD,
    port: 0,
    host: '127.0.0.1',
    dataDir: dir,
    staticDir: join(dir, 'no-dist'),
    sqliteSynchronous: 'NORMAL',
    idleUnloadMs: 60_000,
    logLevel: 'debug',
    // export workers start at a test's first PDF or Word export, not with every server
    exportWarmup: false,
    ...overrides,
  }, { ...deps, log: createLogger('debug', (r) => logs.push(r)) })
  return withPeople(server, dir, logs, (more = {}) => startTestServer({ ...overrides, ...more }, dir, deps))
}

/**
 * Wraps a started server (whose admin password is TEST_ADMIN_PASSWORD) as a TestServer: signs
 * the admin in, registers the admin's cookie as its sync clients' default, and adds the
 * sign-in helpers. `reopen` starts a new server on the same data (used by `restart`).
 */
export async function withPeople(server: RunningServer, dir: string, logs: LogRecord[], reopen: (more?: Partial<Config>) => Promise<TestServer>): Promise<TestServer> {
  const adminCookie = await signIn(server.url, 'admin', TEST_ADMIN_PASSWORD)
  registerDefaultCookie(server.url, adminCookie)
  const cookies = new Map<string, string>([['admin', adminCookie]])
  const login = async (username: string, password = passwordOf(username)) => {
    const known = cookies.get(username)
    if (known) return known
    const cookie = await signIn(server.url, username, password)
    cookies.set(username, cookie)
    return cookie
  }
  const api = async (path: string, init?: RequestInit, as: string | null = 'admin') =>
    fetch(server.url + path, asPage(init, as === null ? null : await login(as), server.url))
  const addUser = async (username: string, options: { isAdmin?: boolean; displayName?: string } = {}): Promise<TestUser> => {
    const res = await api('/api/users', jsonInit('POST', { username, ...options }))
    if (res.status !== 201) throw new Error(`creating user ${username} failed: ${res.status} ${await res.text()}`)
    const { user, temporaryPassword } = await res.json() as { user: { id: string }; temporaryPassword: string }
    const first = await signIn(server.url, username, temporaryPassword)
    const changed = await fetch(server.url + '/api/account/password', asPage(jsonInit('POST', { currentPassword: temporaryPassword, newPassword: passwordOf(username) }), first, server.url))
    if (changed.status !== 200) throw new Error(`setting the password of ${username} failed: ${changed.status} ${await changed.text()}`)
    cookies.set(username, first)
    return { id: user.id, username, cookie: first }
  }
  const addMember = async (documentId: string, username: string, role: Role, displayName?: string): Promise<TestUser> => {
    const users = await (await api('/api/users')).json() as Array<{ id: string; username: string }>
    const existing = users.find((u) => u.username === username)
    const user = existing ? { id: existing.id, username, cookie: await login(username) } : await addUser(username, { displayName })
    const res = await api(`/api/documents/${encodeURIComponent(documentId)}/members`, jsonInit('POST', { username, role }))
    if (res.status !== 201) throw new Error(`adding ${username} as ${role} failed: ${res.status} ${await res.text()}`)
    return user
  }
  const self: TestServer = {
    server,
    adminCookie,
    api,
    login,
    addUser,
    addMember,
    url: server.url,
    syncUrl: server.url.replace(/^http/, 'ws') + '/sync',
    dataDir: dir,
    logs,
    stop: () => { forgetDefaultCookie(server.url); return server.stop() },
    restart: async (more = {}) => {
      forgetDefaultCookie(server.url)
      await server.stop()
      return reopen(more)
    },
    dispose: async () => {
      forgetDefaultCookie(server.url)
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    },
    request: (path, init) => fetch(server.url + path, asPage(init, adminCookie, server.url)),
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

/** The titles of `username`'s documents, sorted, as the API lists them. */
export async function documentTitles(t: TestServer, username: string): Promise<string[]> {
  const res = await t.api('/api/documents', {}, username)
  return ((await res.json()) as Array<{ title: string }>).map((d) => d.title).sort()
}

/** Imports `body` (a file named `filename`, its format told by the name) as the admin; the new document's id. */
export async function importDocument(t: TestServer, filename: string, body: NonNullable<RequestInit['body']>): Promise<string> {
  const res = await t.request(`/api/documents/import?filename=${encodeURIComponent(filename)}`, {
    method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body,
  })
  if (res.status !== 201) throw new Error(`importing ${filename} failed: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { document: { id: string } }).document.id
}

/** Creates a document through the API and returns its JSON. */
export async function createDocument(t: TestServer, title = 'Test treaty'): Promise<{ id: string; title: string; createdAt: string; updatedAt: string }> {
  const res = await t.request('/api/documents', jsonInit('POST', { title }))
  if (res.status !== 201) throw new Error(`creating a document failed: ${res.status} ${await res.text()}`)
  return res.json() as Promise<{ id: string; title: string; createdAt: string; updatedAt: string }>
}
