// Hostile input: each attack is closed with a clear code and reason; the server stays up, others sync, the document is intact.
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PARAMETERS_MAP, SCHEMA_VERSION } from '../../editor/model/index.js'
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, MESSAGE_AWARENESS, MESSAGE_SYNC, SYNC_STEP1 } from '../../server/sync/protocol.js'
import { waitFor } from '../helpers/ws-client.js'
import { RawPeer } from '../sync/peers.js'
import { frame, openArena, openTcp, type Arena } from './harness.js'

let arena: Arena
beforeAll(async () => {
  arena = await openArena({ sync: { maxPendingUpdateBytes: 4096, handshakeTimeoutMs: 1000, maxPendingHandshakesPerAddress: 100 } })
})
afterAll(async () => {
  await arena.dispose()
})

const bytes = (write: (e: encoding.Encoder) => void) => {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}
/** An update holding one GC struct of `client` at `clock` with `length`. */
const gcUpdate = (client: number, clock: number, length: number) => bytes((e) => {
  encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 1); encoding.writeVarUint(e, client); encoding.writeVarUint(e, clock)
  encoding.writeUint8(e, 0); encoding.writeVarUint(e, length)
  encoding.writeVarUint(e, 0)
})
/** An update holding only a deletion of `client`'s clocks [clock, clock + length). */
const deleteUpdate = (client: number, clock: number, length: number) => bytes((e) => {
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 1); encoding.writeVarUint(e, client); encoding.writeVarUint(e, 1); encoding.writeVarUint(e, clock); encoding.writeVarUint(e, length)
})
/** One struct whose content reference (31) does not exist. */
const corruptStruct = bytes((e) => {
  encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 5); encoding.writeVarUint(e, 0)
  encoding.writeUint8(e, 0x1f); encoding.writeVarUint(e, 1); encoding.writeVarString(e, 'root')
  encoding.writeVarUint(e, 0)
})
const awarenessRaw = (write: (e: encoding.Encoder) => void) => bytes((e) => {
  encoding.writeVarUint(e, MESSAGE_AWARENESS)
  encoding.writeVarUint8Array(e, bytes(write))
})
const oneEntry = (state: string) => awarenessRaw((e) => {
  encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 42); encoding.writeVarUint(e, 1); encoding.writeVarString(e, state)
})
function realUpdate(): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap(PARAMETERS_MAP).set('depositary', 'the Secretary-General of the United Nations')
  doc.getText('t').insert(0, 'some text that makes the update longer')
  return Y.encodeStateAsUpdate(doc)
}

