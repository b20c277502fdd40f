// REST routes for importing a file: the raw request body is the file, its name and format in the query.
import express, { Router, type ErrorRequestHandler } from 'express'
import { ImportError } from '../../import/errors.js'
import { describeBytes } from '../../import/index.js'
import type { ImportsService } from '../../services/imports.js'
import type { CurrentUser } from '../../services/sessions.js'
import { currentUser } from '../security.js'
import { parseInput } from '../validate.js'
import { ImportQuery } from './imports.schema.js'

/**
 * `/api/documents/import`: `POST /preview` answers what the file holds (ImportPreviewView),
 * `POST /` creates the document (201, ImportResultView). The body is the file's bytes as sent
 * (any content type but the form types the CSRF guard refuses; the page sends
 * application/octet-stream), up to `maxBytes`.
 */
export function importsRouter(imports: ImportsService, maxBytes: number): Router {
  const router = Router()
  // compressed uploads are refused (415) rather than inflated: the limit is on what is sent
  router.use(express.raw({ type: () => true, limit: maxBytes, inflate: false }))

  const fileOf = (req: express.Request) => {
    const query = parseInput(ImportQuery, { ...req.query })
    const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body.buffer, req.body.byteOffset, req.body.length) : new Uint8Array()
    return { query, file: { bytes, filename: query.filename, ...(query.format !== undefined ? { format: query.format } : {}) } }
  }

  router.post('/preview', async (req, res) => {
    const { file } = fileOf(req)
    res.json(await imports.preview(file, currentUser(res)))
  })

  router.post('/', async (req, res) => {
    const { file, query } = fileOf(req)
    res.status(201).json(await imports.create(file, query.title, currentUser(res)))
  })

  // the body parser's refusals (too large, compressed): its "too large" names no limit, so say which; both are audited
  const refusedUpload: ErrorRequestHandler = async (err, req, res, next) => {
    const type = (err as { type?: unknown })?.type
    const refusal = type === 'entity.too.large' ? new ImportError(`the file is larger than the largest import accepted, ${describeBytes(maxBytes)}`, 413)
      : type === 'encoding.unsupported' ? new ImportError('unsupported content encoding', 415) : null
    if (!refusal) { next(err); return }
    const user = res.locals.user as CurrentUser | undefined
    const filename = typeof req.query.filename === 'string' ? req.query.filename : ''
    const format = typeof req.query.format === 'string' ? req.query.format.slice(0, 40) : undefined
    const bytes = Number(req.headers['content-length']) || 0
    if (user) await imports.refused({ filename, bytes, ...(format !== undefined ? { format } : {}) }, refusal, req.path.endsWith('/preview') ? 'preview' : 'create', user)
    next(refusal)
  }
  router.use(refusedUpload)
  return router
}
