// Starts the real server in-process for sync tests, with an injected SyncAccess and sync-limit overrides.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../server/config.js'
import { createLogger } from '../../server/log.js'
import { start, type StartOptions } from '../../server/main.js'
import { openAccess, type SyncAccess } from '../../server/sync/access.js'
import type { SyncLimits } from '../../server/sync/limits.js'
import { TEST_ADMIN_PASSWORD, withPeople, type TestServer } from '../helpers/server.js'

/** Like startTestServer, plus `access` (default: the server's openAccess) and `sync` limit overrides. */
export async function startSyncServer(options: { config?: Partial<Config>; sync?: Partial<SyncLimits>; access?: SyncAccess; dataDir?: string } = {}): Promise<TestServer> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'pacta-sync-'))
  const logs: TestServer['logs'] = []
  const startOptions: StartOptions = {
    port: 0, host: '127.0.0.1', dataDir: dir, staticDir: join(dir, 'no-dist'), sqliteSynchronous: 'NORMAL', idleUnloadMs: 60_000,
    logLevel: 'debug', adminPassword: TEST_ADMIN_PASSWORD, ...options.config, sync: options.sync,
  }
  const server = await start(startOptions, { log: createLogger('debug', (r) => logs.push(r)), access: options.access ?? openAccess })
  // REST calls go as the admin (accounts are always on); sync admission is `access`.
  return withPeople(server, dir, logs, () => startSyncServer({ ...options, dataDir: dir }))
}
