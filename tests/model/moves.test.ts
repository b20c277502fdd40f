// A block a repair makes again in an article, added on its own (editor/model/moves.ts addBlockToArticle).
import { describe, expect, it } from 'vitest'
import { Transform } from 'prosemirror-transform'
import * as b from '../../editor/model/build.js'
import { addBlockToArticle, type BlockToAdd } from '../../editor/model/moves.js'
import { schema } from '../../editor/model/schema.js'

const treaty = (...paragraphs: ReturnType<typeof b.paragraph>[]) =>
  b.doc(b.title('Treaty'), b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'alpha text.'), ...paragraphs))
const block = (text: string): BlockToAdd =>
  ({ article: 'art-1', stamp: '', after: 'p-1', node: schema.nodes.paragraph.create({ id: 'p-2' }, schema.text(text)) })
const paragraphs = (tr: Transform): string[] => {
  const out: string[] = []
  tr.doc.descendants((n) => { if (n.type.name === 'paragraph') out.push(`${String(n.attrs.id)}: ${n.textContent}`); return !n.isTextblock })
  return out
}

describe('a block made again in an article', () => {
  it('goes after the block it followed', () => {
    const tr = new Transform(treaty(b.paragraph({ id: 'p-3' }, 'charlie.')))
    expect(addBlockToArticle(tr, block('typed-here'))).toBe(true)
    expect(paragraphs(tr)).toEqual(['p-1: alpha text.', 'p-2: typed-here', 'p-3: charlie.'])
  })

  it('gives its words to a block with its id that the article holds meanwhile (a moved copy brought it), not a second block', () => {
    const tr = new Transform(treaty(b.paragraph({ id: 'p-2' }, 'bravo text.')))
    expect(addBlockToArticle(tr, block('typed-here'))).toBe(true)
    expect(paragraphs(tr)).toEqual(['p-1: alpha text.', 'p-2: bravo text. typed-here'])
  })

  it('goes nowhere when its article is gone', () => {
    const tr = new Transform(b.doc(b.title('Treaty'), b.article({ id: 'art-9' }, b.heading('Other'), b.paragraph({ id: 'p-9' }, 'x.'))))
    expect(addBlockToArticle(tr, block('typed-here'))).toBe(false)
    expect(tr.steps).toHaveLength(0)
  })
})
