// Which of an editor's own text a change from elsewhere deleted without its author having had it:
// known from the delete sets of the updates that brought the change (editor/model/unseen-deletions.ts).
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import { messageYjsSyncStep1, messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync'
import { applyRemoteUpdate, stateAnswer, unseenDeletedText } from '../../editor/model/unseen-deletions.js'
import { batchRemoteUpdates } from '../../editor/collab/remote-batch.js'
import { deliver, idleProvider } from '../helpers/idle-provider.js'
import { MESSAGE_SYNC } from '../../editor/model/sync-messages.js'

/** Two documents with one paragraph "shared text", in sync. */
function pair(): { mine: Y.Doc; theirs: Y.Doc; paragraph: () => Y.XmlElement } {
  const theirs = new Y.Doc()
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [new Y.XmlText('shared text')])
  theirs.getXmlFragment('f').insert(0, [paragraph])
  const mine = new Y.Doc()
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs))
  return { mine, theirs, paragraph: () => mine.getXmlFragment('f').get(0) as Y.XmlElement }
}

/** Types `text` at the end of the paragraph's text in `doc`. */
function typeInto(doc: Y.Doc, text: string) {
  const t = (doc.getXmlFragment('f').get(0) as Y.XmlElement).get(0) as Y.XmlText
  t.insert(t.length, text)
}

/** What `unseenDeletedText` answers while `doc`'s observers show the next change. */
function watchUnseen(doc: Y.Doc): string[] {
  const seen: string[] = []
  doc.getXmlFragment('f').observeDeep(() => { seen.push(unseenDeletedText(doc).own) })
  return seen
}

/** The update that deletes the paragraph in `doc`. */
function deleteParagraph(doc: Y.Doc): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.getXmlFragment('f').delete(0, 1)
  return Y.encodeStateAsUpdate(doc, before)
}

describe('own text a change from elsewhere deleted', () => {
  it('is unseen when the deleting drafter never had it (deleted with the element around it)', () => {
    const { mine, theirs } = pair()
    typeInto(mine, ' own words')
    const answers = watchUnseen(mine)
    applyRemoteUpdate(mine, deleteParagraph(theirs), 'network')
    expect(answers).toEqual([' own words'])
    // outside a change from elsewhere there is nothing to say
    expect(unseenDeletedText(mine).own).toBe('')
  })

  it('tells also whose else the deleting drafter never had', () => {
    const { mine, theirs } = pair()
    const third = new Y.Doc()
    Y.applyUpdate(third, Y.encodeStateAsUpdate(theirs))
    typeInto(third, ' third words')
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(third, Y.encodeStateVector(mine)))
    typeInto(mine, ' own words')
    const all: string[] = []
    mine.getXmlFragment('f').observeDeep(() => { all.push(unseenDeletedText(mine).all) })
    applyRemoteUpdate(mine, deleteParagraph(theirs), 'network')
    expect(all).toHaveLength(1)
    expect(all[0]!.split('\n').sort()).toEqual([' own words', ' third words'])
  })

  it('tells whose else the deleting drafter never had also when none of it was written under this client\'s id', () => {
    // (an editor that rewrites an element writes the text in it again under its own id: the
    // drafter who typed it still knows it as theirs, by what it remembers writing)
    const { mine, theirs } = pair()
    const third = new Y.Doc()
    Y.applyUpdate(third, Y.encodeStateAsUpdate(theirs))
    typeInto(third, ' rewritten words')
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(third, Y.encodeStateVector(mine)))
    const answers: Array<{ own: string; all: string }> = []
    mine.getXmlFragment('f').observeDeep(() => { answers.push(unseenDeletedText(mine)) })
    applyRemoteUpdate(mine, deleteParagraph(theirs), 'network')
    expect(answers).toEqual([{ own: '', all: ' rewritten words' }])
  })

  it('is seen when the deleting drafter had it, and not reported', () => {
    const { mine, theirs } = pair()
    typeInto(mine, ' own words')
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(mine, Y.encodeStateVector(theirs)))
    const answers = watchUnseen(mine)
    applyRemoteUpdate(mine, deleteParagraph(theirs), 'network')
    expect(answers).toEqual([''])
  })

  it('keeps apart the runs of own text that were not written one after the other', () => {
    const { mine, theirs } = pair()
    typeInto(mine, ' first')
    const seenByThem = Y.encodeStateAsUpdate(mine, Y.encodeStateVector(theirs))
    typeInto(mine, ' second')
    const t = (mine.getXmlFragment('f').get(0) as Y.XmlElement).get(0) as Y.XmlText
    t.insert(0, 'third ')
    Y.applyUpdate(theirs, seenByThem)
    const answers = watchUnseen(mine)
    applyRemoteUpdate(mine, deleteParagraph(theirs), 'network')
    expect(answers).toEqual([' second\nthird '])
  })

  it('is told apart also for what the page receives through the provider: updates and the state sent on connecting', () => {
    for (const subtype of [messageYjsUpdate, messageYjsSyncStep2]) {
      const { mine, theirs } = pair()
      const provider = idleProvider(mine)
      const frames: Array<() => void> = []
      batchRemoteUpdates(provider, (apply) => frames.push(apply))
      typeInto(mine, ' own words')
      const answers = watchUnseen(mine)
      deliver(provider, subtype, deleteParagraph(theirs))
      for (const frame of frames) frame()
      expect(answers, `sync message ${subtype}`).toEqual([' own words'])
      provider.destroy()
    }
  })
})

