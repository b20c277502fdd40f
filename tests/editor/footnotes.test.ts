// Inserting a footnote: at the cursor or in place of a selection, after a selected atom, selected
// afterwards so its text can be typed; the action table gives it a toolbar button and a free shortcut.
import { describe, expect, it } from 'vitest'
import { NodeSelection, TextSelection } from 'prosemirror-state'
import { article, doc, footnote, heading, param, paragraph, title } from '../../editor/model/build.js'
import { insertFootnote } from '../../editor/commands/footnotes.js'
import { ACTIONS } from '../../editor/commands/actions.js'
import { footnoteList, footnotesPlugin, footnotesKey } from '../../editor/plugins/footnotes.js'
import { numberFootnotes } from '../../editor/model/numbering.js'
import { at, posOf, run, stateOf } from './state.js'

const treaty = () => doc(title('T'), article({ id: 'a' }, heading('Scope'),
  ...paragraph({ id: 'p' }, 'The Parties shall meet', footnote('old note'), ' yearly with ', param('depositary'), '.')))

describe('insertFootnote', () => {
  it('inserts an empty footnote at the cursor, selects it and asks for its text to be edited', () => {
    const state = at(stateOf(treaty(), [footnotesPlugin()]), 'Parties', 0)
    const next = run(state, insertFootnote)
    const notes = numberFootnotes(next.doc)
    expect(notes.map((f) => f.node.textContent)).toEqual(['', 'old note'])
    expect(notes[0]!.pos).toBe(posOf(state.doc, 'Parties'))
    expect(String(notes[0]!.node.attrs.id)).toMatch(/^fn-/)
    expect(next.selection).toBeInstanceOf(NodeSelection)
    expect(next.selection.from).toBe(notes[0]!.pos)
    expect(footnotesKey.getState(next)?.open).toBe(notes[0]!.pos)
    expect(footnoteList(next).map((f) => f.number)).toEqual([1, 2])
  })

  it('takes the place of selected text', () => {
    const state = stateOf(treaty())
    const from = posOf(state.doc, 'yearly')
    const next = run(state.apply(state.tr.setSelection(TextSelection.create(state.doc, from, from + 'yearly'.length))), insertFootnote)
    expect(next.doc.textContent).not.toContain('yearly')
    expect(numberFootnotes(next.doc)).toHaveLength(2)
  })

  it('goes after a selected parameter, which stays', () => {
    const state = stateOf(treaty())
    let paramPos = -1
    state.doc.descendants((n, p) => { if (n.type.name === 'parameter') paramPos = p; return paramPos < 0 })
    const next = run(state.apply(state.tr.setSelection(NodeSelection.create(state.doc, paramPos))), insertFootnote)
    expect(next.doc.nodeAt(paramPos)?.type.name).toBe('parameter')
    expect(next.doc.nodeAt(paramPos + 1)?.type.name).toBe('footnote')
  })

  it('does not apply where no text can stand (a whole article selected)', () => {
    const state = stateOf(treaty())
    const selected = state.apply(state.tr.setSelection(NodeSelection.create(state.doc, posOf(state.doc, 'Scope') - 2)))
    expect(insertFootnote(selected)).toBe(false)
  })

  it('is an action with a toolbar button and Ctrl+Alt+F, a shortcut no other action uses', () => {
    const action = ACTIONS.find((a) => a.name === 'insertFootnote')!
    expect(action.keys).toEqual(['Mod-Alt-f'])
    expect(action.toolbar).toEqual({ group: 'insert', text: 'Footnote' })
    const keys = ACTIONS.flatMap((a) => a.keys)
    expect(keys.filter((k) => k === 'Mod-Alt-f')).toHaveLength(1)
  })
})
