// The session-opens scenario, client side: many clients join a large treaty at the same moment;
// each records how long it took until it held the whole document.
import * as Y from 'yjs'
import { connectPeer, type Endpoint, type Peer } from './peers.js'
import { countArticles } from './treaty.js'
import { nowUs } from './stats.js'
import type { OpenResults } from './ipc.js'

/** Clients one process opens at once; kept connected until `leave`. */
export class SessionOpens {
  private peers: Peer[] = []

  /** Connects clients `ids` at once and resolves with each one's time to a full document. */
  async open(endpoint: Endpoint, ids: number[], articles: number, timeoutMs: number): Promise<OpenResults> {
    const cpuStart = process.cpuUsage()
    const waits = ids.map(() => {
      const start = nowUs()
      const doc = new Y.Doc()
      const peer = connectPeer(endpoint, doc)
      this.peers.push(peer)
      // Synced means the server's answer to our state vector arrived; the article count makes
      // sure that answer held the whole treaty.
      return new Promise<number | null>((resolve) => {
        let synced = false
        const check = () => {
          if (!synced || countArticles(doc) < articles) return
          doc.off('update', check)
          clearTimeout(timer)
          resolve((nowUs() - start) / 1000)
        }
        const timer = setTimeout(() => { doc.off('update', check); resolve(null) }, timeoutMs)
        doc.on('update', check)
        void peer.synced.then(() => { synced = true; check() })
      })
    })
    const done = await Promise.all(waits)
    const times = done.filter((t): t is number => t !== null)
    const cpu = process.cpuUsage(cpuStart)
    return { times, failed: done.length - times.length, cpuMs: (cpu.user + cpu.system) / 1000 }
  }

  /** Disconnects every client. */
  leave(): void {
    for (const p of this.peers) { p.destroy(); p.doc.destroy() }
    this.peers = []
  }
}
