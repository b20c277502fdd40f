// Footnotes are numbered 1, 2, 3 … in document order through the whole treaty, by the numbering module.
import { describe, expect, it } from 'vitest'
import { annex, article, doc, footnote, heading, note, paragraph, preamble, recital, title } from '../../editor/model/build.js'
import { footnoteNumbers, numberFootnotes } from '../../editor/model/numbering.js'
import { schema, treatyShapeErrors } from '../../editor/model/index.js'

const treaty = () => doc(
  title('Treaty', footnote('On the title')),
  preamble(recital('Recalling', footnote('A recital note'))),
  article(heading('Scope', footnote('In a heading')), paragraph('One', footnote('first'), ' and', footnote('second')), note('Note', footnote('in a drafting note'))),
  annex(heading('Annex'), paragraph('Annexed', footnote('last'))),
)

describe('footnote numbering', () => {
  it('numbers every footnote in document order, through headings, recitals, articles and annexes', () => {
    const list = numberFootnotes(treaty())
    expect(list.map((f) => [f.number, f.node.textContent])).toEqual([
      [1, 'On the title'], [2, 'A recital note'], [3, 'In a heading'], [4, 'first'], [5, 'second'], [6, 'in a drafting note'], [7, 'last'],
    ])
    const d = treaty()
    for (const f of numberFootnotes(d)) expect(d.nodeAt(f.pos)?.type.name).toBe('footnote')
  })

  it('leaves out footnotes of drafting notes for clean exports, numbering the others without a gap', () => {
    const list = numberFootnotes(treaty(), { skipNotes: true })
    expect(list.map((f) => f.node.textContent)).toEqual(['On the title', 'A recital note', 'In a heading', 'first', 'second', 'last'])
    expect(list.map((f) => f.number)).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('a footnote inserted before another renumbers it', () => {
    const d = doc(title('T'), article(heading('A'), paragraph('One', footnote('old'))))
    const before = numberFootnotes(d)
    expect(before.map((f) => f.number)).toEqual([1])
    const at = d.resolve(before[0]!.pos).start() // the paragraph's start
    const inserted = d.replace(at, at, d.slice(before[0]!.pos, before[0]!.pos + before[0]!.node.nodeSize))
    const after = numberFootnotes(inserted).map((f) => [f.number, f.node.textContent])
    expect(after).toEqual([[1, 'old'], [2, 'old']])
    expect([...footnoteNumbers(inserted).values()]).toEqual([1, 2])
  })

  it('a footnote holds text only: never another footnote or an atom, and the treaty stays valid', () => {
    const fn = schema.nodes.footnote
    expect(fn.validContent(footnote([schema.text('bold', [schema.marks.strong.create()]), ' plain']).content)).toBe(true)
    expect(() => fn.createChecked(null, [footnote('nested')])).toThrow()
    expect(treatyShapeErrors(treaty()).filter((e) => !e.includes('id'))).toEqual([])
  })
})

describe('a document stored before footnotes existed (schema 2)', () => {
  it('is brought to the current schema without rewriting its text, so comments anchored in it stay anchored', async () => {
    const Y = await import('yjs')
    const { prosemirrorToYXmlFragment } = await import('y-prosemirror')
    const { CONTENT_FRAGMENT, META_MAP, SCHEMA_KEY, SCHEMA_VERSION, contentSchemaVersion, migrateContent } = await import('../../editor/model/index.js')
    const ydoc = new Y.Doc()
    const fragment = ydoc.getXmlFragment(CONTENT_FRAGMENT)
    prosemirrorToYXmlFragment(doc(title('Old'), article({ id: 'a' }, heading('H'), paragraph('kept text'))), fragment)
    ydoc.getMap(META_MAP).set(SCHEMA_KEY, 2)
    const firstBefore = fragment.get(0)
    const anchor = Y.createRelativePositionFromTypeIndex(fragment.get(1) as InstanceType<typeof Y.XmlElement>, 0)
    expect(migrateContent(ydoc, 'test')).toBe(true)
    expect(contentSchemaVersion(ydoc)).toBe(SCHEMA_VERSION)
    expect(fragment.get(0)).toBe(firstBefore)
    expect(Y.createAbsolutePositionFromRelativePosition(anchor, ydoc)?.type).toBe(fragment.get(1))
  })
})

describe('text without footnotes', () => {
  it('is a heading\'s own text, as the outline shows it', async () => {
    const { textWithoutFootnotes } = await import('../../editor/model/numbering.js')
    const h = heading('Scope', footnote('a note'), ' of application')
    expect(h.textContent).toBe('Scopea note of application')
    expect(textWithoutFootnotes(h)).toBe('Scope of application')
  })
})
