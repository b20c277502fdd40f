// Migration: the table of clauses saved in this instance's own library.
import type { Migration } from './index.js'

/** Saved clauses: one row per clause, its front matter and body as JSON (the same fields as a clause file). */
export const LIBRARY_CLAUSES_MIGRATION: Migration = {
  name: '003 library: saved clauses',
  sql: `
    CREATE TABLE library_clauses (
      id          TEXT PRIMARY KEY,
      data        TEXT NOT NULL,
      created_by  TEXT,
      created_at  INTEGER NOT NULL
    );
  `,
}
