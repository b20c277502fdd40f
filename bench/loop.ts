// Event-loop delay, measured the same way in server and client processes: how late a timer
// that should fire every 10 ms actually fired.
import type { IntervalHistogram } from 'node:perf_hooks'

/** Timer lateness of a process's event loop, ms. */
export interface LoopDelay { p99: number; max: number }

/** Resolution the monitors sample at, ms. */
export const LOOP_RESOLUTION_MS = 10

/** Reads a delay histogram; Node's samples include the sampling interval, which is taken off here. */
export function loopDelay(h: IntervalHistogram): LoopDelay {
  const late = (ns: number) => Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS)
  return { p99: late(h.percentile(99)), max: late(h.max) }
}
