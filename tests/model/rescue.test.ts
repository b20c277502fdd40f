// What an editor puts back of its own text after a change from elsewhere (editor/model/rescue.ts).
import { describe, expect, it } from 'vitest'
import type { Node } from 'prosemirror-model'
import { Transform } from 'prosemirror-transform'
import * as b from '../../editor/model/build.js'
import { schema } from '../../editor/model/schema.js'
import { posOf } from '../helpers/yharness.js'
import { followOwnText, isUnseenWord, remakeUnseenRecitals, restoreOwnText, type OwnText } from '../../editor/model/rescue.js'

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
    const { kept } = restoreOwnText(tr, before, typed, [], undefined, () => true)
    expect(count(tr.doc, 'typed-here')).toBe(1)
    // and are remembered where they went, so a later change that takes them from there can give them back
    expect(kept).toEqual([{ block: 'p-2', text: 'typed-here ', before: '', after: 'text.', carried: true }])
  })
})

describe('own words a change deleted in a block that stays', () => {
  const typed: OwnText[] = [{ block: 'p-1', text: 'typed-here ', before: 'alpha ', after: 'text.' }]
  const before = treaty(b.paragraph({ id: 'p-1' }, 'alpha typed-here text.'))

  it('come back when the change\'s author never had them (unseen)', () => {
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha text.')))
    restoreOwnText(tr, before, typed, [], undefined, () => false, { own: 'typed-here ', all: 'typed-here ' })
    expect(tr.doc.textContent).toContain('alpha typed-here text.')
  })

  it('come back also when they were written again under another drafter\'s client id (by what this editor remembers writing)', () => {
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha text.')))
    restoreOwnText(tr, before, typed, [], undefined, () => false, { own: '', all: 'typed-here ' })
    expect(tr.doc.textContent).toContain('alpha typed-here text.')
  })

  it('stay deleted when its author had them', () => {
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha text.')))
    const { kept } = restoreOwnText(tr, before, typed, [], undefined, () => false, { own: '', all: '' })
    expect(tr.doc.textContent).not.toContain('typed-here')
    expect(kept).toEqual([])
  })
})

describe('own text put back after a join', () => {
  const typed: OwnText[] = [{ block: 'p-2', text: 'typed-here ', before: 'bravo ', after: 'text.' }]
  const before = treaty(b.paragraph({ id: 'p-1' }, 'alpha text.'), b.paragraph({ id: 'p-2' }, 'bravo typed-here text.'))

  it('goes beside the same words, and is remembered in the block it went to (a later move of the article must not lose it)', () => {
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha text.bravo text.')))
    const { kept } = restoreOwnText(tr, before, typed, [], undefined, () => false, { own: 'typed-here ', all: 'typed-here ' })
    expect(tr.doc.textContent).toContain('alpha text.bravo typed-here text.')
    expect(kept).toEqual([{ block: 'p-1', text: 'typed-here ', before: 'alpha text.bravo ', after: 'text.', carried: true }])
  })

  it('that the join carried along is remembered in the block it went to (a later change there can still give it back)', () => {
    const atStart: OwnText[] = [{ block: 'p-2', text: 'typed-here ', before: '', after: 'bravo text.' }]
    const old = treaty(b.paragraph({ id: 'p-1' }, 'alpha text.'), b.paragraph({ id: 'p-2' }, 'typed-here bravo text.'))
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha text.typed-here bravo text.')))
    const { kept } = restoreOwnText(tr, old, atStart, [], undefined, () => false, { own: '', all: '' })
    expect(count(tr.doc, 'typed-here')).toBe(1)
    expect(kept).toEqual([{ block: 'p-1', text: 'typed-here ', before: 'alpha text.', after: 'bravo text.', carried: true }])
  })

  it('leaves the words after it whole when they begin with what it begins with', () => {
    const old = treaty(b.paragraph({ id: 'p-1' }, 'alpha text.'), b.paragraph({ id: 'p-2' }, 'bravo take text.'))
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha text.bravo text.')))
    restoreOwnText(tr, old, [{ block: 'p-2', text: 'take ', before: 'bravo ', after: 'text.' }], [], undefined, () => false, { own: 'take ', all: 'take ' })
    expect(tr.doc.textContent).toContain('bravo take text.')
  })

  it('is not written twice where the drafter who joined it had its start', () => {
    const old = treaty(b.paragraph({ id: 'p-1' }, 'alpha text.'), b.paragraph({ id: 'p-2' }, 'bravo typed-here text and more words.'))
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha text.bravo typtext and more words.')))
    restoreOwnText(tr, old, [{ block: 'p-2', text: 'typed-here ', before: 'bravo ', after: 'text and more wo' }], [], undefined, () => false, { own: 'ed-here ', all: 'ed-here ' })
    expect(tr.doc.textContent).toContain('bravo typed-here text and more words.')
  })

  it('is not written again where its words came along run into the next by a deleted space', () => {
    // (the words after it were remembered shifted by a letter: written again before them, the text
    // would split "echo")
    const old = treaty(b.paragraph({ id: 'p-1' }, 'alpha '), b.paragraph({ id: 'p-2' }, 'typed-here echo text and more.'))
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha typed-hereecho text and more.')))
    const { kept } = restoreOwnText(tr, old, [{ block: 'p-2', text: 'typed-here ', before: '', after: 'cho text and' }], [], undefined, () => false, { own: 'typed-here ', all: 'typed-here ' })
    expect(tr.doc.child(1).child(1).textContent).toBe('alpha typed-hereecho text and more.')
    expect(kept.map((e) => e.block)).toEqual(['p-1'])
  })

  it('is remembered in the block it went to also when the words right around it were deleted too', () => {
    const wider: OwnText[] = [{ block: 'p-2', text: 'typed-here ', before: 'bravo ', after: 'charlie delta.' }]
    const old = treaty(b.paragraph({ id: 'p-1' }, 'alpha text.'), b.paragraph({ id: 'p-2' }, 'bravo typed-here charlie delta.'))
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha delta.')))
    const { kept } = restoreOwnText(tr, old, wider, [], undefined, () => false, { own: 'typed-here ', all: 'typed-here ' })
    expect(tr.doc.textContent).toContain('typed-here')
    expect(kept.map((e) => e.block)).toEqual(['p-1'])
  })
})

