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

export { SCHEMA_VERSION } from './schema-version.js'

const idAttr = { id: { default: '' } }

/** The deepest paragraph level: 0 is "1.", 1 is "(a)", 2 is "(i)". */
export const MAX_LEVEL = 2

/** A paragraph's level as a number 0…MAX_LEVEL, whatever a merge or an old client left in the attribute. */
export function clampLevel(level: unknown): number {
  const n = typeof level === 'number' ? level : Number(level)
  return Number.isInteger(n) ? Math.max(0, Math.min(MAX_LEVEL, n)) : 0
}

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
   * (clause id, version, variant, parameter values as JSON) when the text came from the library;
   * `moved` is the stamp of its last move, which settles two concurrent moves of it (moves.ts).
   */
  article: {
    ...structural('article', { clause: { default: null }, moved: { default: '' } }),
    content: '(heading | paragraph | drafting_note)*',
    toDOM: (n) => ['article', { class: 'article', 'data-type': 'article', 'data-id': n.attrs.id }, 0],
  },

  /**
   * A numbered unit of an article or an annex, as one text block: a paragraph "1." (level 0), a
   * sub-paragraph "(a)" (level 1) or a sub-paragraph of the second level "(i)" (level 2). Levels
   * are an attribute, never containers, so indenting or outdenting changes an attribute in the
   * shared document and never moves text (a move between containers is a delete and an insert in
   * Yjs, which loses what another drafter types meanwhile). Nesting, for numbering and exports, is
   * computed from the sequence of levels by `numbering.ts`, as word processors do with list levels.
   * `continues` marks a run of text that closes the list above it (the words after (a), (b) …): it
   * belongs to the last unit of its level before it and takes no number of its own.
   */
  paragraph: {
    attrs: { ...idAttr, level: { default: 0 }, continues: { default: false } },
    content: 'inline*',
    defining: true,
    parseDOM: [{
      tag: 'p.paragraph',
      getAttrs: (dom: HTMLElement) => ({
        id: dom.getAttribute('data-id') ?? '',
        level: Number(dom.getAttribute('data-level') ?? 0) || 0,
        continues: dom.hasAttribute('data-continues'),
      }),
    }],
    toDOM: (n) => ['p', {
      class: `paragraph level-${clampLevel(n.attrs.level)}${n.attrs.continues ? ' continues' : ''}`,
      'data-type': 'paragraph', 'data-id': n.attrs.id, 'data-level': String(clampLevel(n.attrs.level)),
      ...(n.attrs.continues ? { 'data-continues': '' } : {}),
    }, 0],
  },

  /** A run of text of the conclusion or of a signature block. */
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

  /** A cross-reference to an article, paragraph or division by stable id; shows the target's current number as treaties cite it (citation.ts). */
  xref: {
    inline: true,
    group: 'inline',
    atom: true,
    selectable: true,
    attrs: { target: { default: '' } },
    parseDOM: [{ tag: 'a.xref', getAttrs: (dom: HTMLElement) => ({ target: dom.getAttribute('data-target') ?? '' }) }],
    toDOM: (n) => ['a', { class: 'xref', 'data-target': n.attrs.target }, '→'],
  },

  /**
   * A footnote: its marker stands where it is in the text (numbered 1, 2, 3 … through the document
   * by `numbering.ts`), and its text is its content — shared text like any other, so drafters type
   * into the same footnote together. Only text (with marks), never another footnote or an atom, so
   * any merge of two valid footnotes is valid. `id` is stable, for exports that name the note.
   */
  footnote: {
    inline: true,
    group: 'inline',
    content: 'text*',
    atom: true,
    selectable: true,
    draggable: false,
    attrs: { ...idAttr },
    parseDOM: [{ tag: 'span.footnote', getAttrs: (dom: HTMLElement) => ({ id: dom.getAttribute('data-id') ?? '' }) }],
    toDOM: (n) => ['span', { class: 'footnote', 'data-id': n.attrs.id }, 0],
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
  'part', 'chapter', 'section', 'article', 'paragraph', 'final_provisions', 'signature', 'annex',
])

/**
 * Containers whose first child is their heading: normalisation gives one that lost its heading an
 * empty one, and Backspace in the heading of an empty one deletes the container.
 */
export const HEADED_TYPES: ReadonlySet<string> = new Set([
  'part', 'chapter', 'section', 'article', 'final_provisions', 'annex',
])
