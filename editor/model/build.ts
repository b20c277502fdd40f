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

/** What a container builder accepts: nodes, and the lists of blocks a paragraph builder returns. */
export type Blocks = Node | Node[]

const flat = (children: Blocks[]): Node[] => children.flatMap((c) => (Array.isArray(c) ? c : [c]))

const container = (type: string) => (...args: Array<Id | Blocks>): Node => {
  const [id, children] = withId<Blocks>(args)
  return schema.nodes[type]!.create({ id }, flat(children))
}

const textblock = (type: string) => (...parts: Inline[]): Node =>
  schema.nodes[type]!.create(null, inline(parts))

export const doc = (...children: Node[]): Node => schema.nodes.doc.create(null, children)
export const title = textblock('title')
export const recital = textblock('recital')
export const heading = textblock('heading')
export const prose = textblock('prose')
export const preamble = (...recitals: Node[]): Node => schema.nodes.preamble.create(null, recitals)
export const conclusion = (...children: Node[]): Node => schema.nodes.conclusion.create(null, children)
export const part = container('part')
export const chapter = container('chapter')
export const section = container('section')
export const article = container('article')
export const annex = container('annex')
export const finalProvisions = container('final_provisions')
export const signature = container('signature')

/**
 * A unit at `level` written as nesting: its leading strings and inline nodes form its own block,
 * the units given after them follow one level deeper, and text after those continues the unit
 * (a block with `continues`). Returns the flat sequence of blocks the document stores.
 */
const unit = (level: number) => (...args: Array<Id | Inline | Node[]>): Node[] => {
  const [id, parts] = withId<Inline | Node[]>(args)
  const out: Node[] = []
  let run: Inline[] = []
  let seenUnits = false
  const flush = () => {
    if (!seenUnits) out.push(schema.nodes.paragraph.create({ id, level }, inline(run)))
    else if (run.length) out.push(schema.nodes.paragraph.create({ id: '', level, continues: true }, inline(run)))
    run = []
  }
  for (const part of parts) {
    if (typeof part !== 'string' && !Array.isArray(part) && !part.isInline) {
      // a block written inside a unit (a drafting note) follows the unit's text where it stands
      flush()
      seenUnits = true
      out.push(part)
    } else if (Array.isArray(part)) {
      if (!seenUnits) flush()
      else if (run.length) flush()
      seenUnits = true
      out.push(...part)
    } else run.push(part)
  }
  if (!seenUnits || run.length) flush()
  return out
}

/** A paragraph "1.": strings and inline nodes form its text; sub-paragraphs follow as given, then any closing text. */
export const paragraph = unit(0)
/** A sub-paragraph "(a)": text, then optional (i) sub-paragraphs, then any closing text. */
export const subparagraph = unit(1)
/** A sub-paragraph of the second level "(i)". */
export const subsubparagraph = (...args: Array<Id | Inline>): Node[] => unit(2)(...args)
/** A drafting note as its own block (a paragraph's note is written after the paragraph). */
export const note = (...parts: Inline[]): Node => schema.nodes.drafting_note.create(null, inline(parts))

/** A parameter placeholder for the document-wide value `name`. */
export const param = (name: string): Node => schema.nodes.parameter.create({ name })
/** A cross-reference to the unit with stable id `target`. */
export const xref = (target: string): Node => schema.nodes.xref.create({ target })
/** Text carrying a mark: `marked('strong', 'text')`, or a defined term with `term(key, text, defining)`. */
export const marked = (mark: 'strong' | 'em' | 'underline', text: string): Node =>
  schema.text(text, [schema.marks[mark]!.create()])
export const term = (key: string, text: string, defining = false): Node =>
  schema.text(text, [schema.marks.term.create({ key, defining })])
/** A footnote whose text is `text` (marked text nodes allowed), with an optional stable id. */
export const footnote = (text: Inline | Inline[], id = ''): Node =>
  schema.nodes.footnote.create({ id }, inline((Array.isArray(text) ? text : [text]).filter((p) => typeof p === 'string' || p.isText)))
