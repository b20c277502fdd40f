// The session and own-account endpoints: sign in, sign out, who am I, change my password.
import { Router, type Response } from 'express'
import type { Config } from '../../config.js'
import { RateLimited, sessionView, type AccountsService } from '../../services/accounts.js'
import { clearedSessionCookie, sessionCookie } from '../../services/cookies.js'
import type { CurrentUser } from '../../services/sessions.js'
import { currentUser, remoteOf } from '../security.js'
import { parseInput } from '../validate.js'
import { ChangePasswordBody, LoginBody } from './auth.schema.js'

/** Sends 429 with Retry-After for a rate-limited login; other errors go on to the error middleware. */
function withRetryAfter(res: Response, err: unknown): never {
  if (err instanceof RateLimited) res.setHeader('Retry-After', String(err.retryAfter))
  throw err
}

/**
 * `/api/session` (GET who am I, POST sign in, DELETE sign out) and `/api/account/password`.
 * These stay reachable while a password change is pending; everything else needs a full session.
 */
export function authRouter(accounts: AccountsService, config: Pick<Config, 'cookieSecure'>): Router {
  const router = Router()

  router.get('/session', (_req, res) => {
    res.json({ user: sessionView(currentUser(res)) })
  })

  router.post('/session', async (req, res) => {
    const { username, password } = parseInput(LoginBody, req.body)
    const { user, session } = await accounts.login(username, password, remoteOf(req)).catch((err) => withRetryAfter(res, err))
    res.setHeader('Set-Cookie', sessionCookie(session.token, session.expiresAt, config.cookieSecure))
    res.json({ user: sessionView(user) })
  })

  router.delete('/session', async (req, res) => {
    const user = res.locals.user as CurrentUser | undefined
    if (user) await accounts.logout(user, remoteOf(req))
    res.setHeader('Set-Cookie', clearedSessionCookie(config.cookieSecure))
    res.status(204).end()
  })

  router.post('/account/password', async (req, res) => {
    const user = currentUser(res)
    const { currentPassword, newPassword } = parseInput(ChangePasswordBody, req.body)
    const updated = await accounts.changePassword(user, currentPassword, newPassword, remoteOf(req)).catch((err) => withRetryAfter(res, err))
    res.json({ user: sessionView(updated) })
  })

  return router
}
