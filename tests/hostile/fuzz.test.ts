// Seeded fuzzing of the sync protocol handler: ≥ 100,000 mutated messages in-process, a share through real sockets, 0 crashes.
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PARAMETERS_MAP } from '../../editor/model/index.js'
import { waitFor } from '../helpers/ws-client.js'
import { SCHEMA_VERSION } from '../../editor/model/index.js'
import { fuzzSeeds, seededRng } from '../helpers/prng.js'
import { RawPeer } from '../sync/peers.js'
import { encodeDurableRequest } from '../../server/sync/protocol.js'
import { corpus, FuzzRoom, mutate } from './fuzz.js'
import { openArena, type Arena } from './harness.js'

/** Messages per seed; five seeds by default, so 100,000 per run. FUZZ_MESSAGES changes it. */
const PER_SEED = Number(process.env.FUZZ_MESSAGES ?? 20_000)
const SEEDS = fuzzSeeds(5)
/** Messages sent through real sockets (each waits for its outcome). */
const SOCKET_MESSAGES = 2000
const CRASHERS = new URL('../fixtures/crashers/', import.meta.url)

describe('in-process fuzzing of the room’s protocol handler', () => {
  it.each(SEEDS)(`seed %i: ${PER_SEED} mutated messages, no crash, memory and store in step`, async (seed) => {
    const room = await FuzzRoom.create()
    const valid = corpus(room.base)
    const rng = seededRng(seed)
    let accepted = 0
    for (let i = 0; i < PER_SEED; i++) {
      const message = mutate(rng, rng.pick(valid), valid)
      const outcome = await room.feed(message)
      if (outcome === 'crash') {
        throw new Error(`seed ${seed}, message ${i} crashed the handler (${Buffer.from(message).toString('hex').slice(0, 200)}): ${room.errors.join('; ')}. ` +
          'Save it with: npx tsx tests/hostile/find-crashers.ts ' + seed + ' ' + (i + 1))
      }
      if (outcome === 'accepted') accepted++
    }
    expect(room.closes.get(1011) ?? 0).toBe(0)
    expect(await room.consistent()).toBe(true)
    console.info(`seed ${seed}: ${PER_SEED} messages, ${accepted} accepted, closes ${JSON.stringify(Object.fromEntries(room.closes))}, ` +
      `${room.applyFailures.length} updates Yjs could not apply (room reloaded each time)`)
  }, 60_000)
})

describe('crashers found by the fuzzer, replayed', () => {
  const files = readdirSync(CRASHERS).filter((f) => f.endsWith('.json')).sort()
  it('the fixture folder holds the findings', () => {
    expect(files.length).toBeGreaterThan(0)
  })
  it.each(files)('%s is handled: the sender closed with 4400, the room reloaded from the store, nothing crashed', async (file) => {
    type Step = { connection: number; message: string }
    const fixture = JSON.parse(readFileSync(new URL(file, CRASHERS), 'utf8')) as { kind: string; history: Step[]; connection: number; message: string }
    const room = await FuzzRoom.create()
    // The messages before the finding, each on the connection it was sent on.
    let connection = fixture.history[0]?.connection ?? fixture.connection
    for (const step of fixture.history) {
      if (step.connection !== connection) { room.fresh(); connection = step.connection }
      expect(await room.feed(Buffer.from(step.message, 'hex'))).toBe('accepted')
    }
    if (fixture.connection !== connection) room.fresh()
    const outcome = await room.feed(Buffer.from(fixture.message, 'hex'))
    expect(outcome).toBe('closed')
    expect(room.closes.get(4400)).toBe(1)
    if (fixture.kind === 'apply-failure') expect(room.reloads).toBe(1)
    expect(await room.consistent()).toBe(true)
    // The reloaded room serves the document as stored, and takes new work.
    expect(await room.feed(corpus(room.base)[0]!)).toBe('accepted')
  })
})

describe('fuzzed messages through real sockets', () => {
  let arena: Arena
  beforeAll(async () => {
    arena = await openArena()
  })
  afterAll(async () => {
    await arena.dispose()
  })

  it(`${SOCKET_MESSAGES} mutated messages over WebSockets: every bad one closes its socket with a 44xx code, the server and the others carry on`, async () => {
    const room = (await arena.t.server.rooms.peek(arena.docId))!
    const valid = corpus(Y.encodeStateAsUpdate(room.doc))
    const rng = seededRng(SEEDS[0]! + 1000)
    const codes = new Map<number, number>()
    const open = () => RawPeer.open(`${arena.t.syncUrl}/${arena.docId}?schema=${SCHEMA_VERSION}`)
    let peer = await open()
    for (let i = 0; i < SOCKET_MESSAGES; i++) {
      peer.send(mutate(rng, rng.pick(valid), valid))
      // A durability request after each message: its answer, or the close, says how the message went.
      peer.send(encodeDurableRequest(i))
      const answered = () => peer.durable.some((d) => d.token === i)
      const outcome = await Promise.race([peer.closed, waitFor(answered, 'an answer', 10_000).then(() => null)])
      if (outcome) {
        codes.set(outcome.code, (codes.get(outcome.code) ?? 0) + 1)
        peer = await open()
      }
    }
    peer.close()
    console.info(`${SOCKET_MESSAGES} messages over sockets; closes by code: ${JSON.stringify(Object.fromEntries(codes))}`)
    expect([...codes.values()].reduce((x, y) => x + y, 0)).toBeGreaterThan(SOCKET_MESSAGES / 2)
    // 4403: a mutated update that changed the content's schema version, which only the server writes
    for (const code of codes.keys()) expect([4400, 4403, 4413, 4422, 1000, 1005, 1012]).toContain(code)
    const serverErrors = arena.t.logs.filter((r) => r.level === 'error' && !/could not be applied/.test(r.message))
    expect(serverErrors).toEqual([])
    // Fuzzed updates that were valid may have changed the document; the check is that it still syncs and is stored.
    const res = await arena.t.request('/api/health')
    expect(res.status).toBe(200)
    arena.a.doc.getMap(PARAMETERS_MAP).set('after-fuzz', 'still syncing')
    await waitFor(() => arena.b.doc.getMap(PARAMETERS_MAP).get('after-fuzz') === 'still syncing', 'b to receive a’s edit after the fuzzing', 10_000)
    const stored = await arena.t.server.store.loadState(arena.docId, 'content')
    const doc = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const u of stored.updates) Y.applyUpdate(doc, u)
    const live = (await arena.t.server.rooms.peek(arena.docId))!
    await live.durable()
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(live.doc))
  }, 180_000)
})
