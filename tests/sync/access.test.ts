// Admission at the upgrade (SyncAccess, Origin, caps) and live role changes on open connections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { followRole } from '../../editor/collab/role.js'
import { PARAMETERS_MAP } from '../../editor/model/index.js'
import type { Role } from '../../editor/model/permissions.js'
import { encodeAwareness, encodeRoleRequest, encodeUpdate, MESSAGE_ROLE } from '../../server/sync/protocol.js'
import { createDocument, type TestServer } from '../helpers/server.js'
import { waitFor } from '../helpers/ws-client.js'
import { craft, RawPeer, stockClient, TestAccess } from './peers.js'
import { startSyncServer } from './server.js'

const access = new TestAccess()
let t: TestServer
let docId: string

beforeAll(async () => {
  t = await startSyncServer({ access, sync: { maxConnectionsPerUser: 5 } })
  docId = (await createDocument(t, 'Members only')).id
  for (const [user, role] of [['ann', 'convener'], ['dora', 'drafter'], ['rita', 'reviewer'], ['otto', 'observer']] as const) access.grant(docId, user, role)
})
afterAll(async () => {
  await t.dispose()
})

/** Opens a raw peer and expects the upgrade to be refused; returns status and JSON body. */
async function refused(url: string, headers?: Record<string, string>): Promise<{ status: number; body: { status: number; error: string } }> {
  try {
    const peer = await RawPeer.open(url, { headers })
    peer.close()
  } catch (err) {
    const e = err as { status: number; body: string }
    return { status: e.status, body: JSON.parse(e.body) }
  }
  throw new Error(`upgrade to ${url} was not refused`)
}

describe('admission at the upgrade', () => {
  it('refuses unauthenticated and non-member upgrades with the access status and a JSON reason', async () => {
    expect(await refused(`${t.syncUrl}/${docId}`)).toEqual({ status: 401, body: { status: 401, error: 'sign in to open this document' } })
    expect(await refused(`${t.syncUrl}/${docId}?user=mallory`)).toEqual({ status: 403, body: { status: 403, error: 'not a member of this document' } })
    expect((await refused(`${t.syncUrl}/${docId}/annotations?user=mallory`)).status).toBe(403)
  })

  it('refuses a foreign Origin with 403 and admits the server’s own origin and a missing one', async () => {
    const foreign = await refused(`${t.syncUrl}/${docId}?user=ann`, { Origin: 'https://evil.example' })
    expect(foreign).toEqual({ status: 403, body: { status: 403, error: 'origin https://evil.example is not allowed' } })
    expect((await refused(`${t.syncUrl}/${docId}?user=ann`, { Origin: 'null' })).status).toBe(403)
    const host = new URL(t.url).host
    for (const origin of [`http://${host}`, `https://${host}`, undefined]) {
      const peer = await RawPeer.open(`${t.syncUrl}/${docId}?user=ann`, { headers: origin ? { Origin: origin } : {} })
      peer.requestState()
      await peer.synced()
      peer.close()
    }
  })

  it('with ALLOWED_ORIGINS and ALLOW_MISSING_ORIGIN=false, only listed browser origins get in', async () => {
    const strict = await startSyncServer({ access, sync: { allowedOrigins: ['https://pacta.example.org'], allowMissingOrigin: false } })
    try {
      const { id } = await createDocument(strict, 'Strict')
      access.grant(id, 'ann', 'convener')
      expect(await refused(`${strict.syncUrl}/${id}?user=ann`)).toEqual({ status: 403, body: { status: 403, error: 'an Origin header is required' } })
      expect((await refused(`${strict.syncUrl}/${id}?user=ann`, { Origin: strict.url })).status).toBe(403)
      const peer = await RawPeer.open(`${strict.syncUrl}/${id}?user=ann`, { headers: { Origin: 'https://pacta.example.org' } })
      peer.requestState()
      await peer.synced()
      peer.close()
    } finally {
      await strict.dispose()
    }
  })

  it('refuses a user’s connections beyond the per-user cap with 429', async () => {
    const peers = await Promise.all(Array.from({ length: 5 }, () => RawPeer.open(`${t.syncUrl}/${docId}?user=otto`)))
    const over = await refused(`${t.syncUrl}/${docId}?user=otto`)
    expect(over).toEqual({ status: 429, body: { status: 429, error: 'too many sync connections for this user (limit 5)' } })
    peers.forEach((p) => p.close())
    await waitFor(() => t.server.rooms.countOfUser('otto') === 0, 'the peers to close')
    const again = await RawPeer.open(`${t.syncUrl}/${docId}?user=otto`)
    again.close()
  })

  it('sends no document byte to a refused upgrade and does not load the document', async () => {
    const { id } = await createDocument(t, 'Never opened')
    await refused(`${t.syncUrl}/${id}?user=mallory`)
    expect(await t.server.rooms.peek(id)).toBeUndefined()
  })
})

