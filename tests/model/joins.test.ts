// Which paragraphs a drafter's own change joined into another block, and which it removed whole
// (editor/model/joins.ts): what the editor records for collaborators who typed into them.
import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import { deleteSelection, joinBackward, joinForward } from 'prosemirror-commands'
import * as b from '../../editor/model/build.js'
import { joinedHome, joinsMade, NO_JOINS } from '../../editor/model/joins.js'
import { posOf } from '../helpers/yharness.js'

const treaty = () => b.doc(b.title('Treaty'),
  b.article({ id: 'art-1' }, b.heading('Scope'),
    b.paragraph({ id: 'p-1' }, 'alpha text.'), b.paragraph({ id: 'p-2' }, 'bravo text.'), b.paragraph({ id: 'p-3' }, 'charlie text.')))

/** The state with the selection from `from` (paragraph id and offset) to `to` (the same when absent). */
function stateAt(from: [string, number], to: [string, number] = from): EditorState {
  const doc = treaty()
  const at = ([id, offset]: [string, number]) => posOf(doc, id) + 1 + offset
  return EditorState.create({ doc, selection: TextSelection.create(doc, at(from), at(to)) })
}

/** The transaction `command` dispatches in `state`. */
function run(state: EditorState, command: (state: EditorState, dispatch: (tr: Transaction) => void) => boolean): Transaction {
  let done: Transaction | null = null
  expect(command(state, (tr) => { done = tr })).toBe(true)
  return done!
}

describe('the joins a change made', () => {
  it('Backspace at the start of a paragraph joins it into the one before', () => {
    const made = joinsMade(run(stateAt(['p-2', 0]), joinBackward))
    expect([...made.joined]).toEqual([['p-2', 'p-1']])
    expect(made.removed).toEqual([])
  })

  it('Delete at the end of a paragraph joins the next one into it', () => {
    expect([...joinsMade(run(stateAt(['p-1', 'alpha text.'.length]), joinForward)).joined]).toEqual([['p-2', 'p-1']])
  })

  it('Delete at the end of a heading joins the paragraph after it into the heading', () => {
    const doc = treaty()
    const state = EditorState.create({ doc, selection: TextSelection.create(doc, posOf(doc, 'p-1') - 1) })
    expect([...joinsMade(run(state, joinForward)).joined]).toEqual([['p-1', 'heading:art-1']])
  })

  it('a selection deleted across paragraphs joins the last, and every one it covered, into the first', () => {
    const made = joinsMade(run(stateAt(['p-1', 'alpha '.length], ['p-3', 'charlie '.length]), deleteSelection))
    expect(new Map(made.joined)).toEqual(new Map([['p-2', 'p-1'], ['p-3', 'p-1']]))
  })

  it('a paragraph deleted whole is removed, not joined', () => {
    const state = stateAt(['p-1', 0])
    const pos = posOf(state.doc, 'p-2')
    const made = joinsMade(state.tr.delete(pos, pos + state.doc.nodeAt(pos)!.nodeSize))
    expect(made.joined.size).toBe(0)
    expect(made.removed).toEqual(['p-2'])
  })

  it('typing joins nothing', () => {
    expect(joinsMade(stateAt(['p-1', 3]).tr.insertText('x'))).toBe(NO_JOINS)
    const state = stateAt(['p-1', 3], ['p-1', 5])
    expect(joinsMade(run(state, deleteSelection))).toBe(NO_JOINS)
  })
})

describe('where a joined paragraph\'s text is now', () => {
  const records = new Map([['p-3', 'p-2'], ['p-2', 'p-1'], ['p-9', 'p-8'], ['p-8', 'p-9']])
  it('follows the joins to a block that is there', () => {
    expect(joinedHome('p-3', (id) => records.get(id), (key) => key === 'p-1')).toBe('p-1')
    expect(joinedHome('p-3', (id) => records.get(id), (key) => key === 'p-2')).toBe('p-2')
  })
  it('is nowhere when the paragraph was not joined, or every block on the way is gone', () => {
    expect(joinedHome('p-1', (id) => records.get(id), () => true)).toBeNull()
    expect(joinedHome('p-9', (id) => records.get(id), () => false)).toBeNull()
  })
})
