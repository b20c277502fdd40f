// The treaty schema accepts every shape a merge of two valid documents can take, and never needs an attribute.
import { describe, expect, it } from 'vitest'
import { Mark, type ContentMatch, type Node, type NodeType } from 'prosemirror-model'
import { marks, nodes, schema } from '../../editor/model/schema.js'
import * as b from '../../editor/model/build.js'
import { sampleTreaty } from '../../editor/model/sample.js'

/** Every state of `type`'s content automaton reachable from its start. */
function reachableStates(type: NodeType): ContentMatch[] {
  const seen: ContentMatch[] = [type.contentMatch]
  for (let i = 0; i < seen.length; i++) {
    const state = seen[i]!
    for (let e = 0; e < state.edgeCount; e++) {
      const next = state.edge(e).next
      if (!seen.includes(next)) seen.push(next)
    }
  }
  return seen
}

/** The child types `type`'s content expression mentions at all. */
function childTypes(type: NodeType): NodeType[] {
  const types = new Set<NodeType>()
  for (const state of reachableStates(type)) for (let e = 0; e < state.edgeCount; e++) types.add(state.edge(e).type)
  return [...types]
}

const valid = (node: Node) => { node.check(); return true }

describe('the treaty schema', () => {
  // A merge keeps, drops and interleaves the children of two valid versions of a node, so its children
  // are always some sequence of types the content expression mentions. If every reachable state of the
  // automaton accepts every mentioned type and may end there, every such sequence is valid.
  it.each(Object.keys(nodes).filter((name) => !schema.nodes[name]!.isLeaf))(
    'accepts any sequence of the children %s allows, in any order and number, as every merge needs',
    (name) => {
      const type = schema.nodes[name]!
      const allowed = childTypes(type)
      for (const state of reachableStates(type)) {
        expect(state.validEnd, `${name}: some sequence of children may not end here`).toBe(true)
        for (const child of allowed) {
          expect(state.matchType(child), `${name}: ${child.name} not accepted after some sequence`).not.toBeNull()
        }
      }
    },
  )

  it('accepts the merge shapes that a strict schema would turn into a lost article', () => {
    const p = (text: string) => b.paragraph(text)
    const shapes: Record<string, Node> = {
      'an article with no heading': b.article(p('one')),
      'an article with no paragraph': b.article(b.heading('Scope')),
      'an empty article': b.article(),
      'an article with two headings': b.article(b.heading('Scope'), b.heading('Purpose'), p('one')),
      'a heading after the paragraphs': b.article(p('one'), p('two'), b.heading('Scope')),
      'a drafting note first': b.article(b.note('check'), b.heading('Scope'), p('one')),
      'an empty paragraph': b.article(b.heading('Scope'), schema.nodes.paragraph.create()),
      'a paragraph starting with a sub-paragraph': b.article(b.heading('S'), b.paragraph(b.subparagraph('a'), 'chapeau')),
      'an empty sub-paragraph': b.article(b.heading('S'), b.paragraph('p'), schema.nodes.paragraph.create({ level: 1 })),
      'a sub-paragraph with no paragraph above it': b.article(b.heading('S'), schema.nodes.paragraph.create({ level: 2 }, schema.text('i')), p('one')),
      'text closing a list that is not there': b.article(b.heading('S'), schema.nodes.paragraph.create({ continues: true }, schema.text('x')), p('one')),
      'a level the schema does not number': b.article(b.heading('S'), schema.nodes.paragraph.create({ level: 7 }, schema.text('x'))),
      'a part with articles before its heading': b.part(b.article(b.heading('A'), p('x')), b.heading('Part')),
      'a document without a title': b.doc(b.article(b.heading('A'), p('x'))),
      'a document with two titles': b.doc(b.title('One'), b.title('Two')),
      'an empty document': b.doc(),
      'an empty preamble and conclusion': b.doc(b.preamble(), b.conclusion()),
      'an annex mixing articles and paragraphs': b.annex(p('x'), b.article(b.heading('A'), p('y')), b.heading('Annex')),
    }
    for (const [shape, node] of Object.entries(shapes)) expect(valid(node), shape).toBe(true)
  })

  it('gives every attribute a default and no attribute a validator, so a node built from bare Yjs attributes never fails', () => {
    for (const [name, spec] of [...Object.entries(nodes), ...Object.entries(marks)]) {
      const attrs = ('attrs' in spec ? spec.attrs : undefined) as Record<string, object> | undefined
      for (const [attr, attrSpec] of Object.entries(attrs ?? {})) {
        expect('default' in attrSpec, `${name}.${attr} has no default`).toBe(true)
        expect('validate' in attrSpec, `${name}.${attr} has a validator`).toBe(false)
      }
    }
    for (const type of Object.values(schema.nodes)) {
      expect(type.hasRequiredAttrs(), type.name).toBe(false)
      // What y-prosemirror does with an element that carries no attributes at all.
      if (!type.isText) expect(() => schema.node(type.name, {}, [])).not.toThrow()
    }
    for (const type of Object.values(schema.marks)) expect(() => type.create({})).not.toThrow()
  })

  it('allows every mark wherever there is text', () => {
    const allMarks = Mark.setFrom(Object.values(schema.marks).map((m) => m.create()))
    for (const type of Object.values(schema.nodes)) {
      if (!type.inlineContent) continue
      expect(() => type.createChecked(null, schema.text('x', allMarks))).not.toThrow()
    }
  })

  it('holds the sample treaty', () => {
    expect(valid(sampleTreaty())).toBe(true)
  })
})
