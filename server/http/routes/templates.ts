// REST route of the templates: the list a new document can start from (creation is POST /api/documents with `template`).
import { Router } from 'express'
import type { TemplatesService } from '../../services/templates.js'

/** `/api/templates`: `GET /` lists the templates. */
export function templatesRouter(templates: TemplatesService): Router {
  const router = Router()
  router.get('/', (_req, res) => {
    res.json(templates.list())
  })
  return router
}
