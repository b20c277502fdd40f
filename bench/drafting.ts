// The drafting room, client side: many clients on one document, each typing short marked inserts
// at a jittered steady rate (and optionally moving its cursor after each), and recording when
// every other client's inserts arrive.
import { createHash } from 'node:crypto'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import * as Y from 'yjs'
import { CONTENT_FRAGMENT } from '../editor/model/ydoc.js'
import { connectPeer, type Endpoint, type Peer } from './peers.js'
import { paragraphTexts } from './treaty.js'
import { nowUs } from './stats.js'
import { runQueueWaitMs } from './procstat.js'
import { LOOP_RESOLUTION_MS, loopDelay } from './loop.js'
import type { DraftDone, DraftResults } from './ipc.js'
import { prng } from './prng.js'

// An edit is the text `{sender.seq.sentAt}` in base 36, sentAt in µs since the phase's epoch:
// it names its sender and carries its own send time, so a receiver needs nothing else.
const MARK = /\{([0-9a-z]+)\.([0-9a-z]+)\.([0-9a-z]+)\}/g

/** Options of one drafting phase. */
export interface DraftOptions {
  epochUs: number
  durationMs: number
  presence: boolean
  minGapMs: number
  maxGapMs: number
}

interface Client {
  id: number
  peer: Peer
  texts: Y.XmlText[]
  rand: () => number
  sent: number
  seen: Set<string>
  seenPresence: Set<string>
  timer?: NodeJS.Timeout
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf']

/** The clients one process hosts in the drafting room, and what they measured. */
export class DraftingRoom {
  private clients: Client[] = []
  private latencies: number[] = []
  private presence: number[] = []
  private received = 0
  private epochUs = 0
  private cpuStart = process.cpuUsage()
  private readonly loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS })
  private waitStart = 0

  /** Connects clients `ids` to `endpoint` and waits until every one has synced the document. */
  async join(endpoint: Endpoint, ids: number[], timeoutMs = 60_000): Promise<{ ms: number }> {
    const start = nowUs()
    this.clients = ids.map((id) => {
      const doc = new Y.Doc()
      const peer = connectPeer(endpoint, doc)
      peer.awareness.setLocalStateField('user', { name: `Delegate ${id}`, color: COLORS[id % COLORS.length] })
      const client: Client = { id, peer, texts: [], rand: prng(id + 1), sent: 0, seen: new Set(), seenPresence: new Set() }
      this.listen(client)
      return client
    })
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`clients did not sync within ${timeoutMs} ms`)), timeoutMs)
    })
    try { await Promise.race([Promise.all(this.clients.map((c) => c.peer.synced)), timeout]) } finally { clearTimeout(timer) }
    for (const c of this.clients) {
      c.texts = paragraphTexts(c.peer.doc)
      if (c.texts.length === 0) throw new Error(`client ${c.id} synced a document with no paragraph text`)
    }
    return { ms: (nowUs() - start) / 1000 }
  }

  private listen(c: Client): void {
    c.peer.doc.getXmlFragment(CONTENT_FRAGMENT).observeDeep((events, tr) => {
      if (tr.local) return
      const at = nowUs()
      for (const event of events) {
        if (!(event.target instanceof Y.XmlText)) continue
        for (const op of event.delta) {
          if (typeof op.insert !== 'string') continue
          for (const m of op.insert.matchAll(MARK)) {
            const key = `${m[1]}.${m[2]}`
            if (c.seen.has(key)) continue
            c.seen.add(key)
            this.received++
            this.latencies.push((at - (this.epochUs + parseInt(m[3]!, 36))) / 1000)
          }
        }
      }
    })
    c.peer.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
      if (origin === 'local') return
      const at = nowUs()
      const states = c.peer.awareness.getStates()
      for (const clientId of [...added, ...updated]) {
        const cursor = states.get(clientId)?.cursor as { s?: number; q?: number; t?: number } | undefined
        if (cursor?.s === undefined || cursor.s === c.id || cursor.t === undefined) continue
        const key = `${cursor.s}.${cursor.q}`
        if (c.seenPresence.has(key)) continue
        c.seenPresence.add(key)
        this.presence.push((at - (this.epochUs + cursor.t)) / 1000)
      }
    })
  }

  /** Runs one drafting phase; resolves when every client has sent its last edit. */
  draft(opts: DraftOptions): Promise<DraftDone> {
    this.epochUs = opts.epochUs
    this.cpuStart = process.cpuUsage()
    this.waitStart = runQueueWaitMs()
    this.loop.reset()
    this.loop.enable()
    const endAt = performance.now() + opts.durationMs
    return new Promise((resolve) => {
      let running = this.clients.length
      const finish = () => {
        if (--running > 0) return
        const sent: Record<number, number> = {}
        for (const c of this.clients) sent[c.id] = c.sent
        resolve({ sent })
      }
      const gap = (c: Client) => opts.minGapMs + c.rand() * (opts.maxGapMs - opts.minGapMs)
      const tick = (c: Client) => {
        if (performance.now() >= endAt) { finish(); return }
        this.edit(c, opts.presence)
        c.timer = setTimeout(() => tick(c), gap(c))
      }
      // The first edits are spread over one maximal gap so the clients do not type in lockstep.
      for (const c of this.clients) c.timer = setTimeout(() => tick(c), c.rand() * opts.maxGapMs)
      if (running === 0) resolve({ sent: {} })
    })
  }

  private edit(c: Client, presence: boolean): void {
    const text = c.texts[Math.floor(c.rand() * c.texts.length)]!
    const offset = Math.floor(c.rand() * (text.length + 1))
    const seq = ++c.sent
    const mark = `{${c.id.toString(36)}.${seq.toString(36)}.${(nowUs() - this.epochUs).toString(36)}}`
    c.peer.doc.transact(() => text.insert(offset, mark), 'edit')
    if (!presence) return
    // A cursor after the insert, as y-prosemirror's cursor plugin would publish it.
    const at = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, offset + mark.length))
    c.peer.awareness.setLocalStateField('cursor', { anchor: at, head: at, s: c.id, q: seq, t: nowUs() - this.epochUs })
  }

  /** Unique edits received so far, over all clients of this process. */
  progress(): { received: number } {
    return { received: this.received }
  }

  /** The phase's samples, a content digest per client, and this process's CPU time. */
  results(): DraftResults {
    const cpu = process.cpuUsage(this.cpuStart)
    this.loop.disable()
    const loop = loopDelay(this.loop)
    const digests = this.clients.map((c) =>
      createHash('sha1').update(c.peer.doc.getXmlFragment(CONTENT_FRAGMENT).toString()).digest('hex'))
    return { latencies: this.latencies, presence: this.presence, received: this.received, digests, cpuMs: (cpu.user + cpu.system) / 1000, loop, waitMs: runQueueWaitMs() - this.waitStart }
  }

  /** Disconnects every client and forgets the phase. */
  leave(): void {
    for (const c of this.clients) { clearTimeout(c.timer); c.peer.destroy(); c.peer.doc.destroy() }
    this.clients = []
    this.latencies = []
    this.presence = []
    this.received = 0
  }
}
