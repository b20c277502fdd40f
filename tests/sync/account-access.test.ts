// The sync upgrade asks the session and the membership; role changes, removals and disabled accounts reach open sockets at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PARAMETERS_MAP } from '../../editor/model/index.js'
import { jsonInit, startTestServer, type TestServer } from '../helpers/server.js'
import { connectClient, openRawSocket, waitFor, type SyncClient } from '../helpers/ws-client.js'
import { storeOf } from '../auth/helpers.js'

let t: TestServer
let doc: string
const users: Record<string, { id: string; cookie: string }> = {}
const clients: SyncClient[] = []

beforeAll(async () => {
  t = await startTestServer()
  doc = (await (await t.request('/api/documents', jsonInit('POST', { title: 'Live roles' }))).json()).id
  for (const [name, role] of [['dina', 'drafter'], ['rex', 'drafter'], ['olga', 'observer'], ['vic', 'drafter']] as const) {
    users[name] = await t.addMember(doc, name, role)
  }
  users.nonmember = await t.addUser('nonmember')
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await t.dispose()
})

const client = (cookie: string | null) => {
  const c = connectClient(t.syncUrl, doc, { cookie })
  clients.push(c)
  return c
}

/** The HTTP status and JSON body of a refused upgrade. */
async function refused(headers: Record<string, string>, path = `${t.syncUrl}/${doc}`): Promise<{ status: number; body: unknown }> {
  const err = await openRawSocket(path, headers).then((s) => { s.ws.close(); throw new Error('the upgrade was accepted') }, (e: { status: number; body: string }) => e)
  return { status: err.status, body: JSON.parse(err.body) }
}

describe('admission at the upgrade', () => {
  it('refuses an upgrade without a session with 401', async () => {
    expect(await refused({ cookie: '' })).toEqual({ status: 401, body: { status: 401, error: 'sign in to open this document' } })
    expect((await refused({ cookie: 'pacta_session=forged-or-expired-token-aaaaaaaaaaaaaaaaaaaaaaaaaaa' })).status).toBe(401)
  })

  it('refuses a foreign Origin with 403, even with a valid session', async () => {
    expect((await refused({ cookie: users.dina!.cookie, origin: 'https://evil.example' })).status).toBe(403)
  })

  it('refuses a signed-in non-member with 403, and an unknown document with 404', async () => {
    expect(await refused({ cookie: users.nonmember!.cookie })).toEqual({ status: 403, body: { status: 403, error: 'you are not a member of this document' } })
    expect((await refused({ cookie: users.nonmember!.cookie }, `${t.syncUrl}/noSuchDocument`)).status).toBe(404)
  })

  it('stamps the account\'s name into presence, whatever the client claims', async () => {
    const dina = client(users.dina!.cookie)
    const olga = client(users.olga!.cookie)
    await Promise.all([dina.synced(), olga.synced()])
    dina.provider.awareness.setLocalStateField('user', { name: 'The Convener', color: '#000000' })
    await waitFor(() => [...olga.provider.awareness.getStates().values()].some((s) => (s as { user?: { name?: string } }).user?.name === 'dina'), 'olga to see dina')
    const names = [...olga.provider.awareness.getStates().values()].map((s) => (s as { user?: { name?: string } }).user?.name)
    expect(names).not.toContain('The Convener')
  })
})

describe('live changes', () => {
  it('a drafter downgraded to reviewer loses write access within a second; restored, they write again', async () => {
    const rex = client(users.rex!.cookie)
    const olga = client(users.olga!.cookie)
    await Promise.all([rex.synced(), olga.synced()])
    rex.doc.getMap(PARAMETERS_MAP).set('written', 'as drafter')
    await waitFor(() => olga.doc.getMap(PARAMETERS_MAP).get('written') === 'as drafter', 'the drafter\'s edit to arrive')

    const started = Date.now()
    expect((await t.request(`/api/documents/${doc}/members/${users.rex!.id}`, jsonInit('PATCH', { role: 'reviewer' }))).status).toBe(200)
    expect(Date.now() - started).toBeLessThan(1000)
    rex.doc.getMap(PARAMETERS_MAP).set('written', 'as reviewer')
    // presence sent after the edit reaches others only once the server has dealt with the edit
    rex.provider.awareness.setLocalStateField('cursor', { anchor: 7, head: 7 })
    const rexCursor = () => (olga.provider.awareness.getStates().get(rex.doc.clientID) as { cursor?: { head: number } } | undefined)?.cursor?.head
    await waitFor(() => rexCursor() === 7, 'the reviewer\'s presence sent after the edit')
    expect(olga.doc.getMap(PARAMETERS_MAP).get('written')).toBe('as drafter')
    const room = (await t.server.rooms.peek(doc))!
    await room.durable()
    expect(room.doc.getMap(PARAMETERS_MAP).get('written')).toBe('as drafter')

    await t.request(`/api/documents/${doc}/members/${users.rex!.id}`, jsonInit('PATCH', { role: 'drafter' }))
    await waitFor(() => olga.doc.getMap(PARAMETERS_MAP).get('written') === 'as reviewer', 'the edit made while read-only to arrive after the upgrade')
  })

  it('a removed member is disconnected (4403) within a second, and cannot reconnect', async () => {
    const vic = client(users.vic!.cookie)
    await vic.synced()
    const started = Date.now()
    expect((await t.request(`/api/documents/${doc}/members/${users.vic!.id}`, { method: 'DELETE' })).status).toBe(204)
    const closed = await vic.closed
    expect(Date.now() - started).toBeLessThan(1000)
    expect(closed).toMatchObject({ code: 4403, reason: 'removed from this document' })
    expect((await refused({ cookie: users.vic!.cookie })).status).toBe(403)
  })

  it('a disabled account is disconnected (4401) at once and refused at the next upgrade', async () => {
    const dina = client(users.dina!.cookie)
    await dina.synced()
    expect((await t.request(`/api/users/${users.dina!.id}`, jsonInit('PATCH', { disabled: true }))).status).toBe(200)
    expect(await dina.closed).toMatchObject({ code: 4401, reason: 'account disabled' })
    expect((await refused({ cookie: users.dina!.cookie })).status).toBe(401)
  })

  it('joins and leaves are in the audit log, with the role', async () => {
    const entries = await storeOf(t).listAudit({ documentId: doc, limit: 200 })
    const joins = entries.filter((e) => e.action === 'document-joined')
    expect(joins.map((e) => e.actorName)).toEqual(expect.arrayContaining(['dina', 'rex', 'olga', 'vic']))
    expect(joins.find((e) => e.actorName === 'olga')?.detail).toEqual({ role: 'observer' })
    expect(entries.some((e) => e.action === 'document-left' && e.actorName === 'vic')).toBe(true)
  })
})
