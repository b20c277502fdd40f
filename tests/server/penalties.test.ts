// How long an account is kept out of sync after updates that Yjs could not apply.
import { describe, expect, it } from 'vitest'
import { BadUpdatePenalties } from '../../server/sync/penalties.js'

const HOUR = 3_600_000

describe('bad-update penalties', () => {
  it('holds an account for the cooldown, doubling with each further bad update, never beyond an hour', () => {
    let now = 0
    const penalties = new BadUpdatePenalties(60_000, () => now)
    expect(penalties.remaining('mallory')).toBe(0)
    expect(penalties.strike('mallory')).toBe(60_000)
    now += 59_000
    expect(penalties.remaining('mallory')).toBe(1000)
    expect(penalties.remaining('dora')).toBe(0)
    now += 1000
    expect(penalties.remaining('mallory')).toBe(0)
    expect([2, 3, 4, 5, 6, 7, 8].map(() => penalties.strike('mallory'))).toEqual([120_000, 240_000, 480_000, 960_000, 1_920_000, HOUR, HOUR])
  })

  it('forgets bad updates after a day', () => {
    let now = 0
    const penalties = new BadUpdatePenalties(60_000, () => now)
    penalties.strike('mallory')
    penalties.strike('mallory')
    now += 24 * HOUR + 1
    expect(penalties.strike('mallory')).toBe(60_000)
  })

  it('holds nobody when the cooldown is 0', () => {
    const penalties = new BadUpdatePenalties(0)
    expect(penalties.strike('mallory')).toBe(0)
    expect(penalties.remaining('mallory')).toBe(0)
  })
})
