import { describe, expect, it } from 'vitest'
import type { AppendResult } from '../../server/store/store.js'
import { CommitPipeline, isUpdate, type Queued } from '../../server/sync/commit-pipeline.js'

/** One write the fake store has started: its updates, and how to end its disk sync. */
interface Write {
  updates: string[]
  /** Makes the write durable, or fails it with `error`. */
  finish: (error?: Error) => void
}

/**
 * A pipeline over a fake store whose every write waits until the test finishes it. Updates are
 * one-byte arrays named by a letter; `sent` lists what went out, `failures` what was reported.
 */
function harness(options: { gone?: boolean } = {}) {
  const writes: Write[] = []
  const waiters: { count: number; resolve: () => void }[] = []
  const sent: string[] = []
  const durable: number[] = []
  const failures: number[] = []
  let gone = 0
  let seq = 0
  const pipeline = new CommitPipeline({
    write: (updates) => new Promise<AppendResult | null>((resolve, reject) => {
      writes.push({
        updates: updates.map(name),
        finish: (error) => {
          if (error) return reject(error)
          seq += updates.length
          resolve(options.gone ? null : { lastSeq: seq, logLength: seq })
        },
      })
      for (const w of waiters) if (writes.length >= w.count) w.resolve()
    }),
    onWriteFailed: (_err, updates) => failures.push(updates),
    onDurable: (_result, updates) => durable.push(updates),
    send: (item) => sent.push(isUpdate(item) ? name(item.update) : `presence ${name(item.presence)}`),
    onGone: () => gone++,
    retryMs: 0,
  })
  /** Resolves once `count` writes have started. */
  const written = (count: number) => new Promise<void>((resolve) => {
    if (writes.length >= count) resolve()
    else waiters.push({ count, resolve })
  })
  return { pipeline, writes, written, sent, durable, failures, gone: () => gone }
}

const update = (letter: string): Queued => ({ update: bytes(letter), origin: letter })
const presence = (letter: string): Queued => ({ presence: bytes(letter) })
const bytes = (letter: string) => new Uint8Array([letter.charCodeAt(0)])
const name = (data: Uint8Array) => String.fromCharCode(data[0]!)
/** Lets the pipeline start the batch queued this turn and settle what is already resolved. */
const turn = () => new Promise((r) => setImmediate(r))

/** Queues `first` and `second` in two turns, so that each is a batch of its own. */
async function twoBatches(pipeline: CommitPipeline, first: Queued, second: Queued) {
  pipeline.add(first)
  await turn()
  pipeline.add(second)
  await turn()
}

describe('commit pipeline', () => {
  it('stores what is queued in one turn as one batch and sends it, in order, only once it is durable', async () => {
    const { pipeline, writes, sent, durable } = harness()
    pipeline.add(update('a'))
    pipeline.add(presence('p'))
    pipeline.add(update('b'))
    await turn()
    expect(writes.map((w) => w.updates)).toEqual([['a', 'b']])
    expect(sent).toEqual([])
    writes[0]!.finish()
    await pipeline.durable()
    expect(sent).toEqual(['a', 'presence p', 'b'])
    expect(durable).toEqual([2])
  })

  it('writes the next batch while the one before waits for the disk, and sends both once both are durable', async () => {
    const { pipeline, writes, sent } = harness()
    await twoBatches(pipeline, update('a'), update('b'))
    expect(writes.map((w) => w.updates)).toEqual([['a'], ['b']])
    writes[1]!.finish()
    await turn()
    expect(sent).toEqual([]) // the second is durable, the first is not
    writes[0]!.finish()
    await pipeline.durable()
    expect(sent).toEqual(['a', 'b'])
  })

  it('holds presence queued behind unsent updates until they are sent', async () => {
    const { pipeline, writes, sent } = harness()
    await twoBatches(pipeline, update('a'), presence('p'))
    expect(pipeline.hasUnsent('a')).toBe(true)
    expect(sent).toEqual([])
    writes[0]!.finish()
    await pipeline.drain()
    expect(sent).toEqual(['a', 'presence p'])
    expect(pipeline.hasUnsent('a')).toBe(false)
  })

  it('when a batch fails, holds back the batch written after it and stores both again, in order', async () => {
    const { pipeline, writes, written, sent, failures, durable } = harness()
    await twoBatches(pipeline, update('a'), update('b'))
    writes[0]!.finish(new Error('EIO: i/o error, fdatasync'))
    writes[1]!.finish()
    await turn()
    expect(failures).toEqual([1])
    expect(sent).toEqual([])
    await written(3)
    expect(sent).toEqual([])
    expect(writes.map((w) => w.updates)).toEqual([['a'], ['b'], ['a', 'b']])
    writes[2]!.finish()
    await pipeline.durable()
    expect(sent).toEqual(['a', 'b'])
    expect(durable).toEqual([2])
  })

  it('durable() waits for the updates queued before it, not for later ones', async () => {
    const { pipeline, writes } = harness()
    pipeline.add(update('a'))
    let done = false
    const waiting = pipeline.durable().then(() => { done = true })
    await turn()
    pipeline.add(update('b'))
    await turn()
    expect(writes).toHaveLength(2)
    writes[0]!.finish()
    await waiting
    expect(done).toBe(true)
    expect(pipeline.busy).toBe(true) // b is still being stored
  })

  it('runs queued store tasks between batch writes, in the order they were queued', async () => {
    const { pipeline, writes } = harness()
    const order: string[] = []
    pipeline.add(update('a'))
    await turn()
    void pipeline.enqueue(async () => { order.push(`task after ${writes.length} write(s)`) })
    pipeline.add(update('b'))
    await turn()
    expect(order).toEqual(['task after 1 write(s)'])
    expect(writes).toHaveLength(2)
  })

  it('takes back updates queued after a mark', async () => {
    const { pipeline, writes, sent } = harness()
    pipeline.add(update('a'))
    const mark = pipeline.mark
    pipeline.add(update('b'))
    pipeline.discardFrom(mark)
    await turn()
    writes[0]!.finish()
    await pipeline.durable()
    expect(writes.map((w) => w.updates)).toEqual([['a']])
    expect(sent).toEqual(['a'])
  })

  it('reports a document the store says is gone, and sends nothing', async () => {
    const { pipeline, writes, sent, gone } = harness({ gone: true })
    pipeline.add(update('a'))
    await turn()
    writes[0]!.finish()
    await pipeline.drain()
    expect(gone()).toBe(1)
    expect(sent).toEqual([])
  })

  it('once closed, discards what is queued and sends nothing more, and durable() stops waiting', async () => {
    const { pipeline, writes, sent } = harness()
    pipeline.add(update('a'))
    await turn()
    pipeline.add(update('b'))
    pipeline.close()
    writes[0]!.finish()
    await pipeline.durable()
    await turn()
    expect(writes).toHaveLength(1)
    expect(sent).toEqual([])
    expect(pipeline.busy).toBe(false)
  })
})
