// Starts the real server in-process for sync tests, with an injected SyncAccess and sync-limit overrides.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../server/config.js'
import { createLogger } from '../../server/log.js'
import { start, type StartOptions } from '../../server/main.js'
import type { SyncAccess } from '../../server/sync/access.js'
import type { SyncLimits } from '../../server/sync/limits.js'
import type { TestServer } from '../helpers/server.js'

/** Like startTestServer, plus `access` (default: the server's openAccess) and `sync` limit overrides. */
export async function startSyncServer(options: { config?: Partial<Config>; sync?: Partial<SyncLimits>; access?: SyncAccess; dataDir?: string } = {}): Promise<TestServer> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pacta-sync-'))
  const logs: TestServer['logs'] = []
  const startOptions: StartOptions = {
    port: 0, host: '127.0.0.1', dataDir: dir, staticDir: join(dir, 'no-dist'), sqliteSynchronous: 'NORMAL', idleUnloadMs: 60_000,
    logLevel: 'debug', ...options.config, sync: options.sync,
  }
  const server = await start(startOptions, { log: createLogger('debug', (r) => logs.push(r)), access: options.access })
  return {
    server, url: server.url, syncUrl: server.url.replace(/^http/, 'ws') + '/sync', dataDir: dir, logs,
    stop: () => server.stop(),
    restart: async () => { await server.stop(); return startSyncServer({ ...options, dataDir: dir }) },
    dispose: async () => { await server.stop(); rmSync(dir, { recursive: true, force: true }) },
    request: (path, init) => fetch(server.url + path, init),
  }
}
