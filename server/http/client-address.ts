// Where a request comes from: the peer of its socket, or, when that peer is a proxy named in
// TRUST_PROXY, the client it forwarded for (the right-most X-Forwarded-For entry that is not
// itself a trusted proxy). Used alike by the HTTP API (login limits, audit) and the sync
// upgrade (per-address caps), so both see the same address behind a reverse proxy.
import type { IncomingMessage } from 'node:http'
import proxyaddr from 'proxy-addr'

/** Which peers are trusted proxies: an address and its hop index in, a verdict out. */
export type ProxyTrust = (address: string, hop: number) => boolean

/**
 * Compiles the TRUST_PROXY setting: comma-separated addresses or CIDR ranges, or the names
 * `loopback`, `linklocal`, `uniquelocal`. Empty trusts nobody (every request's address is its
 * socket's). Throws naming the entry that is not an address.
 */
export function compileProxyTrust(setting: string): ProxyTrust {
  const entries = setting.split(',').map((s) => s.trim()).filter((s) => s !== '')
  return proxyaddr.compile(entries)
}

/** Trusts no proxy: every request's address is its socket's (TRUST_PROXY unset). */
export const NO_PROXY: ProxyTrust = compileProxyTrust('')

/** The client address of `req` under `trust`. */
export function clientAddressOf(req: IncomingMessage, trust: ProxyTrust): string {
  return proxyaddr(req, trust)
}