const MESSAGES: [name: string, message: Uint8Array | number[], code: number, reason: RegExp][] = [
  ['an empty message', [], 4400, /malformed message: empty message/],
  ['an unknown message type', [9], 4400, /unknown message type 9/],
  ['an auth message sent by a client', [2, 0, 0], 4400, /unknown message type 2/],
  ['an unknown sync message type', [0, 7], 4400, /unknown sync message type 7/],
  ['a truncated varint', [0, 2, 0xff], 4400, /update length is truncated or out of range/],
  ['an overlong varint (ten continuation bytes)', [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], 4400, /message type is truncated or out of range/],
  ['a length field longer than the message', [0, 2, 50, 1, 2], 4400, /update is longer than the message/],
  ['a length field shorter than its content', [0, 2, 1, 0, 0, 0], 4400, /unexpected bytes after update/],
  ['garbage as an update', [0, 2, 4, 250, 3, 1, 200], 4400, /update is not a valid Yjs update/],
  ['a truncated real update', encodeUpdate(realUpdate().slice(0, -5)), 4400, /not a valid Yjs update/],
  ['a truncated sync step 2', encodeSyncStep2(realUpdate().slice(0, 12)), 4400, /sync step 2 is not a valid Yjs update/],
  ['a struct with an unknown content type', encodeUpdate(corruptStruct), 4400, /update is not a valid Yjs update/],
  ['a state vector that cannot be decoded', [0, 0, 2, 5, 1], 4400, /state vector cannot be decoded/],
  ['a struct at an absurd clock (2^45)', encodeUpdate(gcUpdate(77, 2 ** 45, 1)), 4400, /absurd clock range \(client 77, clock 35184372088832/],
  ['a struct of absurd length (2^52)', encodeUpdate(gcUpdate(78, 0, 2 ** 52)), 4400, /absurd clock range \(client 78, clock 0, length 4503599627370496\)/],
  ['a deletion of an absurd clock range', encodeSyncStep2(deleteUpdate(79, 5, 2 ** 50)), 4400, /sync step 2 deletes an absurd clock range/],
  ['a client id beyond 53 bits', encodeUpdate(bytes((e) => { encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 1); encoding.writeUint8Array(e, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])); encoding.writeVarUint(e, 0) })), 4400, /not a valid Yjs update/],
  ['a truncated awareness update', awarenessRaw((e) => { encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 5) }), 4400, /awareness clock is truncated/],
  ['an awareness count that lies', awarenessRaw((e) => { encoding.writeVarUint(e, 1000); encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 1); encoding.writeVarString(e, '{}') }), 4400, /awareness client id is truncated/],
  ['awareness state that is not JSON', oneEntry('{"user":'), 4400, /awareness state of client 42 is not JSON/],
  ['awareness state that is an array', oneEntry('[1,2]'), 4400, /awareness state of client 42 is not an object/],
  ['awareness state that is not UTF-8', awarenessRaw((e) => { encoding.writeVarUint(e, 1); encoding.writeVarUint(e, 42); encoding.writeVarUint(e, 1); encoding.writeVarUint8Array(e, Uint8Array.from([0xc3, 0x28])) }), 4400, /awareness state is not valid UTF-8/],
  ['a durability request with trailing bytes', [100, 1, 9], 4400, /unexpected bytes after durability request/],
  ['a truncated durability request', [100], 4400, /durability token is truncated/],
  ['an awareness query with trailing bytes', [3, 9], 4400, /1 unexpected bytes after awareness query/],
]

describe('malformed y-protocols messages', () => {
  it.each(MESSAGES)('%s is closed with a clear code and a reason naming it', async (name, message, code, reason) => {
    const peer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}?schema=${SCHEMA_VERSION}`)
    peer.send(message)
    const closed = await peer.closed
    expect(closed.code).toBe(code)
    expect(closed.reason).toMatch(reason)
    await arena.healthy(name)
  })

  it('a text frame is closed with 4400', async () => {
    const peer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`)
    peer.ws.send('hello')
    expect(await peer.closed).toEqual({ code: 4400, reason: 'malformed message: text frames are not part of the sync protocol' })
    await arena.healthy('text frame')
  })
})

