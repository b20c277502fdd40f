// The admin's account endpoints: list, create, disable and re-enable accounts, reset passwords.
import { Router } from 'express'
import type { AccountsService } from '../../services/accounts.js'
import { currentUser } from '../security.js'
import { parseInput } from '../validate.js'
import { CreateUserBody, UpdateUserBody } from './users.schema.js'

/** `/api/users`: admins only (403 for others, from the service). Passwords handed out here are shown once and never stored in clear. */
export function usersRouter(accounts: AccountsService): Router {
  const router = Router()

  router.get('/', async (_req, res) => {
    res.json(await accounts.list(currentUser(res)))
  })

  router.post('/', async (req, res) => {
    const user = currentUser(res)
    const body = parseInput(CreateUserBody, req.body)
    res.status(201).json(await accounts.create(user, body))
  })

  router.get('/:id', async (req, res) => {
    res.json(await accounts.view(currentUser(res), req.params.id))
  })

  router.patch('/:id', async (req, res) => {
    const user = currentUser(res)
    const { disabled } = parseInput(UpdateUserBody, req.body)
    res.json(await accounts.setDisabled(user, req.params.id, disabled))
  })

  router.post('/:id/password-reset', async (req, res) => {
    res.json(await accounts.resetPassword(currentUser(res), req.params.id))
  })

  return router
}
