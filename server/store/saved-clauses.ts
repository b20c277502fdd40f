// The persistence interface for this instance's own clauses: saved from a selection in the
// editor, kept in the database beside the shipped clauses/ files, and searched with them.

/** A saved clause as stored: its front-matter fields and Markdown body, exactly as a clause file would hold them. */
export interface SavedClauseRecord {
  id: string
  /** The clause's front matter plus `body`, as JSON (validated again when read). */
  data: string
  /** Who saved it: an account id; null when the server was started without a clause saver (tests). */
  createdBy: string | null
  createdAt: number
}

/** Storage for saved clauses. */
export interface SavedClauseStore {
  /** Every saved clause, oldest first. */
  listSavedClauses(): Promise<SavedClauseRecord[]>
  /** Stores a clause; false (storing nothing) when a saved clause already has this id. */
  insertSavedClause(record: SavedClauseRecord): Promise<boolean>
}
