// Whether an update brings a document anything new: a read-only connection's answer to the
// server's sync step 1 carries, besides nothing new, the whole delete set of its copy (Yjs always
// sends every deletion it knows), which is not a write and must not be refused as one.
import * as Y from 'yjs'

type DeleteRange = { clock: number; len: number }

/** Whether `[clock, clock + len)` lies inside one of `ranges` (sorted by clock, adjacent ranges merged). */
function covered(ranges: readonly DeleteRange[], clock: number, len: number): boolean {
  let lo = 0
  let hi = ranges.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const r = ranges[mid]!
    if (r.clock + r.len <= clock) lo = mid + 1
    else if (r.clock > clock) hi = mid - 1
    else return clock + len <= r.clock + r.len
  }
  return false
}

/**
 * True when applying `update` to `doc` would change nothing: every struct it carries is already
 * integrated in `doc` and every deletion it carries is already applied there.
 */
export function addsNothing(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update)
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return false
  }
  if (ds.clients.size === 0) return true
  // built only here: a read-only connection's resync, once per connect
  const known = Y.createDeleteSetFromStructStore(doc.store)
  for (const [client, ranges] of ds.clients) {
    const have = known.clients.get(client) ?? []
    for (const r of ranges) if (!covered(have, r.clock, r.len)) return false
  }
  return true
}
