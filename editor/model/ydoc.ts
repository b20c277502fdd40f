// The layout of a document's content Y.Doc, shared by the editor binding and the server.

/** Name of the Y.XmlFragment that holds the ProseMirror document. */
export const CONTENT_FRAGMENT = 'prosemirror'

/** Name of the Y.Map that holds document-wide parameter values (name → string). */
export const PARAMETERS_MAP = 'parameters'
