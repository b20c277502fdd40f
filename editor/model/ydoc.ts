// The layout of a document's content Y.Doc, shared by the editor binding and the server;
// content.ts writes a treaty into it and reads one back, migrate.ts brings old content up to date.

/** Name of the Y.XmlFragment that holds the ProseMirror document. */
export const CONTENT_FRAGMENT = 'prosemirror'

/** Name of the Y.Map that holds document-wide parameter values (name → string). */
export const PARAMETERS_MAP = 'parameters'

/** Name of the Y.Map that describes the content itself (its schema version under `SCHEMA_KEY`). */
export const META_MAP = 'meta'

/** Key, in the meta map, of the schema version the content was written for; absent means version 1. */
export const SCHEMA_KEY = 'schema'
