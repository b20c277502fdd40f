// REST routes of the clause library: search, read one clause, save a selection as a new clause.
import { Router } from 'express'
import type { ClauseSaver } from '../../services/access.js'
import type { LibraryService } from '../../services/library.js'
import { currentUser } from '../security.js'
import { parseInput } from '../validate.js'
import { ClauseSearchQuery, SaveClauseBody } from './library.schema.js'

/**
 * `/api/library`: `GET /clauses?q=&category=&tag=&limit=`, `GET /clauses/:id`, `POST /clauses` (as
 * `saver` allows), `GET /fixes` (which clauses define terms and establish bodies, for the Check).
 */
export function libraryRouter(library: LibraryService, saver: ClauseSaver): Router {
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

  router.get('/fixes', (_req, res) => {
    res.json(library.fixes())
  })

  router.get('/clauses/:id', (req, res) => {
    res.json(library.get(req.params.id))
  })

  router.post('/clauses', async (req, res) => {
    const body = parseInput(SaveClauseBody, req.body)
    const by = await saver(currentUser(res), body.documentId)
    res.status(201).json(await library.save(body, by))
  })

  return router
}
