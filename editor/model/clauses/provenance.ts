// Clause provenance: what the `clause` attribute of an article records about library text in it.
//
// An article inserted from the library carries one record. Paragraphs inserted into an existing
// article are recorded on that article too, with the stable ids of the inserted paragraphs:
// the paragraph node has no attribute of its own for this, and adding one would change the
// shared schema, which older editors would meet as an unknown attribute. Ids survive moves and
// renumbering, so the record still finds its paragraphs. An article may therefore hold several
// records (its own and those of paragraph clauses dropped into it): the attribute holds one
// record as a JSON object, or several as a JSON array.

/** What the library knew about a piece of inserted text when it was inserted. */
export interface ClauseProvenance {
  /** Clause id. */
  id: string
  version: number
  variant: string
  /** The parameter values at insertion (name → value); unfilled parameters are absent. */
  parameters: Record<string, string>
  /** For a clause of several articles: which one this article is (1-based). */
  article?: number
  /**
   * For inserted paragraphs: the stable ids of every paragraph block that came from the clause
   * (its paragraphs, their sub-paragraphs and the text closing their lists; see instantiate.ts).
   */
  paragraphs?: string[]
}

const isRecord = (x: unknown): x is ClauseProvenance => {
  if (typeof x !== 'object' || x === null) return false
  const r = x as Record<string, unknown>
  return typeof r.id === 'string' && typeof r.version === 'number' && typeof r.variant === 'string' &&
    typeof r.parameters === 'object' && r.parameters !== null
}

/** The provenance records held by an article's `clause` attribute; [] when none or unreadable. */
export function readProvenance(attr: unknown): ClauseProvenance[] {
  if (typeof attr !== 'string' || attr === '') return []
  let parsed: unknown
  try { parsed = JSON.parse(attr) } catch { return [] }
  const list = Array.isArray(parsed) ? parsed : [parsed]
  return list.filter(isRecord)
}

/** The attribute value holding `records`: null for none, an object for one, an array for several. */
export function writeProvenance(records: ClauseProvenance[]): string | null {
  if (records.length === 0) return null
  return JSON.stringify(records.length === 1 ? records[0] : records)
}

/** Adds `record` to an article's existing `clause` attribute, for paragraphs inserted into it. */
export function addProvenance(attr: unknown, record: ClauseProvenance): string {
  return writeProvenance([...readProvenance(attr), record])!
}
