// Usage: npx tsx tests/hostile/find-crashers.ts SEED COUNT — runs the fuzzer and writes findings to tests/fixtures/crashers/.
import { writeFileSync } from 'node:fs'
import { seededRng } from '../helpers/prng.js'
import { corpus, FuzzRoom, mutate } from './fuzz.js'
const seed = Number(process.argv[2] ?? 1)
const n = Number(process.argv[3] ?? 20000)
const f = await FuzzRoom.create()
const c = corpus(f.base)
const rng = seededRng(seed)
let saved = 0
for (let i = 0; i < n; i++) {
  const m = mutate(rng, rng.pick(c), c)
  const history = f.history.map((h) => ({ connection: h.connection, message: Buffer.from(h.message).toString('hex') }))
  const before = f.applyFailures.length
  const o = await f.feed(m)
  if ((f.applyFailures.length > before || o === 'crash') && saved < 3) {
    saved++
    const kind = o === 'crash' ? 'crash' : 'apply-failure'
    const file = new URL(`../fixtures/crashers/${kind}-seed${seed}-${i}.json`, import.meta.url)
    writeFileSync(file, JSON.stringify({ kind, seed, index: i, error: o === 'crash' ? f.errors.join('\n') : f.applyFailures.at(-1), history, connection: f.connections, message: Buffer.from(m).toString('hex') }, null, 1) + '\n')
    console.log('saved', file.pathname)
  }
}
console.log({ seed, n, applyFailures: f.applyFailures.length, reloads: f.reloads, closes: Object.fromEntries(f.closes) })
