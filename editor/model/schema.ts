// The treaty schema: node and mark specs as plain data, built once into `schema`.
//
// Content expressions are deliberately permissive. y-prosemirror deletes, for every
// participant, any shared element it cannot build as a valid node, so every content
// expression here accepts any interleaving of two valid documents (a merge). The
// treaty's intended shape (an article starts with its heading and holds at least one
// paragraph, …) is restored by `normalize.ts`, and checked by `treatyShapeErrors`.
// For the same reason every attribute has a default and none has a throwing `validate`:
// a bad attribute is repaired by normalisation, never a reason to drop an article.
import { Schema, type MarkSpec, type NodeSpec } from 'prosemirror-model'

/** Bumped whenever a node type, mark or attribute is added; the sync server refuses older editors. */
export const SCHEMA_VERSION = 1

const idAttr = { id: { default: '' } }

/** Attributes shared by every numbered or referable container. */
const structural = (tag: string, extra: Record<string, { default: unknown }> = {}) => ({
  attrs: { ...idAttr, ...extra },
  defining: true,
  parseDOM: [{ tag: `${tag}[data-type]`, getAttrs: (dom: HTMLElement) => ({ id: dom.getAttribute('data-id') ?? '' }) }],
})

/** The node types of a treaty, outermost first. */
export const nodes = {
  /** The whole treaty: front matter, body (divisions and articles), final provisions, conclusion and annexes. */
  doc: { content: '(front | division | article | back | drafting_note)*' },

  /** The treaty's title. */
  title: {
    content: 'inline*',
    group: 'front',
    defining: true,
    parseDOM: [{ tag: 'h1' }],
    toDOM: () => ['h1', { class: 'treaty-title' }, 0],
  },

  /** The preamble: the recitals that state the parties' reasons ("Recognizing …"). */
  preamble: {
    content: '(recital | drafting_note)*',
    group: 'front',
    defining: true,
    parseDOM: [{ tag: 'section.preamble' }],
    toDOM: () => ['section', { class: 'preamble' }, 0],
  },

  /** One recital of the preamble. */
  recital: {
    content: 'inline*',
    parseDOM: [{ tag: 'p.recital' }],
    toDOM: () => ['p', { class: 'recital' }, 0],
  },

  /** Part I, Part II …: the outermost optional division. */
  part: {
    ...structural('section.part'),
    content: '(heading | chapter | section | article | drafting_note)*',
    group: 'division',
    toDOM: (n) => ['section', { class: 'part', 'data-type': 'part', 'data-id': n.attrs.id }, 0],
  },

  /** Chapter I, Chapter II …: inside a part or at the top level. */
  chapter: {
    ...structural('section.chapter'),
    content: '(heading | section | article | drafting_note)*',
    group: 'division',
    toDOM: (n) => ['section', { class: 'chapter', 'data-type': 'chapter', 'data-id': n.attrs.id }, 0],
  },

  /** Section 1, Section 2 …: numbered within its part or chapter. */
  section: {
    ...structural('section.section'),
    content: '(heading | article | drafting_note)*',
    group: 'division',
    toDOM: (n) => ['section', { class: 'section', 'data-type': 'section', 'data-id': n.attrs.id }, 0],
  },

  /** The heading of a part, chapter, section, article, annex or the final provisions. */
  heading: {
    content: 'inline*',
    defining: true,
    parseDOM: [{ tag: 'h2' }, { tag: 'h3' }, { tag: 'h4' }],
    toDOM: () => ['h3', { class: 'heading' }, 0],
  },

  /**
   * An article: its heading, then numbered paragraphs. `clause` carries library provenance
   * (clause id, version, variant, parameter values as JSON) when the text came from the library.
   */
  article: {
    ...structural('article', { clause: { default: null } }),
    content: '(heading | paragraph | drafting_note)*',
    toDOM: (n) => ['article', { class: 'article', 'data-type': 'article', 'data-id': n.attrs.id }, 0],
  },

  /** A paragraph of an article or an annex: 1., 2. … (unnumbered when it is the only one). */
  paragraph: {
    ...structural('div.paragraph'),
    content: '(prose | subparagraph | drafting_note)*',
    toDOM: (n) => ['div', { class: 'paragraph', 'data-type': 'paragraph', 'data-id': n.attrs.id }, 0],
  },

  /** A sub-paragraph: (a), (b) … */
  subparagraph: {
    ...structural('div.subparagraph'),
    content: '(prose | subsubparagraph)*',
    toDOM: (n) => ['div', { class: 'subparagraph', 'data-type': 'subparagraph', 'data-id': n.attrs.id }, 0],
  },

  /** A sub-paragraph of the second level: (i), (ii) … */
  subsubparagraph: {
    ...structural('div.subsubparagraph'),
    content: 'prose*',
    toDOM: (n) => ['div', { class: 'subsubparagraph', 'data-type': 'subsubparagraph', 'data-id': n.attrs.id }, 0],
  },

  /** A run of text inside a paragraph or sub-paragraph (the chapeau, or text after a list). */
  prose: {
    content: 'inline*',
    parseDOM: [{ tag: 'p' }],
    toDOM: () => ['p', 0],
  },

  /** The final provisions: signature, ratification, entry into force … as articles numbered on from the body. */
  final_provisions: {
    ...structural('section.final-provisions'),
    content: '(heading | article | drafting_note)*',
    group: 'back',
    toDOM: (n) => ['section', { class: 'final-provisions', 'data-type': 'final_provisions', 'data-id': n.attrs.id }, 0],
  },

  /** The conclusion: testimonium, "Done at … on …", and the signature blocks. */
  conclusion: {
    content: '(prose | signature | drafting_note)*',
    group: 'back',
    defining: true,
    parseDOM: [{ tag: 'section.conclusion' }],
    toDOM: () => ['section', { class: 'conclusion' }, 0],
  },

  /** One signature block: the party, then the signatory's name and title. */
  signature: {
    ...structural('div.signature'),
    content: 'prose*',
    toDOM: (n) => ['div', { class: 'signature', 'data-type': 'signature', 'data-id': n.attrs.id }, 0],
  },

  /** An annex: Annex I, II …, with its own heading and its own articles or paragraphs. */
  annex: {
    ...structural('section.annex'),
    content: '(heading | article | paragraph | drafting_note)*',
    group: 'back',
    toDOM: (n) => ['section', { class: 'annex', 'data-type': 'annex', 'data-id': n.attrs.id }, 0],
  },

  /** A drafters' note: shown in the editor, never in a clean export. */
  drafting_note: {
    content: 'inline*',
    defining: true,
    parseDOM: [{ tag: 'aside.drafting-note' }],
    toDOM: () => ['aside', { class: 'drafting-note' }, 0],
  },

  text: { group: 'inline' },

  /**
   * A document-wide parameter (a party's name, a date …), shown with its current value.
   * The values live beside the content (see parameters.ts); the node holds only the name.
   */
  parameter: {
    inline: true,
    group: 'inline',
    atom: true,
    selectable: true,
    attrs: { name: { default: '' } },
    parseDOM: [{ tag: 'span.parameter', getAttrs: (dom: HTMLElement) => ({ name: dom.getAttribute('data-name') ?? '' }) }],
    toDOM: (n) => ['span', { class: 'parameter', 'data-name': n.attrs.name }, `[${n.attrs.name}]`],
  },

  /** A cross-reference to an article, paragraph or division by stable id; shows the target's current number. */
  xref: {
    inline: true,
    group: 'inline',
    atom: true,
    selectable: true,
    attrs: { target: { default: '' } },
    parseDOM: [{ tag: 'a.xref', getAttrs: (dom: HTMLElement) => ({ target: dom.getAttribute('data-target') ?? '' }) }],
    toDOM: (n) => ['a', { class: 'xref', 'data-target': n.attrs.target }, '→'],
  },

  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: () => ['br'],
  },
} satisfies Record<string, NodeSpec>

