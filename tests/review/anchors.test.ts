// Anchors of review threads: they follow their words through concurrent edits, orphan when all
// their text is gone, and find their words again when an undo restores them.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { anchorRange, FragmentPositions, resolveAnchor } from '../../editor/model/annotations/index.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'
import { contentDoc, pmDoc, rangeOf, syncAll, textOf, yTextWith, paragraphEl } from './fixture.js'

const fragmentOf = (doc: Y.Doc) => doc.getXmlFragment(CONTENT_FRAGMENT)

/** Anchors `words` on `doc` and returns a function giving the text the anchor covers now (or 'orphaned'). */
function anchorWords(doc: Y.Doc, words: string) {
  const { from, to } = rangeOf(fragmentOf(doc), words)
  const placed = anchorRange(fragmentOf(doc), from, to)
  const where = (on: Y.Doc = doc) => {
    const state = resolveAnchor(placed.anchor, placed.quote, fragmentOf(on))
    return state.status === 'orphaned' ? state : { ...state, text: textOf(fragmentOf(on), state.from, state.to) }
  }
  return { ...placed, where }
}

describe('positions read from the Yjs types', () => {
  it('equal ProseMirror positions everywhere in the treaty, inline leaves included', () => {
    const doc = contentDoc()
    const positions = new FragmentPositions(fragmentOf(doc))
    const pm = pmDoc(fragmentOf(doc))
    expect(positions.contentSize).toBe(pm.content.size)
    for (let pos = 0; pos <= pm.content.size; pos++) {
      const place = positions.placeAt(pos)
      expect(place, `position ${pos}`).not.toBeNull()
      expect(positions.positionOf(place!), `position ${pos}`).toBe(pos)
    }
  })
})

describe('an anchor on some words', () => {
  it('covers exactly those words, and so does a copy of the document on another client', () => {
    const a = contentDoc(1)
    const b = contentDoc(2)
    syncAll(a, b)
    const anchor = anchorWords(a, 'protect negotiators')
    expect(anchor.quote.text).toBe('protect negotiators')
    expect(anchor.quote.before.endsWith('The Parties shall ')).toBe(true)
    expect(anchor.quote.after.startsWith(' at all times')).toBe(true)
    expect(anchor.where()).toMatchObject({ status: 'attached', text: 'protect negotiators' })
    expect(anchor.where(b)).toEqual(anchor.where(a))
  })

  it('moves with its words when text is typed before them, and keeps text typed just outside its edges outside', () => {
    const doc = contentDoc()
    const anchor = anchorWords(doc, 'protect negotiators')
    const text = yTextWith(fragmentOf(doc), 'protect negotiators')
    text.insert(0, 'Hereby, ')
    const at = text.toString().indexOf('protect')
    text.insert(at, 'always ')
    text.insert(text.toString().indexOf(' at all times'), ' well')
    expect(anchor.where()).toMatchObject({ status: 'attached', text: 'protect negotiators' })
  })

  it('grows with text typed inside it and shrinks with text deleted inside it', () => {
    const doc = contentDoc()
    const anchor = anchorWords(doc, 'protect negotiators')
    const text = yTextWith(fragmentOf(doc), 'protect negotiators')
    const at = text.toString().indexOf('negotiators')
    text.insert(at, 'all ')
    expect(anchor.where()).toMatchObject({ text: 'protect all negotiators' })
    text.delete(text.toString().indexOf('protect'), 'protect '.length)
    expect(anchor.where()).toMatchObject({ status: 'attached', text: 'all negotiators' })
  })

  it('survives concurrent edits around and inside it from two other clients, the same on all three', () => {
    const [a, b, c] = [contentDoc(1), contentDoc(2), contentDoc(3)]
    syncAll(a, b, c)
    const anchor = anchorWords(a, 'granted to every mediator')
    const tb = yTextWith(fragmentOf(b), 'granted')
    tb.insert(tb.toString().indexOf('every'), 'each and ')
    const tc = yTextWith(fragmentOf(c), 'granted')
    tc.insert(0, 'In principle, ')
    const mediator = tc.toString().indexOf('mediator')
    tc.insert(mediator, 'envoy ')
    tc.delete(mediator + 'envoy '.length, 'mediator'.length)
    syncAll(a, b, c)
    const where = anchor.where(a)
    // "envoy " was typed inside the range; the range's last word is gone, so it ends after it
    expect(where).toMatchObject({ status: 'attached', text: 'granted to each and every envoy ' })
    expect(anchor.where(b)).toEqual(where)
    expect(anchor.where(c)).toEqual(where)
  })

  it('spans an inline parameter and two paragraphs', () => {
    const doc = contentDoc()
    const fragment = fragmentOf(doc)
    const from = rangeOf(fragment, 'every place.').from
    const to = rangeOf(fragment, 'shall report').to
    const placed = anchorRange(fragment, from, to)
    expect(placed.quote.text).toBe('every place.\nEach \uFFFC shall report')
    const state = resolveAnchor(placed.anchor, placed.quote, fragment)
    expect(state).toEqual({ status: 'attached', from, to })
  })
})

