// REST routes for documents: validate the request, call the service, send the result.
import { Router } from 'express'
import type { DocumentsService } from '../../services/documents.js'
import { parseInput } from '../validate.js'
import { CreateDocumentBody, RenameDocumentBody } from './documents.schema.js'

/** `/api/documents`: list, create, get, rename, delete. Express 5 forwards rejected handlers to the error middleware. */
export function documentsRouter(documents: DocumentsService): Router {
  const router = Router()

  router.get('/', async (_req, res) => {
    res.json(await documents.list())
  })

  router.post('/', async (req, res) => {
    const { title } = parseInput(CreateDocumentBody, req.body)
    res.status(201).json(await documents.create(title))
  })

  router.get('/:id', async (req, res) => {
    res.json(await documents.get(req.params.id))
  })

  router.patch('/:id', async (req, res) => {
    const { title } = parseInput(RenameDocumentBody, req.body)
    res.json(await documents.rename(req.params.id, title))
  })

  router.delete('/:id', async (req, res) => {
    await documents.remove(req.params.id)
    res.status(204).end()
  })

  return router
}
