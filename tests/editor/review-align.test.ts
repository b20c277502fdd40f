// Where the review margin puts thread cards: beside their text, pushed down in document order when
// they would overlap, the focused one pinned beside its text with the others moved out of its
// way; and which cards are built for the visible part of a long treaty.
import { describe, expect, it } from 'vitest'
import { StepMap } from 'prosemirror-transform'
import { CARD_GAP, CARDS_BEFORE, cardBand, changedSpan, firstAtOrAfter, MAX_CARDS, OVERSCAN_PX, PUSH_REACH_PX, stackCards } from '../../editor/ui/review-align.js'

describe('stackCards', () => {
  it('puts cards that do not overlap at the tops of their text', () => {
    expect(stackCards([0, 200, 500], [100, 100, 100])).toEqual([0, 200, 500])
  })

  it('pushes a card that would overlap the one before it down, just below it, and the pushed card pushes the next', () => {
    expect(stackCards([0, 50, 200], [100, 100, 100])).toEqual([0, 100 + CARD_GAP, 200 + 2 * CARD_GAP])
  })

  it('pins the focused card at its text and moves the cards before it up only as far as needed', () => {
    const tops = stackCards([0, 50, 120, 400], [100, 100, 100, 100], 2)
    expect(tops[2]).toBe(120)
    expect(tops[1]).toBe(120 - CARD_GAP - 100)
    expect(tops[0]).toBe(tops[1]! - CARD_GAP - 100)
    expect(tops[3]).toBe(400)
    // no two overlap
    for (let i = 1; i < tops.length; i++) expect(tops[i]!).toBeGreaterThanOrEqual(tops[i - 1]! + 100 + CARD_GAP)
  })

  it('leaves cards before the focused one where they were when they are out of its way', () => {
    expect(stackCards([0, 300, 320], [100, 100, 100], 2)).toEqual([0, 320 - CARD_GAP - 100, 320])
    expect(stackCards([0, 500, 900], [100, 100, 100], 1)).toEqual([0, 500, 900])
  })

  it('pushes the cards after a pinned card down from it', () => {
    expect(stackCards([0, 10, 20], [100, 100, 100], 0)).toEqual([0, 100 + CARD_GAP, 200 + 2 * CARD_GAP])
  })
})

describe('cardBand', () => {
  // a thread every 50 px of a long treaty
  const tops = (i: number) => i * 50

  it('finds the first position at or after a value by binary search', () => {
    expect(firstAtOrAfter(100, tops, 0)).toBe(0)
    expect(firstAtOrAfter(100, tops, 51)).toBe(2)
    expect(firstAtOrAfter(100, tops, 1e9)).toBe(100)
  })

  it('builds the cards of threads near the visible part, and a few before them', () => {
    const [start, end] = cardBand(10_000, tops, 100_000, 100_800)
    expect(start).toBe((100_000 - OVERSCAN_PX) / 50 - CARDS_BEFORE)
    expect(end).toBe(Math.min((100_800 + OVERSCAN_PX) / 50 + 1, start + MAX_CARDS))
    expect(end - start).toBeLessThanOrEqual(MAX_CARDS)
  })

  it('reads only a logarithmic number of tops in a thousand threads', () => {
    let reads = 0
    cardBand(1000, (i) => { reads++; return i * 50 }, 20_000, 20_800)
    expect(reads).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1001)) + CARDS_BEFORE)
  })

  it('builds no card for threads far above or below the visible part', () => {
    expect(cardBand(10, tops, 100_000, 100_800)).toEqual([10, 10])
    expect(cardBand(10, (i) => 100_000 + i * 50, 0, 800)).toEqual([0, 0])
  })

  it('builds the cards just above the visible part that a chain of cards could push into it', () => {
    // nine threads 1,400 to 1,800 px above the visible part, the tenth in it
    const [start, end] = cardBand(10, (i) => (i < 9 ? 3_000 + i * 50 : 5_000), 4_800, 5_600)
    expect([start, end]).toEqual([9 - CARDS_BEFORE, 10])
    expect(3_000 + start * 50).toBeGreaterThanOrEqual(4_800 - PUSH_REACH_PX)
  })
})

describe('changedSpan', () => {
  it('covers every range a change replaced, in the new document', () => {
    expect(changedSpan(new StepMap([10, 0, 3, 40, 5, 0]))).toEqual([10, 43])
    expect(changedSpan(StepMap.empty)).toBeNull()
  })
})
