// Security headers and the CSP on every answer; no password, cookie or document text ever reaches the log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { PARAMETERS_MAP } from '../../editor/model/index.js'
import { jsonInit, passwordOf, startTestServer, type TestServer } from '../helpers/server.js'
import { connectClient, waitFor } from '../helpers/ws-client.js'

const DIST = resolve(import.meta.dirname, '../../dist')
let t: TestServer
beforeAll(async () => { t = await startTestServer(existsSync(resolve(DIST, 'login.html')) ? { staticDir: DIST } : {}) })
afterAll(() => t.dispose())

describe('security headers', () => {
  it.each(['/api/health', '/api/documents', '/login', '/'])('%s carries the CSP and helmet\'s headers', async (path) => {
    const res = await t.request(path, { redirect: 'manual' })
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self';")
    expect(csp).toContain("style-src 'self';")
    expect(csp).toContain("object-src 'none'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
    expect(csp).not.toContain('upgrade-insecure-requests')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    expect(res.headers.get('x-powered-by')).toBeNull()
    expect(res.headers.get('strict-transport-security')).toBeNull()
  })

  it('adds HSTS and upgrade-insecure-requests when served over HTTPS (COOKIE_SECURE)', async () => {
    const secure = await startTestServer({ cookieSecure: true })
    try {
      const res = await fetch(secure.url + '/api/health')
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests')
    } finally { await secure.dispose() }
  })

  it.runIf(existsSync(resolve(DIST, 'login.html')))('the built pages have no inline script or style for the CSP to block', async () => {
    for (const page of ['login', 'index', 'doc', 'admin', 'account']) {
      const html = await (await import('node:fs/promises')).readFile(resolve(DIST, `${page}.html`), 'utf8')
      expect(html, page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
      expect(html, page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i)
    }
  })
})

describe('the log', () => {
  it('never holds a password, a session cookie or document text', async () => {
    t.logs.length = 0
    const secret = 'Ultra-Secret-Password-9471'
    const marker = 'CONFIDENTIAL-TREATY-TEXT-5820'
    const user = await t.addUser('lena')
    await t.api('/api/session', jsonInit('POST', { username: 'lena', password: secret }), null)
    await t.api('/api/account/password', jsonInit('POST', { currentPassword: secret, newPassword: 'another secret 1' }), 'lena')
    const doc = (await (await t.request('/api/documents', jsonInit('POST', { title: 'Logged' }))).json()).id
    await t.addMember(doc, 'lena', 'drafter')
    const c = connectClient(t.syncUrl, doc, { cookie: user.cookie })
    await c.synced()
    c.doc.getMap(PARAMETERS_MAP).set('secret', marker)
    const room = (await t.server.rooms.peek(doc))!
    await waitFor(() => room.doc.getMap(PARAMETERS_MAP).get('secret') === marker, 'the edit to arrive')
    await room.durable()
    c.destroy()
    await t.request('/api/documents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"title": "${marker}` })
    expect(t.logs.length).toBeGreaterThan(0)
    const logged = JSON.stringify(t.logs)
    for (const forbidden of [secret, passwordOf('lena'), marker, user.cookie.split('=')[1]!, t.adminCookie.split('=')[1]!]) {
      expect(logged).not.toContain(forbidden)
    }
  })
})
