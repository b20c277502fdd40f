// The layout of a document's content Y.Doc, shared by the editor binding and the server;
// content.ts writes a treaty into it and reads one back, migrate.ts brings old content up to date.

/** Name of the Y.XmlFragment that holds the ProseMirror document. */
export const CONTENT_FRAGMENT = 'prosemirror'

/** Name of the Y.Map that holds document-wide parameter values (name → string). */
export const PARAMETERS_MAP = 'parameters'

/** Name of the Y.Map that describes the content itself (its schema version under `SCHEMA_KEY`) and holds the document's settings. */
export const META_MAP = 'meta'

/** Key, in the meta map, of the schema version the content was written for; absent means version 1. */
export const SCHEMA_KEY = 'schema'

/**
 * Key, in the meta map, of the document's citation style (citation.ts `CitationStyle`): how its
 * cross-references read in the editor, the clause preview and every export. Absent: the default.
 */
export const CITATION_STYLE_KEY = 'citationStyle'

/**
 * Start of the keys, in the meta map, that name a client whose text was written outside any
 * editor (a new document's content, a migration), followed by its client id: text that no drafter
 * remembers typing (carried-text.ts).
 */
export const WRITTEN_OUTSIDE_EDITORS = 'writtenOutside:'

/**
 * Name of the Y.Map recording the copies of an article that an editor removed as losing a
 * concurrent move (moves.ts `removalKey` → the remover's client id): when every copy of an article
 * went that way, none was deleted on purpose, and the article is brought back.
 */
export const MOVE_REMOVALS_MAP = 'moveRemovals'

/**
 * Name of the Y.Map recording the joins editors made (joins.ts): a paragraph's id → the key of the
 * block its text was joined into. A drafter who typed into a joined paragraph without having seen
 * the join puts their words there when nothing else tells where the paragraph went.
 */
export const JOINS_MAP = 'joins'
