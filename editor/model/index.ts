// The DOM-free treaty model: the one place the editor, the server, importers and exporters take it from.
export { schema, nodes, marks, SCHEMA_VERSION, ID_TYPES } from './schema.js'
export type { NodeName } from './schema.js'
export { numberTreaty, xrefText, roman, letter } from './numbering.js'
export type { Label, Numbering, NumberedKind } from './numbering.js'
export { newId } from './ids.js'
export { CONTENT_FRAGMENT, PARAMETERS_MAP } from './ydoc.js'
export { normalizeTreaty, normalizeInto, treatyShapeErrors } from './normalize.js'
