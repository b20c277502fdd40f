// Which session cookie a test's sync clients present to a test server (its admin's, unless a test says otherwise).

const cookies = new Map<string, string>()

/** The server's origin (http://127.0.0.1:port) from its http or ws URL. */
const originOf = (url: string) => new URL(url.replace(/^ws/, 'http')).origin

/** Records the cookie that clients of the server at `url` present by default. */
export function registerDefaultCookie(url: string, cookie: string): void {
  cookies.set(originOf(url), cookie)
}

/** Forgets a stopped server's cookie. */
export function forgetDefaultCookie(url: string): void {
  cookies.delete(originOf(url))
}

/** The default cookie for clients of the server at `url` (a sync or HTTP URL), if it has one. */
export function defaultCookie(url: string): string | undefined {
  return cookies.get(originOf(url))
}

/** A `ws` WebSocket class that sends `headers` with its handshake (the stock provider takes a class, not options). */
export function webSocketWithHeaders<T extends new (url: string, protocols?: string | string[], options?: { headers?: Record<string, string> }) => unknown>(
  Base: T, headers: Record<string, string>,
): T {
  // @ts-expect-error: a mixin over a constructor type
  return class extends Base {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers })
    }
  }
}

/** Every running test server's origin and its admin's cookie. */
export function defaultCookies(): Array<[origin: string, cookie: string]> {
  return [...cookies.entries()]
}
