// Find and replace in Chromium against the real server: Ctrl+F opens the find bar, the matches are
// highlighted and counted, Enter moves on, Ctrl+H adds the replace row, "Replace all" replaces
// every match but never a parameter, one Ctrl+Z takes all of it back (for a collaborator too),
// Escape returns to the text; a reviewer can find but the replace controls are disabled.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { browserSuite, caretAtEnd, openEditor, personContext, trackedPage, treatyText } from '../helpers/browser.js'

const POLL = { timeout: 10_000, interval: 50 }
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
    const { server, browser, contexts, errors } = suite
    const res = await server.request('/api/documents/import?filename=notice.md', {
      method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: TREATY,
    })
    expect(res.status).toBe(201)
    const id = ((await res.json()) as { document: { id: string } }).document.id
    await server.addMember(id, 'dora', 'drafter', 'Dora')
    await server.addMember(id, 'rita', 'reviewer', 'Rita')
    dora = await trackedPage(await personContext(browser, 'Dora', '#1f77b4', server), contexts, errors)
    rita = await trackedPage(await personContext(browser, 'Rita', '#d62728', server), contexts, errors)
    await openEditor(dora, server.url, id)
    await openEditor(rita, server.url, id)
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
    await rita.locator('.treaty .article > .heading').first().click()
    await rita.keyboard.press('Control+h')
    await expect.poll(() => rita.locator('.find-bar').isVisible(), POLL).toBe(true)
    await rita.keyboard.type('notice')
    await expect.poll(() => count(rita), POLL).toMatch(/^[12] of 2$/)
    const first = await count(rita)
    expect(await rita.locator('.replace-input').isDisabled()).toBe(true)
    expect(await rita.locator('.replace-one').isDisabled()).toBe(true)
    expect(await rita.locator('.replace-all').isDisabled()).toBe(true)
    expect(await rita.locator('.find-message').textContent()).toContain('not replace')
    await rita.keyboard.press('F3')
    await expect.poll(() => count(rita), POLL).toBe(first === '1 of 2' ? '2 of 2' : '1 of 2')
    // "this article" limits the search to the article of the cursor
    await rita.locator('.find-scope').selectOption('article')
    await expect.poll(() => count(rita), POLL).toBe('1 of 1')
    expect(await treatyText(rita)).toBe(original)
  })

  it('ran without page errors', () => {
    expect(suite.errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})
