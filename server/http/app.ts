// The Express application: JSON API under /api, the built editor, and the error handler, in that order.
import compression from 'compression'
import express, { type Express, type Response } from 'express'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { AppError, errorMiddleware } from '../errors.js'
import type { Logger } from '../log.js'
import type { DocumentsService } from '../services/documents.js'
import type { CurrentUser } from '../services/sessions.js'
import { documentsRouter } from './routes/documents.js'
import type { LibraryService } from '../services/library.js'
import type { TemplatesService } from '../services/templates.js'
import type { ClauseSaver } from '../services/access.js'
import { libraryRouter } from './routes/library.js'
import { templatesRouter } from './routes/templates.js'
import { exportsRouter, lintRouter } from './routes/exports.js'
import type { ExportsService } from '../services/exports.js'
import { mountPeopleApi, mountPeoplePages, type PeopleServices } from './people.js'
import { importsRouter } from './routes/imports.js'
import type { ImportsService } from '../services/imports.js'
import { NO_PROXY, type ProxyTrust } from './client-address.js'
import { compressedAssets } from './compressed-assets.js'

/** What the HTTP layer needs. */
export interface AppOptions {
  documents: DocumentsService
  staticDir: string
  log: Logger
  /** The clause library (`/api/library`); absent, the endpoints answer 404. */
  library?: LibraryService
  /** The templates (`/api/templates`, and `template` when creating a document). */
  templates?: TemplatesService
  /** Who may save clauses (`AccessService.clauseSaver`). */
  clauseSaver: ClauseSaver
  /** Accounts, sessions, members and audit: sign-in, CSRF and security headers in front of everything. */
  people: PeopleServices
  /** Exports (`/api/documents/:id/export/…`); absent, the endpoints answer 404. */
  exports?: ExportsService
  /** Imports (`/api/documents/import`) and the largest file accepted; absent, the endpoints answer 404. */
  imports?: { service: ImportsService; maxBytes: number }
  /** Which peers are trusted reverse proxies (TRUST_PROXY); default none. */
  proxyTrust?: ProxyTrust
}

/** Largest JSON request body accepted by the API. */
const JSON_LIMIT = '64kb'
/** Largest body of a clause save: a selection of many articles as ProseMirror JSON. */
const CLAUSE_JSON_LIMIT = '2mb'

/** Text sent instead of a page when `vite build` has not produced dist/. */
export const NOT_BUILT_MESSAGE =
  'The Pacta editor has not been built yet. Run "npm run build" (or "npm start", which builds it first), then reload.\n'

/** Builds the Express app. Routes are thin; rules live in the services. */
export function createApp(options: AppOptions): Express {
  const { documents, staticDir, log } = options
  const app = express()
  app.disable('x-powered-by')
  // pages, scripts, styles and JSON go out compressed (gzip or deflate, as the browser accepts)
  app.use(compression())
  // req.ip: the socket's peer, or the client a trusted proxy forwarded for (server/http/client-address.ts)
  app.set('trust proxy', options.proxyTrust ?? NO_PROXY)
  mountPeopleApi(app, options.people)
  app.use('/api', apiRouter(documents, options))
  mountPeoplePages(app, staticDir)
  mountEditor(app, staticDir, documents)
  app.use(errorMiddleware(log))
  return app
}

function apiRouter(documents: DocumentsService, options: AppOptions): express.Router {
  const api = express.Router()
  if (options.library) api.use('/library', express.json({ limit: CLAUSE_JSON_LIMIT }), libraryRouter(options.library, options.clauseSaver))
  if (options.templates) api.use('/templates', templatesRouter(options.templates))
  if (options.imports) api.use('/documents/import', importsRouter(options.imports.service, options.imports.maxBytes))
  api.use(express.json({ limit: JSON_LIMIT }))
  api.get('/health', (_req, res) => {
    res.json({ ok: true })
  })
  if (options.exports) api.use('/documents/:id/export', exportsRouter(options.exports))
  if (options.exports) api.use('/documents/:id/lint', lintRouter(options.exports))
  api.use('/documents', documentsRouter(documents, options.templates))
  api.use((req) => {
    throw AppError.notFound(`no API endpoint ${req.method} ${req.originalUrl.slice(0, 200)}`)
  })
  return api
}

/** Serves dist/: the document list at `/`, the editor at `/d/:id`, and hashed assets. */
function mountEditor(app: Express, staticDir: string, documents: DocumentsService): void {
  const page = (file: string) => (_req: unknown, res: Response) => {
    const path = join(staticDir, file)
    // Checked per request, so a build made while the server runs is picked up.
    if (!existsSync(path)) {
      res.status(503).type('text/plain').send(NOT_BUILT_MESSAGE)
      return
    }
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(path)
  }
  app.get('/', page('index.html'))
  app.get('/d/:id', (req, res, next) => {
    // The document's content is read from the store while the browser reads the page and fetches
    // the editor's scripts: once the page has been sent, as reading it holds the thread that
    // sends the page (a long treaty's stored state is read in a few ms).
    const user = res.locals.user as CurrentUser | undefined
    if (user) res.once('finish', () => documents.prepare(req.params.id, user))
    next()
  }, page('doc.html'))
  // Source maps are built for debugging on the server ("hidden": the scripts do not name them)
  // and never sent to browsers.
  app.use((req, _res, next) => {
    if (req.path.endsWith('.map')) throw AppError.notFound(`no file ${req.path.slice(0, 200)}`)
    next()
  })
  // Vite puts content-hashed files under assets/, so they can be cached for good (and their
  // compressed copies kept in memory).
  app.use('/assets', compressedAssets(join(staticDir, 'assets')), express.static(join(staticDir, 'assets'), { immutable: true, maxAge: '1y', index: false }))
  app.use(express.static(staticDir, { index: false }))
}
