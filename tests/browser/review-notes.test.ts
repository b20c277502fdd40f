// Private notes ("only me") in real Chromium against the real server: a reviewer keeps a note
// from the comment composer; it is highlighted apart and listed under "Only me" on her page and
// on her second tab, where she edits and deletes it; a drafter's page never shows it (checked
// after a shared comment made later by the same reviewer has reached that page).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { texts } from '../helpers/browser.js'
import { reviewRoom, select, writeProtectionArticle } from './review-room.js'

const POLL = { timeout: 10_000, interval: 50 }
const LIVE = { timeout: 10_000, interval: 50 }
const SECRET = 'Ask the legal office before conceding this (note 5c1e)'

const room = reviewRoom('Private notes in the browser', [['dora', 'drafter'], ['rita', 'reviewer']])
const { pageOf, open } = room
const errors = room.suite.errors

/** Opens the composer on `words` and sends `body`, as a private note when `privately`. */
async function compose(page: Page, words: string, body: string, privately: boolean): Promise<void> {
  await select(page, words)
  await expect.poll(() => page.locator('.tb-comment').isDisabled(), POLL).toBe(false)
  await page.locator('.tb-comment').click()
  const composer = page.locator('.review-composer')
  await composer.locator('textarea').waitFor()
  if (privately) await composer.locator('.review-private-toggle').check()
  await composer.locator('textarea').fill(body)
  await composer.locator('.review-submit').click()
  await composer.waitFor({ state: 'hidden' })
}

const notes = (page: Page) => page.locator('.review-notes .review-note')

describe('private notes', () => {
  let dora: Page
  let rita: Page
  let ritaAgain: Page

  it('a drafter writes a paragraph and both people open the document, the reviewer on two tabs', async () => {
    dora = await pageOf('dora')
    rita = await pageOf('rita')
    ritaAgain = await pageOf('rita')
    await open(dora)
    await writeProtectionArticle(dora)
    await open(rita)
    await open(ritaAgain)
  })

  it('a reviewer keeps a private note from the composer: highlighted as a note and listed under "Only me"', async () => {
    await compose(rita, 'protect negotiators', SECRET, true)
    expect(await rita.locator('.review-filter[data-filter="notes"]').getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => notes(rita).locator('.review-body').allTextContents(), POLL).toEqual([SECRET])
    expect(await notes(rita).locator('.review-quote').textContent()).toBe('protect negotiators')
    await expect.poll(() => texts(rita, '.treaty .review-note-mark'), POLL).toEqual(['protect negotiators'])
    // a note is not a thread
    expect(await rita.locator('.treaty .review-mark').count()).toBe(0)
  })

  it('her second tab shows the note too', async () => {
    await expect.poll(() => texts(ritaAgain, '.treaty .review-note-mark'), LIVE).toEqual(['protect negotiators'])
    await ritaAgain.locator('.review-filter[data-filter="notes"]').click()
    await expect.poll(() => notes(ritaAgain).locator('.review-body').allTextContents(), LIVE).toEqual([SECRET])
  })

  it('another member\'s page never shows it, though her later shared comment arrives there', async () => {
    await compose(rita, 'every place', 'A shared comment', false)
    await expect.poll(() => texts(dora, '.treaty .review-mark'), LIVE).toEqual(['every place'])
    expect(await dora.locator('.treaty .review-note-mark').count()).toBe(0)
    expect(await dora.evaluate((s) => document.body.textContent!.includes(s), SECRET)).toBe(false)
    await dora.locator('.review-filter[data-filter="notes"]').click()
    expect(await notes(dora).count()).toBe(0)
    expect(await dora.locator('.review-notes .review-empty').count()).toBe(1)
  })

  it('the writer edits the note on one tab and deletes it on the other', async () => {
    await notes(ritaAgain).locator('.review-edit').click()
    await notes(ritaAgain).locator('textarea').fill('Settled with the legal office.')
    await notes(ritaAgain).locator('.review-submit').click()
    await rita.locator('.review-filter[data-filter="notes"]').click()
    await expect.poll(() => notes(rita).locator('.review-body').allTextContents(), LIVE).toEqual(['Settled with the legal office.'])
    expect(await notes(rita).locator('.review-edited').count()).toBe(1)
    await notes(rita).locator('.review-delete').click()
    await expect.poll(() => notes(ritaAgain).count(), LIVE).toBe(0)
    await expect.poll(() => ritaAgain.locator('.treaty .review-note-mark').count(), LIVE).toBe(0)
  })

  it('no page reported an error', () => {
    expect(errors.flat()).toEqual([])
  })
})
