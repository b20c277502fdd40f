// Presence colours: one colour per person per document, the same in everyone's view and distinct
// among the people present. Each person has a preferred colour derived from their id; when two
// present people prefer the same one, the people are taken in order of id and each later one gets
// the next colour nobody present has. Every client knows the same people present, so every client
// computes the same colours. Used by the editor (presence list, cursors) and the sync server (the
// colour it stamps into presence).

/** Cursor colours: distinct, readable on white, and `#rrggbb` (the only form y-prosemirror accepts). */
export const PRESENCE_PALETTE: readonly string[] = Object.freeze([
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f00', '#ff7f0e', '#3b5b92',
])

/** The palette index a person prefers: a hash (FNV-1a) of their id. */
function preferredIndex(id: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0
  return h % PRESENCE_PALETTE.length
}

/** The colour a person has when nobody present prefers the same: derived from their id alone. */
export function preferredColour(id: string): string {
  return PRESENCE_PALETTE[preferredIndex(id)]!
}

/**
 * The colour of each person present, by id: ids in code-unit order, each taking its preferred
 * colour, or the next one in the palette that no earlier id took. With more people than colours,
 * the later ones share their preferred colour. The same ids give the same answer on every client.
 */
export function assignColours(ids: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const taken = new Set<number>()
  const out = new Map<string, string>()
  for (const id of sorted) {
    const preferred = preferredIndex(id)
    let index = preferred
    if (taken.size < PRESENCE_PALETTE.length) {
      while (taken.has(index)) index = (index + 1) % PRESENCE_PALETTE.length
    }
    taken.add(index)
    out.set(id, PRESENCE_PALETTE[index]!)
  }
  return out
}
