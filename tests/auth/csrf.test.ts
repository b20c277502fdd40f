// Cross-site requests riding on a session cookie are refused before they change anything.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { start } from '../../server/main.js'
import { jsonInit, startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../helpers/server.js'
import { everythingStored } from './helpers.js'

let t: TestServer
let doc: string
beforeAll(async () => {
  t = await startTestServer()
  doc = (await (await t.request('/api/documents', jsonInit('POST', { title: 'Target' }))).json()).id
})
afterAll(() => t.dispose())

const EVIL = 'https://evil.example'

describe('CSRF protection', () => {
  const attempts: Array<[string, () => RequestInit & { path: string }]> = [
    ['a foreign Origin creating a document', () => ({ path: '/api/documents', ...jsonInit('POST', { title: 'x' }), headers: { 'content-type': 'application/json', origin: EVIL } })],
    ['a foreign Origin deleting a document', () => ({ path: `/api/documents/${doc}`, method: 'DELETE', headers: { origin: EVIL } })],
    ['a foreign Origin adding a member', () => ({ path: `/api/documents/${doc}/members`, ...jsonInit('POST', { username: 'admin', role: 'observer' }), headers: { 'content-type': 'application/json', origin: EVIL } })],
    ['a foreign Origin creating an account', () => ({ path: '/api/users', ...jsonInit('POST', { username: 'mallory' }), headers: { 'content-type': 'application/json', origin: EVIL } })],
    ['Origin "null" (a sandboxed frame)', () => ({ path: '/api/documents', ...jsonInit('POST', { title: 'x' }), headers: { 'content-type': 'application/json', origin: 'null' } })],
    ['no Origin but Sec-Fetch-Site: cross-site', () => ({ path: '/api/documents', ...jsonInit('POST', { title: 'x' }), headers: { 'content-type': 'application/json', origin: '', 'sec-fetch-site': 'cross-site' } })],
    ['no Origin but Sec-Fetch-Site: same-site (a sibling subdomain)', () => ({ path: `/api/documents/${doc}`, method: 'DELETE', headers: { origin: '', 'sec-fetch-site': 'same-site' } })],
    ['a same-looking origin on another port', () => ({ path: `/api/documents/${doc}`, method: 'DELETE', headers: { origin: t.url.replace(/:\d+$/, ':1') } })],
  ]

  it.each(attempts)('refuses %s with 403, changing nothing', async (_what, make) => {
    const { path, ...init } = make()
    const before = await everythingStored(t)
    const res = await t.request(path, init)
    expect(res.status).toBe(403)
    expect((await res.json()).error).toMatch(/^cross-site request refused/)
    expect(await everythingStored(t)).toBe(before)
  })

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])('refuses a %s body (what a cross-site form can send) with 415', async (type) => {
    const before = await everythingStored(t)
    const res = await t.request('/api/documents', { method: 'POST', headers: { 'content-type': type }, body: 'title=x' })
    expect(res.status).toBe(415)
    expect(await everythingStored(t)).toBe(before)
  })

  it('refuses a cross-site login (login CSRF) but accepts one from the app\'s own page', async () => {
    const body = JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD })
    expect((await fetch(t.url + '/api/session', { method: 'POST', headers: { 'content-type': 'application/json', origin: EVIL }, body })).status).toBe(403)
    expect((await fetch(t.url + '/api/session', { method: 'POST', headers: { 'content-type': 'application/json', origin: t.url }, body })).status).toBe(200)
  })

  it('accepts the app\'s own origin and non-browser clients (no Origin, no Sec-Fetch-Site)', async () => {
    expect((await t.request('/api/documents', jsonInit('POST', { title: 'From the page' }))).status).toBe(201)
    expect((await t.request('/api/documents', { ...jsonInit('POST', { title: 'From curl' }), headers: { 'content-type': 'application/json', origin: '' } })).status).toBe(201)
  })

  it('with ALLOW_MISSING_ORIGIN=false, requests without an Origin are refused too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacta-csrf-'))
    // the sync limits carry the origin policy; start() takes them as options.sync
    const server = await start({ port: 0, host: '127.0.0.1', dataDir: dir, staticDir: join(dir, 'none'), adminPassword: TEST_ADMIN_PASSWORD, logLevel: 'silent', sync: { allowMissingOrigin: false } })
    try {
      const login = (headers: Record<string, string>) => fetch(server.url + '/api/session', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }) })
      expect((await login({})).status).toBe(403)
      expect((await login({ origin: server.url })).status).toBe(200)
    } finally {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the session cookie is SameSite=Lax, so browsers do not send it on cross-site POSTs at all', async () => {
    const res = await fetch(t.url + '/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: TEST_ADMIN_PASSWORD }) })
    expect(res.headers.get('set-cookie')).toMatch(/SameSite=Lax/)
  })
})
