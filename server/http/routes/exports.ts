// The export endpoints: one GET per format, answered as a download.
import { Router } from 'express'
import { AppError } from '../../errors.js'
import { COMMENT_FORMATS, EXPORT_FORMATS, isExportFormat, type ExportsService, type ExportFile } from '../../services/exports.js'
import { HTML_EXPORT_CSP } from '../../export/html.js'
import { currentUser, remoteOf } from '../security.js'
import { parseInput } from '../validate.js'
import { ExportQuery } from './exports.schema.js'

/** `Content-Disposition: attachment` with an ASCII name and the same name for clients that read `filename*`. */
const attachment = (filename: string) => `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`

/** Sends an exported file as a download that never runs anything, even if opened in place. */
function sendFile(res: import('express').Response, file: ExportFile, csp: string): void {
  // replaces the app's policy: the file has no script of its own and needs only its inline style
  res.setHeader('Content-Security-Policy', csp)
  res.setHeader('Content-Disposition', attachment(file.filename))
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.type(file.contentType).send(file.body)
}

/** The policy sent with a download that is not HTML: nothing in it may run or load. */
const FILE_CSP = "default-src 'none'; sandbox"

/**
 * `/api/documents/:id/export/:format?clean=1&final=0&comments=0` for each of EXPORT_FORMATS (any member; a
 * final export, conveners only); 400 naming the formats for an unknown one.
 */
export function exportsRouter(service: ExportsService): Router {
  const router = Router({ mergeParams: true })

  router.get('/:format', async (req, res) => {
    const user = currentUser(res)
    const { id, format } = req.params as { id: string; format: string }
    if (!isExportFormat(format)) {
      throw AppError.badInput(`unknown export format "${format.slice(0, 40)}": use ${EXPORT_FORMATS.join(', ')}`, 'format')
    }
    const { clean, final, comments } = parseInput(ExportQuery, req.query)
    if (comments && !COMMENT_FORMATS.has(format)) throw AppError.badInput(`comments=1 is for the ${[...COMMENT_FORMATS].join(' and ')} exports only`, 'comments')
    const file = await service.export(id, format, { clean, final, comments }, user, remoteOf(req))
    sendFile(res, file, format === 'html' ? HTML_EXPORT_CSP : FILE_CSP)
  })

  return router
}

/** `/api/documents/:id/lint`: the pre-export check's findings (any member). */
export function lintRouter(service: ExportsService): Router {
  const router = Router({ mergeParams: true })
  router.get('/', async (req, res) => {
    const user = currentUser(res)
    res.setHeader('Cache-Control', 'no-store')
    res.json(await service.lint((req.params as { id: string }).id, user))
  })
  return router
}
