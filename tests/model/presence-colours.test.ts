// Presence colours: derived from the person's id, the same whoever computes them, distinct among those present.
import { describe, expect, it } from 'vitest'
import { assignColours, PRESENCE_PALETTE, preferredColour } from '../../editor/model/presence-colours.js'

/** `n` ids that all prefer the same colour. */
function colliding(n: number): string[] {
  const first = preferredColour('u-0')
  const ids = ['u-0']
  for (let i = 1; ids.length < n; i++) if (preferredColour(`u-${i}`) === first) ids.push(`u-${i}`)
  return ids
}

describe('presence colours', () => {
  it('give a person alone their preferred colour, from the palette', () => {
    expect(assignColours(['alice']).get('alice')).toBe(preferredColour('alice'))
    expect(PRESENCE_PALETTE).toContain(preferredColour('alice'))
  })

  it('give people who prefer the same colour different ones, whatever the order they are listed in', () => {
    const ids = colliding(3)
    const a = assignColours(ids)
    const b = assignColours([...ids].reverse())
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort())
    expect(new Set(a.values()).size).toBe(3)
    // the first id in order keeps its preferred colour
    expect(a.get([...ids].sort()[0]!)).toBe(preferredColour(ids[0]!))
  })

  it('stay distinct up to the palette size, and count a person with two tabs once', () => {
    const ids = Array.from({ length: PRESENCE_PALETTE.length }, (_, i) => `person-${i}`)
    expect(new Set(assignColours([...ids, ids[0]!]).values()).size).toBe(PRESENCE_PALETTE.length)
    expect(assignColours([...ids, 'one-more']).size).toBe(PRESENCE_PALETTE.length + 1)
  })
})
