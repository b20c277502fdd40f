// @vitest-environment jsdom
// The toolbar re-checks its buttons on every transaction but writes to the page only what
// changed: typing leaves the toolbar's elements untouched (each write costs the page a restyle).
import { afterEach, describe, expect, it } from 'vitest'
import { EditorState } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import { schema } from '../../editor/model/schema.js'
import { sampleTreaty } from '../../editor/model/sample.js'
import { toolbar } from '../../editor/ui/toolbar.js'
import { at } from './state.js'

let view: EditorView | null = null
afterEach(() => { view?.destroy(); view = null })

describe('the toolbar while typing', () => {
  it('writes nothing when no button changes, and still enables what becomes possible', async () => {
    const v = view = new EditorView(document.body.appendChild(document.createElement('div')), { state: EditorState.create({ schema, doc: sampleTreaty() }) })
    v.updateState(at(v.state, 'The purpose of this Treaty'))
    // "Comment" is possible only with text selected
    let selected = false
    const bar = toolbar(v, { insertXref: () => true, insertParameter: () => true, comment: () => selected })
    const comment = bar.el.querySelector<HTMLButtonElement>('.tb-comment')!
    bar.update(v.state)
    expect(comment.disabled).toBe(true)
    const changes: MutationRecord[] = []
    const observer = new MutationObserver((list) => changes.push(...list))
    observer.observe(bar.el, { subtree: true, attributes: true, childList: true, characterData: true })
    for (const ch of 'Indeed, ') { v.dispatch(v.state.tr.insertText(ch)); bar.update(v.state) }
    await Promise.resolve()
    expect(changes.splice(0)).toEqual([])
    selected = true
    bar.update(v.state)
    await Promise.resolve()
    expect(comment.disabled).toBe(false)
    expect(changes.map((c) => (c.target as Element).className)).toEqual(['tb tb-comment'])
    observer.disconnect()
  })
})
