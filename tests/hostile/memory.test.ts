// Memory under attack: a 50 MB message costs no buffer; 2,000 rooms opened and closed three times return to a plateau.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newTreaty } from '../../editor/model/index.js'
import { contentState } from '../../editor/model/content.js'
import { SCHEMA_VERSION } from '../../editor/model/index.js'
import { waitFor } from '../helpers/ws-client.js'
import { RawPeer } from '../sync/peers.js'
import { frame, openArena, openTcp, type Arena } from './harness.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10
const settle = async () => {
  for (let i = 0; i < 3; i++) { gc(); await new Promise((r) => setTimeout(r, 20)) }
}

let arena: Arena
beforeAll(async () => {
  arena = await openArena({ config: { idleUnloadMs: 50 } })
})
afterAll(async () => {
  await arena.dispose()
})

describe('memory', () => {
  it('a 50 MB message is refused from its header (1009) without the process growing by 20 MB', async () => {
    await settle()
    const before = process.memoryUsage().rss
    let peak = before
    const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 5)
    const tcp = await openTcp(arena.t.syncUrl, `/sync/${arena.docId}`)
    const size = 50 * 1024 * 1024
    // The header announces 50 MB; the body follows in 64 KB chunks, as a real sender would stream it.
    const head = frame({ opcode: 2, length: BigInt(size), payload: Buffer.alloc(0) })
    tcp.write(head)
    const chunk = Buffer.alloc(64 * 1024, 7)
    let sent = 0
    while (sent < size && !tcp.socket.destroyed) {
      if (!tcp.write(chunk)) await new Promise((r) => { tcp.socket.once('drain', r); tcp.socket.once('close', r) })
      sent += chunk.length
    }
    const closed = await tcp.closed
    clearInterval(sample)
    tcp.socket.destroy()
    expect(closed).toEqual({ code: 1009, reason: 'message too large for this server' })
    const grown = peak - before
    console.info(`50 MB message: rss before ${mb(before)} MB, peak growth ${mb(grown)} MB, bytes written before the close ${mb(sent)} MB`)
    expect(grown).toBeLessThan(20 * 1024 * 1024)
    await arena.healthy('50 MB message')
  })

  it('2,000 rooms opened and closed three times: idle documents are unloaded and memory returns to a plateau', async () => {
    const store = arena.t.server.store
    const ids = Array.from({ length: 2000 }, (_, i) => `mem-${i}`)
    const state = contentState(newTreaty('Memory'))
    for (const id of ids) await store.createDocument({ id, title: id, createdAt: 0, updatedAt: 0 }, [{ channel: 'content', state }])
    const heaps: number[] = []
    const rss: number[] = []
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ids.length; i += 100) {
        const peers = await Promise.all(ids.slice(i, i + 100).map((id) => RawPeer.open(`${arena.t.syncUrl}/${id}?schema=${SCHEMA_VERSION}`)))
        for (const p of peers) p.requestState()
        await Promise.all(peers.map((p) => p.synced()))
        peers.forEach((p) => p.close())
      }
      await waitFor(() => arena.t.server.rooms.size <= 1, 'idle rooms to unload', 20_000)
      await settle()
      heaps.push(process.memoryUsage().heapUsed)
      rss.push(process.memoryUsage().rss)
    }
    console.info(`2,000 rooms ×3: heap after each round ${heaps.map(mb).join(' / ')} MB, rss ${rss.map(mb).join(' / ')} MB`)
    expect(arena.t.server.rooms.size).toBeLessThanOrEqual(1)
    expect(heaps[2]! - heaps[0]!).toBeLessThan(15 * 1024 * 1024)
    await arena.healthy('2,000 rooms')
  }, 90_000)
})
