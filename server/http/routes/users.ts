// The admin's account endpoints: list, create, disable and re-enable accounts, reset passwords.
import { Router } from 'express'
import { presentUser, type AccountsService } from '../../services/accounts.js'
import { currentAdmin } from '../security.js'
import { parseInput } from '../validate.js'
import { CreateUserBody, UpdateUserBody } from './users.schema.js'

/** `/api/users`: admins only (403 for others). Passwords handed out here are shown once and never stored in clear. */
export function usersRouter(accounts: AccountsService): Router {
  const router = Router()

  router.get('/', async (_req, res) => {
    currentAdmin(res)
    res.json(await accounts.list())
  })

  router.post('/', async (req, res) => {
    const admin = currentAdmin(res)
    const body = parseInput(CreateUserBody, req.body)
    res.status(201).json(await accounts.create(admin, body))
  })

  router.get('/:id', async (req, res) => {
    currentAdmin(res)
    res.json(presentUser(await accounts.get(req.params.id)))
  })

  router.patch('/:id', async (req, res) => {
    const admin = currentAdmin(res)
    const { disabled } = parseInput(UpdateUserBody, req.body)
    res.json(await accounts.setDisabled(admin, req.params.id, disabled))
  })

  router.post('/:id/password-reset', async (req, res) => {
    const admin = currentAdmin(res)
    res.json(await accounts.resetPassword(admin, req.params.id))
  })

  return router
}
