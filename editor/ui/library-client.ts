// The editor's cache of library clauses (fetched once per id from the library API), shared by
// the provenance marks, the parameters panel and the library panel; listeners hear of arrivals.
import { ApiError, getClause, type ClauseDetail } from '../api.js'

/** Clauses by id: fetched on demand, remembered (also "not in the library"), announced when they arrive. */
export class ClauseCache {
  private readonly clauses = new Map<string, ClauseDetail | null>()
  private readonly pending = new Set<string>()
  private readonly listeners = new Set<() => void>()
  private notifyScheduled = false

  constructor(private readonly fetchClause: (id: string) => Promise<ClauseDetail> = getClause) {}

  /** The clause, when fetched and found. */
  get(id: string): ClauseDetail | undefined {
    return this.clauses.get(id) ?? undefined
  }

  /** Whether the library answered for this id (found or not). */
  answered(id: string): boolean {
    return this.clauses.has(id)
  }

  /** Fetches every id not yet known, in the background. */
  want(ids: Iterable<string>): void {
    for (const id of ids) {
      if (this.clauses.has(id) || this.pending.has(id)) continue
      this.pending.add(id)
      this.fetchClause(id).then(
        (clause) => this.put(clause),
        (e: unknown) => {
          // a clause the library does not have is remembered as such; other failures are retried later
          if (e instanceof ApiError && e.status === 404) { this.clauses.set(id, null); this.changed() }
        },
      ).finally(() => this.pending.delete(id))
    }
  }

  /** The clause, fetched now when not yet known (a refusal of the library's API is thrown). */
  async fetch(id: string): Promise<ClauseDetail> {
    const known = this.get(id)
    if (known) return known
    const clause = await this.fetchClause(id)
    this.put(clause)
    return clause
  }

  /** Adds a clause fetched elsewhere (the library panel's preview, a clause just saved). */
  put(clause: ClauseDetail): void {
    this.clauses.set(clause.id, clause)
    this.changed()
  }

  /** Calls `listener` (once per burst) when clauses arrive; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed() {
    if (this.notifyScheduled) return
    this.notifyScheduled = true
    queueMicrotask(() => {
      this.notifyScheduled = false
      for (const l of this.listeners) l()
    })
  }
}
