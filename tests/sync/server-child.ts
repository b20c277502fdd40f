// A server in a child process for crash tests: starts on PORT 0 with DATA_DIR, prints its port, runs until killed.
import { start } from '../../server/main.js'
import { openAccess } from '../../server/sync/access.js'

// Sync admits everyone (this tests durability, not access); REST needs the admin (TEST_ADMIN_PASSWORD in tests/helpers/server.ts).
const server = await start(
  { port: 0, host: '127.0.0.1', dataDir: process.env.DATA_DIR, staticDir: '/nonexistent', logLevel: 'warn', sqliteSynchronous: 'FULL', adminPassword: 'admin-password-for-tests',
    // nothing is exported here, and the bundle's folder holds no export worker to start
    exportWorkers: 0, exportWarmup: false },
  // The bundle runs from node_modules/.cache, so the clause library's folder is passed in.
  { access: openAccess, libraryRoot: process.env.LIBRARY_ROOT },
)
// COMMIT_DELAY_MS: each group commit first waits up to this long, widening the window in which a
// kill lands between an update's arrival and its commit (a server that confirmed early would be caught).
const delay = Number(process.env.COMMIT_DELAY_MS ?? 0)
if (delay > 0) {
  const store = server.store
  const append = store.appendUpdates.bind(store)
  store.appendUpdates = async (...args) => {
    await new Promise((r) => setTimeout(r, Math.random() * delay))
    return append(...args)
  }
}
process.stdout.write(JSON.stringify({ port: server.port }) + '\n')
