// Group commit for one room: updates stored in batches, and sent only once they are durable.
//
// Everything queued in the same event-loop turn becomes one batch, stored in one transaction.
// Batches are pipelined: the next turn's batch is written while the one before is still
// waiting for the disk, and waits for its own sync only. They are written, and sent, in the
// order they were queued: a batch goes out once it and every batch before it are durable. A
// presence message queued behind updates goes out with them, in its place. When a batch fails,
// it and every batch written after it go back to the front of the queue and are stored again
// after a pause (storing an update twice is harmless), so nothing is sent out of order.
//
// The pipeline knows nothing of connections or the Y.Doc: the room supplies the write, what
// to do once a batch is durable, and how to send each item.
import type { AppendResult } from '../store/store.js'

/**
 * Queued for the next batch: an update to store and then send (`relay`, when given, is sent
 * instead: the bytes its writer sent), or a presence message to send in its turn.
 */
export type Queued = { update: Uint8Array; origin: unknown; relay?: Uint8Array } | { presence: Uint8Array }

export const isUpdate = (q: Queued): q is Extract<Queued, { update: Uint8Array }> => 'update' in q

/** What the pipeline needs from its room. */
export interface CommitPipelineOptions {
  /**
   * Appends `updates` in one transaction and resolves once they are durable, with the store's
   * answer, or null when the document is gone. A throw means the batch failed and is retried.
   */
  write: (updates: Uint8Array[]) => Promise<AppendResult | null>
  /** A write failed (for logging); the batch is kept and stored again. */
  onWriteFailed: (error: unknown, updates: number) => void
  /** A batch's `updates` are durable; called before its items are sent. */
  onDurable: (result: AppendResult, updates: number) => void
  /** Sends one item of a durable batch; items go out in the order they were queued. */
  send: (item: Queued) => void
  /** The store answered that the document is gone; every later batch is refused the same way. */
  onGone: () => void
  /** Pause before a failed batch is stored again. */
  retryMs: number
}

/** What storing a batch's updates came to: the store's answer, null when the document is gone, or a failure. */
type Stored = AppendResult | null | 'failed'

/** A batch written to the store and not yet sent. */
interface Batch {
  items: Queued[]
  updates: number
  /** Settles once the batch's updates are durable (at once for a batch of presence only). */
  stored: Promise<Stored>
  /** Set when a batch before it failed: it is queued again, so this copy is not sent. */
  requeued: boolean
}

export class CommitPipeline {
  private pending: Queued[] = []
  /** Batches written to the store and not yet sent, oldest first. */
  private inFlight: Batch[] = []
  private flushQueued = false
  /** A flush queued in the store queue and not started yet: later flushes join it. */
  private nextFlush: Promise<void> | null = null
  /** Store operations (batch writes, and whatever the room adds) run one after another in this queue. */
  private chain: Promise<void> = Promise.resolve()
  /** Settles once the last batch started has been sent (or given up); batches are sent in this order. */
  private lastSent: Promise<void> = Promise.resolve()
  /** Updates queued so far, and how many of them are stored (both only grow, but for `discardFrom`). */
  private queuedCount = 0
  private storedCount = 0
  private closed = false

  constructor(private readonly options: CommitPipelineOptions) {}

  /** Whether anything is queued or being stored. */
  get busy(): boolean {
    return this.pending.length > 0 || this.inFlight.length > 0
  }

  /** Where the queue ends now; pass it to `discardFrom` to take back what is queued after it. */
  get mark(): number {
    return this.pending.length
  }

  /** Queues an item for the next batch, which starts in the next event-loop turn. */
  add(item: Queued): void {
    if (isUpdate(item)) this.queuedCount++
    this.pending.push(item)
    this.scheduleFlush()
  }

  /** Takes back everything queued since `mark` and not yet written. */
  discardFrom(mark: number): void {
    this.queuedCount -= this.pending.splice(mark).filter(isUpdate).length
  }

  /** Whether updates from `origin` are queued or being stored, i.e. not yet sent. */
  hasUnsent(origin: unknown): boolean {
    const from = (q: Queued) => isUpdate(q) && q.origin === origin
    return this.pending.some(from) || this.inFlight.some((batch) => batch.items.some(from))
  }

