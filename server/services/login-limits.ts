// Login rate limiting: failed attempts counted per account and per address within a sliding window.

/** The limits, from the configuration. */
export interface LoginLimitOptions {
  maxPerAccount: number
  maxPerAddress: number
  windowMs: number
  /** The clock, replaceable in tests. */
  now?: () => number
}

/** Keys that have not failed for a whole window are forgotten; this bounds memory under a spray of names. */
const MAX_KEYS = 100_000

/**
 * Counts failed logins. While an account or an address has reached its limit within the
 * window, `blockedFor` answers how many seconds remain, and the login is refused before the
 * password is even checked (so guessing stops, right or wrong). A successful login clears the
 * account's count, not the address's.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>()
  private readonly now: () => number

  constructor(private readonly options: LoginLimitOptions) {
    this.now = options.now ?? Date.now
  }

  /** Seconds until a login for `username` from `address` may be tried again; 0 when it may now. */
  blockedFor(username: string, address: string): number {
    const wait = Math.max(
      this.wait(accountKey(username), this.options.maxPerAccount),
      this.wait(addressKey(address), this.options.maxPerAddress),
    )
    return Math.ceil(wait / 1000)
  }

  /** Records a failed login (wrong password or unknown user alike). */
  fail(username: string, address: string): void {
    this.push(accountKey(username))
    this.push(addressKey(address))
  }

  /** Clears the account's failures after a successful login. */
  succeed(username: string): void {
    this.failures.delete(accountKey(username))
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.options.windowMs
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff)
    if (list.length === 0) this.failures.delete(key)
    else this.failures.set(key, list)
    return list
  }

  private wait(key: string, max: number): number {
    const list = this.recent(key)
    if (list.length < max) return 0
    // blocked until enough of the failures have left the window
    return list[list.length - max]! + this.options.windowMs - this.now()
  }

  private push(key: string): void {
    const list = this.recent(key)
    list.push(this.now())
    this.failures.set(key, list)
    if (this.failures.size > MAX_KEYS) this.prune()
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) this.recent(key)
  }
}

const accountKey = (username: string) => `user:${username.trim().toLowerCase()}`
const addressKey = (address: string) => `addr:${address}`
