// The role matrix: every REST endpoint, asked by nobody, a non-member, each role and an admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../editor/model/permissions.js'
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.js'
import { everythingStored } from './helpers.js'

let t: TestServer
/** Who asks: nobody (no session), an outsider (signed in, not a member), each role, and the instance admin (not a member). */
const ASKERS = ['nobody', 'outsider', 'convener', 'drafter', 'reviewer', 'observer', 'admin'] as const
type Asker = (typeof ASKERS)[number]
const ids: Record<string, string> = {}

beforeAll(async () => {
  t = await startTestServer()
  for (const name of ['outsider', 'convener', 'drafter', 'reviewer', 'observer', 'bystander']) ids[name] = (await t.addUser(name)).id
})
afterAll(() => t.dispose())

/** A fresh document made by `convener`, with one member of each other role and `bystander` as an observer. */
async function freshDocument(): Promise<string> {
  const res = await t.api('/api/documents', jsonInit('POST', { title: 'Matrix' }), 'convener')
  const { id } = await res.json() as { id: string }
  for (const role of ['drafter', 'reviewer', 'observer'] as Role[]) await t.api(`/api/documents/${id}/members`, jsonInit('POST', { username: role, role }), 'convener')
  await t.api(`/api/documents/${id}/members`, jsonInit('POST', { username: 'bystander', role: 'observer' }), 'convener')
  return id
}

interface Endpoint {
  name: string
  request: (doc: string) => { method: string; path: string; body?: unknown }
  /** Status for each asker. */
  expect: Record<Asker, number>
}

const ALL_MEMBERS = { nobody: 401, outsider: 403, convener: 200, drafter: 200, reviewer: 200, observer: 200, admin: 200 }
const CONVENERS = { nobody: 401, outsider: 403, convener: 200, drafter: 403, reviewer: 403, observer: 403, admin: 200 }
const ADMINS = { nobody: 401, outsider: 403, convener: 403, drafter: 403, reviewer: 403, observer: 403, admin: 200 }
const SIGNED_IN = { nobody: 401, outsider: 200, convener: 200, drafter: 200, reviewer: 200, observer: 200, admin: 200 }
const status = (base: Record<Asker, number>, ok: number) =>
  Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v === 200 ? ok : v])) as Record<Asker, number>

const ENDPOINTS: Endpoint[] = [
  { name: 'GET /api/documents', request: () => ({ method: 'GET', path: '/api/documents' }), expect: SIGNED_IN },
  { name: 'POST /api/documents', request: () => ({ method: 'POST', path: '/api/documents', body: { title: 'Mine' } }), expect: status(SIGNED_IN, 201) },
  { name: 'GET /api/documents/:id', request: (d) => ({ method: 'GET', path: `/api/documents/${d}` }), expect: ALL_MEMBERS },
  { name: 'PATCH /api/documents/:id', request: (d) => ({ method: 'PATCH', path: `/api/documents/${d}`, body: { title: 'Renamed' } }), expect: CONVENERS },
  { name: 'DELETE /api/documents/:id', request: (d) => ({ method: 'DELETE', path: `/api/documents/${d}` }), expect: status(CONVENERS, 204) },
  { name: 'GET /api/documents/:id/members', request: (d) => ({ method: 'GET', path: `/api/documents/${d}/members` }), expect: ALL_MEMBERS },
  { name: 'POST /api/documents/:id/members', request: (d) => ({ method: 'POST', path: `/api/documents/${d}/members`, body: { username: 'outsider', role: 'reviewer' } }), expect: status(CONVENERS, 201) },
  { name: 'PATCH /api/documents/:id/members/:userId', request: (d) => ({ method: 'PATCH', path: `/api/documents/${d}/members/${ids.bystander}`, body: { role: 'reviewer' } }), expect: CONVENERS },
  { name: 'DELETE /api/documents/:id/members/:userId', request: (d) => ({ method: 'DELETE', path: `/api/documents/${d}/members/${ids.bystander}` }), expect: status(CONVENERS, 204) },
  { name: 'GET /api/documents/:id/members/candidates', request: (d) => ({ method: 'GET', path: `/api/documents/${d}/members/candidates?q=out` }), expect: CONVENERS },
  { name: 'GET /api/documents/:id/audit', request: (d) => ({ method: 'GET', path: `/api/documents/${d}/audit` }), expect: CONVENERS },
  { name: 'GET /api/audit', request: () => ({ method: 'GET', path: '/api/audit' }), expect: ADMINS },
  { name: 'GET /api/users', request: () => ({ method: 'GET', path: '/api/users' }), expect: ADMINS },
  { name: 'GET /api/users/:id', request: () => ({ method: 'GET', path: `/api/users/${ids.bystander}` }), expect: ADMINS },
  { name: 'POST /api/users', request: () => ({ method: 'POST', path: '/api/users', body: { username: `new-${Math.random().toString(36).slice(2, 8)}` } }), expect: status(ADMINS, 201) },
  { name: 'PATCH /api/users/:id', request: () => ({ method: 'PATCH', path: `/api/users/${ids.bystander}`, body: { disabled: false } }), expect: ADMINS },
  { name: 'POST /api/users/:id/password-reset', request: () => ({ method: 'POST', path: `/api/users/${ids.bystander}/password-reset` }), expect: ADMINS },
  { name: 'GET /api/session', request: () => ({ method: 'GET', path: '/api/session' }), expect: SIGNED_IN },
]