  /**
   * Resolves once every update queued so far is stored, the pipeline is closed, or `giveUp`
   * says to stop. Later updates are not waited for, so a busy room cannot keep it waiting forever.
   */
  async durable(giveUp: () => boolean = () => false): Promise<void> {
    const target = this.queuedCount
    while (this.storedCount < target && !this.closed && !giveUp()) await this.flush()
  }

  /** Resolves once nothing is queued or being stored, later additions included. */
  async drain(): Promise<void> {
    while (this.busy) await this.flush()
  }

  /** Discards what is queued; batches being stored are not sent. */
  close(): void {
    this.closed = true
    this.pending = []
  }

  /**
   * Runs `task` once every store operation queued before it has done its part: a batch's part is
   * starting its write (its sync may still run), any other task's is all of it. Writes therefore
   * reach the store in the order they were queued.
   */
  enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task)
    this.chain = run.catch(() => {})
    return run
  }

  /**
   * Writes what is queued as one batch, in the store queue; resolves once that batch (and
   * every batch before it) has been sent, or given up and queued again after a failure.
   */
  flush(): Promise<void> {
    // It will take everything queued when it starts, so one queued flush is enough.
    if (this.nextFlush) return this.nextFlush
    let sent: Promise<void> = Promise.resolve()
    const started = this.enqueue(async () => {
      if (this.nextFlush === next) this.nextFlush = null
      sent = this.startBatch()
    })
    const next = started.then(() => sent)
    this.nextFlush = next
    return next
  }

  private scheduleFlush(): void {
    if (this.flushQueued) return
    this.flushQueued = true
    setImmediate(() => {
      this.flushQueued = false
      void this.flush()
    })
  }

  /**
   * Takes everything queued, starts storing its updates, and returns once the batch has been
   * sent. The store queue moves on as soon as the write has started: the next batch need not
   * wait for this one's disk sync.
   */
  private startBatch(): Promise<void> {
    if (this.pending.length === 0 || this.closed) return this.lastSent
    const items = this.pending
    this.pending = []
    const updates = items.filter(isUpdate).map((q) => q.update)
    const batch: Batch = {
      items,
      updates: updates.length,
      stored: updates.length > 0 ? this.store(updates) : Promise.resolve(null),
      requeued: false,
    }
    this.inFlight.push(batch)
    const sent = this.lastSent.then(() => this.send(batch))
    this.lastSent = sent.catch(() => {})
    return sent
  }

  /** Once `batch` is durable, and every batch before it has been sent, sends it. */
  private async send(batch: Batch): Promise<void> {
    const stored = await batch.stored
    // Queued again behind a batch that failed before it: the copy in the queue will be sent.
    if (batch.requeued) return
    this.inFlight.splice(this.inFlight.indexOf(batch), 1)
    // Closed while the batch was being stored: nobody left to tell.
    if (this.closed) return
    if (stored === 'failed') return this.retry(batch)
    if (batch.updates > 0) {
      if (stored === null) return this.options.onGone()
      this.storedCount += batch.updates
      this.options.onDurable(stored, batch.updates)
    }
    for (const item of batch.items) this.options.send(item)
  }

  /**
   * Storing `batch` failed, so it was not sent: it goes back to the front of the queue with the
   * batches written after it (which may have been stored), and the store queue pauses before the retry.
   */
  private retry(batch: Batch): void {
    const later = this.inFlight.splice(0)
    for (const b of later) b.requeued = true
    this.pending = [batch, ...later].flatMap((b) => b.items).concat(this.pending)
    void this.enqueue(() => new Promise((r) => setTimeout(r, this.options.retryMs)))
    this.scheduleFlush()
  }

  /** Appends `updates` and resolves once they are durable; a failure is reported and comes back as 'failed'. */
  private async store(updates: Uint8Array[]): Promise<Stored> {
    try {
      return await this.options.write(updates)
    } catch (err) {
      this.options.onWriteFailed(err, updates.length)
      return 'failed'
    }
  }
}
