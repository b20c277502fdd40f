// Which threads the review sidebar builds cards for. A long treaty under review holds a thousand
// threads or more, and a card is dozens of elements: building them all makes opening take
// seconds and every later style and layout pass pay for them. The sidebar builds a window of
// cards around the thread it follows (the first one at the top of the page view, or the focused
// one), and offers buttons for the threads before and after it.

/** Cards built at most at once. */
export const WINDOW_SIZE = 60

/** Cards kept above the followed thread, so the cards just read stay in the list. */
export const WINDOW_BEFORE = 10

/** The slice of `order` (thread ids in the list's order) to build: `start` ≤ i < `end`. */
export interface ThreadWindow {
  start: number
  end: number
}

/** The window of `order` around `around` (a thread id; the top of the list when it is not listed). */
export function windowOf(order: readonly string[], around: string | null, size = WINDOW_SIZE, before = WINDOW_BEFORE): ThreadWindow {
  if (order.length <= size) return { start: 0, end: order.length }
  const at = around === null ? -1 : order.indexOf(around)
  const start = Math.max(0, Math.min(order.length - size, (at < 0 ? 0 : at) - before))
  return { start, end: start + size }
}