describe('own text after this editor\'s undo', () => {
  it('follows its words to the block the undo carried them into', () => {
    const split = treaty(b.paragraph({ id: 'p-1' }, 'alpha '), b.paragraph({ id: 'p-2' }, 'typed-here text.'))
    const joined = treaty(b.paragraph({ id: 'p-1' }, 'alpha typed-here text.'))
    const typed: OwnText[] = [{ block: 'p-2', text: 'typed-here ', before: '', after: 'text.' }]
    expect(followOwnText(split, joined, typed)).toEqual([{ block: 'p-1', text: 'typed-here ', before: 'alpha ', after: 'text.', carried: true }])
  })
})

describe('own text in a paragraph made again under an id another paragraph has', () => {
  // two editors each made a paragraph again under one id (restoreOwnText's remake) with their own
  // words, which hold no space at their end; a repair then gives one of them an id of its own
  const mine = b.paragraph({ id: 'p-2' }, 'typed-one typed-two')
  const theirs = b.paragraph({ id: 'p-2' }, 'their-word')
  const typed: OwnText[] = [{ block: 'p-2', text: 'typed-one typed-two ', before: 'alpha ', after: '' }]

  it('is remembered where the repair put it', () => {
    const twins = treaty(b.paragraph({ id: 'p-1' }, 'alpha '), theirs, mine)
    const renamed = treaty(b.paragraph({ id: 'p-1' }, 'alpha '), theirs, b.paragraph({ id: 'p-9' }, 'typed-one typed-two'))
    expect(followOwnText(twins, renamed, typed).map((e) => e.block)).toEqual(['p-9'])
  })

  it('is not forgotten when the other paragraph arrives', () => {
    const before = treaty(b.paragraph({ id: 'p-1' }, 'alpha '), mine)
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha '), theirs, mine))
    expect(restoreOwnText(tr, before, typed, [], undefined, () => false).kept).toEqual(typed)
  })
})

describe('own words of a paragraph a deleted selection removed with every word around them', () => {
  it('go to the end of the block the selection started in, also when a deleted space ran them together', () => {
    const before = treaty(b.paragraph({ id: 'p-1' }, 'alpha text.'), b.paragraph({ id: 'p-2' }, 'typed-onetyped-two tail.'))
    const typed: OwnText[] = [{ block: 'p-2', text: 'typed-one typed-two ', before: '', after: 'tail.' }]
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha ')))
    restoreOwnText(tr, before, typed, [], undefined, () => false)
    expect(tr.doc.textContent).toContain('alpha typed-one typed-two')
  })
})

describe('own words of a paragraph joined away whose other words this editor wrote too (its split)', () => {
  /**
   * This editor split `split` off into p-3 and typed "typed-here " before it; another drafter joined
   * p-3 into p-1, past p-2 (which the change left as it was), and `split` came along. The first
   * article's paragraphs once this editor has put back what the change deleted unseen (`unseen`).
   */
  const joinedAway = (p3: string, split: string, unseen: string): string[] => {
    const before = treaty(b.paragraph({ id: 'p-1' }, 'alpha text.'), b.paragraph({ id: 'p-2' }, 'bravo '), b.paragraph({ id: 'p-3' }, p3))
    const own: OwnText[] = [{ block: 'p-3', text: split, before: '', after: '' }, { block: 'p-3', text: 'typed-here ', before: '', after: split }]
    const at = (id: string) => posOf(before, id)
    const tr = new Transform(before)
    tr.delete(at('p-3'), at('p-3') + before.child(1).child(3).nodeSize)
    tr.replaceWith(at('p-1') + 1 + 'alpha '.length, at('p-1') + 1 + 'alpha text.'.length, schema.text(split))
    restoreOwnText(tr, before, own, [], undefined, () => false, { own: 'typed-here ', all: unseen })
    const paragraphs: string[] = []
    tr.doc.child(1).forEach((node) => { if (node.type.name === 'paragraph') paragraphs.push(node.textContent) })
    return paragraphs
  }

  it('go beside those of them that came along with the join, not where the paragraph before it stands', () => {
    expect(joinedAway('typed-here zed.', 'zed.', 'typed-here ')).toEqual(['alpha typed-here zed.', 'bravo '])
  })

  it('go there also when another drafter\'s words in the paragraph went with it', () => {
    expect(joinedAway('typed-here kilo. theirs-typed.', 'kilo.', 'typed-here \n theirs-typed.')).toEqual(['alpha typed-here kilo.', 'bravo '])
  })
})

