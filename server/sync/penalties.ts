// Accounts whose update Yjs could not apply are kept out of sync for a while: each such update
// reloads the document for everyone in it, so one member must not be able to repeat it at will.
//
// The first bad update keeps its account out for `cooldownMs`, each further one within a day for
// twice as long as the last, up to an hour. Anonymous connections (open access, tests) are capped
// per address as before and are not tracked here.

/** The longest an account is kept out. */
const MAX_HOLD_MS = 3_600_000
/** Bad updates older than this are forgotten. */
const MEMORY_MS = 24 * 3_600_000

interface Hold {
  strikes: number
  last: number
  until: number
}

/** Who is held back, and until when (in memory, per process). */
export class BadUpdatePenalties {
  private readonly byUser = new Map<string, Hold>()

  constructor(private readonly cooldownMs: number, private readonly now: () => number = Date.now) {}

  /** Records a bad update from `userId`; returns how long the account is now kept out (ms). */
  strike(userId: string): number {
    if (this.cooldownMs <= 0) return 0
    const t = this.now()
    this.forgetOld(t)
    const previous = this.byUser.get(userId)
    const strikes = (previous?.strikes ?? 0) + 1
    const hold = Math.min(this.cooldownMs * 2 ** (strikes - 1), MAX_HOLD_MS)
    this.byUser.set(userId, { strikes, last: t, until: t + hold })
    return hold
  }

  /** How long `userId` is still kept out (0: not at all). */
  remaining(userId: string): number {
    const record = this.byUser.get(userId)
    return record ? Math.max(0, record.until - this.now()) : 0
  }

  private forgetOld(t: number): void {
    for (const [user, record] of this.byUser) if (t - record.last > MEMORY_MS) this.byUser.delete(user)
  }
}
