// The Express application: JSON API under /api, the built editor, and the error handler, in that order.
import express, { type Express, type Response } from 'express'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { AppError, errorMiddleware } from '../errors.js'
import type { Logger } from '../log.js'
import type { DocumentsService } from '../services/documents.js'
import { documentsRouter } from './routes/documents.js'

/** What the HTTP layer needs. */
export interface AppOptions {
  documents: DocumentsService
  staticDir: string
  log: Logger
}

/** Largest JSON request body accepted by the API. */
const JSON_LIMIT = '64kb'

/** Text sent instead of a page when `vite build` has not produced dist/. */
export const NOT_BUILT_MESSAGE =
  'The Pacta editor has not been built yet. Run "npm run build" (or "npm start", which builds it first), then reload.\n'

/** Builds the Express app. Routes are thin; rules live in the services. */
export function createApp({ documents, staticDir, log }: AppOptions): Express {
  const app = express()
  app.disable('x-powered-by')
  app.use('/api', apiRouter(documents))
  mountEditor(app, staticDir)
  app.use(errorMiddleware(log))
  return app
}

function apiRouter(documents: DocumentsService): express.Router {
  const api = express.Router()
  api.use(express.json({ limit: JSON_LIMIT }))
  api.get('/health', (_req, res) => {
    res.json({ ok: true })
  })
  api.use('/documents', documentsRouter(documents))
  api.use((req) => {
    throw AppError.notFound(`no API endpoint ${req.method} ${req.originalUrl.slice(0, 200)}`)
  })
  return api
}

/** Serves dist/: the document list at `/`, the editor at `/d/:id`, and hashed assets. */
function mountEditor(app: Express, staticDir: string): void {
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
  app.get('/d/:id', page('doc.html'))
  // Vite puts content-hashed files under assets/, so they can be cached for good.
  app.use('/assets', express.static(join(staticDir, 'assets'), { immutable: true, maxAge: '1y', index: false }))
  app.use(express.static(staticDir, { index: false }))
}
