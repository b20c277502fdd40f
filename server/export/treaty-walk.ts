// What every exporter reads from a treaty, whatever the format: the units' numbers, the words its
// cross-references read as, its parameters' values (or the placeholders of unfilled ones) and
// whether drafting notes are left out. Each exporter's walk extends it with what its format needs.
import type { Node } from 'prosemirror-model'
import { numberTreaty, type Numbering } from '../../editor/model/numbering.js'
import { citeReferences, DEFAULT_CITATION_STYLE, type CitationStyle, type Citations } from '../../editor/model/citation.js'
import { parameterText, placeholderText } from '../../editor/model/clauses/values.js'

/** What a walk over one treaty reads in every format. */
export interface TreatyWalk {
  numbering: Numbering
  citations: Citations
  /** The parameters' values by name. */
  params: Record<string, string>
  /** Labels of the parameters by name (from the clauses they come from): unfilled ones read as "[label]". */
  labels?: ReadonlyMap<string, string> | undefined
  /** True: without drafting notes. */
  clean: boolean
}

/** The options every exporter takes that the walk reads. */
export interface TreatyWalkOptions {
  clean: boolean
  labels?: ReadonlyMap<string, string> | undefined
  /** How cross-references read (the document's setting); default the compact style. */
  citationStyle?: CitationStyle | undefined
}

/** The walk over `doc`: numbered by the numbering module, its references read in the document's style. */
export function treatyWalk(doc: Node, params: Record<string, string>, options: TreatyWalkOptions): TreatyWalk {
  const numbering = numberTreaty(doc)
  const citations = citeReferences(doc, numbering, options.citationStyle ?? DEFAULT_CITATION_STYLE)
  return { numbering, citations, params, labels: options.labels, clean: options.clean }
}

/** How the parameter `name` reads: its value when filled, else its placeholder ("[label]"). */
export function shownParameter(walk: TreatyWalk, name: string): { text: string; filled: boolean } {
  const value = Object.prototype.hasOwnProperty.call(walk.params, name) ? walk.params[name]! : ''
  return value.trim() !== '' ? { text: parameterText(value), filled: true } : { text: placeholderText(name, walk.labels?.get(name)), filled: false }
}
