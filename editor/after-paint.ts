// Work that is not needed for the page's next frame: run in the task after that frame is painted.

/**
 * Runs `work` in a task queued from the next animation frame, so after that frame's paint (the
 * editor's first paint, when called while it is built). Returns what cancels it.
 */
export function afterPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const frame = requestAnimationFrame(() => { timer = setTimeout(work, 0) })
  return () => { cancelAnimationFrame(frame); clearTimeout(timer) }
}