/** Inline marks. Every text-holding node allows every mark, so no merge can produce a disallowed one. */
export const marks = {
  /** Bold. */
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }],
    toDOM: () => ['strong', 0],
  },
  /** Italic. */
  em: {
    parseDOM: [{ tag: 'em' }, { tag: 'i' }],
    toDOM: () => ['em', 0],
  },
  /** Underline. */
  underline: {
    parseDOM: [{ tag: 'u' }],
    toDOM: () => ['u', 0],
  },
  /**
   * A defined term: `defining` where the term is defined ("'Facilitator' means …"),
   * otherwise a use of it. `key` is the normalised term the two share.
   */
  term: {
    attrs: { key: { default: '' }, defining: { default: false } },
    inclusive: false,
    parseDOM: [{ tag: 'span.term', getAttrs: (dom: HTMLElement) => ({ key: dom.getAttribute('data-key') ?? '', defining: dom.hasAttribute('data-defining') }) }],
    toDOM: (m) => ['span', { class: m.attrs.defining ? 'term term-defining' : 'term', 'data-key': m.attrs.key, ...(m.attrs.defining ? { 'data-defining': '' } : {}) }, 0],
  },
} satisfies Record<string, MarkSpec>

/** The one treaty schema, shared by the editor, the server, importers and exporters. */
export const schema = new Schema({ nodes, marks })

export type NodeName = keyof typeof nodes

/** Node types that carry a stable id and can be the target of a cross-reference. */
export const ID_TYPES: ReadonlySet<string> = new Set([
  'part', 'chapter', 'section', 'article', 'paragraph', 'subparagraph', 'subsubparagraph',
  'final_provisions', 'signature', 'annex',
])
