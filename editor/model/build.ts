// Terse constructors for treaty documents: the sample treaty, templates, importers and tests
// build documents with these instead of spelling out node JSON.
import type { Node } from 'prosemirror-model'
import { schema } from './schema.js'

/** Inline content: plain text, or an inline node such as a parameter or cross-reference. */
export type Inline = string | Node

/** Optional stable id, given as the first argument of a structural builder. */
export type Id = { id: string }

const inline = (parts: Inline[]): Node[] =>
  parts.filter((p) => p !== '').map((p) => (typeof p === 'string' ? schema.text(p) : p))

const isId = (x: unknown): x is Id =>
  typeof x === 'object' && x !== null && !('type' in x) && 'id' in x

/** Splits an optional leading `{id}` off a builder's arguments. */
function withId<T>(args: Array<Id | T>): [string, T[]] {
  const [first, ...rest] = args
  return isId(first) ? [first.id, rest as T[]] : ['', args as T[]]
}

/** Text blocks and containers accept bare strings as a first-level prose run. */
const blockOrProse = (parts: Array<Inline | Node>): Node[] => {
  const out: Node[] = []
  let run: Inline[] = []
  const flush = () => { if (run.length) out.push(schema.nodes.prose.create(null, inline(run))); run = [] }
  for (const part of parts) {
    if (typeof part === 'string' || part.isInline) run.push(part)
    else { flush(); out.push(part) }
  }
  flush()
  return out
}

const container = (type: string) => (...args: Array<Id | Node>): Node => {
  const [id, children] = withId<Node>(args)
  return schema.nodes[type]!.create({ id }, children)
}

const textblock = (type: string) => (...parts: Inline[]): Node =>
  schema.nodes[type]!.create(null, inline(parts))

export const doc = (...children: Node[]): Node => schema.nodes.doc.create(null, children)
export const title = textblock('title')
export const recital = textblock('recital')
export const heading = textblock('heading')
export const prose = textblock('prose')
export const note = textblock('drafting_note')
export const preamble = (...recitals: Node[]): Node => schema.nodes.preamble.create(null, recitals)
export const conclusion = (...children: Node[]): Node => schema.nodes.conclusion.create(null, children)
export const part = container('part')
export const chapter = container('chapter')
export const section = container('section')
export const article = container('article')
export const annex = container('annex')
export const finalProvisions = container('final_provisions')
export const signature = container('signature')

/** A paragraph: strings and inline nodes form its text; sub-paragraph nodes follow as given. */
export const paragraph = (...args: Array<Id | Inline | Node>): Node => {
  const [id, parts] = withId<Inline | Node>(args)
  return schema.nodes.paragraph.create({ id }, blockOrProse(parts))
}
/** A sub-paragraph (a): text, then optional (i) sub-paragraphs. */
export const subparagraph = (...args: Array<Id | Inline | Node>): Node => {
  const [id, parts] = withId<Inline | Node>(args)
  return schema.nodes.subparagraph.create({ id }, blockOrProse(parts))
}
/** A sub-paragraph of the second level (i). */
export const subsubparagraph = (...args: Array<Id | Inline>): Node => {
  const [id, parts] = withId<Inline>(args)
  return schema.nodes.subsubparagraph.create({ id }, blockOrProse(parts))
}

/** A parameter placeholder for the document-wide value `name`. */
export const param = (name: string): Node => schema.nodes.parameter.create({ name })
/** A cross-reference to the unit with stable id `target`. */
export const xref = (target: string): Node => schema.nodes.xref.create({ target })
/** Text carrying a mark: `marked('strong', 'text')`, or a defined term with `term(key, text, defining)`. */
export const marked = (mark: 'strong' | 'em' | 'underline', text: string): Node =>
  schema.text(text, [schema.marks[mark]!.create()])
export const term = (key: string, text: string, defining = false): Node =>
  schema.text(text, [schema.marks.term.create({ key, defining })])
