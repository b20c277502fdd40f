// REST routes for documents: validate the request, call the service, send the result.
import { Router } from 'express'
import type { DocumentsService } from '../../services/documents.js'
import type { TemplatesService } from '../../services/templates.js'
import { AppError } from '../../errors.js'
import { currentUser } from '../security.js'
import { parseInput } from '../validate.js'
import { CreateDocumentBody, RenameDocumentBody } from './documents.schema.js'

/** `/api/documents`: list, create, get, rename, delete. Express 5 forwards rejected handlers to the error middleware. */
export function documentsRouter(documents: DocumentsService, templates?: TemplatesService): Router {
  const router = Router()

  router.get('/', async (_req, res) => {
    res.json(await documents.list(currentUser(res)))
  })

  router.post('/', async (req, res) => {
    const { title, template } = parseInput(CreateDocumentBody, req.body)
    if (template !== undefined && !templates) throw new AppError(404, `no template "${template.slice(0, 100)}"`, 'template')
    const content = template !== undefined ? templates!.build(template) : undefined
    res.status(201).json(await documents.create(title, content, currentUser(res)))
  })

  router.get('/:id', async (req, res) => {
    res.json(await documents.get(req.params.id, currentUser(res)))
  })

  router.patch('/:id', async (req, res) => {
    const { title } = parseInput(RenameDocumentBody, req.body)
    res.json(await documents.rename(req.params.id, title, currentUser(res)))
  })

  router.delete('/:id', async (req, res) => {
    await documents.remove(req.params.id, currentUser(res))
    res.status(204).end()
  })

  return router
}
