// SQLite schema migrations, applied in order; `PRAGMA user_version` records how many have run.

/** One schema step: never edit a released one, append a new one instead. */
export interface Migration {
  name: string
  sql: string
}

/** Every migration, oldest first. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    name: '001 documents, update log, snapshots',
    sql: `
      CREATE TABLE documents (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL
      );
      CREATE INDEX documents_by_updated ON documents (updated_at DESC);

      -- Yjs updates not yet folded into the snapshot; seq orders them within the whole database.
      CREATE TABLE doc_updates (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        channel      TEXT NOT NULL,
        data         BLOB NOT NULL
      );
      CREATE INDEX doc_updates_by_document ON doc_updates (document_id, channel, seq);

      -- One compacted Yjs state per document and channel.
      CREATE TABLE doc_snapshots (
        document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        channel      TEXT NOT NULL,
        data         BLOB NOT NULL,
        updated_at   INTEGER NOT NULL,
        PRIMARY KEY (document_id, channel)
      );

      CREATE TABLE meta (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      );
    `,
  },
]
