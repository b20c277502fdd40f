// A server process of the benchmark: runs exactly one server under test on 127.0.0.1, on a free
// port, and reports its WebSocket base URL. Each kind's modules are imported only when it is the
// one asked for, so memory measured here belongs to that server alone.
import { createServer } from 'node:http'
import type { ServerKind } from './peers.js'

/** What the runner receives once the server listens. */
export interface ServerReady { wsUrl: string; httpUrl: string }

/** `start()` of server/main.ts, as the server contract gives it. */
type PactaStart = (options?: Record<string, unknown>) => Promise<{ url: string; port: number; stop(): Promise<void> }>

async function startPacta(): Promise<{ ready: ServerReady; stop: () => Promise<void> }> {
  const dataDir = process.env.DATA_DIR
  if (!dataDir) throw new Error('DATA_DIR must name a temporary folder for the Pacta server under test')
  // Imported through a variable and typed by the contract (notes: `start(options?: Partial<Config>)`),
  // so the benchmark still compiles while the server's own types change.
  const main = '../server/main.js'
  const { start } = (await import(main)) as { start: PactaStart }
  const server = await start({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'warn' })
  const httpUrl = `http://127.0.0.1:${server.port}`
  return { ready: { httpUrl, wsUrl: `ws://127.0.0.1:${server.port}` }, stop: () => server.stop() }
}

async function startReference(): Promise<{ ready: ServerReady; stop: () => Promise<void> }> {
  // The reference server as its own README sets it up: setupWSConnection on a plain http + ws
  // server, documents in memory (no YPERSISTENCE).
  const { WebSocketServer } = await import('ws')
  const { setupWSConnection } = await import('@y/websocket-server/utils')
  const http = createServer((_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('okay') })
  const wss = new WebSocketServer({ noServer: true })
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

async function startHocuspocus(): Promise<{ ready: ServerReady; stop: () => Promise<void> }> {
  // In memory, no extensions: the configuration Hocuspocus starts with.
  const { Server } = await import('@hocuspocus/server')
  const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false })
  await server.listen()
  const port = server.address.port
  return { ready: { httpUrl: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` }, stop: () => server.destroy() }
}

const starters: Record<ServerKind, typeof startPacta> = { pacta: startPacta, yws: startReference, hocuspocus: startHocuspocus }

const kind = process.argv[2] as ServerKind
const starter = starters[kind]
if (!starter) {
  console.error(`server-child: unknown server kind "${process.argv[2]}"; expected one of ${Object.keys(starters).join(', ')}`)
  process.exit(2)
}
const { ready, stop } = await starter()
process.send!({ ready })
let stopping = false
const shutdown = () => {
  if (stopping) return
  stopping = true
  // A server that does not stop promptly is not what is measured here; do not wait for it.
  setTimeout(() => process.exit(0), 2000).unref()
  stop().finally(() => process.exit(0))
}
process.on('message', (m: { cmd?: string }) => { if (m.cmd === 'stop') shutdown() })
process.on('disconnect', shutdown)
