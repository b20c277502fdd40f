// A server process of the benchmark: runs exactly one server under test on 127.0.0.1, on a free
// port, and reports its WebSocket base URL. Each kind's modules are imported only when it is the
// one asked for, so memory measured here belongs to that server alone.
import { randomBytes } from 'node:crypto'
import { fdatasyncSync, openSync, writeSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { LOOP_RESOLUTION_MS, loopDelay } from './loop.js'
import type { ServerKind } from './peers.js'
import { serve } from './ipc.js'

/** What the runner receives once the server listens; `cookie` is a signed-in session (Pacta only). */
export interface ServerReady { wsUrl: string; httpUrl: string; cookie?: string }

/** Pacta's own counters for one document, read from its loaded room (see server/sync/room.ts). */
export interface PactaCounters {
  /** Group-commit transactions and the updates they stored. */
  batches: number
  updatesStored: number
  compactions: number
  /** Times the full state was encoded for joining clients. */
  initialStateEncodings: number
  /** Awareness entries forwarded and dropped as stale or duplicate. */
  awarenessAccepted: number
  awarenessDropped: number
}

/** The room fields read here; everything optional, so a change in the server loses counters, not the run. */
interface RoomLike {
  stats?: { batches?: number; updatesStored?: number; compactions?: number; initialStateEncodings?: number }
  awareness?: { stats?: { accepted?: number; dropped?: number } }
}

/** `start()` of server/main.ts, as the server contract gives it (`rooms` is Pacta's diagnostics hook). */
type PactaStart = (options?: Record<string, unknown>) => Promise<{
  url: string; port: number; stop(): Promise<void>
  rooms?: { peek?: (documentId: string) => Promise<RoomLike | undefined> }
}>

let counters: (docName: string) => Promise<PactaCounters | null> = async () => null

async function startPacta(synchronous?: 'OFF'): Promise<{ ready: ServerReady; stop: () => Promise<void> }> {
  const dataDir = process.env.DATA_DIR
  if (!dataDir) throw new Error('DATA_DIR must name a temporary folder for the Pacta server under test')
  // Imported through a variable and typed by the contract (notes: `start(options?: Partial<Config>)`),
  // so the benchmark still compiles while the server's own types change.
  const main = '../server/main.js'
  const { start } = (await import(main)) as { start: PactaStart }
  // Every simulated delegate signs in as the one admin account, so the per-user connection cap
  // (a guard against one runaway account) is raised above the benchmark's client count.
  const adminPassword = `bench-${randomBytes(12).toString('hex')}`
  const server = await start({
    port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn', adminPassword,
    sync: { maxConnectionsPerUser: 1000 },
    ...(synchronous ? { sqliteSynchronous: synchronous } : {}),
  })
  const httpUrl = `http://127.0.0.1:${server.port}`
  const cookie = await signIn(httpUrl, 'admin', adminPassword)
  counters = async (docName) => {
    const room = await server.rooms?.peek?.(docName)
    if (!room?.stats) return null
    const { stats, awareness } = room
    return {
      batches: stats.batches ?? NaN, updatesStored: stats.updatesStored ?? NaN, compactions: stats.compactions ?? NaN,
      initialStateEncodings: stats.initialStateEncodings ?? NaN,
      awarenessAccepted: awareness?.stats?.accepted ?? NaN, awarenessDropped: awareness?.stats?.dropped ?? NaN,
    }
  }
  return { ready: { httpUrl, wsUrl: `ws://127.0.0.1:${server.port}`, cookie }, stop: () => server.stop() }
}

/** Signs in to a Pacta server and returns its session cookie (`name=value`). */
async function signIn(httpUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${httpUrl}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: httpUrl }, body: JSON.stringify({ username, password }),
  })
  const cookie = /pacta_session=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0]
  if (res.status !== 200 || !cookie) throw new Error(`signing in to Pacta as ${username} failed: ${res.status} ${await res.text()}`)
  return cookie
}

