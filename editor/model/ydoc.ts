// The layout of a document's content Y.Doc, shared by the editor binding and the server.

/** Name of the Y.XmlFragment that holds the ProseMirror document. */
export const CONTENT_FRAGMENT = 'prosemirror'

/** Name of the Y.Map that holds document-wide parameter values (name → string). */
export const PARAMETERS_MAP = 'parameters'

/** Name of the Y.Map that describes the content itself (its schema version under `SCHEMA_KEY`). */
export const META_MAP = 'meta'

/** Key, in the meta map, of the schema version the content was written for; absent means version 1. */
export const SCHEMA_KEY = 'schema'
