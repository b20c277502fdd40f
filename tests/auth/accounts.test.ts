// Sign-in, sign-out, the first admin, login limits, cookies, own and admin password changes, disabling accounts.
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger, type LogRecord } from '../../server/log.js'
import { start } from '../../server/main.js'
import { SQLITE_FILE } from '../../server/store/sqlite.js'
import { jsonInit, passwordOf, signIn, startTestServer, TEST_ADMIN_PASSWORD, withCookie, type TestServer } from '../helpers/server.js'
import { everythingStored, send } from './helpers.js'

let t: TestServer
beforeAll(async () => {
  t = await startTestServer({ loginMaxFailuresPerAccount: 3, loginMaxFailuresPerAddress: 1000, loginWindowSeconds: 60 })
  await t.addUser('carol', { displayName: 'Carol Diaz' })
})
afterAll(() => t.dispose())

const login = (username: string, password: string) => t.api('/api/session', jsonInit('POST', { username, password }), null)

describe('the first start', () => {
  it('creates admin with a one-time password printed once (not logged), which must be changed before anything else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pacta-first-'))
    const printed: string[] = []
    const logs: LogRecord[] = []
    const options = { port: 0, host: '127.0.0.1', dataDir: dir, staticDir: join(dir, 'none'), adminPassword: null, logLevel: 'debug' as const }
    const deps = { announce: (s: string) => printed.push(s), log: createLogger('debug', (r) => logs.push(r)) }
    let server = await start(options, deps)
    try {
      expect(printed).toHaveLength(1)
      const password = /\n {4}(\S+)\n/.exec(printed[0]!)![1]!
      expect(JSON.stringify(logs)).not.toContain(password)
      const cookie = await signIn(server.url, 'admin', password)
      const me = await (await fetch(server.url + '/api/session', withCookie({}, cookie))).json()
      expect(me.user).toMatchObject({ username: 'admin', isAdmin: true, mustChangePassword: true })
      const blocked = await fetch(server.url + '/api/documents', withCookie({}, cookie))
      expect(blocked.status).toBe(403)
      expect((await blocked.json()).error).toMatch(/change your password/)
      const changed = await fetch(server.url + '/api/account/password', withCookie(jsonInit('POST', { currentPassword: password, newPassword: 'a much better password' }), cookie))
      expect(changed.status).toBe(200)
      expect((await fetch(server.url + '/api/documents', withCookie({}, cookie))).status).toBe(200)
      // the sample treaty seeded on first start belongs to the admin
      const docs = await (await fetch(server.url + '/api/documents', withCookie({}, cookie))).json()
      expect(docs).toHaveLength(1)
      expect(docs[0].role).toBe('convener')
      await server.stop()
      server = await start(options, deps)
      expect(printed).toHaveLength(1)
    } finally {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('takes PACTA_ADMIN_PASSWORD as given, without asking for a change or printing anything', async () => {
    const me = await (await t.request('/api/session')).json()
    expect(me.user).toMatchObject({ username: 'admin', mustChangePassword: false })
  })
})

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and stores only a hash of its token', async () => {
    const res = await login('carol', passwordOf('carol'))
    expect(res.status).toBe(200)
    const setCookie = res.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^pacta_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/)
    const token = /pacta_session=([^;]+)/.exec(setCookie)![1]!
    const db = new Database(join(t.dataDir, SQLITE_FILE), { readonly: true })
    const hashes = (db.prepare('SELECT token_hash FROM sessions').all() as { token_hash: string }[]).map((r) => r.token_hash)
    db.close()
    expect(hashes).toContain(createHash('sha256').update(token).digest('base64url'))
    expect(hashes.join()).not.toContain(token)
  })

  it('marks the cookie Secure when COOKIE_SECURE is set', async () => {
    const secure = await startTestServer({ cookieSecure: true })
    try {
      const res = await fetch(secure.url + '/api/session', jsonInit('POST', { username: 'admin', password: TEST_ADMIN_PASSWORD }))
      expect(res.headers.get('set-cookie')).toMatch(/; Secure$/)
    } finally { await secure.dispose() }
  })

  it('answers a wrong password exactly as an unknown user, and changes nothing stored', async () => {
    const before = await everythingStored(t)
    const wrong = await login('carol', 'not her password')
    const unknown = await login('nobody-here', 'whatever password')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await wrong.json()).toEqual(await unknown.json())
    expect(wrong.headers.get('set-cookie')).toBeNull()
    expect(await everythingStored(t)).toBe(before)
  })

  it('refuses an account after 3 failures with 429 and Retry-After, even with the right password', async () => {
    await t.addUser('dave')
    for (let i = 0; i < 3; i++) expect((await login('dave', `guess ${i} wrong`)).status).toBe(401)
    const limited = await login('dave', passwordOf('dave'))
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await limited.json()).error).toMatch(/too many failed logins/)
    // other accounts from the same address are not affected by dave's limit
    expect((await login('carol', passwordOf('carol'))).status).toBe(200)
  })

  it('refuses an address after too many failures across usernames', async () => {
    const strict = await startTestServer({ loginMaxFailuresPerAddress: 4, loginMaxFailuresPerAccount: 100 })
    try {
      for (let i = 0; i < 4; i++) {
        expect((await fetch(strict.url + '/api/session', jsonInit('POST', { username: `user${i}`, password: 'wrong password' }))).status).toBe(401)
      }
      const res = await fetch(strict.url + '/api/session', jsonInit('POST', { username: 'admin', password: TEST_ADMIN_PASSWORD }))
      expect(res.status).toBe(429)
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    } finally { await strict.dispose() }
  })

  it('signing out ends the session on the server', async () => {
    const cookie = await signIn(t.url, 'carol', passwordOf('carol'))
    expect((await fetch(t.url + '/api/documents', withCookie({}, cookie))).status).toBe(200)
    const out = await fetch(t.url + '/api/session', withCookie({ method: 'DELETE' }, cookie))
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/pacta_session=; Path=\/; Max-Age=0/)
    const after = await fetch(t.url + '/api/documents', withCookie({}, cookie))
    expect(after.status).toBe(401)
    expect(await after.json()).toEqual({ status: 401, error: 'sign in first' })
  })
})

