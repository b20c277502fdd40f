// @vitest-environment jsdom
// Words in an element a concurrent join or move replaces, in the smallest cases. Yjs has no move,
// so the binding writes a join or a move as deleting the old element and inserting a new one, and
// what another drafter wrote into the old one meanwhile would go with it; the editor that wrote
// it puts it back (editor/model/rescue.ts, moves.ts). A case that loses words would be marked
// as failing: when a fix makes one pass, Vitest reports it, and the mark should go (and, once
// none is left, KNOWN_OPEN in editor-fuzz.test.ts).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { NodeSelection, TextSelection } from 'prosemirror-state'
import { yUndoPluginKey } from 'y-prosemirror'
import * as b from '../../editor/model/build.js'
import { press } from '../helpers/keys.js'
import { seededRng } from '../helpers/prng.js'
import { treatyStateFor } from '../helpers/treaty-peer.js'
import { NETWORK, YHarness, deleteById, muteSelectionWarnings, posOf, type Peer } from '../helpers/yharness.js'
import { applyRemoteUpdate } from '../../editor/model/unseen-deletions.js'
import { textOf } from './ledger.js'

let restoreWarn: () => void
beforeAll(() => { restoreWarn = muteSelectionWarnings() })
afterAll(() => restoreWarn())

const treaty = () => b.doc(
  b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'alpha text.')),
  b.article({ id: 'art-2' }, b.heading('Obligations'),
    b.paragraph({ id: 'p-2' }, 'bravo text.'), b.paragraph({ id: 'p-3' }, 'charlie text.'), b.paragraph({ id: 'p-4' }, 'delta text.')),
  b.article({ id: 'art-3' }, b.heading('Depositary'), b.paragraph({ id: 'p-5' }, 'echo text.')),
)
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo']

/** A room of three editors built as the page builds them; `seed` orders the deliveries. */
async function room(seed: number, initial = treaty()): Promise<[YHarness, Peer, Peer, Peer]> {
  const r = new YHarness({ peers: 3, rng: seededRng(seed), initial, stateFor: (peer) => treatyStateFor(peer) })
  await r.settle()
  return [r, ...(r.peers as [Peer, Peer, Peer])]
}
function caret(peer: Peer, id: string, offset = 0) {
  peer.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, id) + 1 + offset)))
}
const key = (peer: Peer, combo: string) => peer.act(() => press(peer.view, combo))
const type = (peer: Peer, text: string) => peer.edit((state) => state.tr.insertText(text))
/** Ends the drafter's current undo step, as a pause in typing does. */
const stopCapturing = (peer: Peer) => yUndoPluginKey.getState(peer.view.state)?.undoManager?.stopCapturing()

/** Settles the room and returns peer 0's text, after checking that every peer shows the same document. */
async function settledText(r: YHarness): Promise<string> {
  await r.settle()
  for (const peer of r.peers) expect(peer.doc.toJSON()).toEqual(r.peers[0]!.doc.toJSON())
  return textOf(r.peers[0]!.doc)
}

/** Runs `scenario` with deliveries in the orders of a few seeds; every one must keep `expected`. */
async function everyOrder(expected: string[], scenario: (r: YHarness, a: Peer, bee: Peer, c: Peer) => Promise<void> | void, initial = treaty) {
  for (const seed of [1, 2, 3, 4, 5]) {
    const [r, a, bee, c] = await room(seed, initial())
    try {
      await scenario(r, a, bee, c)
      const text = await settledText(r)
      for (const word of expected) expect(text, `seed ${seed}`).toContain(word)
    } finally { r.destroy() }
  }
}

/** Runs `body` with a clock that moves one second at each reading, so move stamps follow the order of the moves. */
async function withTickingClock(body: () => Promise<void>): Promise<void> {
  let now = Date.UTC(2026, 0, 1)
  const clock = vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000))
  try { await body() } finally { clock.mockRestore() }
}

