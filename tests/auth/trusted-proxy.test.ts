// Behind a reverse proxy named in TRUST_PROXY, per-address limits and the audit log use the client
// address the proxy forwarded; without it, X-Forwarded-For is ignored (a client cannot pick its address).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonInit, startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../helpers/server.js'
import { RawPeer } from '../sync/peers.js'
import { startSyncServer } from '../sync/server.js'

const forwardedFor = (address: string, body: unknown) => {
  const init = jsonInit('POST', body)
  return { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': address } }
}
const login = (t: TestServer, address: string, username: string, password: string) =>
  fetch(t.url + '/api/session', forwardedFor(address, { username, password }))

type Entry = { action: string; remote: string | null; actor: { name: string } }

describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startSyncServer({ config: { trustProxy: 'loopback', loginMaxFailuresPerAddress: 3, loginMaxFailuresPerAccount: 100 }, sync: { maxConnectionsPerAddress: 2 } })
  })
  afterAll(() => t.dispose())

  it('limits failed logins per forwarded client, not per proxy, and audits the client address', async () => {
    for (let i = 0; i < 3; i++) expect((await login(t, '203.0.113.7', `user${i}`, 'wrong password')).status).toBe(401)
    expect((await login(t, '203.0.113.7', 'admin', TEST_ADMIN_PASSWORD)).status).toBe(429)
    // another delegate behind the same proxy is not locked out by the first one's failures
    expect((await login(t, '198.51.100.9, 127.0.0.1', 'admin', TEST_ADMIN_PASSWORD)).status).toBe(200)
    const entries = (await (await t.request('/api/audit?limit=50')).json()) as Entry[]
    expect(entries.find((e) => e.action === 'login')?.remote).toBe('198.51.100.9')
    expect(entries.filter((e) => e.action === 'login-failed').map((e) => e.remote)).toContain('203.0.113.7')
  })

  it('caps sync connections per forwarded client', async () => {
    const { id } = await (await t.request('/api/documents', jsonInit('POST', { title: 'Behind a proxy' }))).json() as { id: string }
    const url = `${t.syncUrl}/${id}`
    const from = (address: string) => RawPeer.open(url, { headers: { 'x-forwarded-for': address } })
    const first = [await from('203.0.113.20'), await from('203.0.113.20')]
    const refused = await from('203.0.113.20').then((p) => { p.close(); return null }, (err: { status: number }) => err.status)
    expect(refused).toBe(429)
    const other = await from('203.0.113.21')
    expect(other.open).toBe(true)
    for (const p of [...first, other]) p.close()
  })
})

describe('without TRUST_PROXY', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer({ loginMaxFailuresPerAddress: 3, loginMaxFailuresPerAccount: 100 })
  })
  afterAll(() => t.dispose())

  it('ignores X-Forwarded-For: a client cannot escape the per-address limit by inventing addresses', async () => {
    for (let i = 0; i < 3; i++) expect((await login(t, `203.0.113.${i}`, `user${i}`, 'wrong password')).status).toBe(401)
    expect((await login(t, '198.51.100.9', 'admin', TEST_ADMIN_PASSWORD)).status).toBe(429)
    const entries = (await (await t.request('/api/audit?limit=50')).json()) as Entry[]
    expect(entries.filter((e) => e.action === 'login-failed').every((e) => e.remote === '127.0.0.1')).toBe(true)
  })
})
