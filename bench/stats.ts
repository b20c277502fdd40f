// Small statistics for the benchmark: percentiles of latency samples and medians across rounds.

/** The p-th percentile (0..100) of `samples` by nearest rank; NaN when there are none. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  if (samples.length === 0) return NaN
  const sorted = Float64Array.from(samples).sort()
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!
}

/** p50, p95 and p99 of `samples`, sorting once. */
export function latencySummary(samples: ArrayLike<number>): { p50: number; p95: number; p99: number } {
  if (samples.length === 0) return { p50: NaN, p95: NaN, p99: NaN }
  const sorted = Float64Array.from(samples).sort()
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
  return { p50: at(50), p95: at(95), p99: at(99) }
}

/** The median of `values`, ignoring NaN; NaN when nothing is left. */
export function median(values: number[]): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b)
  if (v.length === 0) return NaN
  const mid = v.length >> 1
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2
}

/** Microseconds on the system-wide monotonic clock, comparable between processes on one machine. */
export function nowUs(): number {
  // process.hrtime reads CLOCK_MONOTONIC, which every process on the machine shares, unlike
  // performance.now() whose origin is per process.
  return Number(process.hrtime.bigint() / 1000n)
}
