// @vitest-environment jsdom
// The Export menu computes the check's findings when it is opened, not when the toolbar is built:
// a long treaty's whole-document check is not paid for while the document opens.
import { describe, expect, it } from 'vitest'
import { exportMenu } from '../../editor/ui/toolbar-export.js'

/** An Export menu whose check counts its calls; `final` says whether the user may make a final export. */
function menu(final: boolean) {
  const counted = { calls: 0 }
  const el = exportMenu('doc-1', { findings: () => { counted.calls++; return [] }, canFinal: () => final })
  document.body.append(el)
  return { el, counted, button: el.querySelector<HTMLButtonElement>('.tb-export')! }
}

describe('the Export menu', () => {
  it('runs the check when it is opened, not when it is built', () => {
    const { el, counted, button } = menu(true)
    expect(counted.calls).toBe(0)
    expect(el.querySelector<HTMLElement>('.export-check')!.hidden).toBe(true)
    button.click()
    expect(counted.calls).toBe(1)
    expect(el.querySelector<HTMLElement>('.export-check')!.hidden).toBe(false)
    expect(el.querySelector('.export-check-summary')?.textContent).toMatch(/^Check: /)
  })

  it('hides the final exports from those who may not make one before it is first opened', () => {
    const allowed = menu(true).el.querySelectorAll('.export-item:not([hidden])').length
    const refused = menu(false).el.querySelectorAll('.export-item:not([hidden])').length
    expect(refused).toBeLessThan(allowed)
  })
})
