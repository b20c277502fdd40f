// The persistence interface: documents, their Yjs update logs and snapshots. SQLite implements it (sqlite.ts).
//
// Methods are async so that a networked database fits the same shape; the SQLite adapter
// completes its work before the returned promise resolves, so "resolved" always means "durable".

/** A document's list entry. Times are milliseconds since the epoch. */
export interface DocumentRecord {
  id: string
  title: string
  createdAt: number
  updatedAt: number
}

/**
 * Which Y.Doc of a document an update belongs to, each with its own log and snapshot: the
 * content, the annotations (comments, suggestions), and `notes:<userId>`, one person's private notes.
 */
export type Channel = 'content' | 'annotations' | `notes:${string}`

/** The channel of `userId`'s private notes on a document. */
export const notesChannel = (userId: string): Channel => `notes:${userId}`

/** Which kind of Y.Doc a channel holds (what roles are judged against). */
export const kindOfChannel = (channel: Channel): 'content' | 'annotations' | 'notes' =>
  channel === 'content' || channel === 'annotations' ? channel : 'notes'

/** What is stored for one channel of a document: the latest snapshot plus the updates logged since. */
export interface StoredState {
  /** A Yjs update holding the compacted state, or null before the first compaction. */
  snapshot: Uint8Array | null
  /**
   * The content schema version the snapshot was written for, when the writer recorded it (the
   * content channel); null when not recorded. Lets a joining client be sent the snapshot before
   * the document is loaded, without first loading it to ask whether it needs migrating.
   */
  snapshotSchema?: number | null
  /** Yjs updates logged after the snapshot, oldest first. */
  updates: Uint8Array[]
  /** Sequence number of the last logged update (0 when none); compaction folds the log up to it. */
  lastSeq: number
}

/** The outcome of appending to a log. */
export interface AppendResult {
  /** Sequence number of the last update just stored. */
  lastSeq: number
  /** Updates now in this channel's log (not yet folded into the snapshot). */
  logLength: number
}

/** A channel's first snapshot, stored with its document; `schemaVersion` as in StoredState.snapshotSchema. */
export interface InitialState {
  channel: Channel
  state: Uint8Array
  schemaVersion?: number
}

/** A membership created with its document. */
export interface InitialMember {
  userId: string
  role: 'convener' | 'drafter' | 'reviewer' | 'observer'
}

/** Storage for documents and their Yjs state. One instance per process, shared by HTTP and sync. */
export interface Store {
  /** All documents, most recently updated first. */
  listDocuments(): Promise<DocumentRecord[]>
  /** One document, or null when there is none with this id. */
  getDocument(id: string): Promise<DocumentRecord | null>
  /**
   * Creates a document with its initial content snapshot, and its first `members` (the creator
   * as convener), in one transaction.
   */
  createDocument(record: DocumentRecord, initial: InitialState[], members?: InitialMember[]): Promise<void>
  /** Changes a document's title; returns the new record, or null when it does not exist. */
  renameDocument(id: string, title: string, at: number): Promise<DocumentRecord | null>
  /** Deletes a document with all its updates and snapshots; false when it did not exist. */
  deleteDocument(id: string): Promise<boolean>
  /** The stored state of one channel (empty for a channel never written). */
  loadState(id: string, channel: Channel): Promise<StoredState>
  /**
   * Appends updates to a channel's log in one transaction and marks the document updated at
   * `at`. Returns null, storing nothing, when the document no longer exists.
   */
  appendUpdates(id: string, channel: Channel, updates: Uint8Array[], at: number): Promise<AppendResult | null>
  /**
   * Replaces the channel's snapshot with `snapshot`, which must contain every update logged up
   * to `throughSeq`, and drops those updates from the log, in one transaction. `schemaVersion`:
   * the content schema the snapshot is written for (recorded with it; omitted, none is recorded).
   */
  compact(id: string, channel: Channel, snapshot: Uint8Array, throughSeq: number, schemaVersion?: number): Promise<void>
  /** A value from the small key/value table (e.g. whether the sample was seeded). */
  getMeta(key: string): Promise<string | null>
  setMeta(key: string, value: string): Promise<void>
  /** Releases the database. */
  close(): Promise<void>
}
