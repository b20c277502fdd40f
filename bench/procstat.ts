// Reads a process's CPU time and resident memory from /proc, so a server can be measured
// from outside while it is busy (no cooperation, no event-loop delay).
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'

const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100 } catch { return 100 }
})()

/** CPU time (user + system, all threads) of process `pid` in milliseconds. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  return ((utime + stime) * 1000) / CLK_TCK
}

/** Current (VmRSS) and peak (VmHWM) resident memory of process `pid`, in MiB. */
export function rssMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 }
}

/**
 * Time the main thread of process `pid` (or this process) has spent runnable but waiting for a
 * CPU, in ms: how much the machine, rather than the program, held it back.
 */
export function runQueueWaitMs(pid: number | 'self' = 'self'): number {
  const [, wait] = readFileSync(`/proc/${pid}/schedstat`, 'utf8').trim().split(/\s+/)
  return Number(wait) / 1e6
}

/** Busy and total processor time of the whole machine since boot, in clock ticks (null where /proc/stat cannot be read). */
export function machineTicks(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number)
    const total = fields.reduce((a, b) => a + b, 0)
    // idle and iowait are the 4th and 5th fields
    return { busy: total - fields[3]! - (fields[4] ?? 0), total }
  } catch {
    return null
  }
}