/** Frames that break RFC 6455, sent over a raw TCP socket after a hand-made upgrade. */
const FRAMES: [name: string, frames: () => Buffer[], code: number, reason: RegExp][] = [
  ['a reserved data opcode (3)', () => [frame({ opcode: 3, payload: Buffer.from([0]) })], 1002, /invalid frame: invalid opcode 3/],
  ['a reserved control opcode (0xB)', () => [frame({ opcode: 0xb })], 1002, /invalid frame: invalid opcode 11/],
  ['RSV1 without an extension', () => [frame({ opcode: 2, rsv: 4, payload: Buffer.from([3]) })], 1002, /RSV1 set without an extension/],
  ['RSV2 and RSV3 set', () => [frame({ opcode: 2, rsv: 3, payload: Buffer.from([3]) })], 1002, /RSV2 and RSV3 must be clear/],
  ['a 2^40 length header', () => [frame({ opcode: 2, length: 2n ** 40n })], 1009, /message too large for this server/],
  ['a 2^63 length header', () => [frame({ opcode: 2, length: 2n ** 63n })], 1009, /message too large for this server/],
  ['a text frame of invalid UTF-8', () => [frame({ opcode: 1, payload: Buffer.from([0xc3, 0x28, 0xa0, 0xa1]) })], 1007, /text is not valid UTF-8/],
  ['an unmasked client frame', () => [frame({ opcode: 2, payload: Buffer.from([3]), mask: false })], 1002, /client frames must be masked/],
  ['endless fragments', () => [frame({ opcode: 2, fin: false, payload: Buffer.from([0]) }), ...Array.from({ length: 1100 }, () => frame({ opcode: 0, fin: false, payload: Buffer.from([0]) }))], 1008, /message in too many fragments/],
  ['a continuation frame with nothing to continue', () => [frame({ opcode: 0, payload: Buffer.from([1]) })], 1002, /invalid opcode 0/],
  ['a new message inside a fragmented one', () => [frame({ opcode: 2, fin: false, payload: Buffer.from([0]) }), frame({ opcode: 2, payload: Buffer.from([0]) })], 1002, /invalid opcode 2/],
  ['a ping with a 200-byte payload', () => [frame({ opcode: 9, payload: Buffer.alloc(200) })], 1002, /control frame payload too long/],
  ['a fragmented ping', () => [frame({ opcode: 9, fin: false })], 1002, /control frames must not be fragmented/],
  ['a close frame with an invalid code', () => [frame({ opcode: 8, payload: Buffer.from([0x03, 0xe7]) })], 1002, /invalid close code/],
]

describe('invalid WebSocket frames over a raw TCP socket', () => {
  it.each(FRAMES)('%s is closed with a clear code and reason', async (name, frames, code, reason) => {
    const tcp = await openTcp(arena.t.syncUrl, `/sync/${arena.docId}`)
    for (const f of frames()) tcp.write(f)
    const closed = await tcp.closed
    expect(closed?.code).toBe(code)
    expect(closed?.reason).toMatch(reason)
    tcp.socket.destroy()
    await arena.healthy(name)
  })
})

