// The audit log: what is recorded, who may read it, and that it cannot be changed.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SQLITE_FILE } from '../../server/store/sqlite.js'
import { jsonInit, passwordOf, startTestServer, type TestServer } from '../helpers/server.js'

let t: TestServer
let doc: string
let other: string
beforeAll(async () => {
  t = await startTestServer()
  await t.addUser('cora')
  doc = (await (await t.api('/api/documents', jsonInit('POST', { title: 'Audited' }), 'cora')).json()).id
  other = (await (await t.request('/api/documents', jsonInit('POST', { title: 'Elsewhere' }))).json()).id
  const remy = await t.addMember(doc, 'remy', 'drafter')
  await t.api(`/api/documents/${doc}/members/${remy.id}`, jsonInit('PATCH', { role: 'reviewer' }), 'cora')
  await t.api(`/api/documents/${doc}`, jsonInit('PATCH', { title: 'Audited, renamed' }), 'cora')
  await t.api('/api/session', jsonInit('POST', { username: 'cora', password: 'wrong password!' }), null)
})
afterAll(() => t.dispose())

type Entry = { action: string; actor: { name: string }; subject: { name: string } | null; detail: Record<string, unknown> | null; documentId: string | null }

describe('audit log', () => {
  it('a convener sees their document\'s log: creation, members, role changes, renames', async () => {
    const res = await t.api(`/api/documents/${doc}/audit`, {}, 'cora')
    expect(res.status).toBe(200)
    const entries = (await res.json()) as Entry[]
    expect(entries.map((e) => e.action).reverse()).toEqual(['document-created', 'member-added', 'member-role-changed', 'document-renamed'])
    expect(entries.every((e) => e.documentId === doc)).toBe(true)
    expect(entries.find((e) => e.action === 'member-role-changed')).toMatchObject({ actor: { name: 'cora' }, subject: { name: 'remy' }, detail: { from: 'drafter', to: 'reviewer' } })
  })

  it('a reviewer may not read it', async () => {
    expect((await t.api(`/api/documents/${doc}/audit`, {}, 'remy')).status).toBe(403)
  })

  it('an admin sees everything, including sign-ins and failed sign-ins without passwords', async () => {
    const entries = (await (await t.request('/api/audit?limit=500')).json()) as Entry[]
    const actions = entries.map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['login', 'login-failed', 'user-created', 'document-created', 'member-added']))
    expect(entries.some((e) => e.documentId === other)).toBe(true)
    const failed = entries.find((e) => e.action === 'login-failed')!
    expect(failed).toMatchObject({ actor: { name: 'cora' }, detail: { reason: 'wrong-password' } })
    expect(JSON.stringify(entries)).not.toContain('wrong password!')
    expect(JSON.stringify(entries)).not.toContain(passwordOf('remy'))
    // paging: older entries by sequence number
    const page = (await (await t.request(`/api/audit?limit=2&before=${(entries[1] as unknown as { seq: number }).seq}`)).json()) as Entry[]
    expect(page).toHaveLength(2)
  })

  it('deleting a document is recorded, and its log survives it', async () => {
    expect((await t.api(`/api/documents/${doc}`, { method: 'DELETE' }, 'cora')).status).toBe(204)
    const entries = (await (await t.request('/api/audit?limit=500')).json()) as Entry[]
    expect(entries.filter((e) => e.documentId === doc).map((e) => e.action)).toContain('document-deleted')
    expect(entries.filter((e) => e.documentId === doc).length).toBeGreaterThan(4)
  })

  it('is append-only: the database refuses to change or delete an entry', () => {
    const db = new Database(join(t.dataDir, SQLITE_FILE))
    try {
      expect(() => db.prepare('UPDATE audit_log SET action = ? WHERE seq = 1').run('nothing')).toThrow(/append-only/)
      expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    } finally { db.close() }
  })
})
