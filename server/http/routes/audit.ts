// The audit log endpoints: one document's log (its conveners) and the whole log (admins).
import { Router } from 'express'
import type { AuditLog } from '../../services/audit.js'
import { currentUser } from '../security.js'
import { parseInput } from '../validate.js'
import { AuditQuery } from './audit.schema.js'

/** Entries per page when the query does not say. */
const DEFAULT_PAGE = 100

/** `GET /api/documents/:id/audit` (conveners) and `GET /api/audit` (admins), newest first, `?before=&limit=` to page. */
export function auditRouter(log: AuditLog): Router {
  const router = Router()

  router.get('/documents/:id/audit', async (req, res) => {
    const user = currentUser(res)
    const { before, limit } = parseInput(AuditQuery, req.query)
    res.json(await log.forDocument(user, req.params.id, { beforeSeq: before, limit: limit ?? DEFAULT_PAGE }))
  })

  router.get('/audit', async (req, res) => {
    const user = currentUser(res)
    const { before, limit } = parseInput(AuditQuery, req.query)
    res.json(await log.all(user, { beforeSeq: before, limit: limit ?? DEFAULT_PAGE }))
  })

  return router
}