describe('an anchor whose text is deleted', () => {
  it('is orphaned when all its words are deleted, and re-attached to them when an undo restores them', () => {
    const doc = contentDoc()
    const anchor = anchorWords(doc, 'protect negotiators')
    const text = yTextWith(fragmentOf(doc), 'protect negotiators')
    const undo = new Y.UndoManager(fragmentOf(doc), { captureTimeout: 0 })
    const at = text.toString().indexOf('protect negotiators')
    text.delete(at - 1, ' protect negotiators'.length)
    expect(anchor.where()).toEqual({ status: 'orphaned' })
    undo.undo()
    expect(anchor.where()).toMatchObject({ status: 'reattached', text: 'protect negotiators' })
  })

  it('is orphaned when its whole paragraph is deleted on another client, and re-attached on every client when that client undoes it', () => {
    const [a, b] = [contentDoc(1), contentDoc(2)]
    syncAll(a, b)
    const anchor = anchorWords(a, 'measures it has taken')
    const para = paragraphEl(fragmentOf(b), 'para-2')
    const parent = para.parent as Y.XmlElement
    const undo = new Y.UndoManager(fragmentOf(b), { captureTimeout: 0 })
    parent.delete(parent.toArray().indexOf(para), 1)
    syncAll(a, b)
    expect(anchor.where(a)).toEqual({ status: 'orphaned' })
    expect(anchor.where(b)).toEqual({ status: 'orphaned' })
    undo.undo()
    syncAll(a, b)
    expect(anchor.where(a)).toMatchObject({ status: 'reattached', text: 'measures it has taken' })
    expect(anchor.where(b)).toEqual(anchor.where(a))
  })

  it('stays attached to what is left when only part of its words is deleted', () => {
    const doc = contentDoc()
    const anchor = anchorWords(doc, 'at all times and in every place')
    const text = yTextWith(fragmentOf(doc), 'at all times')
    text.delete(text.toString().indexOf('at all times and '), 'at all times and '.length)
    expect(anchor.where()).toMatchObject({ status: 'attached', text: 'in every place' })
  })

  it('stays orphaned when the same words come back somewhere the context does not match', () => {
    const doc = contentDoc()
    const anchor = anchorWords(doc, 'protect negotiators')
    const text = yTextWith(fragmentOf(doc), 'protect negotiators')
    text.delete(text.toString().indexOf('protect negotiators'), 'protect negotiators'.length)
    const other = yTextWith(fragmentOf(doc), 'Safe conduct shall')
    other.insert(other.length, ' Nobody may protect negotiators by force')
    expect(anchor.where()).toEqual({ status: 'orphaned' })
  })
})
