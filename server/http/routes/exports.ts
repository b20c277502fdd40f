// The export endpoints: one GET per format, answered as a download.
import { Router } from 'express'
import type { ExportsService, ExportFile } from '../../services/exports.js'
import { HTML_EXPORT_CSP } from '../../export/html.js'
import { currentUser, remoteOf } from '../security.js'
import { parseInput } from '../validate.js'
import { HtmlExportQuery } from './exports.schema.js'

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

/** `/api/documents/:id/export`: `GET /html?clean=1&comments=0` (any member). */
export function exportsRouter(service: ExportsService): Router {
  const router = Router({ mergeParams: true })

  router.get('/html', async (req, res) => {
    const user = currentUser(res)
    const { clean, comments } = parseInput(HtmlExportQuery, req.query)
    const id = (req.params as { id: string }).id
    sendFile(res, await service.html(id, { clean, comments }, user, remoteOf(req)), HTML_EXPORT_CSP)
  })

  return router
}
