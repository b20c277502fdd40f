// `npm run bench:disk`: what one durable write costs on this machine's disk, and how much more it
// costs when the machine was idle just before, which is the situation of a server that persists
// each edit of a drafting room (an edit every 50–100 ms at 20 clients).
//
// Writes 8 KiB (two WAL frames' worth) into a file and fdatasyncs it, back to back and after 5 ms
// and 50 ms of sleep, into a file already written once (as Pacta's reserved WAL) and into one that
// grows. Also times the plain write into the page cache, which needs no disk at all: when it too
// is slower after a pause, the pause itself (a halted CPU that must be woken, caches gone cold)
// is what costs, not the disk.
//
// Then the store's own WalSync under a stream of commits (an 8 KiB write every 2 or 10 ms on
// average, seeded): with syncs overlapping, as the store runs it, against one sync at a time
// with the writes made meanwhile queued for the next, timing each write until it is durable.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_SYNCS_IN_FLIGHT, WalSync } from '../server/store/wal-sync.js'
import { prng } from './prng.js'
import { latencySummary } from './stats.js'

const BLOCK = 8192
const SAMPLES = { 0: 300, 5: 200, 50: 100 } as const
const dir = mkdtempSync(join(process.argv[2] ?? tmpdir(), 'pacta-disk-'))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const fmt = (x: number) => x.toFixed(3)

async function measure(file: 'overwrite' | 'append', pauseMs: 0 | 5 | 50) {
  const path = join(dir, `${file}-${pauseMs}`)
  const fd = openSync(path, 'w+')
  const count = SAMPLES[pauseMs]
  if (file === 'overwrite') {
    writeSync(fd, Buffer.alloc(count * BLOCK, 1), 0, count * BLOCK, 0)
    fdatasyncSync(fd)
  }
  const block = Buffer.alloc(BLOCK, 7)
  const writes: number[] = []
  const syncs: number[] = []
  for (let i = 0; i < count; i++) {
    if (pauseMs > 0) await sleep(pauseMs)
    const t0 = performance.now()
    writeSync(fd, block, 0, BLOCK, i * BLOCK)
    const t1 = performance.now()
    fdatasyncSync(fd)
    syncs.push(performance.now() - t1)
    writes.push(t1 - t0)
  }
  closeSync(fd)
  return { writes: latencySummary(writes), syncs: latencySummary(syncs) }
}

/** Each write's time until durable, for writes arriving every `meanGapMs` on average (exponential gaps). */
async function stream(maxInFlight: number, meanGapMs: number, count: number): Promise<number[]> {
  const path = join(dir, `stream-${maxInFlight}-${meanGapMs}`)
  const fd = openSync(path, 'w+')
  writeSync(fd, Buffer.alloc(count * BLOCK, 1), 0, count * BLOCK, 0)
  fdatasyncSync(fd)
  const wal = new WalSync(path, maxInFlight)
  const block = Buffer.alloc(BLOCK, 7)
  const random = prng(meanGapMs)
  const durable: Promise<number>[] = []
  try {
    for (let i = 0; i < count; i++) {
      await sleep(-Math.log(1 - random()) * meanGapMs)
      const t0 = performance.now()
      writeSync(fd, block, 0, BLOCK, i * BLOCK)
      durable.push(wal.sync().then(() => performance.now() - t0))
    }
    return await Promise.all(durable)
  } finally {
    await wal.close()
    closeSync(fd)
  }
}

try {
  console.log(`fdatasync of ${BLOCK / 1024} KiB in ${dir} (ms; p50 / p95 / p99)\n`)
  console.log('| file | pause before each write | write to page cache | fdatasync |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const file of ['overwrite', 'append'] as const) {
    for (const pause of [0, 5, 50] as const) {
      const { writes: w, syncs: s } = await measure(file, pause)
      console.log(`| ${file === 'overwrite' ? 'written before (reserved)' : 'growing'} | ${pause} ms | ${fmt(w.p50)} / ${fmt(w.p95)} / ${fmt(w.p99)} | ${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)} |`)
    }
  }
  console.log(`\nWrites of ${BLOCK / 1024} KiB in a stream, each until durable through WalSync (ms; p50 / p95 / p99)\n`)
  console.log('| mean gap between writes | syncs | until durable |')
  console.log('| ---: | --- | ---: |')
  for (const gap of [2, 10]) {
    for (const maxInFlight of [1, MAX_SYNCS_IN_FLIGHT]) {
      const d = latencySummary(await stream(maxInFlight, gap, gap === 2 ? 1000 : 300))
      const how = maxInFlight === 1 ? 'one at a time (writes meanwhile wait for the next)' : `overlapping (up to ${maxInFlight}, as the store runs them)`
      console.log(`| ${gap} ms | ${how} | ${fmt(d.p50)} / ${fmt(d.p95)} / ${fmt(d.p99)} |`)
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
