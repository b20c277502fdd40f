// The Origin check of sync upgrades: a browser page may open a sync socket only from an allowed origin.
import type { IncomingMessage } from 'node:http'

/** What the check needs from the limits. */
export interface OriginPolicy {
  /** Allowed origins; empty means only the server's own origin (the request's Host). */
  allowedOrigins: readonly string[]
  /** Whether a request without Origin (a non-browser client) is allowed. */
  allowMissingOrigin: boolean
}

/**
 * Null when the upgrade's Origin is acceptable, else the reason to refuse it (HTTP 403).
 * Browsers send Origin on every WebSocket handshake and page scripts cannot forge it, so this is
 * what stops another site's page from opening a socket with a member's cookie. "Own origin"
 * compares host and port with the Host header; the scheme may be http or https, since a
 * TLS-terminating proxy in front changes only the scheme.
 */
export function originVerdict(req: IncomingMessage, policy: OriginPolicy): string | null {
  const origin = req.headers.origin
  if (origin === undefined || origin === '') {
    return policy.allowMissingOrigin ? null : 'an Origin header is required'
  }
  if (origin === 'null') return 'origin "null" is not allowed'
  let url: URL
  try { url = new URL(origin) } catch { return `malformed origin "${origin.slice(0, 80)}"` }
  if (policy.allowedOrigins.length > 0) {
    return policy.allowedOrigins.includes(url.origin) ? null : `origin ${url.origin.slice(0, 80)} is not allowed`
  }
  const host = req.headers.host
  if (!host || !/^https?:$/.test(url.protocol)) return `origin ${url.origin.slice(0, 80)} is not allowed`
  let own: URL
  try { own = new URL(`${url.protocol}//${host}`) } catch { return 'malformed Host header' }
  return own.host === url.host ? null : `origin ${url.origin.slice(0, 80)} is not allowed`
}
