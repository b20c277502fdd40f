// Starts and stops the whole server: config → store → rooms → documents → HTTP and sync on one port.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { loadConfig, loadSyncLimits, type Config } from './config.js'
import { createApp } from './http/app.js'
import { createLogger, type Logger } from './log.js'
import { DocumentsService } from './services/documents.js'
import { AuditService, auditConnections } from './services/audit.js'
import { createPeople } from './services/people.js'
import { LibraryService } from './services/library.js'
import { watchLibrary } from './library/watch.js'
import { TemplatesService } from './services/templates.js'
import { ExportsService } from './services/exports.js'
import { ExportWorkers } from './export/export-workers.js'
import { inProcessPages } from './export/page-exports.js'
import { ImportsService } from './services/imports.js'
import { DEFAULT_DOCX_LIMITS } from './import/docx.js'
import { compileProxyTrust } from './http/client-address.js'
import { openSqliteStore } from './store/sqlite.js'
import type { Store } from './store/store.js'
import { Rooms } from './sync/rooms.js'
import type { SyncAccess } from './sync/access.js'
import type { SyncLimits } from './sync/limits.js'
import { attachSync } from './sync/ws.js'

/** A running server. */
export interface RunningServer {
  /** Base HTTP URL, e.g. http://127.0.0.1:8080 (the sync endpoint is the same with ws: and /sync). */
  url: string
  port: number
  config: Readonly<Config>
  /** The sync layer's limits in force (environment, then `options.sync`). */
  syncLimits: Readonly<SyncLimits>
  /** The loaded rooms, for tests and benchmarks to inspect. */
  rooms: Rooms
  /** The store, for tests to inspect. */
  store: Store
  /**
   * Stops accepting connections, stores every pending update, closes sync sockets with 1001,
   * compacts and unloads every document, then closes the database. Safe to call twice.
   */
  stop(): Promise<void>
}

/** Things a caller may supply instead of the defaults. */
export interface StartDependencies {
  log?: Logger
  /**
   * Who may open sync sockets and with which role. Default: the session cookie and the
   * document's memberships (`AccessService.syncAccess`). Tests of the sync layer pass their own
   * (or `openAccess`, which admits everyone as an anonymous drafter).
   */
  access?: SyncAccess
  /**
   * Where the first admin's one-time password is written, once (default: stdout). Never the
   * log, which may be collected elsewhere.
   */
  announce?: (text: string) => void
  /** Folder holding clauses/ and templates/ (default: the repository root). */
  libraryRoot?: string
}

/** start()'s options: any core setting, plus overrides of the sync limits. */
export type StartOptions = Partial<Config> & { sync?: Partial<SyncLimits> }

/**
 * Starts Pacta with the environment's configuration overridden by `options` (tests pass
 * `{ port: 0, dataDir }`). Resolves once the port is listening.
 */
export async function start(startOptions: StartOptions = {}, deps: StartDependencies = {}): Promise<RunningServer> {
  const { sync: syncOverrides, ...options } = startOptions
  const base = loadConfig()
  const syncLimits: Readonly<SyncLimits> = Object.freeze({ ...loadSyncLimits(), ...syncOverrides })
  const config: Readonly<Config> = Object.freeze({
    ...base,
    ...options,
    dataDir: resolve(options.dataDir ?? base.dataDir),
    staticDir: resolve(options.staticDir ?? base.staticDir),
  })
  const log = deps.log ?? createLogger(config.logLevel)

  const store = openSqliteStore({ dataDir: config.dataDir, synchronous: config.sqliteSynchronous, log })
  const audit = new AuditService(store, log)
  const rooms = new Rooms({
    store, log, onConnection: auditConnections(audit),
    maxMessageBytes: config.maxMessageBytes,
    compactAfterUpdates: config.compactAfterUpdates,
    idleUnloadMs: config.idleUnloadMs,
    limits: syncLimits,
  })
  const people = createPeople({ store, sync: rooms, audit, log, config, origins: syncLimits })
  const adminId = await people.accounts.ensureAdmin(config.adminPassword, deps.announce ?? ((text) => process.stdout.write(text)))
  await people.sessions.sweep()
  // An expired session is refused when presented; the sweep only keeps the table from growing.
  const sweeper = setInterval(() => {
    people.sessions.sweep().then(
      (dropped) => { if (dropped > 0) log.debug('expired sessions deleted', { sessions: dropped }) },
      (err) => log.warn('deleting expired sessions failed; trying again later', { error: String(err) }),
    )
  }, config.sessionSweepMs)
  sweeper.unref()
  const documents = new DocumentsService(store, rooms, log, people.access, audit)
  await documents.seedOnFirstStart(adminId)
  // a bad clause or template file is logged and skipped, never fatal; a changed one is read again
  const libraryRoot = deps.libraryRoot ?? resolve(import.meta.dirname, '..')
  const library = await LibraryService.load({ root: libraryRoot, store, log })
  const templates = await TemplatesService.load(libraryRoot, library.fileClauses, log)
  const libraryWatch = config.libraryWatch
    ? watchLibrary(libraryRoot, async () => { await library.reload(); await templates.reload(library.fileClauses) }, log)
    : null

  // PDF and Word files are laid out in worker threads, so a long export never stalls the live documents
  const exportWorkers = config.exportWorkers > 0 ? new ExportWorkers(config.exportWorkers, log) : null
  const exportsService = new ExportsService(store, rooms, people.access, audit, log, (id) => library.find(id), exportWorkers ?? inProcessPages, () => library.fixesLookup())
  const imports = new ImportsService(documents, audit, log, { maxBytes: config.importMaxBytes, docx: DEFAULT_DOCX_LIMITS })
  const proxyTrust = compileProxyTrust(config.trustProxy)
  const server = createServer(createApp({
    documents, staticDir: config.staticDir, log, library, templates, clauseSaver: people.access.clauseSaver(), people, exports: exportsService, proxyTrust,
    imports: { service: imports, maxBytes: config.importMaxBytes },
  }))
  const sync = attachSync(server, {
    rooms, log,
    documentExists: (id) => documents.exists(id),
    maxMessageBytes: config.maxMessageBytes,
    access: deps.access ?? people.access.syncAccess(),
    limits: syncLimits,
    proxyTrust,
  })

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolveListen()
    })
  })
  const port = (server.address() as AddressInfo).port
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host}:${port}`
  log.info('Pacta listening', { url, dataDir: config.dataDir })
  // fonts parsed and words laid out once, in the workers, before anyone's first export
  if (exportWorkers && config.exportWarmup) setImmediate(() => { void exportWorkers.warm() })

  let stopping: Promise<void> | null = null
  const stop = () => (stopping ??= (async () => {
    clearInterval(sweeper)
    await libraryWatch?.close()
    sync.refuseNew()
    const closed = new Promise<void>((r) => server.close(() => r()))
    await rooms.shutdown()
    await sync.close()
    server.closeAllConnections()
    await closed
    await exportWorkers?.close()
    await store.close()
    log.info('Pacta stopped')
  })())

  return { url, port, config, syncLimits, rooms, store, stop }
}
