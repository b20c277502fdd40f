// Mounts accounts on the Express app: security headers, CSRF and session checks, the people endpoints, and the guarded pages.
import express, { type Express, type Response } from 'express'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { People } from '../services/people.js'
import { auditRouter } from './routes/audit.js'
import { authRouter } from './routes/auth.js'
import { membersRouter } from './routes/members.js'
import { usersRouter } from './routes/users.js'
import { crossSiteGuard, pageGuard, requireLogin, resolveSession, securityHeaders } from './security.js'

/** The account services the HTTP layer uses (built by services/people.ts). */
export type PeopleServices = People

/** Largest JSON body of the people endpoints. */
const JSON_LIMIT = '16kb'

/**
 * Everything that must run before the API's own routes: helmet, the cross-site check on
 * state-changing API requests, the session lookup, the session/account/users/members/audit
 * endpoints, and then the login requirement for every other API endpoint except /api/health.
 */
export function mountPeopleApi(app: Express, people: PeopleServices): void {
  app.use(securityHeaders(people.config.cookieSecure))
  app.use('/api', crossSiteGuard(people.origins))
  app.use(resolveSession(people.sessions))
  const api = express.Router()
  api.use(['/session', '/account', '/users', '/documents/:id/members'], express.json({ limit: JSON_LIMIT }))
  api.use(authRouter(people.accounts, people.config))
  api.use((req, res, next) => (req.path === '/health' ? next('router') : requireLogin(req, res, next)))
  api.use('/users', usersRouter(people.accounts))
  api.use('/documents/:id/members', membersRouter(people.members))
  api.use(auditRouter(people.auditLog))
  app.use('/api', api)
}

/** Editor pages of the accounts layer, served from the Vite build like the others. */
const PAGES = { login: 'login.html', admin: 'admin.html', account: 'account.html' } as const

/**
 * Registers /login (open), /account (signed in), /admin (admins), and the sign-in redirect in
 * front of the document list (/) and the editor (/d/:id). Call before the editor's own pages.
 */
export function mountPeoplePages(app: Express, staticDir: string): void {
  const page = (file: string) => (_req: unknown, res: Response) => {
    const path = join(staticDir, file)
    if (!existsSync(path)) {
      res.status(503).type('text/plain').send('The Pacta editor has not been built yet. Run "npm run build", then reload.\n')
      return
    }
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(path)
  }
  app.get('/login', page(PAGES.login))
  app.get('/account', pageGuard(), page(PAGES.account))
  app.get('/admin', pageGuard({ adminOnly: true }), page(PAGES.admin))
  app.get(['/', '/d/:id'], pageGuard())
}