describe('own words of a joined paragraph, some carried there and made again as a paragraph of their own', () => {
  it('go with the join too, the others, and nothing is written twice', () => {
    // the carried words are made again (the joining drafter never had them); the typed ones, not
    // in that paragraph, follow the join to the block the paragraph went to
    const before = treaty(b.paragraph({ id: 'p-1' }, 'alpha text.'), b.paragraph({ id: 'p-2' }, 'bravo carried-one typed-here '))
    const own: OwnText[] = [
      { block: 'p-2', text: 'carried-one ', before: 'bravo ', after: 'typed-here ', carried: true },
      { block: 'p-2', text: 'typed-here ', before: 'bravo carried-one ', after: '' },
    ]
    const tr = new Transform(treaty(b.paragraph({ id: 'p-1' }, 'alpha text.bravo ')))
    restoreOwnText(tr, before, own, [], undefined, () => false, { own: 'carried-one typed-here ', all: 'carried-one typed-here ' }, (id) => (id === 'p-2' ? 'p-1' : undefined))
    expect(count(tr.doc, 'carried-one')).toBe(1)
    expect(count(tr.doc, 'typed-here')).toBe(1)
  })
})

describe('a word among text deleted unseen', () => {
  it('is found also where the binding stored it shifted by the letters it shares with what follows', () => {
    // " typed-meanwhile" typed before " text." is stored as "yped-meanwhile t"
    expect(isUnseenWord('yped-meanwhile t', 'typed-meanwhile')).toBe(true)
    expect(isUnseenWord('typed-meanwhile ', 'typed-meanwhile')).toBe(true)
  })

  it('is not found from less than half of it, nor a short word from a part of it', () => {
    expect(isUnseenWord('while t', 'typed-meanwhile')).toBe(false)
    expect(isUnseenWord('he t', 'the')).toBe(false)
    expect(isUnseenWord('', 'the')).toBe(false)
  })
})

describe('a recital removed by a change from elsewhere', () => {
  const withRecitals = (...texts: string[]) => b.doc(b.title('Treaty'), b.preamble(...texts.map((t) => b.recital(t))), b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'alpha text.')))
  const recitals = (doc: Node): string[] => { const out: string[] = []; doc.descendants((n) => { if (n.type.name === 'recital') out.push(n.textContent); return n.type.name !== 'recital' }); return out }

  it('is made again where it stood, with the own words its remover never had', () => {
    const tr = new Transform(withRecitals('Recognizing alpha.', 'Noting delta.'))
    const made = remakeUnseenRecitals(tr, withRecitals('Recognizing alpha.', 'typed-here', 'Noting delta.'), { own: 'typed-here', all: 'typed-here' })
    expect(made).toBe(1)
    expect(recitals(tr.doc)).toEqual(['Recognizing alpha.', 'typed-here', 'Noting delta.'])
  })

  it('gives its own words to the recital it was joined into, beside the words that came along', () => {
    const tr = new Transform(withRecitals('Recognizing alpha bravo.'))
    const made = remakeUnseenRecitals(tr, withRecitals('Recognizing alpha.', 'Noting typed-here bravo.'), { own: 'typed-here ', all: 'typed-here ' })
    expect(made).toBe(1)
    expect(recitals(tr.doc)).toEqual(['Recognizing alpha typed-here bravo.'])
  })

  it('is not, when its remover had any of its text, or the words are there still', () => {
    const seen = new Transform(withRecitals('Recognizing alpha.'))
    expect(remakeUnseenRecitals(seen, withRecitals('Recognizing alpha.', 'Noting typed-here'), { own: 'typed-here', all: 'typed-here' })).toBe(0)
    const carried = new Transform(withRecitals('Recognizing alpha. typed-here'))
    expect(remakeUnseenRecitals(carried, withRecitals('Recognizing alpha.', 'typed-here'), { own: 'typed-here', all: 'typed-here' })).toBe(0)
    expect(recitals(carried.doc)).toEqual(['Recognizing alpha. typed-here'])
  })
})
