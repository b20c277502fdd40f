// A seeded pseudo-random generator, lib0's (the one Yjs's own randomised tests use), so every
// randomised test can be replayed from its seed.
import * as prng from 'lib0/prng'

/** A deterministic random source with the few draws the tests need. */
export interface Rng {
  /** The seed this generator started from, for failure messages. */
  readonly seed: number
  /** A float in [0, 1). */
  next(): number
  /** An integer in [0, n). */
  int(n: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T
  /** A copy of `items` in random order. */
  shuffle<T>(items: readonly T[]): T[]
}

/** A generator started from `seed`, a positive 32-bit integer (lib0's generator is stuck at 0). */
export function seededRng(seed: number): Rng {
  if (!Number.isInteger(seed) || seed < 1 || seed > 0xffffffff) throw new Error(`a seed is an integer from 1 to 2^32 - 1, got ${seed}`)
  const gen = prng.create(seed)
  const int = (n: number) => {
    if (!(n > 0)) throw new Error(`rng.int needs a positive bound, got ${n}`)
    return prng.int32(gen, 0, n - 1)
  }
  return {
    seed,
    next: () => prng.real53(gen),
    int,
    chance: (p) => prng.real53(gen) < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('rng.pick needs a non-empty array')
      return items[int(items.length)]!
    },
    shuffle: (items) => {
      const out = [...items]
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1)
        ;[out[i], out[j]] = [out[j]!, out[i]!]
      }
      return out
    },
  }
}

/**
 * The seeds a randomised test runs: `FUZZ_SEED` (one seed, to replay a failure), else
 * `FUZZ_RUNS` seeds (default `defaultRuns`) starting from `FUZZ_SEED_BASE` (default 1).
 */
export function fuzzSeeds(defaultRuns: number): number[] {
  const env = process.env
  if (env.FUZZ_SEED) {
    const seed = Number(env.FUZZ_SEED)
    if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, got "${env.FUZZ_SEED}"`)
    return [seed]
  }
  const runs = env.FUZZ_RUNS ? Number(env.FUZZ_RUNS) : defaultRuns
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got "${env.FUZZ_RUNS}"`)
  const base = env.FUZZ_SEED_BASE ? Number(env.FUZZ_SEED_BASE) : 1
  if (!Number.isInteger(base)) throw new Error(`FUZZ_SEED_BASE must be an integer, got "${env.FUZZ_SEED_BASE}"`)
  return Array.from({ length: runs }, (_, i) => base + i)
}