describe('live role changes', () => {
  it('a drafter downgraded to reviewer loses write access within a second, keeps reading, and regains it when upgraded', async () => {
    const dora = stockClient(t.syncUrl, docId, 'dora')
    const ann = stockClient(t.syncUrl, docId, 'ann')
    const warn = console.warn
    const warnings: string[] = []
    console.warn = (...a: unknown[]) => { warnings.push(String(a)) }
    try {
      await Promise.all([dora.synced(), ann.synced()])
      dora.doc.getMap(PARAMETERS_MAP).set('before', 'written')
      await waitFor(() => ann.doc.getMap(PARAMETERS_MAP).get('before') === 'written', 'the drafter edit to arrive')

      const changedAt = performance.now()
      expect(t.server.rooms.setRole(docId, 'dora', 'reviewer')).toBe(1)
      dora.doc.getMap(PARAMETERS_MAP).set('after', 'refused')
      await waitFor(() => warnings.some((w) => w.includes('your role is now reviewer')), 'the downgrade notice')
      expect(performance.now() - changedAt).toBeLessThan(1000)
      ann.doc.getMap(PARAMETERS_MAP).set('still', 'reading')
      await waitFor(() => dora.doc.getMap(PARAMETERS_MAP).get('still') === 'reading', 'the reviewer to keep reading')
      const room = (await t.server.rooms.peek(docId))!
      await room.durable()
      expect(room.doc.getMap(PARAMETERS_MAP).get('after')).toBeUndefined()
      expect(ann.doc.getMap(PARAMETERS_MAP).get('after')).toBeUndefined()

      t.server.rooms.setRole(docId, 'dora', 'drafter')
      dora.doc.getMap(PARAMETERS_MAP).set('upgraded', 'written again')
      await waitFor(() => ann.doc.getMap(PARAMETERS_MAP).get('upgraded') === 'written again', 'the upgraded edit to arrive')
    } finally {
      console.warn = warn
      dora.destroy()
      ann.destroy()
    }
  })

  it('tells an editor that asked its role at connect and each change at once, again after a reconnect; others never hear of it', async () => {
    const dora = stockClient(t.syncUrl, docId, 'dora')
    const heard: Role[] = []
    const stop = followRole(dora.provider, (role) => heard.push(role))
    const stock = await RawPeer.open(`${t.syncUrl}/${docId}?user=dora`)
    try {
      await dora.synced()
      await waitFor(() => heard.length === 1, 'the role at connect')
      expect(heard).toEqual(['drafter'])

      const changedAt = performance.now()
      t.server.rooms.setRole(docId, 'dora', 'reviewer')
      await waitFor(() => heard.length === 2, 'the downgrade', 1000)
      expect(performance.now() - changedAt).toBeLessThan(1000)
      t.server.rooms.setRole(docId, 'dora', 'drafter')
      await waitFor(() => heard.length === 3, 'the upgrade', 1000)
      expect(heard).toEqual(['drafter', 'reviewer', 'drafter'])

      // Changed while offline (the grant is what a new connection is admitted with): seen on reconnect.
      dora.provider.disconnect()
      access.grant(docId, 'dora', 'observer')
      dora.provider.connect()
      await waitFor(() => heard.length === 4, 'the role after reconnecting')
      expect(heard.at(-1)).toBe('observer')

      // The raw peer never asked: nothing of type 101 reached it, so a stock client never logs an unknown message.
      expect(stock.received.some((m) => m[0] === MESSAGE_ROLE)).toBe(false)
      stock.send(encodeRoleRequest())
      await waitFor(() => stock.received.some((m) => m[0] === MESSAGE_ROLE), 'the answer to the raw request')
      expect(stock.received.find((m) => m[0] === MESSAGE_ROLE)).toEqual(new Uint8Array([MESSAGE_ROLE, 7, ...new TextEncoder().encode('drafter')]))
      stock.send([MESSAGE_ROLE, 0])
      expect((await stock.closed).code).toBe(4400)
    } finally {
      stop()
      dora.destroy()
      stock.close()
      access.grant(docId, 'dora', 'drafter')
    }
  })

  it('a removed member is disconnected with 4403 at once and not reconnected', async () => {
    access.grant(docId, 'rex', 'drafter')
    const rex = stockClient(t.syncUrl, docId, 'rex')
    const annotations = stockClient(t.syncUrl, `${docId}/annotations`, 'rex')
    await Promise.all([rex.synced(), annotations.synced()])
    const closes: { code: number; reason: string }[] = []
    rex.provider.on('closed', (e) => closes.push(e))
    annotations.provider.on('closed', (e) => closes.push(e))
    access.grant(docId, 'rex', null)
    const at = performance.now()
    expect(t.server.rooms.setRole(docId, 'rex', null)).toBe(2)
    await waitFor(() => closes.length === 2, 'both channels closed', 1000)
    expect(performance.now() - at).toBeLessThan(1000)
    expect(closes).toEqual([{ code: 4403, reason: 'removed from this document' }, { code: 4403, reason: 'removed from this document' }])
    // the stock client gives up on a 44xx close: the reconnect it schedules finds it told not to connect
    expect([rex.provider.shouldConnect, annotations.provider.shouldConnect]).toEqual([false, false])
    expect(rex.provider.wsconnected || annotations.provider.wsconnected).toBe(false)
    rex.destroy()
    annotations.destroy()
  })

  it('disconnectUser closes every connection of a disabled account with the given code', async () => {
    const peers = [await RawPeer.open(`${t.syncUrl}/${docId}?user=rita`), await RawPeer.open(`${t.syncUrl}/${docId}/annotations?user=rita`)]
    expect(t.server.rooms.disconnectUser('rita', 4401, 'account disabled')).toBe(2)
    for (const p of peers) expect(await p.closed).toEqual({ code: 4401, reason: 'account disabled' })
  })
})