describe('every REST endpoint checks the role', () => {
  it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', async (_name, endpoint) => {
    const seen: Record<string, number> = {}
    for (const asker of ASKERS) {
      const doc = await freshDocument()
      const { method, path, body } = endpoint.request(doc)
      const before = await everythingStored(t)
      const res = await t.api(path, body === undefined ? { method } : jsonInit(method, body), asker === 'nobody' ? null : asker)
      seen[asker] = res.status
      if (res.status >= 400) {
        expect(res.headers.get('content-type')).toMatch(/application\/json/)
        expect(await res.json()).toMatchObject({ status: res.status, error: expect.any(String) })
        expect(await everythingStored(t), `${asker}: a refused ${endpoint.name} changed something stored`).toBe(before)
      }
    }
    expect(seen).toEqual(endpoint.expect)
  })

  it('the document list shows only the user\'s documents, each with their role; an admin sees all, marked', async () => {
    const doc = await freshDocument()
    const list = async (as: string) => (await (await t.api('/api/documents', {}, as)).json()) as Array<{ id: string; role: string | null; adminAccess?: boolean }>
    expect((await list('reviewer')).find((d) => d.id === doc)).toMatchObject({ role: 'reviewer' })
    expect((await list('outsider')).map((d) => d.id)).not.toContain(doc)
    expect((await list('admin')).find((d) => d.id === doc)).toMatchObject({ role: null, adminAccess: true })
  })

  it('a document keeps at least one convener', async () => {
    const doc = await freshDocument()
    const res = await t.api(`/api/documents/${doc}/members/${ids.convener}`, jsonInit('PATCH', { role: 'drafter' }), 'convener')
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ error: 'a document must keep at least one convener', field: 'role' })
    expect((await t.api(`/api/documents/${doc}/members/${ids.convener}`, { method: 'DELETE' }, 'convener')).status).toBe(409)
    // with a second convener, the first may step down
    await t.api(`/api/documents/${doc}/members/${ids.drafter}`, jsonInit('PATCH', { role: 'convener' }), 'convener')
    expect((await t.api(`/api/documents/${doc}/members/${ids.convener}`, jsonInit('PATCH', { role: 'drafter' }), 'convener')).status).toBe(200)
  })

  it('pages redirect to /login when nobody is signed in, and /admin is for admins', async () => {
    for (const path of ['/', '/d/abc', '/account', '/admin']) {
      const res = await t.api(path, { redirect: 'manual' }, null)
      expect(res.status, path).toBe(303)
      expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`)
    }
    expect((await t.api('/admin', { redirect: 'manual' }, 'drafter')).status).toBe(403)
    expect((await t.api('/login', { redirect: 'manual' }, null)).status).not.toBe(303)
  })
})
