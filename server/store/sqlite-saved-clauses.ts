// The SQLite side of SavedClauseStore, on the documents' database (table from migration "003 library: saved clauses").
import type Database from 'better-sqlite3'
import type { SavedClauseRecord, SavedClauseStore } from './saved-clauses.js'

const SQL = {
  list: `SELECT id, data, created_by AS createdBy, created_at AS createdAt FROM library_clauses ORDER BY created_at, id`,
  insert: `INSERT INTO library_clauses (id, data, created_by, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
} as const

/** The saved-clause methods of the SQLite store, bound to `db` (already migrated). */
export function sqliteSavedClauses(db: Database.Database): SavedClauseStore {
  const list = db.prepare(SQL.list)
  const insert = db.prepare(SQL.insert)
  return {
    listSavedClauses: async () => list.all() as SavedClauseRecord[],
    insertSavedClause: async (r) => insert.run(r.id, r.data, r.createdBy, r.createdAt).changes > 0,
  }
}
