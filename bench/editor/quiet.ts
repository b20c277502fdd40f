// Waits for the machine to go quiet before a page is opened: what the previous page and this
// page's setup set off (a closed browser context torn down, a document written to the store,
// garbage collection) would otherwise land in the opening measured next, on whichever page.
import { readFileSync } from 'node:fs'

/** Busy and total processor time since boot, in clock ticks, from /proc/stat (null where there is none). */
function processorTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number)
    const total = fields.reduce((a, b) => a + b, 0)
    // idle and iowait are the 4th and 5th fields
    return { busy: total - fields[3]! - (fields[4] ?? 0), total }
  } catch {
    return null
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Resolves once every processor has been busy less than `busyShare` of a `windowMs` window, or
 * after `maxMs` when the machine does not go quiet (other jobs); without /proc/stat, after one
 * window. Returns how long it waited (ms).
 */
export async function quietMachine(maxMs = 3000, windowMs = 100, busyShare = 0.15): Promise<number> {
  const started = performance.now()
  let before = processorTicks()
  if (!before) { await sleep(windowMs); return performance.now() - started }
  while (performance.now() - started < maxMs) {
    await sleep(windowMs)
    const now = processorTicks()!
    const total = now.total - before.total
    if (total > 0 && (now.busy - before.busy) / total < busyShare) break
    before = now
  }
  return performance.now() - started
}
