// Waits for the machine to go quiet before a page is opened: what the previous page and this
// page's setup set off (a closed browser context torn down, a document written to the store,
// garbage collection) would otherwise land in the opening measured next, on whichever page.
import { setTimeout as sleep } from 'node:timers/promises'
import { machineTicks } from '../procstat.js'

/**
 * Resolves once every processor has been busy less than `busyShare` of a `windowMs` window, or
 * after `maxMs` when the machine does not go quiet (other jobs); without /proc/stat, after one
 * window.
 */
export async function quietMachine(maxMs = 3000, windowMs = 100, busyShare = 0.15): Promise<void> {
  const started = performance.now()
  let before = machineTicks()
  if (!before) return sleep(windowMs)
  while (performance.now() - started < maxMs) {
    await sleep(windowMs)
    const now = machineTicks()!
    const total = now.total - before.total
    if (total > 0 && (now.busy - before.busy) / total < busyShare) break
    before = now
  }
}
