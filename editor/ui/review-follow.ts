// Keeps the comments list beside the text being read: as the treaty scrolls, the list follows
// the first thread whose text is at or below the top of the page view. One position look-up and a
// binary search per frame of scrolling, however many threads there are.
import type { EditorView } from 'prosemirror-view'

/**
 * Calls `follow` with the index, in `ranges()` (the threads in document order), of the first
 * thread at or below the top of `scroller` (the page's scrolling element) as it scrolls.
 * Returns a function that stops.
 */
export function followScroll(view: EditorView, scroller: HTMLElement, ranges: () => ReadonlyArray<{ id: string; from: number }>, follow: (all: ReadonlyArray<{ id: string; from: number }>, index: number) => void): () => void {
  let pending = 0
  const align = () => {
    pending = 0
    const box = scroller.getBoundingClientRect()
    const top = view.posAtCoords({ left: box.left + box.width / 2, top: box.top + 8 })
    if (!top) return
    const all = ranges()
    let lo = 0
    let hi = all.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (all[mid]!.from < top.pos) lo = mid + 1
      else hi = mid
    }
    follow(all, lo)
  }
  const onScroll = () => { if (!pending) pending = requestAnimationFrame(align) }
  scroller.addEventListener('scroll', onScroll, { passive: true })
  return () => {
    scroller.removeEventListener('scroll', onScroll)
    if (pending) cancelAnimationFrame(pending)
  }
}
