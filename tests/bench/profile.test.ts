// The benchmarks' reading of CPU profiles: a sample taken after the sampler itself waited for a
// core stands for no more than a few sampling intervals.
import { describe, expect, it } from 'vitest'
import { hotFunctions, jsShare, ModuleIndex, sampleWeights, type Profile } from '../../bench/editor/profile.js'

const frame = (functionName: string) => ({ functionName, url: '', lineNumber: 0, columnNumber: 0 })

/** Ten samples 200 µs apart in `steady`, then one in `late` followed by a 100 ms gap, then `steady` again. */
function profileWithGap(): Profile {
  const nodes = [{ id: 1, callFrame: frame('steady') }, { id: 2, callFrame: frame('late') }, { id: 3, callFrame: frame('(program)') }]
  const samples = [...Array(10).fill(1), 2, 1, 1, 3]
  const timeDeltas = [0, ...Array(10).fill(200), 100_000, 200, 200]
  return { nodes, samples, timeDeltas, startTime: 0, endTime: 102_600 }
}

describe('CPU profile samples', () => {
  it('charges a sample followed by a long gap at most three median intervals', () => {
    const weights = sampleWeights(profileWithGap())
    expect(weights[10]).toBe(600)
    expect(weights.slice(0, 10)).toEqual(Array(10).fill(200))
  })

  it('does not name the function caught before the gap as the hottest', () => {
    const hot = hotFunctions(profileWithGap(), new ModuleIndex([]))
    expect(hot.functions[0]!.name).toBe('steady')
    expect(hot.busyMs).toBeLessThan(5)
  })

  it('reckons the share of JavaScript from the capped samples', () => {
    expect(jsShare(profileWithGap())).toBeGreaterThan(0.9)
  })
})
