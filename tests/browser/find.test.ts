// Find and replace in Chromium against the real server: Ctrl+F opens the find bar, the matches are
// highlighted and counted, Enter moves on, Ctrl+H adds the replace row, "Replace all" replaces
// every match but never a parameter, one Ctrl+Z takes all of it back (for a collaborator too),
// Escape returns to the text; a reviewer can find but the replace controls are disabled. On
// UNCLOS, every match of the convention is counted and highlighted and the current one scrolled to.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserSuite, caretAtEnd, memberPage, openEditor, personContext, trackedPage, treatyText } from '../helpers/browser.js'
import { importDocument } from '../helpers/server.js'

const POLL = { timeout: 10_000, interval: 50 }
const UNCLOS = resolve(import.meta.dirname, '../fixtures/corpus/unclos-1982_law-of-the-sea.en.md')
const suite = browserSuite()

const TREATY = `# Treaty on Notification

### Article 1

#### Notice

1. Each Party shall notify the other Parties of any measure.

2. A party may ask the counterparty for consultations.

### Article 2

#### Withdrawal

1. Any Party may withdraw by written notice.
`

describe('find and replace', () => {
  let dora: Page
  let rita: Page
  let original = ''

  const count = (page: Page) => page.locator('.find-count').textContent()
  const highlighted = (page: Page) => page.locator('.treaty .find-match').allTextContents()

  beforeAll(async () => {
    const id = await importDocument(suite.server, 'notice.md', TREATY)
    dora = await memberPage(suite, id, 'Dora', 'drafter', '#1f77b4')
    rita = await memberPage(suite, id, 'Rita', 'reviewer', '#d62728')
  })

  it('finds with Ctrl+F: every match highlighted, "1 of 4", Enter to the next, never inside a parameter', async () => {
    // a parameter whose name holds the word: its chip is never a match
    await caretAtEnd(dora, '.paragraph')
    await dora.locator('.tb-insertParameter').click()
    await dora.locator('dialog input[name="name"]').fill('party_name')
    await dora.locator('dialog button[type="submit"]').click()
    await expect.poll(() => rita.locator('.treaty .parameter[data-name="party_name"]').count(), POLL).toBe(1)
    original = await treatyText(dora)

    await caretAtEnd(dora, '.article > .heading')
    await dora.keyboard.press('Control+f')
    await expect.poll(() => dora.evaluate(() => document.activeElement?.classList.contains('find-input')), POLL).toBe(true)
    await dora.keyboard.type('party')
    await expect.poll(() => count(dora), POLL).toBe('1 of 4')
    expect(await highlighted(dora)).toEqual(['Party', 'party', 'party', 'Party'])
    expect(await dora.locator('.treaty .find-match-current').textContent()).toBe('Party')
    await dora.keyboard.press('Enter')
    await expect.poll(() => count(dora), POLL).toBe('2 of 4')
    await dora.keyboard.press('Shift+Enter')
    await expect.poll(() => count(dora), POLL).toBe('1 of 4')
    await dora.locator('.find-word').check()
    await expect.poll(() => count(dora), POLL).toBe('1 of 3')
    expect(await highlighted(dora)).toEqual(['Party', 'party', 'Party'])
    await dora.locator('.find-word').uncheck()
    await dora.locator('.find-case').check()
    await expect.poll(() => highlighted(dora), POLL).toEqual(['party', 'party'])
    await dora.locator('.find-case').uncheck()
  })

  it('says what is wrong with an empty search, and keeps replace disabled', async () => {
    await dora.keyboard.press('Control+h')
    await expect.poll(() => dora.locator('.replace-row').isVisible(), POLL).toBe(true)
    await dora.locator('.find-input').fill('')
    await expect.poll(() => dora.locator('.find-message').textContent(), POLL).toContain('Type the text to find')
    expect(await dora.locator('.replace-all').isDisabled()).toBe(true)
    expect(await highlighted(dora)).toEqual([])
  })

  it('replaces all as one change that one Ctrl+Z takes back, on both pages', async () => {
    await dora.locator('.find-input').fill('party')
    await dora.locator('.find-word').check()
    await expect.poll(() => count(dora), POLL).toMatch(/ of 3$/)
    await dora.locator('.replace-input').fill('State')
    await dora.locator('.replace-all').click()
    await expect.poll(() => dora.locator('.find-message').textContent(), POLL).toBe('Replaced 3 matches.')
    const replaced = await treatyText(dora)
    expect(replaced).toContain('Each State shall notify the other Parties')
    expect(replaced).toContain('A State may ask the counterparty')
    expect(replaced).toContain('Any State may withdraw')
    await expect.poll(() => treatyText(rita), POLL).toBe(replaced)
    expect(await rita.locator('.treaty .parameter[data-name="party_name"]').count()).toBe(1)

    // Escape closes the bar and returns to the text, where one Ctrl+Z undoes every replacement
    await dora.keyboard.press('Escape')
    await expect.poll(() => dora.locator('.find-bar').isVisible(), POLL).toBe(false)
    expect(await dora.evaluate(() => document.activeElement?.classList.contains('treaty'))).toBe(true)
    expect(await highlighted(dora)).toEqual([])
    await dora.keyboard.press('Control+z')
    await expect.poll(() => treatyText(dora), POLL).toBe(original)
    await expect.poll(() => treatyText(rita), POLL).toBe(original)
  })

  it('lets a reviewer find but not replace', async () => {
    // the caret after the first article's heading ("Notice"): the first match from there is the second article's
    await caretAtEnd(rita, '.article > .heading')
    await rita.keyboard.press('Control+h')
    await expect.poll(() => rita.locator('.find-bar').isVisible(), POLL).toBe(true)
    await rita.keyboard.type('notice')
    await expect.poll(() => count(rita), POLL).toBe('2 of 2')
    expect(await rita.locator('.replace-input').isDisabled()).toBe(true)
    expect(await rita.locator('.replace-one').isDisabled()).toBe(true)
    expect(await rita.locator('.replace-all').isDisabled()).toBe(true)
    expect(await rita.locator('.find-message').textContent()).toContain('not replace')
    await rita.keyboard.press('F3')
    await expect.poll(() => count(rita), POLL).toBe('1 of 2')
    // "this article" limits the search to the article of the cursor (the first, where F3 went)
    await rita.locator('.find-scope').selectOption('article')
    await expect.poll(() => count(rita), POLL).toBe('1 of 1')
    expect(await treatyText(rita)).toBe(original)

    // the toolbar's Find button opens the bar without the replace row, the text to find ready to type over:
    // the match Escape left selected ("Notice", the heading of the article searched)
    await rita.keyboard.press('Escape')
    await expect.poll(() => rita.locator('.find-bar').isVisible(), POLL).toBe(false)
    await rita.locator('.tb-find').click()
    await expect.poll(() => rita.evaluate(() => document.activeElement?.classList.contains('find-input')), POLL).toBe(true)
    expect(await rita.locator('.replace-row').isVisible()).toBe(false)
    expect(await rita.locator('.find-input').inputValue()).toBe('Notice')
  })

  it('ran without page errors', () => {
    expect(suite.errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})

describe('find on UNCLOS', () => {
  let page: Page

  /** Whether the current match is inside the scrolled text's visible area. */
  const currentVisible = () => page.evaluate(() => {
    const match = document.querySelector('.treaty .find-match-current')
    const scroller = document.querySelector('.page-scroll')
    if (!match || !scroller) return false
    const m = match.getBoundingClientRect()
    const s = scroller.getBoundingClientRect()
    return m.height > 0 && m.top >= s.top && m.bottom <= s.bottom
  })

  beforeAll(async () => {
    const { server, browser, contexts, errors } = suite
    const id = await importDocument(server, 'unclos.md', readFileSync(UNCLOS))
    page = await trackedPage(await personContext(browser, 'Admin', '#2ca02c'), contexts, errors)
    await openEditor(page, server.url, id)
  }, 60_000)

  it('counts the matches of the whole convention and scrolls each current match into view', { timeout: 60_000 }, async () => {
    await caretAtEnd(page, '.treaty-title')
    await page.keyboard.press('Control+f')
    await page.locator('.find-input').waitFor()
    await page.locator('.find-word').check()
    // how long one keystroke of the search takes on the page, searching and highlighting included
    const timings = await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('.find-input')!
      const search = (text: string) => {
        const t = performance.now()
        input.value = text
        input.dispatchEvent(new Event('input'))
        return `"${text}": ${document.querySelector('.find-count')!.textContent} in ${(performance.now() - t).toFixed(1)} ms`
      }
      return [search('the'), search('Enterprise')]
    })
    console.info(`UNCLOS in Chromium, whole words, search and highlight on one keystroke: ${timings.join('; ')}`)
    await expect.poll(() => page.locator('.find-count').textContent(), POLL).toMatch(/^1 of \d{2,}$/)
    const total = Number((await page.locator('.find-count').textContent())!.split(' of ')[1])
    expect(await page.locator('.treaty .find-match').count()).toBe(total)
    await expect.poll(currentVisible, POLL).toBe(true)
    // before the first: the last match, in the annexes far below
    await page.locator('.find-input').focus()
    await page.keyboard.press('Shift+Enter')
    await expect.poll(() => page.locator('.find-count').textContent(), POLL).toBe(`${total} of ${total}`)
    await expect.poll(currentVisible, POLL).toBe(true)

    // typing with the search open: each keystroke searches the changed paragraph again
    const typing = () => page.evaluate(() => {
      const view = (window as unknown as { pacta: { view: import('prosemirror-view').EditorView } }).pacta.view
      const times: number[] = []
      for (let i = 0; i < 20; i++) {
        const t = performance.now()
        view.dispatch(view.state.tr.insertText('x', view.state.selection.from))
        times.push(performance.now() - t)
      }
      return times.reduce((a, b) => a + b, 0) / times.length
    })
    await page.locator('.find-input').fill('the')
    await expect.poll(() => page.locator('.find-count').textContent(), POLL).toMatch(/ of \d{4,}$/)
    const open = await typing()
    await page.keyboard.press('Escape')
    const closed = await typing()
    console.info(`UNCLOS in Chromium, one typed character: ${open.toFixed(1)} ms with the search for "the" open, ${closed.toFixed(1)} ms with it closed`)
  })
})
