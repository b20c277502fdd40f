// Threads, replies, suggestions and their rules, as the editor's operations apply them; the
// same rules the server applies to every incoming update.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  AnnotationError, MAX_BODY_LENGTH, MAX_REPLIES_PER_THREAD, assignThread, createThread, decideSuggestion, deleteReply, deleteThread,
  dismissThread, editComment, editReply, filterThreads, getThread, listThreads, orphanedThreads, parseMentions, reopenThread, replyTo,
  repliesInOrder, resolveThread, suggest, suggestedChange,
} from '../../editor/model/annotations/index.js'
import { CONTENT_FRAGMENT } from '../../editor/model/ydoc.js'
import { contentDoc, rangeOf, reviewer, syncAll, textOf, yTextWith } from './fixture.js'

function room() {
  const content = contentDoc()
  const annotations = new Y.Doc()
  const fragment = content.getXmlFragment(CONTENT_FRAGMENT)
  const as = (user: string, role: Parameters<typeof reviewer>[3] = 'reviewer') => reviewer(content, annotations, user, role)
  return { content, annotations, fragment, as }
}

describe('a comment thread', () => {
  it('is opened on selected words with its author, time, quote, and no replies', () => {
    const r = room()
    const thread = createThread(r.as('rita'), { ...rangeOf(r.fragment, 'protect negotiators'), body: 'Which negotiators?' })
    expect(getThread(r.annotations, thread.id)).toMatchObject({
      author: 'rita', created: 1_800_000_000_000, kind: 'comment', body: 'Which negotiators?', resolution: null, replies: {},
      quote: { text: 'protect negotiators' },
    })
  })

  it('takes replies from others, in order, and lets each person edit and delete only their own', () => {
    const r = room()
    const { id } = createThread(r.as('rita'), { ...rangeOf(r.fragment, 'protect negotiators'), body: 'Which negotiators?' })
    const first = replyTo(reviewer(r.content, r.annotations, 'dora', 'drafter', () => 1_800_000_000_000), id, 'Those named by the Parties.')
    const second = replyTo(reviewer(r.content, r.annotations, 'rita', 'reviewer', () => 1_700_000_000_000), id, 'Then say so.')
    expect(repliesInOrder(getThread(r.annotations, id)!).map((x) => x.author)).toEqual(['rita', 'dora'])
    editReply(r.as('dora', 'drafter'), id, first, 'Those the Parties name.')
    expect(() => editReply(r.as('rita'), id, first, 'Hijacked')).toThrow(/reply .* belongs to dora; only they may change or delete it/)
    expect(() => deleteReply(r.as('conn', 'convener'), id, second)).toThrow(/belongs to rita/)
    deleteReply(r.as('rita'), id, second)
    const replies = getThread(r.annotations, id)!.replies
    expect(replies[first]).toMatchObject({ body: 'Those the Parties name.', editedAt: 1_800_000_000_000 })
    expect(replies[second]).toMatchObject({ body: '', deletedAt: 1_800_000_000_000 })
    expect(() => editComment(r.as('dora', 'drafter'), id, 'Changed')).toThrow(/comment belongs to rita; only they may edit it/)
  })

  it('is resolved and reopened by its author or a drafter, not by another reviewer; who resolved it and when are kept', () => {
    const r = room()
    const { id } = createThread(r.as('rita'), { ...rangeOf(r.fragment, 'protect negotiators'), body: 'Which?' })
    expect(() => resolveThread(r.as('rex'), id)).toThrow(/a reviewer may resolve or reopen only their own threads/)
    resolveThread(r.as('dora', 'drafter'), id)
    expect(getThread(r.annotations, id)!.resolution).toEqual({ by: 'dora', at: 1_800_000_000_000 })
    reopenThread(r.as('rita'), id)
    expect(getThread(r.annotations, id)!.resolution).toBeNull()
  })

  it('refuses empty and over-long bodies, replies to unknown threads and observers, naming what was wrong', () => {
    const r = room()
    const range = rangeOf(r.fragment, 'protect negotiators')
    expect(() => createThread(r.as('rita'), { ...range, body: '   ' })).toThrow(/comment is empty/)
    expect(() => createThread(r.as('rita'), { ...range, body: 'x'.repeat(MAX_BODY_LENGTH + 1) }))
      .toThrow(`is ${MAX_BODY_LENGTH + 1} characters long; the limit is ${MAX_BODY_LENGTH}`)
    expect(() => createThread(r.as('rita'), { ...range, body: 'bell\u0007' })).toThrow(/control character U\+0007/)
    expect(() => replyTo(r.as('rita'), 'th-nothere', 'hello')).toThrow('there is no thread th-nothere')
    expect(() => createThread(r.as('otto', 'observer'), { ...range, body: 'Hi' })).toThrow('an observer may not write annotations')
    expect(() => createThread(r.as('rita'), { from: 5, to: 100_000, body: 'Hi' })).toThrow(/anchor is outside the document/)
    expect(listThreads(r.annotations)).toEqual([])
  })

  it(`takes at most ${MAX_REPLIES_PER_THREAD} replies`, () => {
    const r = room()
    const { id } = createThread(r.as('rita'), { ...rangeOf(r.fragment, 'protect negotiators'), body: 'Which?' })
    for (let i = 0; i < MAX_REPLIES_PER_THREAD; i++) replyTo(r.as('dora', 'drafter'), id, `reply ${i}`)
    expect(() => replyTo(r.as('dora', 'drafter'), id, 'one more')).toThrow(`has ${MAX_REPLIES_PER_THREAD} replies, the limit`)
  })

  it('is assigned by its author or a drafter, and deleted (kept, hidden) by its author or a convener', () => {
    const r = room()
    const { id } = createThread(r.as('rita'), { ...rangeOf(r.fragment, 'protect negotiators'), body: 'Which?' })
    expect(() => assignThread(r.as('rex'), id, 'rex')).toThrow(/may assign only their own threads/)
    assignThread(r.as('dora', 'drafter'), id, 'rex')
    expect(() => deleteThread(r.as('dora', 'drafter'), id)).toThrow(/only they or a convener may delete it/)
    deleteThread(r.as('conn', 'convener'), id)
    expect(getThread(r.annotations, id)).toMatchObject({ assignee: 'rex', deleted: { by: 'conn' } })
    expect(filterThreads(listThreads(r.annotations), 'all', 'rita')).toEqual([])
    expect(() => replyTo(r.as('rita'), id, 'still there?')).toThrow(/is deleted and takes no replies/)
  })
})

