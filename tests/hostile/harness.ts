// The hostile suite's harness: a server with two well-behaved clients, and checks that an attack changed nothing.
import { connect, type Socket } from 'node:net'
import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import { PARAMETERS_MAP } from '../../editor/model/index.js'
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT } from '../../editor/model/index.js'
import { createDocument, type TestServer } from '../helpers/server.js'
import { connectClient, waitFor, type SyncClient } from '../helpers/ws-client.js'
import type { SyncLimits } from '../../server/sync/limits.js'
import type { Config } from '../../server/config.js'
import { startSyncServer } from '../sync/server.js'

/** A server under attack, its document, and two clients that must keep syncing. */
export interface Arena {
  t: TestServer
  docId: string
  a: SyncClient
  b: SyncClient
  /** The treaty as the room holds it before an attack (refreshed by `healthy`). */
  content(): Promise<unknown>
  /** Server up, a and b still syncing through it, content unchanged, store equal to memory. */
  healthy(what: string): Promise<void>
  dispose(): Promise<void>
}

let markers = 0

export async function openArena(options: { config?: Partial<Config>; sync?: Partial<SyncLimits> } = {}): Promise<Arena> {
  const t = await startSyncServer(options)
  const { id: docId } = await createDocument(t, 'Under attack')
  const a = connectClient(t.syncUrl, docId)
  const b = connectClient(t.syncUrl, docId)
  await Promise.all([a.synced(), b.synced()])
  const content = async () => {
    const room = (await t.server.rooms.peek(docId))!
    return yXmlFragmentToProsemirrorJSON(room.doc.getXmlFragment(CONTENT_FRAGMENT))
  }
  const reference = await content()
  return {
    t, docId, a, b, content,
    async healthy(what) {
      const res = await t.request('/api/health')
      expect(res.status).toBe(200)
      const marker = `${what} #${++markers}`
      a.doc.getMap(PARAMETERS_MAP).set('marker', marker)
      await waitFor(() => b.doc.getMap(PARAMETERS_MAP).get('marker') === marker, `b to receive the marker after ${what}`)
      expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
      expect(await content()).toEqual(reference)
      expect(a.json()).toEqual(reference)
      const room = (await t.server.rooms.peek(docId))!
      await room.durable()
      const state = await t.server.store.loadState(docId, 'content')
      const stored = new Y.Doc()
      if (state.snapshot) Y.applyUpdate(stored, state.snapshot)
      for (const u of state.updates) Y.applyUpdate(stored, u)
      expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(room.doc))
      expect(yXmlFragmentToProsemirrorJSON(stored.getXmlFragment(CONTENT_FRAGMENT))).toEqual(reference)
    },
    async dispose() {
      a.destroy()
      b.destroy()
      await t.dispose()
    },
  }
}

/** One WebSocket frame, masked like a client's unless told otherwise; `length` may lie. */
export function frame(opts: { opcode: number; payload?: Buffer; fin?: boolean; rsv?: number; mask?: boolean; length?: bigint }): Buffer {
  const payload = opts.payload ?? Buffer.alloc(0)
  const mask = opts.mask ?? true
  const len = opts.length ?? BigInt(payload.length)
  const head: number[] = [((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | opts.opcode]
  const m = mask ? 0x80 : 0
  if (len < 126n) head.push(m | Number(len))
  else if (len < 65536n) head.push(m | 126, Number(len >> 8n) & 0xff, Number(len) & 0xff)
  else {
    head.push(m | 127)
    for (let i = 7; i >= 0; i--) head.push(Number((len >> BigInt(i * 8)) & 0xffn))
  }
  if (!mask) return Buffer.concat([Buffer.from(head), payload])
  const key = randomBytes(4)
  const masked = Buffer.from(payload)
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!
  return Buffer.concat([Buffer.from(head), key, masked])
}

/** A raw TCP WebSocket: performs the upgrade by hand, then lets a test write any bytes. */
export interface RawTcp {
  socket: Socket
  /** The first close frame the server sent (code and reason), or null if the socket just ended. */
  closed: Promise<{ code: number; reason: string } | null>
  write(bytes: Buffer): boolean
}

export function openTcp(syncUrl: string, path: string, localAddress?: string): Promise<RawTcp> {
  const url = new URL(syncUrl)
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port), localAddress })
    let buffered = Buffer.alloc(0)
    let upgraded = false
    let settleClosed: (v: { code: number; reason: string } | null) => void = () => {}
    const closed = new Promise<{ code: number; reason: string } | null>((r) => { settleClosed = r })
    socket.on('error', () => {})
    socket.on('close', () => { settleClosed(null); if (!upgraded) reject(new Error('closed before the upgrade')) })
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk])
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n')
        if (end < 0) return
        const head = buffered.subarray(0, end).toString()
        buffered = buffered.subarray(end + 4)
        if (!head.startsWith('HTTP/1.1 101')) { reject(new Error(head.split('\r\n')[0])); socket.destroy(); return }
        upgraded = true
        resolve({ socket, closed, write: (b) => socket.write(b) })
      }
      // Server frames are unmasked; find a close frame (opcode 8) among them.
      let at = 0
      while (at + 2 <= buffered.length) {
        const op = buffered[at]! & 0x0f
        let len = buffered[at + 1]! & 0x7f
        let off = at + 2
        if (len === 126) { if (off + 2 > buffered.length) break; len = buffered.readUInt16BE(off); off += 2 }
        else if (len === 127) { if (off + 8 > buffered.length) break; len = Number(buffered.readBigUInt64BE(off)); off += 8 }
        if (off + len > buffered.length) break
        if (op === 8) {
          const body = buffered.subarray(off, off + len)
          settleClosed(body.length >= 2 ? { code: body.readUInt16BE(0), reason: body.subarray(2).toString() } : { code: 1005, reason: '' })
        }
        at = off + len
      }
      buffered = buffered.subarray(at)
    })
    socket.on('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`)
    })
  })
}

/** Resident set size of this process after a collection, in MB (the server runs in-process). */
export function rssMb(): number {
  ;(globalThis as { gc?: () => void }).gc?.()
  return process.memoryUsage().rss / 1024 / 1024
}
