// Keeps the comments list beside the text being read: as the treaty scrolls, the list scrolls to
// the first thread whose text is at or below the top of the page view. One position look-up and a
// binary search per frame of scrolling, however many threads there are.
import type { EditorView } from 'prosemirror-view'

/**
 * Scrolls `list` (a scrolling element of cards with `data-thread`) as `scroller` (the page's
 * scrolling element) scrolls; `ranges` gives the threads in document order. Returns a function that stops.
 */
export function followScroll(view: EditorView, scroller: HTMLElement, list: HTMLElement, ranges: () => ReadonlyArray<{ id: string; from: number }>): () => void {
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
    // the first such thread that the list shows (a filter may hide some)
    for (let i = lo; i < all.length; i++) {
      const card = list.querySelector<HTMLElement>(`.review-thread[data-thread="${CSS.escape(all[i]!.id)}"]`)
      if (!card) continue
      list.scrollTop = card.offsetTop // the list is the cards' offset parent (position: relative)
      return
    }
  }
  const onScroll = () => { if (!pending) pending = requestAnimationFrame(align) }
  scroller.addEventListener('scroll', onScroll, { passive: true })
  return () => {
    scroller.removeEventListener('scroll', onScroll)
    if (pending) cancelAnimationFrame(pending)
  }
}
