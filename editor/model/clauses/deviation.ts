// Clause drift: how library text in a document stands against the library (deviation-status.ts),
// the difference shown to a reader (deviation-diff.ts), and the update to a newer library version
// (deviation-update.ts). The nodes a provenance record covers are found in record-nodes.ts.
export { articleDeviations } from './deviation-status.js'
export type { ClauseDeviation, DeviationStatus } from './deviation-status.js'
export { clauseText, deviationDiff, wordDiff } from './deviation-diff.js'
export type { DiffPart } from './deviation-diff.js'
export { updateClauseArticle } from './deviation-update.js'
