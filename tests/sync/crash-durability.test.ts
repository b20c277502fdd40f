// kill -9 the server while a client types: no edit the server had confirmed as stored is ever missing after a restart.
import { signIn, TEST_ADMIN_PASSWORD } from '../helpers/server.js'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { trackDurability } from '../../editor/collab/durability.js'
import { seededRng } from '../helpers/prng.js'
import { waitFor } from '../helpers/ws-client.js'
import { RawPeer } from './peers.js'

/** Cycles per run: 50 by default (about 40 s here), DURABILITY_CYCLES=200 for the full run (about 2.5 min). */
const CYCLES = Number(process.env.DURABILITY_CYCLES ?? 50)
const SEED = Number(process.env.FUZZ_SEED ?? 20260)
const ROOT = resolve(import.meta.dirname, '../..')
const CHILD = join(ROOT, 'node_modules/.cache/pacta-tests/server-child.mjs')

let dataDir: string
beforeAll(async () => {
  // Bundled once (npm packages stay external), so each restart takes ~0.3 s instead of ~0.9 s through tsx.
  mkdirSync(join(ROOT, 'node_modules/.cache/pacta-tests'), { recursive: true })
  await build({ entryPoints: [join(ROOT, 'tests/sync/server-child.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: CHILD, logLevel: 'warning' })
  dataDir = mkdtempSync(join(tmpdir(), 'pacta-crash-'))
})
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true })
})

/** Starts the server in a child process on the data folder; resolves with it and its port. */
function startChild(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolvePort, reject) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, DATA_DIR: dataDir, LIBRARY_ROOT: ROOT, COMMIT_DELAY_MS: '20' }, stdio: ['ignore', 'pipe', 'inherit'] })
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`server child exited with ${code} before listening`)))
    child.stdout!.once('data', (d) => resolvePort({ child, port: (JSON.parse(String(d).split('\n')[0]!) as { port: number }).port }))
  })
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((r) => {
    child.removeAllListeners('exit')
    child.once('exit', () => r())
    child.kill('SIGKILL')
  })
}

/** True when `doc` holds everything in `snapshot` (its state vector and its deletions). */
function contains(doc: Y.Doc, snapshot: Y.Snapshot): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc))
  for (const [client, clock] of snapshot.sv) if ((have.get(client) ?? 0) < clock) return false
  const deleted = Y.createDeleteSetFromStructStore(doc.store)
  for (const [client, ranges] of snapshot.ds.clients) {
    for (const { clock, len } of ranges) for (let c = clock; c < clock + len; c++) if (!Y.isDeleted(deleted, Y.createID(client, c))) return false
  }
  return true
}

describe('crash durability', () => {
  it(`${CYCLES} kill -9 cycles while typing: every confirmed edit survives the restart`, async () => {
    const rng = seededRng(SEED)
    let server = await startChild()
    const base = `http://127.0.0.1:${server.port}`
    const cookie = await signIn(base, 'admin', TEST_ADMIN_PASSWORD)
    const res = await fetch(`${base}/api/documents`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ title: 'Crash test' }) })
    const { id } = (await res.json()) as { id: string }
    const doc = new Y.Doc({ gc: false })
    const text = doc.getText('typing')
    let confirmedEdits = 0
    let checkedSnapshots = 0
    let killedWithUnconfirmed = 0

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const provider = new WebsocketProvider(`ws://127.0.0.1:${server.port}/sync`, id, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 100,
      })
      const tracker = trackDurability(provider)
      // The document state after each local edit, by the tracker's count of local edits.
      const snapshots = new Map<number, Y.Snapshot>()
      const onUpdate = (_u: Uint8Array, origin: unknown) => { if (origin !== provider) snapshots.set(tracker.local, Y.snapshot(doc)) }
      doc.on('update', onUpdate)
      await waitFor(() => provider.synced, `cycle ${cycle}: the client to sync`, 10_000)

      // Type in bursts until a random moment, then kill the server mid-stream.
      const killAt = performance.now() + 20 + rng.int(280)
      for (;;) {
        const burst = 1 + rng.int(8)
        for (let i = 0; i < burst; i++) {
          if (text.length > 0 && rng.chance(0.2)) text.delete(rng.int(text.length), 1)
          else text.insert(rng.int(text.length + 1), String.fromCharCode(97 + rng.int(26)))
        }
        if (performance.now() >= killAt) break
        await new Promise((r) => setTimeout(r, rng.int(15)))
      }
      // Sometimes at once (edits on the wire), sometimes a moment later (mid group commit or idle).
      if (rng.chance(0.5)) await new Promise((r) => setTimeout(r, rng.int(5)))
      await kill9(server.child)
      const confirmed = tracker.confirmed
      if (tracker.local > confirmed) killedWithUnconfirmed++
      doc.off('update', onUpdate)
      tracker.destroy()
      provider.destroy()

      server = await startChild()
      // What the restarted server holds, read by a fresh client.
      const peer = await RawPeer.open(`ws://127.0.0.1:${server.port}/sync/${id}`)
      peer.requestState()
      await peer.synced()
      peer.close()
      if (confirmed > 0) {
        const snapshot = snapshots.get(confirmed)!
        expect(contains(peer.doc, snapshot), `cycle ${cycle}: confirmed edit ${confirmed} of ${tracker.local} missing after the restart (seed ${SEED})`).toBe(true)
        checkedSnapshots++
        confirmedEdits += confirmed
      }
    }
    await kill9(server.child)
    console.info(`${CYCLES} kill -9 cycles: ${confirmedEdits} confirmed edits checked in ${checkedSnapshots} cycles, ${killedWithUnconfirmed} kills landed with unconfirmed edits in flight`)
    expect(checkedSnapshots).toBeGreaterThan(CYCLES / 2)
    expect(killedWithUnconfirmed).toBeGreaterThan(0)
  }, Math.max(600_000, CYCLES * 6_000))
})