async function startReference(durable = false): Promise<{ ready: ServerReady; stop: () => Promise<void> }> {
  // The reference server as its own README sets it up: setupWSConnection on a plain http + ws
  // server, documents in memory (no YPERSISTENCE).
  const { WebSocketServer } = await import('ws')
  const { setupWSConnection } = await import('@y/websocket-server/utils')
  const http = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('okay') })
  const wss = new WebSocketServer({ noServer: true })
  if (durable) await persistEachUpdate(wss)
  wss.on('connection', (ws, req) => setupWSConnection(ws, req))
  http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const port = (http.address() as { port: number }).port
  const stop = async () => {
    for (const ws of wss.clients) ws.terminate()
    await new Promise<void>((resolve) => http.close(() => resolve()))
  }
  return { ready: { httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` }, stop }
}

/** Bytes of the durable reference's log file, reserved at start and then overwritten in a ring. */
const LOG_BYTES = 16 << 20

/**
 * Makes the reference server persist every update before anyone hears of it, in the least it
 * could take: each sync message a client sends (its updates) is written to a log file as it
 * arrives, and nothing goes out to any client while a write made before it is not yet on disk.
 * The disk is waited for through Pacta's own WalSync (fdatasync on the thread pool, overlapping
 * and shared as in Pacta). The message handling stays the reference's own: decode, apply and send
 * in one turn. What this server adds to the reference's latency is the wait for the disk alone.
 */
async function persistEachUpdate(wss: import('ws').WebSocketServer): Promise<void> {
  const dataDir = process.env.DATA_DIR
  if (!dataDir) throw new Error('DATA_DIR must name a temporary folder for the durable reference server')
  const { WalSync } = await import('../server/store/wal-sync.js')
  const path = join(dataDir, 'updates.log')
  const fd = openSync(path, 'w+')
  // Reserved and synced once, as Pacta reserves its WAL, so that each write overwrites in place.
  writeSync(fd, Buffer.alloc(LOG_BYTES), 0, LOG_BYTES, 0)
  fdatasyncSync(fd)
  const wal = new WalSync(path)
  let offset = 0
  /** Settles once everything written so far is durable; null when no write is waiting. */
  let durable: Promise<void> | null = null
  wss.on('connection', (ws) => {
    // Registered before setupWSConnection's own listener, so the write comes before the apply.
    ws.on('message', (message: Buffer | ArrayBuffer | Buffer[]) => {
      // setupWSConnection sets binaryType 'arraybuffer' on the socket.
      const data = message instanceof ArrayBuffer ? new Uint8Array(message) : Array.isArray(message) ? Buffer.concat(message) : message
      if (data[0] !== 0 || (data[1] !== 1 && data[1] !== 2)) return
      if (offset + data.length > LOG_BYTES) offset = 0
      writeSync(fd, data, 0, data.length, offset)
      offset += data.length
      const synced = wal.sync()
      durable = synced
      void synced.then(() => { if (durable === synced) durable = null })
    })
    const send = ws.send.bind(ws) as (...args: unknown[]) => void
    ws.send = ((...args: unknown[]) => {
      // Held behind the latest write: in order, and never ahead of a write that is not durable.
      if (durable) void durable.then(() => send(...args))
      else send(...args)
    }) as typeof ws.send
  })
}

async function startHocuspocus(): Promise<{ ready: ServerReady; stop: () => Promise<void> }> {
  // In memory, no extensions: the configuration Hocuspocus starts with.
  const { Server } = await import('@hocuspocus/server')
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false })
  await server.listen()
  const port = server.address.port
  return { ready: { httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` }, stop: () => server.destroy() }
}

const starters: Record<ServerKind, () => ReturnType<typeof startPacta>> = {
  pacta: () => startPacta(), 'pacta-sync-off': () => startPacta('OFF'), yws: () => startReference(), 'yws-durable': () => startReference(true), hocuspocus: startHocuspocus,
}

const kind = process.argv[2] as ServerKind
const starter = starters[kind]
if (!starter) {
  console.error(`server-child: unknown server kind "${process.argv[2]}"; expected one of ${Object.keys(starters).join(', ')}`)
  process.exit(2)
}
const { ready, stop } = await starter()
// Event-loop delay of this process, measured the same way for every server: it shows stalls
// (synchronous disk writes, long encodes, GC) that latency percentiles only hint at.
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
loop.enable()
process.send!({ ready })
let stopping = false
const shutdown = () => {
  if (stopping) return
  stopping = true
  // A server that does not stop promptly is not what is measured here; do not wait for it.
  setTimeout(() => process.exit(0), 2000).unref()
  stop().finally(() => process.exit(0))
}
serve(async (m) => {
  switch (m.cmd) {
    case 'loop-reset': loop.reset(); return null
    case 'loop': return loopDelay(loop)
    case 'counters': return counters(String(m.docName))
    case 'stop': shutdown(); return null
    default: throw new Error(`server-child: unknown command ${m.cmd}`)
  }
})
process.on('disconnect', shutdown)