describe('size, flow and presence limits', () => {
  it('a 9 MB message (over the 8 MB MAX_MESSAGE_BYTES) is closed with 4413 naming the limit', async () => {
    const peer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`)
    const big = new Uint8Array(9 * 1024 * 1024)
    big[0] = MESSAGE_SYNC
    peer.send(big)
    expect(await peer.closed).toEqual({ code: 4413, reason: 'message too large: 9437184 bytes, the limit is 8388608' })
    await arena.healthy('9 MB message')
  })

  it('a presence state over a few KB is closed with 4413', async () => {
    const peer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`)
    peer.send(encodeAwareness([{ clientId: 4242, clock: 1, state: JSON.stringify({ pad: 'x'.repeat(8000) }) }]))
    expect((await peer.closed).code).toBe(4413)
    await arena.healthy('oversized presence')
  })

  it('1,000 presences from one socket become one, under the server’s name for it', async () => {
    const peer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`)
    peer.send(encodeAwareness(Array.from({ length: 1000 }, (_, i) => ({ clientId: 10_000 + i, clock: 1, state: JSON.stringify({ user: { name: `Fake ${i}`, color: 'red' } }) }))))
    await waitFor(() => arena.a.provider.awareness.getStates().has(10_000), 'the one presence to arrive')
    // a later update of the same presence: once it has arrived, so has anything relayed before it
    peer.send(encodeAwareness([{ clientId: 10_000, clock: 2, state: JSON.stringify({ user: { name: 'Fake 0', color: 'red' } }) }]))
    await waitFor(() => arena.a.provider.awareness.meta.get(10_000)?.clock === 2, 'the presence\'s next update')
    const foreign = [...arena.a.provider.awareness.getStates().keys()].filter((id) => id >= 10_000 && id < 11_000)
    expect(foreign).toEqual([10_000])
    expect(arena.a.provider.awareness.getStates().get(10_000)).toEqual({ user: { name: 'Fake 0', color: '#6c6f85' } })
    peer.close()
    await arena.healthy('spoofed presences')
  })

  it('updates whose dependencies never arrive: capped, the client asked to resync twice, then closed with 4422', async () => {
    const peer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`)
    await waitFor(() => peer.serverStep1 === 1, 'the server’s own step 1')
    // Each update continues a text whose beginning (clock 0) is never sent.
    const orphan = () => {
      const doc = new Y.Doc()
      doc.clientID = 31337 + peer.serverStep1
      doc.getText('orphan').insert(0, 'a')
      const sv = Y.encodeStateVector(doc)
      doc.getText('orphan').insert(1, 'x'.repeat(6000))
      return encodeUpdate(Y.encodeStateAsUpdate(doc, sv))
    }
    peer.send(orphan())
    await waitFor(() => peer.serverStep1 === 2, 'the first resync request')
    peer.send(orphan())
    await waitFor(() => peer.serverStep1 === 3, 'the second resync request')
    peer.send(orphan())
    expect(await peer.closed).toEqual({ code: 4422, reason: 'updates whose dependencies never arrived exceeded 4096 bytes 3 times' })
    const room = (await arena.t.server.rooms.peek(arena.docId))!
    expect(room.doc.store.pendingStructs).toBeNull()
    expect(room.stats.pendingOverflows).toBeGreaterThanOrEqual(3)
    await arena.healthy('pending structs')
  })

  it('a burst of 10,000 messages is cut by the rate limit with 4429', async () => {
    const peer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`)
    const query = encodeSyncStep1(new Uint8Array([0]))
    for (let i = 0; i < 10_000; i++) peer.ws.send(query)
    expect(await peer.closed).toEqual({ code: 4429, reason: 'too many messages: the limit is 300 per second' })
    await arena.healthy('burst')
  })

  it('500 sockets from one address: the first 256 are served, the rest refused with 429', async () => {
    const results: (RawPeer | number)[] = []
    for (let i = 0; i < 500; i += 50) {
      const batch = await Promise.all(Array.from({ length: 50 }, () =>
        RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`, { localAddress: '127.0.0.2' }).catch((e: { status: number }) => e.status)))
      results.push(...batch)
    }
    const open = results.filter((r): r is RawPeer => r instanceof RawPeer)
    expect(open).toHaveLength(256)
    expect(results.filter((r) => r === 429)).toHaveLength(244)
    await arena.healthy('500 sockets')
    open.forEach((p) => p.close())
    await waitFor(() => arena.t.server.rooms.countFromAddress('127.0.0.2') === 0, 'the sockets to close')
  })

  it('200 half-open upgrades: over 100 per address are cut at once, the rest after HANDSHAKE_TIMEOUT_MS', async () => {
    const { connect } = await import('node:net')
    const url = new URL(arena.t.syncUrl)
    const started = performance.now()
    const sockets = Array.from({ length: 200 }, () => {
      const s = connect({ host: url.hostname, port: Number(url.port), localAddress: '127.0.0.3' })
      s.on('error', () => {})
      s.on('connect', () => s.write(`GET /sync/${arena.docId} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\n`))
      return new Promise<number>((r) => s.on('close', () => r(performance.now() - started)))
    })
    await arena.healthy('half-open upgrades in progress')
    const closedAfter = await Promise.all(sockets)
    expect(closedAfter.filter((ms) => ms < 900).length).toBeGreaterThanOrEqual(100)
    expect(Math.max(...closedAfter)).toBeLessThan(3000)
    await arena.healthy('half-open upgrades')
  })

  it('messages sent before the server’s step 1 and a flood of step 1s change nothing', async () => {
    const peer = await RawPeer.open(`${arena.t.syncUrl}/${arena.docId}`, { onOpen: (ws) => { for (let i = 0; i < 50; i++) ws.send(encodeSyncStep1(new Uint8Array([0]))) } })
    await waitFor(() => peer.received.filter((m) => m[0] === MESSAGE_SYNC && m[1] !== SYNC_STEP1).length >= 50, 'fifty answers')
    peer.close()
    await arena.healthy('early step 1 flood')
  })
})
