// Inline review, DOM-free: comment threads, replies, suggestions and private notes, anchored in
// the treaty text by Yjs relative positions. The editor and the server's annotations guard both
// take it from here.
export * from './limits.js'
export * from './records.js'
export { FragmentPositions, type YPlace } from './positions.js'
export { captureQuote, findQuote, flatten, LEAF_CHAR, ELISION, type FlatText } from './quote.js'
export { anchorRange, anchorProblem, relativePositionProblem, resolveAnchor, isOrphaned, type AnchorState } from './anchors.js'
export { readThread, readReply, readNote, type Read } from './read.js'
export { bodyProblem, threadChangeProblemFor, noteChangeProblemFor, ID_PATTERN, type Actor, type RuleContext, type NoteContext } from './rules.js'
export { REVIEW_ORIGIN, threadsOf, getThread, listThreads, writeThread } from './store.js'
export {
  AnnotationError, commitThread, createThread, replyTo, editReply, deleteReply, editComment, resolveThread, reopenThread,
  assignThread, deleteThread, dismissThread, newThreadRecord, type ReviewContext, type NewThread,
} from './threads.js'
export { suggest, decideSuggestion, suggestedChange, type NewSuggestion } from './suggestions.js'
export { parseMentions, type Mentionable } from './mentions.js'
export { filterThreads, matchesFilter, mentionedIn, isForMe, isListed, orphanedThreads, type ThreadFilter } from './filters.js'
export { notesOf, listNotes, addNote, editNote, deleteNote, type NotesContext } from './notes.js'