describe('orphaned threads', () => {
  it('are listed with their quote when their text is deleted, and a convener (only) may dismiss them', () => {
    const r = room()
    const { id } = createThread(r.as('rita'), { ...rangeOf(r.fragment, 'protect negotiators'), body: 'Which?' })
    expect(() => dismissThread(r.as('conn', 'convener'), id)).toThrow(/is not orphaned: its text is still in the document/)
    const text = yTextWith(r.fragment, 'protect negotiators')
    text.delete(text.toString().indexOf('protect negotiators'), 'protect negotiators'.length)
    expect(orphanedThreads(listThreads(r.annotations), r.fragment).map((t) => [t.id, t.quote.text])).toEqual([[id, 'protect negotiators']])
    expect(() => dismissThread(r.as('dora', 'drafter'), id)).toThrow('a drafter may not dismiss orphaned threads; conveners do')
    dismissThread(r.as('conn', 'convener'), id)
    expect(orphanedThreads(listThreads(r.annotations), r.fragment)).toEqual([])
    expect(getThread(r.annotations, id)?.dismissed).toEqual({ by: 'conn', at: 1_800_000_000_000 })
  })
})

describe('suggestions', () => {
  it('propose a replacement that a drafter accepts; who decided and when stay in the thread', () => {
    const r = room()
    const range = rangeOf(r.fragment, 'every mediator')
    const thread = suggest(r.as('rita'), { op: 'replace', ...range, text: 'each mediator', body: 'Singular reads better.' })
    const change = suggestedChange(getThread(r.annotations, thread.id)!, r.fragment, (f, t) => textOf(r.fragment, f, t))
    expect(change).toEqual({ ...range, text: 'each mediator', current: 'every mediator', changed: false })
    expect(() => decideSuggestion(r.as('rex'), thread.id, 'accepted')).toThrow('a reviewer may not accept or reject suggestions')
    decideSuggestion(r.as('dora', 'drafter'), thread.id, 'accepted')
    expect(getThread(r.annotations, thread.id)!.decision).toEqual({ verdict: 'accepted', by: 'dora', at: 1_800_000_000_000 })
    expect(() => decideSuggestion(r.as('conn', 'convener'), thread.id, 'rejected')).toThrow(/decision on thread .* is final/)
  })

  it('insert at a point and delete a range; a suggestion on a range that no longer exists can only be rejected', () => {
    const r = room()
    const at = rangeOf(r.fragment, ' at all times').from
    const insert = suggest(r.as('rita'), { op: 'insert', from: at, to: at, text: ' and their families' })
    expect(insert.anchor.end).toBeNull()
    const del = suggest(r.as('rita'), { op: 'delete', ...rangeOf(r.fragment, 'at all times and '), text: '' })
    expect(() => suggest(r.as('rita'), { op: 'insert', ...rangeOf(r.fragment, 'times'), text: 'x' })).toThrow(/insertion is proposed at a point/)
    const text = yTextWith(r.fragment, 'at all times and ')
    text.delete(text.toString().indexOf('at all times and '), 'at all times and '.length)
    expect(() => decideSuggestion(r.as('dora', 'drafter'), del.id, 'accepted')).toThrow(/is on a range that no longer exists; it can only be rejected/)
    decideSuggestion(r.as('dora', 'drafter'), del.id, 'rejected')
    expect(() => suggest(r.as('rita'), { op: 'delete', from: at - 3, to: at - 3, text: '' })).toThrow(/delete needs some text selected/)
  })
})

