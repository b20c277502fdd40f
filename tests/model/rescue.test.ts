// What an editor puts back of its own text after a change from elsewhere (editor/model/rescue.ts).
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { Transform } from 'prosemirror-transform'
import * as b from '../../editor/model/build.js'
import { restoreOwnText, type OwnText } from '../../editor/model/rescue.js'

const treaty = (...paragraphs: Node[][]) => b.doc(b.title('Treaty'), b.article({ id: 'art-1' }, b.heading('Scope'), ...paragraphs))
const count = (doc: Node, word: string) => doc.textContent.split(word).length - 1

describe('a block the shared document holds in another element (replaced)', () => {
  const typed: OwnText[] = [{ block: 'p-1', text: 'typed-here ', before: 'alpha ', after: 'text.' }]

  it('gets back the own words it lacks', () => {
    const before = treaty(b.paragraph({ id: 'p-1' }, 'alpha typed-here text.'))
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha text.')))
    restoreOwnText(tr, before, typed, [], undefined, () => true)
    expect(tr.doc.textContent).toContain('alpha typed-here text.')
  })

  it('does not get words the same change carried to another block (a split, an undone join): they are not doubled', () => {
    const before = treaty(b.paragraph({ id: 'p-1' }, 'alpha typed-here text.'))
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha '), b.paragraph({ id: 'p-2' }, 'typed-here text.')))
    restoreOwnText(tr, before, typed, [], undefined, () => true)
    expect(count(tr.doc, 'typed-here')).toBe(1)
  })
})
