// The session cookie: its name, how it is set and cleared, and reading it from a Cookie header.

/** Name of the session cookie. */
export const SESSION_COOKIE = 'pacta_session'

/** Reads the session token from a Cookie header (first occurrence), or undefined. */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * The Set-Cookie value for a session: HttpOnly (no script can read it), SameSite=Lax (not sent
 * on cross-site POSTs or sub-requests), Path=/, Secure when configured, lasting as long as the session.
 */
export function sessionCookie(token: string, expiresAt: number, secure: boolean): string {
  const maxAge = Math.max(0, Math.floor((expiresAt - Date.now()) / 1000))
  return `${SESSION_COOKIE}=${token}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
}

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
}