describe('presence', () => {
  it('stamps the real identity, allows one client id per connection, and drops spoofed entries', async () => {
    const watcher = await RawPeer.open(`${t.syncUrl}/${docId}?user=ann`)
    const spoofer = await RawPeer.open(`${t.syncUrl}/${docId}?user=rita`)
    const claimed = (name: string) => JSON.stringify({ user: { name, color: '#000000' }, cursor: { anchor: 1 } })
    // 1,000 entries in one message: the spoofer's own client id and 999 others, all posing as the convener.
    const entries = Array.from({ length: 1000 }, (_, i) => ({ clientId: 5000 + i, clock: 1, state: claimed('User ann (convener)') }))
    spoofer.send(encodeAwareness(entries))
    await waitFor(() => watcher.awareness.some((m) => m.some((e) => e.clientId === 5000)), 'the watcher to see the spoofer')
    spoofer.send(encodeAwareness([{ clientId: 6000, clock: 9, state: claimed('Someone else') }]))
    // a later update of its own: once the watcher has it, the server has dealt with the one before
    spoofer.send(encodeAwareness([{ clientId: 5000, clock: 2, state: claimed('User ann (convener)') }]))
    await waitFor(() => watcher.awareness.some((m) => m.some((e) => e.clientId === 5000 && e.clock === 2)), 'the spoofer\'s next update')
    const seen = watcher.awareness.flat().filter((e) => e.clientId >= 5000)
    expect(seen.map((e) => e.clientId)).toEqual([5000, 5000])
    expect(JSON.parse(seen[0]!.state)).toEqual({ user: { id: 'rita', name: 'User rita', color: expect.stringMatching(/^#[0-9a-f]{6}$/) }, cursor: { anchor: 1 } })
    const room = (await t.server.rooms.peek(docId))!
    expect(room.awareness.stateOf(6000)).toBeNull()
    watcher.close()
    spoofer.close()
  })

  it('a presence state over MAX_PRESENCE_BYTES closes the connection with 4413', async () => {
    const peer = await RawPeer.open(`${t.syncUrl}/${docId}?user=ann`)
    peer.send(encodeAwareness([{ clientId: 7000, clock: 1, state: JSON.stringify({ user: { name: 'x' }, junk: 'y'.repeat(5000) }) }]))
    expect(await peer.closed).toEqual({ code: 4413, reason: expect.stringMatching(/^presence state too large: \d+ bytes, the limit is 4096$/) })
  })

  it('an observer’s write closes nothing, and an update message still never leaks', async () => {
    const peer = await RawPeer.open(`${t.syncUrl}/${docId}?user=otto`)
    peer.requestState()
    await peer.synced()
    peer.send(encodeUpdate(craft(peer.doc, (d) => d.getMap(PARAMETERS_MAP).set('x', 'INTRUDER'))))
    await waitFor(() => peer.denied.length === 1, 'the notice')
    expect(peer.open).toBe(true)
    peer.close()
  })
})
