// The editor's cache of library clauses (fetched once per id from the library API), shared by
// the provenance marks, the parameters panel and the library panel; listeners hear of arrivals.
import { ApiError, getClause, getLibraryFixes, type ClauseDetail } from '../api.js'
import type { LibraryFixesView } from '../model/api-views.js'
import { libraryLookup, type LibraryLookup } from '../model/lint/index.js'

/** How long after a failed fetch of the library's fixes it is tried again. */
const FIXES_RETRY_MS = 30_000

/** Clauses by id: fetched on demand, remembered (also "not in the library"), announced when they arrive. */
export class ClauseCache {
  private readonly clauses = new Map<string, ClauseDetail | null>()
  private readonly pending = new Set<string>()
  private readonly listeners = new Set<() => void>()
  private notifyScheduled = false
  private fixIndex: LibraryLookup | null = null
  private fixesPending = false
  private fixesFailedAt = -Infinity

  constructor(
    private readonly fetchClause: (id: string) => Promise<ClauseDetail> = getClause,
    private readonly fetchFixes: () => Promise<LibraryFixesView> = getLibraryFixes,
  ) {}

  /**
   * Which library clauses define terms and establish bodies, for the fixes the Check offers:
   * fetched once in the background (listeners hear when it arrives); undefined until then.
   */
  fixes(): LibraryLookup | undefined {
    if (!this.fixIndex && !this.fixesPending && Date.now() - this.fixesFailedAt > FIXES_RETRY_MS) {
      this.fixesPending = true
      this.fetchFixes().then(
        (index) => { this.fixIndex = libraryLookup(index); this.changed() },
        () => { this.fixesFailedAt = Date.now() },
      ).finally(() => { this.fixesPending = false })
    }
    return this.fixIndex ?? undefined
  }

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
