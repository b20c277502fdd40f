// The limits of inline review, in one place: the editor checks them before writing and the
// server's annotations guard refuses updates that exceed them (server/sync/review-guard.ts).

/** Longest comment, reply or private note body, in UTF-16 code units (about four pages of text). */
export const MAX_BODY_LENGTH = 10_000

/** Threads one document may hold (deleted and dismissed ones count: nothing is ever removed). */
export const MAX_THREADS_PER_DOCUMENT = 5_000

/** Replies one thread may hold (deleted replies count: they stay, marked deleted). */
export const MAX_REPLIES_PER_THREAD = 500

/** People one body may mention. */
export const MAX_MENTIONS = 50

/** Longest quoted text kept with a thread (the anchored words, shortened in the middle beyond this). */
export const MAX_QUOTE_LENGTH = 2_000

/** Characters of context kept before and after the quote, to find the words again after they were deleted and restored. */
export const QUOTE_CONTEXT_LENGTH = 32

/** Longest replacement or inserted text a suggestion may propose. */
export const MAX_SUGGESTION_LENGTH = 10_000

/** Private notes one person may keep on one document. */
export const MAX_NOTES_PER_USER = 2_000

/** Longest id of a thread, reply or note. */
export const MAX_ID_LENGTH = 64

/** How far ahead of the server's clock a written time may be (clocks differ a little). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000
