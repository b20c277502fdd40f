// The audit log endpoints: one document's log (its conveners) and the whole log (admins).
import { Router } from 'express'
import { canManageMembers } from '../../../editor/model/permissions.js'
import type { AccessService } from '../../services/access.js'
import type { AuditService } from '../../services/audit.js'
import { currentAdmin, currentUser } from '../security.js'
import { parseInput } from '../validate.js'
import { AuditQuery } from './audit.schema.js'

/** Entries per page when the query does not say. */
const DEFAULT_PAGE = 100

/** `GET /api/documents/:id/audit` (conveners) and `GET /api/audit` (admins), newest first, `?before=&limit=` to page. */
export function auditRouter(audit: AuditService, access: AccessService): Router {
  const router = Router()

  router.get('/documents/:id/audit', async (req, res) => {
    const user = currentUser(res)
    const { before, limit } = parseInput(AuditQuery, req.query)
    await access.require(user, req.params.id, canManageMembers, "see this document's audit log")
    res.json(await audit.forDocument(req.params.id, { beforeSeq: before, limit: limit ?? DEFAULT_PAGE }))
  })

  router.get('/audit', async (req, res) => {
    currentAdmin(res)
    const { before, limit } = parseInput(AuditQuery, req.query)
    res.json(await audit.all({ beforeSeq: before, limit: limit ?? DEFAULT_PAGE }))
  })

  return router
}