describe('passwords', () => {
  it('changing one\'s own password checks the current one, ends the other sessions and keeps this one', async () => {
    await t.addUser('erin')
    const a = await signIn(t.url, 'erin', passwordOf('erin'))
    const b = await signIn(t.url, 'erin', passwordOf('erin'))
    const wrong = await fetch(t.url + '/api/account/password', withCookie(jsonInit('POST', { currentPassword: 'nope nope nope', newPassword: 'erin new password' }), a))
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toMatchObject({ field: 'currentPassword' })
    const ok = await fetch(t.url + '/api/account/password', withCookie(jsonInit('POST', { currentPassword: passwordOf('erin'), newPassword: 'erin new password' }), a))
    expect(ok.status).toBe(200)
    expect((await fetch(t.url + '/api/session', withCookie({}, a))).status).toBe(200)
    expect((await fetch(t.url + '/api/session', withCookie({}, b))).status).toBe(401)
    expect((await login('erin', passwordOf('erin'))).status).toBe(401)
    expect((await login('erin', 'erin new password')).status).toBe(200)
  })

  it('an admin reset gives a one-time password, ends the old sessions, and the old password stops working', async () => {
    const frank = await t.addUser('frank')
    const res = await send(t, 'POST', `/api/users/${frank.id}/password-reset`, undefined)
    expect(res.status).toBe(200)
    const { temporaryPassword, user } = await res.json()
    expect(user.mustChangePassword).toBe(true)
    expect((await fetch(t.url + '/api/session', withCookie({}, frank.cookie))).status).toBe(401)
    expect((await login('frank', passwordOf('frank'))).status).toBe(401)
    const fresh = await signIn(t.url, 'frank', temporaryPassword)
    expect((await fetch(t.url + '/api/documents', withCookie({}, fresh))).status).toBe(403)
  })
})

describe('accounts administration', () => {
  it('creates an account with a one-time password and refuses a taken username in any case', async () => {
    const res = await send(t, 'POST', '/api/users', { username: 'Grace', displayName: 'Grace Hopper' })
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(body.user).toMatchObject({ username: 'Grace', displayName: 'Grace Hopper', isAdmin: false, disabled: false, mustChangePassword: true })
    expect(body.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{20}$/)
    expect(JSON.stringify(body)).not.toMatch(/scrypt/)
    const before = await everythingStored(t)
    const taken = await send(t, 'POST', '/api/users', { username: 'grace' })
    expect(taken.status).toBe(409)
    expect(await taken.json()).toMatchObject({ field: 'username' })
    expect(await everythingStored(t)).toBe(before)
  })

  it('a disabled account is refused at login like a wrong password, its sessions end, and re-enabling restores it', async () => {
    const hana = await t.addUser('hana')
    const disabled = await send(t, 'PATCH', `/api/users/${hana.id}`, { disabled: true })
    expect(disabled.status).toBe(200)
    expect((await disabled.json()).disabled).toBe(true)
    expect((await fetch(t.url + '/api/documents', withCookie({}, hana.cookie))).status).toBe(401)
    const refused = await login('hana', passwordOf('hana'))
    expect(refused.status).toBe(401)
    expect((await refused.json()).error).toBe('wrong username or password')
    expect((await send(t, 'PATCH', `/api/users/${hana.id}`, { disabled: false })).status).toBe(200)
    expect((await login('hana', passwordOf('hana'))).status).toBe(200)
  })

  it('an admin cannot disable their own account', async () => {
    const me = (await (await t.request('/api/session')).json()).user
    const res = await send(t, 'PATCH', `/api/users/${me.id}`, { disabled: true })
    expect(res.status).toBe(409)
  })
})