describe('words in an element a concurrent join or move replaces', () => {
  it('two drafters join neighbouring paragraphs at once (Backspace at the start of each): no text is lost', async () => {
    await everyOrder(WORDS, (_r, a, _bee, c) => {
      caret(a, 'p-3'); key(a, 'Backspace')
      caret(c, 'p-4'); key(c, 'Backspace')
    })
  })

  it('one drafter joins a paragraph to the one before it while another types into it: the typing is kept', async () => {
    // (word for word: the words after the typing begin with what it begins with)
    await everyOrder([...WORDS, 'charlie typed-meanwhile text.'], (_r, a, _bee, c) => {
      caret(a, 'p-3'); key(a, 'Backspace')
      caret(c, 'p-3', 'charlie'.length); type(c, ' typed-meanwhile')
    })
  })

  it('one drafter deletes a selection from one paragraph into the next while another types at the end of the second: the typing is kept', async () => {
    await everyOrder(['alpha', 'braie text.', 'delta', 'echo', 'typed-after'], (_r, a, _bee, c) => {
      a.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, 'p-2') + 1 + 'bra'.length, posOf(state.doc, 'p-3') + 1 + 'charl'.length)))
      key(a, 'Backspace')
      caret(c, 'p-3', 'charlie text.'.length); type(c, ' typed-after')
    })
  })

  it('one drafter deletes a selection across paragraphs and then what was left of them, while another, offline, types into the last and splits the one before: the typing is kept', async () => {
    // the words around the typing went with the selection and the second deletion, and the block
    // before the typed paragraph in the typist's editor is one the deleting drafter never had:
    // only the deleting editor's record of the join says where the paragraph went
    await everyOrder(['alpha', 'typed-meanwhile', 'echo'], (r, a, _bee, c) => {
      r.disconnect(c)
      caret(c, 'p-4', 'delta'.length); type(c, ' typed-meanwhile')
      caret(c, 'p-3', 'charlie '.length); key(c, 'Enter')
      a.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, 'p-2') + 1 + 'bravo '.length, posOf(state.doc, 'p-4') + 1 + 'delta '.length)))
      key(a, 'Delete')
      a.edit((state) => { const at = posOf(state.doc, 'p-2') + 1; return state.tr.setSelection(TextSelection.create(state.doc, at, at + state.doc.nodeAt(at - 1)!.content.size)) })
      key(a, 'Delete')
      r.reconnect(c)
    })
  })

  it('one drafter joins a paragraph into the one before and then deletes that one, while another, offline, types into the joined paragraph: the typing is kept', async () => {
    // the joining drafter deleted the text they saw, and then the emptied paragraph; the typist's
    // words, which went with the join into that paragraph, are made again where it stood
    await everyOrder(['alpha', 'delta', 'echo', 'typed-meanwhile'], (r, a, _bee, c) => {
      r.disconnect(c)
      caret(c, 'p-3', 'charlie text.'.length); type(c, ' typed-meanwhile')
      caret(a, 'p-3'); key(a, 'Backspace')
      a.edit((state) => { const at = posOf(state.doc, 'p-2') + 1; return state.tr.setSelection(TextSelection.create(state.doc, at, at + state.doc.nodeAt(at - 1)!.content.size)) })
      key(a, 'Delete')
      key(a, 'Backspace')
      r.reconnect(c)
    })
  })

  it('one drafter deletes a selection from one article into the next while another deletes the first article: the second article\'s other paragraphs are kept', async () => {
    for (const combo of ['Backspace', 'Delete']) {
      await everyOrder(['charlie', 'delta', 'echo', 'typed-meanwhile'], (_r, a, bee, c) => {
        a.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, 'p-1') + 1 + 'alpha'.length, posOf(state.doc, 'p-2') + 1 + 'bra'.length)))
        key(a, combo)
        c.edit((state) => state.tr.setSelection(NodeSelection.create(state.doc, posOf(state.doc, 'art-1'))))
        key(c, 'Backspace')
        caret(bee, 'p-4', 'delta text.'.length); type(bee, ' typed-meanwhile')
      })
    }
  })

  it('one drafter deletes a selection from an article into an annex while others type into the annex and add a paragraph to it: all is kept', async () => {
    const withAnnex = () => b.doc(
      b.title('Treaty'),
      b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'alpha text.')),
      b.annex({ id: 'annex-1' }, b.heading('Annex'), b.paragraph({ id: 'p-x' }, 'xray text.'), b.paragraph({ id: 'p-y' }, 'yankee text.')),
    )
    for (const combo of ['Backspace', 'Delete']) {
      await everyOrder(['alpha', 'ay text.', 'yankee', 'typed-meanwhile', 'added-meanwhile'], (_r, a, bee, c) => {
        a.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, 'p-1') + 1 + 'alpha'.length, posOf(state.doc, 'p-x') + 1 + 'xr'.length)))
        key(a, combo)
        caret(bee, 'p-y', 'yankee'.length); type(bee, ' typed-meanwhile')
        caret(c, 'p-y', 'yankee text.'.length); key(c, 'Mod-Enter'); type(c, 'added-meanwhile')
      }, withAnnex)
    }
  })

  it('one drafter deletes a selection from an annex heading into its paragraph while another types at the end of the paragraph: the typing is kept', async () => {
    const withAnnex = () => b.doc(
      b.title('Treaty'),
      b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'alpha text.')),
      b.annex({ id: 'annex-1' }, b.heading('Annex heading'), b.paragraph({ id: 'p-x' }, 'xray text.')),
    )
    for (const combo of ['Backspace', 'Delete']) {
      await everyOrder(['alpha', 'Annex', 'text.', 'typed-after'], (_r, a, _bee, c) => {
        a.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, 'annex-1') + 2 + 'Annex'.length, posOf(state.doc, 'p-x') + 1 + 'xray'.length)))
        key(a, combo)
        caret(c, 'p-x', 'xray text.'.length); type(c, ' typed-after')
      }, withAnnex)
    }
  })

  it('one drafter deletes a selection across a parameter or cross-reference while another types after it: the typing is kept', async () => {
    // with the inline node gone, the binding writes the paragraph's two texts as one: it deletes the
    // second Y.XmlText whole, with what the typist wrote into it and the deleting drafter never had
    for (const inline of [b.param('government'), b.xref('p-1')]) {
      const withInline = () => b.doc(
        b.title('Treaty'),
        b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'alpha text.')),
        b.article({ id: 'art-2' }, b.heading('Obligations'), b.paragraph({ id: 'p-2' }, 'bravo ', inline, ' middle words here end.')),
      )
      await everyOrder(['alpha', 'bra', 'end.', 'typed-meanwhile'], (_r, a, _bee, c) => {
        const start = 'bra'.length
        const end = 'bravo '.length + 1 + ' middle words here'.length
        a.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, 'p-2') + 1 + start, posOf(state.doc, 'p-2') + 1 + end)))
        key(a, 'Backspace')
        caret(c, 'p-2', 'bravo '.length + 1 + ' middle'.length); type(c, ' typed-meanwhile')
      }, withInline)
    }
  })

  it('one drafter removes an empty paragraph (Backspace) while another, offline, types into it: the typing is kept, also in an annex', async () => {
    // the first drafter removed an empty line, never the words: their writer makes the paragraph
    // again where it stood (a paragraph deleted by a drafter who saw its text goes: joins.test.ts)
    // (in an article, and in an annex, which is never moved and has no move stamp)
    const blocks = () => [b.paragraph({ id: 'p-2' }, 'bravo text.'), b.paragraph({ id: 'p-e' }), b.paragraph({ id: 'p-4' }, 'delta text.')]
    const withEmpty = [
      () => b.doc(
        b.title('Treaty'),
        b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'alpha text.')),
        b.article({ id: 'art-2' }, b.heading('Obligations'), ...blocks()),
      ),
      () => b.doc(
        b.title('Treaty'),
        b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'alpha text.')),
        b.annex({ id: 'annex-1' }, b.heading('Annex'), ...blocks()),
      ),
    ]
    for (const initial of withEmpty) {
      for (const combo of ['Backspace', 'Delete']) {
        await everyOrder(['alpha', 'bravo text.', 'typed-meanwhile', 'delta text.'], (r, a, _bee, c) => {
          r.disconnect(c)
          caret(c, 'p-e'); type(c, 'typed-meanwhile')
          if (combo === 'Backspace') caret(a, 'p-e')
          else caret(a, 'p-2', 'bravo text.'.length)
          key(a, combo)
          r.reconnect(c)
        }, initial)
      }
    }
  })

  it('one drafter removes an empty recital (Backspace) while another, offline, types into it: the typing is kept', async () => {
    // a recital has no id: what its writer typed is told by the update's delete set alone
    const withRecitals = () => b.doc(
      b.title('Treaty'),
      b.preamble(b.recital('Recognizing alpha text.'), b.recital(), b.recital('Noting delta text.')),
      b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'bravo text.')),
    )
    /** The position inside the second recital of `peer`'s document. */
    const inSecondRecital = (peer: Peer): number => {
      let at = -1
      let seen = 0
      peer.doc.descendants((node, pos) => {
        if (node.type.name === 'recital' && ++seen === 2) at = pos + 1
        return at < 0
      })
      return at
    }
    await everyOrder(['alpha', 'typed-meanwhile', 'delta', 'bravo'], (r, a, _bee, c) => {
      r.disconnect(c)
      c.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, inSecondRecital(c))))
      type(c, 'typed-meanwhile')
      a.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, inSecondRecital(a))))
      key(a, 'Backspace')
      r.reconnect(c)
    }, withRecitals)
  })

  it('one drafter deletes a selection into a paragraph that another, offline, splits and types at the start of its second half: the typing is kept', async () => {
    // the join takes the paragraph's second half, which the split moved away; where the binding
    // writes the split into the paragraph's old element (the join deletes it), the words that came
    // along with the join show where the typing goes (rescue.test.ts, "… its split")
    await everyOrder(['alpha', 'bra', 'typed-meanwhile', 'text.', 'delta', 'echo'], (r, a, _bee, c) => {
      r.disconnect(c)
      caret(c, 'p-3', 'charlie '.length); key(c, 'Enter'); type(c, 'typed-meanwhile ')
      a.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, 'p-2') + 1 + 'bra'.length, posOf(state.doc, 'p-3') + 1 + 'charlie '.length)))
      key(a, 'Delete')
      r.reconnect(c)
    })
  })

  it('one drafter deletes a selection from one recital into the next while another, offline, types into the second: the typing is kept', async () => {
    // a recital has no id and no record of its join: the words the deleting drafter left of the
    // second recital, now in the first, say where the typist's words go
    const withRecitals = () => b.doc(
      b.title('Treaty'),
      b.preamble(b.recital('Recognizing alpha text.'), b.recital('Noting bravo charlie text.'), b.recital('Affirming delta text.')),
      b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'echo text.')),
    )
    /** The position `offset` characters into the recital of `peer`'s document that starts with `start`. */
    const inRecital = (peer: Peer, start: string, offset: number): number => {
      let at = -1
      peer.doc.descendants((node, pos) => {
        if (node.type.name === 'recital' && node.textContent.startsWith(start)) at = pos + 1 + offset
        return at < 0
      })
      return at
    }
    for (const typedAt of ['Noting '.length, 'Noting bravo charlie text.'.length]) {
      await everyOrder(['Recognizing alpha', 'charlie text.', 'typed-meanwhile', 'delta', 'echo'], (r, a, _bee, c) => {
        r.disconnect(c)
        c.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, inRecital(c, 'Noting', typedAt))))
        type(c, typedAt === 'Noting '.length ? 'typed-meanwhile ' : ' typed-meanwhile')
        a.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, inRecital(a, 'Recognizing', 'Recognizing alpha'.length), inRecital(a, 'Noting', 'Noting bravo'.length))))
        key(a, 'Delete')
        r.reconnect(c)
      }, withRecitals)
    }
  })

  it('one drafter joins a paragraph into the one before while another types into it, and a third deletes the one before on purpose: the typing is kept', async () => {
    // the typist's words go after the join into the paragraph before; the third drafter, who
    // never had them, deleted that paragraph as it was before the join, not the typist's words
    await everyOrder(['alpha', 'delta', 'typed-meanwhile'], async (r, a, bee, c) => {
      r.disconnect(a)
      r.disconnect(bee)
      caret(a, 'p-3'); key(a, 'Backspace')
      bee.act(() => deleteById(bee, 'p-2'))
      caret(c, 'p-3', 'charlie'.length); type(c, ' typed-meanwhile')
      r.reconnect(a)
      while (r.deliverOne()) await r.flush()
    })
  })

  it('one drafter splits a paragraph before a word it typed and undoes the split while another moves the article: the word is kept', async () => {
    // the undo, shown by the binding like a change from elsewhere, carries the word back into the
    // paragraph before; the writer must know it is there to put it back into the moved copy
    await everyOrder([...WORDS, 'own-word'], (r, a, _bee, c) => {
      r.disconnect(c)
      caret(c, 'p-3'); key(c, 'Alt-ArrowUp')
      caret(a, 'p-3', 'charlie text.'.length); type(a, ' own-word'); stopCapturing(a)
      caret(a, 'p-3', 'charlie text. '.length); key(a, 'Enter'); stopCapturing(a)
      key(a, 'Mod-z')
      r.reconnect(c)
    })
  })

  it('one drafter moves an article while another types into it: the typing is kept', async () => {
    await everyOrder([...WORDS, 'typed-meanwhile'], (_r, a, _bee, c) => {
      caret(a, 'p-3'); key(a, 'Alt-ArrowUp')
      caret(c, 'p-3', 'charlie'.length); type(c, ' typed-meanwhile')
    })
  })

  it('one drafter moves an article while another types into it, and the binding writes to Yjs while showing the move: the typing is kept', async () => {
    // Both also type into one empty paragraph at once, so each makes a Y.XmlText there; showing
    // the two, y-prosemirror merges the typist's into the mover's (its fix for #160) — a write of
    // its own, which it renders again at once, before the typist's editor has written back the
    // words it put into the moved copy. The editor must put them back all the same.
    const withEmpty = () => b.doc(
      b.title('Treaty'),
      b.article({ id: 'art-1' }, b.heading('Scope'), b.paragraph({ id: 'p-1' }, 'alpha text.')),
      b.article({ id: 'art-2' }, b.heading('Obligations'), b.paragraph({ id: 'p-3' }, 'charlie text.')),
      b.article({ id: 'art-3' }, b.heading('Depositary'), b.paragraph({ id: 'p-5' }, 'echo text.'), b.paragraph({ id: 'p-e' })),
    )
    await everyOrder(['alpha', 'charlie', 'echo', 'typed-meanwhile', 'Alpha-empty', 'Charlie-empty'], async (r, a, _bee, c) => {
      r.disconnect(a)
      caret(a, 'p-3'); key(a, 'Alt-ArrowUp')
      caret(a, 'p-e'); type(a, 'Alpha-empty ')
      caret(c, 'p-3', 'charlie'.length); type(c, ' typed-meanwhile')
      caret(c, 'p-e'); type(c, 'Charlie-empty ')
      r.reconnect(a)
      // the typist (the greatest client id: its text is the one merged away) receives the move first
      while (c.inbox.length) { applyRemoteUpdate(c.ydoc, c.inbox.shift()!, NETWORK); await r.flush() }
    }, withEmpty)
  })

  it('one drafter moves an article and undoes the move while another types into it: the typing is kept', async () => {
    // the undo puts the article back as a new element with the same id and no move stamp, holding
    // what the undoing drafter had: the typist's words were in the element the move deleted
    await everyOrder([...WORDS, 'typed-meanwhile'], (r, a, _bee, c) => {
      r.disconnect(c)
      caret(a, 'p-3'); key(a, 'Alt-ArrowUp')
      key(a, 'Mod-z')
      caret(c, 'p-3', 'charlie'.length); type(c, ' typed-meanwhile')
    })
  })

  it('one drafter moves an article while another types a word and then deletes the space after it: the typing is kept', async () => {
    await everyOrder([...WORDS, 'typed-meanwhile'], (_r, a, _bee, c) => {
      caret(a, 'p-3'); key(a, 'Alt-ArrowUp')
      caret(c, 'p-3'); type(c, 'typed-meanwhile ')
      key(c, 'Delete')
    })
  })

  it('one drafter moves an article while another types into its heading: the typing is kept', async () => {
    await everyOrder([...WORDS, 'Obligations', 'typed-meanwhile'], (_r, a, _bee, c) => {
      caret(a, 'p-3'); key(a, 'Alt-ArrowUp')
      c.edit((state) => state.tr.setSelection(TextSelection.create(state.doc, posOf(state.doc, 'art-2') + 2 + 'Obligations'.length)))
      type(c, ' typed-meanwhile')
    })
  })

  it('one drafter moves an article while another types into its paragraph twice, the second time between words of the first: all are kept', async () => {
    await everyOrder([...WORDS, 'first-typed', 'more-typed', 'second-typed'], (_r, a, _bee, c) => {
      caret(a, 'p-3'); key(a, 'Alt-ArrowUp')
      caret(c, 'p-3', 'charlie'.length); type(c, ' first-typed more-typed')
      caret(c, 'p-3', 'charlie first-typed'.length); type(c, ' second-typed')
    })
  })

  it('one drafter moves an article while another adds a paragraph to it and types there: the typing is kept', async () => {
    await everyOrder([...WORDS, 'new-paragraph-text'], (_r, a, _bee, c) => {
      caret(a, 'p-3'); key(a, 'Alt-ArrowUp')
      caret(c, 'p-3', 'charlie text.'.length); key(c, 'Enter'); type(c, 'new-paragraph-text')
    })
  })

  it('two drafters each move two articles at once, one article moved by both: no text is lost', async () => {
    await withTickingClock(async () => {
      const moves = b.doc(
        b.title('Treaty'),
        ...['alpha', 'bravo', 'charlie', 'delta'].map((word, i) =>
          b.article({ id: `art-${i + 1}` }, b.heading(`Heading ${i + 1}`), b.paragraph({ id: `p-${i + 1}` }, `${word} text.`))),
      )
      for (const seed of [1, 2, 3]) {
        const r = new YHarness({ peers: 3, rng: seededRng(seed), initial: moves, stateFor: (peer) => treatyStateFor(peer) })
        try {
          await r.settle()
          const [a, bee] = r.peers as [Peer, Peer]
          caret(bee, 'p-4'); key(bee, 'Alt-ArrowUp')
          caret(a, 'p-3'); key(a, 'Alt-ArrowUp')
          caret(a, 'p-4'); key(a, 'Alt-ArrowUp')
          caret(bee, 'p-3'); key(bee, 'Alt-ArrowUp')
          const text = await settledText(r)
          for (const word of ['alpha', 'bravo', 'charlie', 'delta']) expect(text, `seed ${seed}`).toContain(word)
        } finally { r.destroy() }
      }
    })
  })

  it('two drafters move one article at once and a third types into the copy that loses: the typing is kept', async () => {
    await withTickingClock(async () => {
      await everyOrder([...WORDS, 'typed-meanwhile'], async (r, a, bee, c) => {
        r.disconnect(c)
        caret(bee, 'p-3'); key(bee, 'Alt-ArrowUp')
        while (a.inbox.length) { applyRemoteUpdate(a.ydoc, a.inbox.shift()!, NETWORK); await r.flush() }
        caret(c, 'p-3'); key(c, 'Alt-ArrowDown') // offline, later: this copy wins
        caret(a, 'p-3', 'charlie'.length); type(a, ' typed-meanwhile') // into the copy that will lose
        r.reconnect(c)
        // the losing mover learns of the winning move before it receives the typing, and so rescues without it
        const typing = bee.inbox.shift()!
        while (bee.inbox.length) { applyRemoteUpdate(bee.ydoc, bee.inbox.shift()!, NETWORK); await r.flush() }
        applyRemoteUpdate(bee.ydoc, typing, NETWORK)
        await r.flush()
      })
    })
  })

  it('one drafter moves an article offline while another moves it and undoes the move: the article stays, once, with what was typed into it', async () => {
    // The offline mover's copy loses to the other move when it reconnects and is removed there; the
    // undo then deletes the winning copy and brings the original back, which the undoer's editor
    // removes as losing to the offline mover's copy: each removal was right where it was made, and
    // together they left no copy at all.
    await withTickingClock(async () => {
      for (const seed of [1, 2, 3, 4, 5]) {
        const [r, a, bee] = await room(seed)
        try {
          r.disconnect(a)
          caret(a, 'p-3'); key(a, 'Alt-ArrowDown')
          caret(bee, 'p-3'); key(bee, 'Alt-ArrowUp'); stopCapturing(bee)
          await r.flush()
          r.reconnect(a)
          // the offline mover receives the other move before its undo, and removes its own copy
          while (a.inbox.length) { applyRemoteUpdate(a.ydoc, a.inbox.shift()!, NETWORK); await r.flush() }
          // the undo, made before the offline move arrives, which then arrives with its copy's removal;
          // the offline mover receives the undo first and types into the article it brought back
          key(bee, 'Mod-z')
          await r.flush()
          applyRemoteUpdate(a.ydoc, a.inbox.shift()!, NETWORK)
          await r.flush()
          caret(a, 'p-3', 'charlie'.length); type(a, ' typed-after-undo')
          while (bee.inbox.length) { applyRemoteUpdate(bee.ydoc, bee.inbox.shift()!, NETWORK); await r.flush() }
          const text = await settledText(r)
          for (const word of [...WORDS, 'typed-after-undo']) expect(text, `seed ${seed}`).toContain(word)
          expect(r.peers[0]!.doc.toJSON().content.filter((n: { type: string }) => n.type === 'article').length, `seed ${seed}`).toBe(3)
        } finally { r.destroy() }
      }
    })
  })

  it('one drafter moves an article offline while another moves it, and then deletes it on purpose: it stays deleted', async () => {
    await withTickingClock(async () => {
      for (const seed of [1, 2, 3]) {
        const [r, a, bee] = await room(seed)
        try {
          r.disconnect(a)
          caret(a, 'p-3'); key(a, 'Alt-ArrowDown')
          caret(bee, 'p-3'); key(bee, 'Alt-ArrowUp')
          await r.flush()
          r.reconnect(a)
          // the offline mover's copy loses and is removed there; the other deletes the article it moved
          while (a.inbox.length) { applyRemoteUpdate(a.ydoc, a.inbox.shift()!, NETWORK); await r.flush() }
          while (bee.inbox.length) { applyRemoteUpdate(bee.ydoc, bee.inbox.shift()!, NETWORK); await r.flush() }
          bee.act(() => deleteById(bee, 'art-2'))
          const text = await settledText(r)
          for (const word of ['alpha', 'echo']) expect(text, `seed ${seed}`).toContain(word)
          for (const word of ['bravo', 'charlie', 'delta']) expect(text, `seed ${seed}`).not.toContain(word)
        } finally { r.destroy() }
      }
    })
  })
})
