// More of inline review in real Chromium: a reviewer edits the opening comment of her own thread
// (others see it edited, and cannot edit it); a right-click on selected text offers Comment; a
// suggestion inserts text at the cursor, shown inline until a drafter accepts it.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { texts } from '../helpers/browser.js'
import { caretAfter, reviewRoom, select, writeProtectionArticle } from './review-room.js'

const POLL = { timeout: 10_000, interval: 50 }
const LIVE = { timeout: 10_000, interval: 50 }

const room = reviewRoom('More review in the browser', [['dora', 'drafter'], ['rita', 'reviewer']])
const { pageOf, open } = room
const errors = room.suite.errors

const cards = (page: Page) => page.locator('.review-list .review-thread')

describe('inline review, continued', () => {
  let dora: Page
  let rita: Page

  it('a drafter writes a paragraph and both open the document', async () => {
    dora = await pageOf('dora')
    rita = await pageOf('rita')
    await open(dora)
    await writeProtectionArticle(dora, 'The Parties shall protect negotiators in every place.')
    await open(rita)
  })

  it('a right-click on selected text offers Comment, which opens the composer on those words', async () => {
    await select(rita, 'protect negotiators')
    // a right-click inside the selected words
    const box = await rita.evaluate(() => { const r = window.getSelection()!.getRangeAt(0).getBoundingClientRect(); return { x: r.x + r.width / 2, y: r.y + r.height / 2 } })
    await rita.mouse.click(box.x, box.y, { button: 'right' })
    const item = rita.locator('.review-context-menu [data-action="comment"]')
    await item.waitFor()
    expect(await item.textContent()).toContain('Comment')
    await item.click()
    const composer = rita.locator('.review-composer')
    await composer.locator('textarea').waitFor()
    expect(await composer.locator('.review-quote').textContent()).toBe('protect negotiators')
    await composer.locator('textarea').fill('Whom exactly?')
    await composer.locator('.review-submit').click()
    await expect.poll(() => texts(dora, '.treaty .review-mark'), LIVE).toEqual(['protect negotiators'])
    expect(await rita.locator('.review-context-menu').isHidden()).toBe(true)
  })

  it('the reviewer edits her opening comment; the drafter sees it edited and cannot edit it', async () => {
    // Cancel gives the comment back as it was
    await cards(rita).first().locator('.review-edit-comment').click()
    await cards(rita).first().locator('.review-form .review-cancel').click()
    await expect.poll(() => cards(rita).first().locator(':scope > .review-body').textContent(), POLL).toBe('Whom exactly?')
    expect(await cards(rita).first().locator('textarea[aria-label="Edit the comment"]').count()).toBe(0)
    await cards(rita).first().locator('.review-edit-comment').click()
    const form = cards(rita).first().locator('.review-form', { has: rita.locator('textarea[aria-label="Edit the comment"]') })
    await form.locator('textarea').fill('Whom exactly: delegates, mediators, or both?')
    await form.locator('.review-submit').click()
    await expect.poll(() => cards(dora).first().locator(':scope > .review-body').textContent(), LIVE).toBe('Whom exactly: delegates, mediators, or both?')
    expect(await cards(dora).first().locator(':scope > .review-byline .review-edited').count()).toBe(1)
    expect(await cards(dora).first().locator('.review-edit-comment').count()).toBe(0)
  })

  it('a reviewer suggests inserting text at the cursor; it shows inline; the drafter accepts it', async () => {
    await caretAfter(rita, 'every place')
    await expect.poll(() => rita.locator('.tb-suggestInsert').isDisabled(), POLL).toBe(false)
    await rita.keyboard.press('Control+Alt+i')
    const composer = rita.locator('.review-composer')
    await composer.locator('.review-replacement').waitFor()
    expect(await composer.locator('.review-quote .review-point-mark').count()).toBe(1)
    await composer.locator('.review-replacement').fill(' at all times')
    await composer.locator('.review-submit').click()
    await expect.poll(() => texts(dora, '.treaty ins.review-suggest-insert'), LIVE).toEqual([' at all times'])
    const card = cards(dora).filter({ has: dora.locator('.review-suggestion[data-op="insert"]') })
    await card.locator('.review-accept').click()
    for (const page of [dora, rita]) {
      await expect.poll(() => texts(page, '.treaty .article .paragraph').then((t) => t[0]), LIVE).toBe('The Parties shall protect negotiators in every place at all times.')
    }
    expect(await dora.locator('.treaty ins.review-suggest-insert').count()).toBe(0)
  })

  it('no page logged an error', () => {
    expect(errors.flat()).toEqual([])
  })
})
