// REST routes of the clause library: search, read one clause, save a selection as a new clause.
import { Router, type Request, type Response } from 'express'
import { canWriteContent } from '../../../editor/model/permissions.js'
import { AppError } from '../../errors.js'
import type { AccessService } from '../../services/access.js'
import type { LibraryService } from '../../services/library.js'
import { currentUser } from '../security.js'
import { parseInput } from '../validate.js'
import { ClauseSearchQuery, SaveClauseBody } from './library.schema.js'

/**
 * Who may save clauses: resolves with the saver's account id (null before accounts), or throws
 * a 401/403 AppError. `documentId` names the document the selection came from, whose role
 * (drafter or convener) decides.
 */
export type ClauseSaver = (req: Request, res: Response, documentId: string | undefined) => Promise<string | null>

/**
 * The saver with accounts: the signed-in person must be a drafter or convener of the document
 * the selection came from (`documentId`, required); resolves with their account id.
 */
export function roleClauseSaver(access: AccessService): ClauseSaver {
  return async (_req, res, documentId) => {
    const user = currentUser(res)
    if (!documentId) throw AppError.badInput('documentId is required: name the document the selection comes from', 'documentId')
    await access.require(user, documentId, canWriteContent, 'save clauses from it')
    return user.id
  }
}

/** `/api/library`: `GET /clauses?q=&category=&tag=&limit=`, `GET /clauses/:id`, `POST /clauses`. */
export function libraryRouter(library: LibraryService, saver: ClauseSaver = async () => null): Router {
  const router = Router()

  router.get('/clauses', (req, res) => {
    const query = parseInput(ClauseSearchQuery, req.query)
    res.json(library.search({
      ...(query.q ? { q: query.q } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.tag ? { tag: query.tag } : {}),
      ...(query.limit ? { limit: Number(query.limit) } : {}),
    }))
  })

  router.get('/clauses/:id', (req, res) => {
    res.json(library.get(req.params.id))
  })

  router.post('/clauses', async (req, res) => {
    const body = parseInput(SaveClauseBody, req.body)
    const by = await saver(req, res, body.documentId)
    res.status(201).json(await library.save(body, by))
  })

  return router
}
