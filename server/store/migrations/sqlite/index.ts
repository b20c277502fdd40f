// SQLite schema migrations, applied in order; `PRAGMA user_version` records how many have run.
import { LIBRARY_CLAUSES_MIGRATION } from './library-clauses.js'

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
  {
    name: '002 accounts, sessions, memberships, audit log',
    sql: `
      CREATE TABLE users (
        id                    TEXT PRIMARY KEY,
        username              TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name          TEXT NOT NULL,
        -- scrypt$N$r$p$salt$hash (base64url); the parameters travel with the hash so they can be raised later.
        password_hash         TEXT NOT NULL,
        is_admin              INTEGER NOT NULL DEFAULT 0,
        disabled              INTEGER NOT NULL DEFAULT 0,
        must_change_password  INTEGER NOT NULL DEFAULT 0,
        created_at            INTEGER NOT NULL,
        updated_at            INTEGER NOT NULL
      );

      -- Only a SHA-256 of each session token is kept: a copy of the database opens no session.
      CREATE TABLE sessions (
        token_hash  TEXT PRIMARY KEY,
        user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL
      );
      CREATE INDEX sessions_by_user ON sessions (user_id);

      CREATE TABLE memberships (
        document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role         TEXT NOT NULL CHECK (role IN ('convener', 'drafter', 'reviewer', 'observer')),
        added_at     INTEGER NOT NULL,
        PRIMARY KEY (document_id, user_id)
      );
      CREATE INDEX memberships_by_user ON memberships (user_id);

      -- Append-only: no foreign keys (entries outlive their documents and users), and triggers refuse changes.
      CREATE TABLE audit_log (
        seq          INTEGER PRIMARY KEY AUTOINCREMENT,
        at           INTEGER NOT NULL,
        action       TEXT NOT NULL,
        actor_id     TEXT,
        actor_name   TEXT,
        document_id  TEXT,
        subject_id   TEXT,
        subject_name TEXT,
        detail       TEXT,
        remote       TEXT
      );
      CREATE INDEX audit_by_document ON audit_log (document_id, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  LIBRARY_CLAUSES_MIGRATION,
  {
    name: '004 the content schema a snapshot is written for',
    sql: `
      -- NULL: not recorded (snapshots stored before this column); the room reads the version from the loaded document.
      ALTER TABLE doc_snapshots ADD COLUMN schema_version INTEGER;
    `,
  },
]
