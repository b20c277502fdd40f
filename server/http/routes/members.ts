// The members endpoints of one document: list, add, change a role, remove.
import { Router } from 'express'
import { MAX_ACCOUNT_MATCHES } from '../../../editor/model/api-views.js'
import type { MembersService } from '../../services/members.js'
import { currentUser } from '../security.js'
import { parseInput } from '../validate.js'
import { AddMemberBody, CandidatesQuery, ChangeRoleBody } from './members.schema.js'

/** The document id from the parent route (`mergeParams`). */
const docOf = (params: object) => String((params as Record<string, unknown>).id ?? '')

/**
 * `/api/documents/:id/members`: any member lists; conveners add, change and remove, and search
 * the instance's accounts for someone to add (the service checks).
 */
export function membersRouter(members: MembersService): Router {
  const router = Router({ mergeParams: true })

  router.get('/', async (req, res) => {
    res.json(await members.list(currentUser(res), docOf(req.params)))
  })

  router.get('/candidates', async (req, res) => {
    const user = currentUser(res)
    const { q, limit } = parseInput(CandidatesQuery, req.query)
    res.json(await members.candidates(user, docOf(req.params), q, limit ?? MAX_ACCOUNT_MATCHES))
  })

  router.post('/', async (req, res) => {
    const user = currentUser(res)
    const { username, role } = parseInput(AddMemberBody, req.body)
    res.status(201).json(await members.add(user, docOf(req.params), username, role))
  })

  router.patch('/:userId', async (req, res) => {
    const user = currentUser(res)
    const { role } = parseInput(ChangeRoleBody, req.body)
    res.json(await members.change(user, docOf(req.params), req.params.userId, role))
  })

  router.delete('/:userId', async (req, res) => {
    await members.remove(currentUser(res), docOf(req.params), req.params.userId)
    res.status(204).end()
  })

  return router
}
