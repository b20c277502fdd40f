// Puts a treaty into a server's document before a scenario starts, the same way for every server:
// a seeding client syncs, replaces the content, and a second client confirms the server has it.
import * as Y from 'yjs'
import { connectPeer, isPacta, type Endpoint, type Peer } from './peers.js'
import { buildTreaty, countArticles, writeTreaty } from './treaty.js'
import { createPactaDocument, type RunningServer } from './servers.js'

let counter = 0

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms) }),
  ])
}

/**
 * Creates a document holding a treaty of `articles` articles on `server`. The seeding client stays
 * connected (the caller destroys it): Hocuspocus keeps an in-memory document only while someone is
 * connected, so this keeps the document loaded, equally, on every server.
 */
export async function seedDocument(server: RunningServer, articles: number): Promise<{ endpoint: Endpoint; seeder: Peer }> {
  const docName = isPacta(server.kind)
    ? await createPactaDocument(server.ready.httpUrl, server.ready.cookie, `Benchmark treaty ${++counter}`)
    : `bench-${process.pid}-${++counter}`
  const endpoint: Endpoint = { kind: server.kind, wsUrl: server.ready.wsUrl, docName, cookie: server.ready.cookie }
  const seeder = connectPeer(endpoint, new Y.Doc())
  seeder.awareness.setLocalState(null)
  await within(seeder.synced, 30_000, `seeding client sync with ${server.kind}`)
  writeTreaty(seeder.doc, buildTreaty(articles))
  // A fresh client must see the seeder's last change: then the server holds the whole treaty.
  const probe = connectPeer(endpoint, new Y.Doc())
  try {
    const clock = (d: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(d)).get(seeder.doc.clientID) ?? 0
    const want = clock(seeder.doc)
    const complete = () => clock(probe.doc) >= want && countArticles(probe.doc) === articles
    await within(probe.synced.then(() => new Promise<void>((resolve) => {
      if (complete()) return resolve()
      const check = () => { if (complete()) { probe.doc.off('update', check); resolve() } }
      probe.doc.on('update', check)
    })), 30_000, `seeding ${articles} articles into ${server.kind}`)
  } finally {
    probe.destroy()
    probe.doc.destroy()
  }
  return { endpoint, seeder }
}
