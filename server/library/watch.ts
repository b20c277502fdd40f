// Watches the clauses/ and templates/ folders and calls back, once things settle, after a file in
// them changed: the library is then read again without a restart.
import { watch, type FSWatcher } from 'node:fs'
import { resolve } from 'node:path'
import type { Logger } from '../log.js'

/** Quiet time after the last change before the library is read again (an editor saves in several steps). */
export const LIBRARY_SETTLE_MS = 300

/** A running watch; `close()` stops it and waits for a reload already running. */
export interface LibraryWatch {
  close(): Promise<void>
}

/**
 * Watches `root`/clauses and `root`/templates (with their subfolders). After a change and
 * `settleMs` of quiet, runs `reload`; changes during a reload bring one more reload after it.
 * A folder that cannot be watched is logged and left unwatched (the library still loads at
 * start); a failed reload is logged and the library stays as it was.
 */
export function watchLibrary(root: string, reload: () => Promise<void>, log: Logger, settleMs = LIBRARY_SETTLE_MS): LibraryWatch {
  const watchers: FSWatcher[] = []
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let again = false
  let closed = false

  const run = () => {
    timer = null
    if (closed) return
    if (running) { again = true; return }
    running = reload()
      .catch((err: unknown) => log.error('reading the library again failed; it stays as it was', { error: String(err) }))
      .finally(() => {
        running = null
        if (again && !closed) { again = false; schedule() }
      })
  }
  const schedule = () => {
    if (closed) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(run, settleMs)
    timer.unref()
  }

  for (const folder of ['clauses', 'templates']) {
    const path = resolve(root, folder)
    try {
      const watcher = watch(path, { recursive: true, persistent: false }, schedule)
      watcher.on('error', (err) => log.warn('library folder no longer watched; restart to pick up changes', { path, error: String(err) }))
      watchers.push(watcher)
    } catch (err) {
      log.warn('library folder not watched; changes to it need a restart', { path, error: String(err) })
    }
  }

  return {
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      for (const w of watchers) w.close()
      await running
    },
  }
}