/**
 * A relay (the server, or a third editor) that had the typing when a deletion that never had it
 * arrived: the typist, offline meanwhile, and the relay's document after the deletion.
 */
function typedThenDeletedAtRelay(): { mine: Y.Doc; relay: Y.Doc; mineBefore: Uint8Array } {
  const { mine, theirs } = pair()
  const relay = new Y.Doc()
  Y.applyUpdate(relay, Y.encodeStateAsUpdate(theirs))
  const mineBefore = Y.encodeStateVector(mine)
  typeInto(mine, ' own words')
  applyRemoteUpdate(relay, Y.encodeStateAsUpdate(mine, mineBefore), 'typist')
  applyRemoteUpdate(relay, deleteParagraph(theirs), 'deleter')
  return { mine, relay, mineBefore: Y.encodeStateVector(mine) }
}

describe('the state answered to an editor that was away', () => {
  it("lists what the deleting writer deleted, not what the relay deleted only with it: the typist's words stay unseen", () => {
    const { mine, relay, mineBefore } = typedThenDeletedAtRelay()
    const answers = watchUnseen(mine)
    applyRemoteUpdate(mine, stateAnswer(relay, mineBefore), 'relay')
    expect(answers).toEqual([' own words'])
    // the same document results: what was inside the deleted paragraph is deleted all the same
    expect(mine.getXmlFragment('f').length).toBe(0)
    expect(Y.encodeStateVector(mine)).toEqual(Y.encodeStateVector(relay))
    // (Yjs's own state, which lists it, would say the deleter had it)
    const plain = typedThenDeletedAtRelay()
    const plainAnswers = watchUnseen(plain.mine)
    applyRemoteUpdate(plain.mine, Y.encodeStateAsUpdate(plain.relay, plain.mineBefore), 'relay')
    expect(plainAnswers).toEqual([''])
  })

  it("builds, from nothing, the document Yjs's own state builds", () => {
    const { relay } = typedThenDeletedAtRelay()
    const fromAnswer = new Y.Doc()
    Y.applyUpdate(fromAnswer, stateAnswer(relay))
    const fromYjs = new Y.Doc()
    Y.applyUpdate(fromYjs, Y.encodeStateAsUpdate(relay))
    expect(fromAnswer.getXmlFragment('f').toJSON()).toEqual(fromYjs.getXmlFragment('f').toJSON())
    expect(Y.encodeStateAsUpdate(fromAnswer)).toEqual(Y.encodeStateAsUpdate(fromYjs))
  })

  it("is Yjs's own state when nothing was deleted only with an element, and keeps what a writer deleted", () => {
    const { mine, theirs } = pair()
    const before = Y.encodeStateVector(theirs)
    const text = (theirs.getXmlFragment('f').get(0) as Y.XmlElement).get(0) as Y.XmlText
    text.delete(0, 'shared '.length)
    applyRemoteUpdate(mine, Y.encodeStateAsUpdate(theirs, before), 'network')
    expect(stateAnswer(mine)).toEqual(Y.encodeStateAsUpdate(mine))
    expect(stateAnswer(mine, before)).toEqual(Y.encodeStateAsUpdate(mine, before))
  })

  it('is what the page answers the server asking for what it lacks', () => {
    const { relay, mineBefore } = typedThenDeletedAtRelay()
    const provider = idleProvider(relay)
    batchRemoteUpdates(provider, (apply) => apply())
    const read = decoding.createDecoder(deliver(provider, messageYjsSyncStep1, mineBefore))
    expect(decoding.readVarUint(read)).toBe(MESSAGE_SYNC)
    expect(decoding.readVarUint(read)).toBe(messageYjsSyncStep2)
    expect(decoding.readVarUint8Array(read)).toEqual(stateAnswer(relay, mineBefore))
    expect(stateAnswer(relay, mineBefore)).not.toEqual(Y.encodeStateAsUpdate(relay, mineBefore))
    provider.destroy()
  })
})

