// Collaborators' updates that arrive within one frame are applied as one Yjs transaction (so the
// editor renders once), in order, after nothing else the server sent before them.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { batchRemoteUpdates } from '../../editor/collab/remote-batch.js'
import { deliver, idleProvider } from '../helpers/idle-provider.js'

/** 100 separate updates, each typing one character, from another client. */
function hundredEdits(): { updates: Uint8Array[]; text: string } {
  const author = new Y.Doc()
  const updates: Uint8Array[] = []
  author.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < 100; i++) author.getText('t').insert(i, String(i % 10))
  return { updates, text: author.getText('t').toString() }
}

describe('updates from the server', () => {
  it('arriving together are applied at the next frame, in one transaction, with the provider as origin', () => {
    const doc = new Y.Doc()
    const provider = idleProvider(doc)
    const frames: Array<() => void> = []
    batchRemoteUpdates(provider, (apply) => frames.push(apply))
    const origins: unknown[] = []
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin))
    const { updates, text } = hundredEdits()
    for (const u of updates) deliver(provider, 2, u)
    expect(doc.getText('t').toString()).toBe('')
    expect(frames).toHaveLength(1)
    frames[0]!()
    expect(doc.getText('t').toString()).toBe(text)
    expect(origins).toEqual([provider])
    provider.destroy()
  })

  it('are applied before a sync step that follows them, keeping the order the server sent them in', () => {
    const doc = new Y.Doc()
    const provider = idleProvider(doc)
    batchRemoteUpdates(provider, () => {})
    const { updates, text } = hundredEdits()
    for (const u of updates.slice(0, 50)) deliver(provider, 2, u)
    const rest = new Y.Doc()
    for (const u of updates) Y.applyUpdate(rest, u)
    deliver(provider, 1, Y.encodeStateAsUpdate(rest, Y.encodeStateVector(doc)))
    expect(doc.getText('t').toString()).toBe(text)
    provider.destroy()
  })

  it('one that cannot be read is reported and the others still apply', () => {
    const doc = new Y.Doc()
    const provider = idleProvider(doc)
    const frames: Array<() => void> = []
    batchRemoteUpdates(provider, (apply) => frames.push(apply))
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => { errors.push(args[0]) }
    try {
      const { updates } = hundredEdits()
      deliver(provider, 2, updates[0]!)
      deliver(provider, 2, new Uint8Array([0xff, 0xff, 0xff]))
      deliver(provider, 2, updates[1]!)
      frames[0]!()
    } finally { console.error = original }
    expect(errors).toHaveLength(1)
    expect(doc.getText('t').toString()).toBe('01')
    provider.destroy()
  })

  it('the whole document received on connecting is not encoded again for the provider, which sends local edits still', () => {
    const doc = new Y.Doc()
    const provider = idleProvider(doc)
    // the provider's listener of the doc's updates, watched: Yjs calls it with each transaction's update
    const heard: unknown[] = []
    doc.off('update', provider._updateHandler)
    provider._updateHandler = (_update: Uint8Array, origin: unknown) => { heard.push(origin) }
    doc.on('update', provider._updateHandler)
    batchRemoteUpdates(provider, () => {})
    const { updates, text } = hundredEdits()
    const server = new Y.Doc()
    for (const u of updates) Y.applyUpdate(server, u)
    deliver(provider, 1, Y.encodeStateAsUpdate(server))
    expect(doc.getText('t').toString()).toBe(text)
    expect(heard).toEqual([])
    // a local edit reaches the provider, and so does a later state (a reconnect's)
    doc.getText('t').insert(0, 'x')
    expect(heard).toEqual([null])
    server.getText('t').insert(0, 'y')
    deliver(provider, 1, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)))
    expect(heard).toEqual([null, provider])
    provider.destroy()
  })
})