describe('filters and mentions', () => {
  const members = [
    { userId: 'u-ann', username: 'ann' }, { userId: 'u-anna', username: 'anna' }, { userId: 'u-bob', username: 'bob.smith' },
  ]

  it('mentions are @user names of members, longest first, not inside e-mail addresses, each once', () => {
    expect(parseMentions('@anna and @Ann, also @bob.smith. Mail ann@example.org or @nobody; @ann again', members)).toEqual(['u-anna', 'u-ann', 'u-bob'])
    expect(parseMentions('no mentions here', members)).toEqual([])
    expect(parseMentions('@annabel', members)).toEqual([])
  })

  it('open, resolved, mine and for me (assigned, or mentioned in the comment or a live reply)', () => {
    const r = room()
    const range = rangeOf(r.fragment, 'protect negotiators')
    const mine = createThread(r.as('u-ann'), { ...range, body: 'Mine' })
    const mentioning = createThread(r.as('u-bob'), { ...range, body: '@ann see', mentions: parseMentions('@ann see', members) })
    const assigned = createThread(r.as('u-bob'), { ...range, body: 'For Ann', assignee: 'u-ann' })
    const replied = createThread(r.as('u-bob'), { ...range, body: 'Reply mentions' })
    const gone = replyTo(r.as('u-bob'), replied.id, '@ann?', ['u-ann'])
    const other = createThread(r.as('u-bob'), { ...range, body: 'Nothing for Ann' })
    resolveThread(r.as('u-bob'), other.id)
    const ids = (filter: Parameters<typeof filterThreads>[1]) => filterThreads(listThreads(r.annotations), filter, 'u-ann').map((t) => t.id).sort()
    expect(ids('mine')).toEqual([mine.id])
    expect(ids('for-me')).toEqual([mentioning.id, assigned.id, replied.id].sort())
    expect(ids('resolved')).toEqual([other.id])
    expect(ids('open')).toEqual([mine.id, mentioning.id, assigned.id, replied.id].sort())
    deleteReply(r.as('u-bob'), replied.id, gone)
    expect(ids('for-me')).toEqual([mentioning.id, assigned.id].sort())
  })
})

describe('concurrent changes to one thread', () => {
  it('a reply, a resolve and an assignment made at once on three clients all survive', () => {
    const r = room()
    const { id } = createThread(r.as('rita'), { ...rangeOf(r.fragment, 'protect negotiators'), body: 'Which?' })
    const [b, c] = [new Y.Doc(), new Y.Doc()]
    syncAll(r.annotations, b, c)
    const reply = replyTo(reviewer(r.content, b, 'rex'), id, 'Agreed')
    resolveThread(reviewer(r.content, c, 'dora', 'drafter'), id)
    assignThread(r.as('rita'), id, 'dora')
    syncAll(r.annotations, b, c)
    for (const doc of [r.annotations, b, c]) {
      expect(getThread(doc, id)).toMatchObject({ assignee: 'dora', resolution: { by: 'dora' }, replies: { [reply]: { body: 'Agreed' } } })
    }
  })

  it('refuse to throw away a thread: an operation on a missing thread is an AnnotationError', () => {
    const r = room()
    expect(() => resolveThread(r.as('rita'), 'th-x')).toThrow(AnnotationError)
  })
})
