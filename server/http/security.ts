// Web security middleware: helmet headers and CSP, the cross-site request check, the session lookup, and the login guards.
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import helmet from 'helmet'
import { AppError } from '../errors.js'
import { readSessionCookie } from '../services/cookies.js'
import type { CurrentUser, SessionsService } from '../services/sessions.js'
import { originVerdict, type OriginPolicy } from '../sync/origin.js'

/**
 * The Content-Security-Policy: only the app's own scripts, styles, fonts and connections (the
 * sync WebSocket is same-origin, which 'self' covers), no plugins, no framing, no inline script
 * or style elements. Images may also be `data:` (the favicon placeholder). Style *attributes*
 * set by script through the CSSOM (`el.style.x = …`, as ProseMirror does) are not affected.
 */
export function contentSecurityPolicy(secure: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(secure ? { 'upgrade-insecure-requests': [] } : {}),
  }
}

/** helmet with Pacta's CSP; HSTS only when served over HTTPS (COOKIE_SECURE), where it means something. */
export function securityHeaders(secure: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(secure) },
    strictTransportSecurity: secure ? { maxAge: 180 * 24 * 3600, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  })
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Content types a cross-site HTML form (or a CORS "simple request") can send without a preflight. */
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i

/**
 * Refuses cross-site state-changing requests (CSRF) with 403, before any cookie is looked at:
 * - `Origin`, which browsers attach to every POST/PATCH/PUT/DELETE and page scripts cannot
 *   forge, must be the server's own origin (or one of ALLOWED_ORIGINS) — the same rule as sync upgrades;
 * - without Origin, `Sec-Fetch-Site` (sent by current browsers) must be same-origin or none;
 * - with neither, the request does not come from a browser page (curl, the Node client), so
 *   no victim's browser is riding on a cookie; ALLOW_MISSING_ORIGIN=false refuses those too.
 * Form-encoded and text/plain bodies are refused with 415: the API speaks JSON, and those are
 * the types a cross-site form can send without a CORS preflight (which Pacta never approves).
 * SameSite=Lax on the session cookie is a second, independent barrier.
 */
export function crossSiteGuard(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next()
    const site = req.get('sec-fetch-site')
    if (req.get('origin') !== undefined) {
      const problem = sameHost(req) ? null : originVerdict(req, policy)
      if (problem) throw new AppError(403, `cross-site request refused: ${problem}`)
    } else if (site !== undefined) {
      if (site !== 'same-origin' && site !== 'none') throw new AppError(403, `cross-site request refused: Sec-Fetch-Site is ${site.slice(0, 30)}`)
    } else if (!policy.allowMissingOrigin) {
      throw new AppError(403, 'cross-site request refused: an Origin header is required')
    }
    const type = req.get('content-type')
    if (type && FORM_TYPES.test(type)) throw new AppError(415, 'request body must be JSON (content-type: application/json)')
    next()
  }
}

/** True when the Origin is http(s) on the very host and port the request was sent to (the app's own pages). */
function sameHost(req: Request): boolean {
  try {
    const url = new URL(req.get('origin')!)
    return /^https?:$/.test(url.protocol) && url.host === req.get('host')
  } catch {
    return false
  }
}

/** Looks up the session cookie and puts the user (or nothing) in `res.locals.user`. */
export function resolveSession(sessions: SessionsService): RequestHandler {
  return async (req, res, next) => {
    const user = await sessions.resolve(readSessionCookie(req.headers.cookie))
    if (user) res.locals.user = user
    next()
  }
}

/** The signed-in user of a request whose session was resolved; 401 JSON when there is none. */
export function currentUser(res: Response): CurrentUser {
  const user = res.locals.user as CurrentUser | undefined
  if (!user) throw new AppError(401, 'sign in first')
  return user
}

/**
 * Guards the rest of the API: 401 without a session; 403 while the account must change its
 * password (only the session and password endpoints stay open, which are mounted before this).
 */
export const requireLogin: RequestHandler = (_req, res, next) => {
  const user = currentUser(res)
  if (user.mustChangePassword) throw new AppError(403, 'change your password first (POST /api/account/password)')
  next()
}

/**
 * For HTML pages: without a session, redirects to /login?next=<this page>; while the password
 * must be changed, to /account. `adminOnly` pages answer others with 403.
 */
export function pageGuard(options: { adminOnly?: boolean } = {}): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.user as CurrentUser | undefined
    if (!user) return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl.slice(0, 500))}`)
    if (user.mustChangePassword && req.path !== '/account') return res.redirect(303, '/account')
    if (options.adminOnly && !user.isAdmin) {
      res.status(403).type('text/plain').send('Only an administrator may open this page.\n')
      return
    }
    next()
  }
}

/** The client address used for per-address login limits and the audit log (behind a trusted proxy, the forwarded one). */
export const remoteOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? ''
