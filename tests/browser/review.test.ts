// Inline review in real Chromium against the real server: a reviewer comments on selected text
// from the toolbar and with Ctrl+Alt+M and replies; a drafter on another page sees the thread
// live and resolves it, and the reviewer's page shows that live; an observer reads threads but
// has nothing to write with; a body holding HTML and script shows as text and creates nothing.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { caretAtEnd, personContext, texts, trackedPage } from '../helpers/browser.js'
import { reviewRoom, select, writeProtectionArticle } from './review-room.js'

const POLL = { timeout: 10_000, interval: 50 }
/** How long a change on one page may take to show on another on a loaded two-core machine (speed is measured in the benchmarks). */
const LIVE = { timeout: 10_000, interval: 50 }
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> see https://example.org/a?b=1'

const room = reviewRoom('Review in the browser', [['dora', 'drafter'], ['rita', 'reviewer'], ['otto', 'observer']])
const { pageOf, open } = room
const errors = room.suite.errors

const threadCards = (page: Page) => page.locator('.review-list .review-thread')
/** The card of the thread on "protect negotiators". */
const negotiators = (page: Page) => threadCards(page).filter({ has: page.locator('.review-quote', { hasText: 'protect negotiators' }) })

describe('inline review', () => {
  let dora: Page
  let rita: Page
  let otto: Page

  it('a drafter writes a paragraph and everyone opens the document', async () => {
    dora = await pageOf('dora')
    rita = await pageOf('rita')
    otto = await pageOf('otto')
    await open(dora)
    await writeProtectionArticle(dora)
    await open(rita)
    await open(otto)
  })

  it('a reviewer comments on selected text from the toolbar; the text is highlighted and the thread listed', async () => {
    await select(rita, 'protect negotiators')
    await expect.poll(() => rita.locator('.tb-comment').isDisabled(), POLL).toBe(false)
    await rita.locator('.tb-comment').click()
    const composer = rita.locator('.review-composer')
    await composer.locator('textarea').waitFor()
    expect(await composer.locator('.review-quote').textContent()).toBe('protect negotiators')
    await composer.locator('textarea').fill('Which negotiators?\nAll of them?')
    await composer.locator('.review-submit').click()
    await expect.poll(() => threadCards(rita).count(), POLL).toBe(1)
    expect(await rita.locator('.review-thread .review-body').first().innerText()).toBe('Which negotiators?\nAll of them?')
    expect(await rita.locator('.review-thread .review-author').first().textContent()).toBe('Rita')
    await expect.poll(() => texts(rita, '.treaty .review-mark'), POLL).toEqual(['protect negotiators'])
    expect(await composer.isHidden()).toBe(true)
  })

  it('the drafter sees the thread live, beside its highlighted text', async () => {
    await expect.poll(() => threadCards(dora).count(), LIVE).toBe(1)
    await expect.poll(() => texts(dora, '.treaty .review-mark'), LIVE).toEqual(['protect negotiators'])
  })

  it('Ctrl+Alt+M comments too, and a reply reaches the other page', async () => {
    await select(rita, 'every place')
    await rita.keyboard.press('Control+Alt+m')
    const composer = rita.locator('.review-composer')
    await composer.locator('textarea').waitFor()
    await expect.poll(() => rita.evaluate(() => document.activeElement?.closest('.review-composer') !== null), POLL).toBe(true)
    await rita.keyboard.type('Also at sea?')
    await rita.keyboard.press('Control+Enter')
    await expect.poll(() => threadCards(rita).count(), POLL).toBe(2)
    // threads are listed in the order of their text
    await expect.poll(() => rita.locator('.review-list .review-thread .review-quote').allTextContents(), POLL).toEqual(['protect negotiators', 'every place'])
    const first = threadCards(rita).first()
    await first.locator('.review-form textarea').fill('I mean the delegates.')
    await first.locator('.review-form .review-submit').click()
    await expect.poll(() => threadCards(dora).first().locator('.review-reply .review-body').allTextContents(), LIVE).toEqual(['I mean the delegates.'])
    await expect.poll(() => threadCards(dora).count(), LIVE).toBe(2)
    // the outline counts the open threads of each article
    await expect.poll(() => dora.locator('.outline .outline-threads').allTextContents(), LIVE).toEqual(['2'])
  })

  it('the drafter resolves a thread and the reviewer\'s page shows it resolved, live', async () => {
    await threadCards(dora).first().locator('.review-resolve').click()
    await expect.poll(() => threadCards(dora).count(), POLL).toBe(1) // the "Open" filter hides it
    await expect.poll(() => threadCards(rita).count(), LIVE).toBe(1)
    await rita.locator('.review-filter[data-filter="resolved"]').click()
    await expect.poll(() => rita.locator('.review-list .review-thread[data-status="resolved"] .review-quote').allTextContents(), LIVE).toEqual(['protect negotiators'])
    expect(await rita.locator('.review-list .review-status').first().textContent()).toBe('Resolved by Dora')
    await rita.locator('.review-filter[data-filter="open"]').click()
    await expect.poll(() => rita.locator('.outline .outline-threads').allTextContents(), LIVE).toEqual(['1'])
  })

  it('an observer sees the threads read-only: no comment button, composer or reply box', async () => {
    await expect.poll(() => threadCards(otto).count(), LIVE).toBe(1)
    expect(await otto.locator('.tb-comment').isDisabled()).toBe(true)
    await select(otto, 'at all times')
    await otto.keyboard.press('Control+Alt+m')
    expect(await otto.locator('.review-composer').isHidden()).toBe(true)
    expect(await otto.locator('.review-thread textarea').count()).toBe(0)
    expect(await otto.locator('.review-thread .review-resolve').count()).toBe(0)
  })

  it('a body holding HTML and script is shown as text and creates no element; its http link is a safe link', async () => {
    await select(rita, 'The Parties')
    await rita.locator('.tb-comment').click()
    await rita.locator('.review-composer textarea').fill(HOSTILE)
    await rita.locator('.review-composer .review-submit').click()
    for (const page of [rita, dora]) {
      const body = page.locator('.review-thread .review-body', { hasText: '<script>' })
      await expect.poll(() => body.count(), LIVE).toBe(1)
      expect(await body.innerText()).toBe(HOSTILE)
      expect(await page.locator('.review-panel img, .review-panel script').count()).toBe(0)
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
      const link = body.locator('a')
      expect(await link.count()).toBe(1)
      expect(await link.getAttribute('href')).toBe('https://example.org/a?b=1')
      expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
      expect(await link.getAttribute('target')).toBe('_blank')
    }
  })

  it('clicking a highlight focuses its thread; clicking a thread selects its text', async () => {
    await dora.locator('.treaty .review-mark', { hasText: 'every place' }).click()
    await expect.poll(() => dora.locator('.review-thread.is-focused .review-quote').textContent(), POLL).toBe('every place')
    await dora.locator('.review-thread .review-quote', { hasText: 'The Parties' }).click()
    await expect.poll(() => dora.evaluate(() => {
      const { view } = (window as unknown as { pacta: { view: { state: { doc: { textBetween(a: number, b: number): string }; selection: { from: number; to: number } } } } }).pacta
      return view.state.doc.textBetween(view.state.selection.from, view.state.selection.to)
    }), POLL).toBe('The Parties')
  })

  it('a reviewer edits and deletes her own reply; her caret stays in it while its card changes; others see the change live and cannot edit it', async () => {
    const reply = threadCards(rita).locator('.review-reply', { hasText: 'I mean the delegates.' })
    await rita.locator('.review-filter[data-filter="all"]').click()
    await reply.locator('.review-edit').click()
    const typingIn = () => rita.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null)
    await expect.poll(typingIn, POLL).toBe('Edit the reply')
    await rita.keyboard.press('End')
    for (let i = 0; i < 3; i++) await rita.keyboard.press('Backspace')
    await rita.keyboard.type('io')
    // the drafter replies meanwhile: the reviewer's card is built again, her box with it
    await dora.locator('.review-filter[data-filter="all"]').click()
    await negotiators(dora).locator('.review-form textarea').fill('Noted.')
    await negotiators(dora).locator('.review-form .review-submit').click()
    await expect.poll(() => negotiators(rita).locator('.review-reply .review-body').allTextContents(), LIVE).toContain('Noted.')
    expect(await typingIn()).toBe('Edit the reply')
    await rita.keyboard.type('ns.')
    expect(await rita.locator('.review-reply textarea').inputValue()).toBe('I mean the delegations.')
    await rita.keyboard.press('Control+Enter')
    const doraReply = dora.locator('.review-reply', { hasText: 'I mean the delegations.' })
    await expect.poll(() => doraReply.count(), LIVE).toBe(1)
    expect(await doraReply.locator('.review-edited').count()).toBe(1)
    expect(await doraReply.locator('.review-edit').count()).toBe(0)
    await rita.locator('.review-reply', { hasText: 'I mean the delegations.' }).locator('.review-delete').click()
    await expect.poll(() => dora.locator('.review-reply .review-deleted').allTextContents(), LIVE).toEqual(['Reply deleted'])
  })

  it('a thread whose text is deleted is listed "on deleted text" with its quote; a convener dismisses it', async () => {
    const admin = await trackedPage(await personContext(room.suite.browser, 'Admin'), room.suite.contexts, errors)
    await open(admin)
    await admin.locator('.review-filter[data-filter="all"]').click()
    await expect.poll(() => admin.locator('.review-list .review-thread').count(), LIVE).toBe(3)
    // the drafter deletes "every place" (and the word before it)
    await select(dora, 'in every place')
    await dora.keyboard.press('Backspace')
    const orphan = admin.locator('.review-orphans .review-thread')
    await expect.poll(() => orphan.locator('.review-quote').allTextContents(), LIVE).toEqual(['every place'])
    expect(await orphan.locator('.review-orphan-note').textContent()).toBe('On deleted text')
    expect(await rita.locator('.review-orphans .review-dismiss').count()).toBe(0)
    await orphan.locator('.review-dismiss').click()
    await expect.poll(() => rita.locator('.review-orphans .review-thread').count(), LIVE).toBe(0)
    await expect.poll(() => admin.locator('.review-orphans .review-thread').count(), LIVE).toBe(0)
  })

  it('a reviewer suggests a replacement; it shows inline; the drafter accepts it as an undoable edit that every page shows', async () => {
    await select(rita, 'at all times')
    await rita.locator('.tb-comment').click()
    await rita.locator('.review-composer .review-suggest-toggle').check()
    await rita.locator('.review-composer .review-replacement').fill('always')
    await rita.locator('.review-composer .review-submit').click()
    await expect.poll(() => texts(dora, '.treaty .review-suggest-delete'), LIVE).toEqual(['at all times'])
    await expect.poll(() => texts(dora, '.treaty ins.review-suggest-insert'), LIVE).toEqual(['always'])
    const ritaCard = rita.locator('.review-list .review-thread', { has: rita.locator('.review-suggestion') })
    await expect.poll(() => ritaCard.count(), POLL).toBe(1)
    expect(await ritaCard.locator('.review-accept').count()).toBe(0)
    await dora.locator('.review-filter[data-filter="open"]').click()
    const doraCard = dora.locator('.review-list .review-thread', { has: dora.locator('.review-suggestion') })
    await doraCard.locator('.review-accept').click()
    for (const page of [dora, rita]) {
      await expect.poll(() => texts(page, '.treaty .article .paragraph').then((t) => t[0]), LIVE).toBe('The Parties shall protect negotiators always and .')
    }
    await expect.poll(() => ritaCard.locator('.review-decision').textContent(), LIVE).toBe('Accepted by Dora')
    expect(await dora.locator('.treaty ins.review-suggest-insert').count()).toBe(0)
    // an ordinary edit: undo takes it back
    await caretAtEnd(dora, '.article > .heading')
    await dora.keyboard.press('Control+z')
    await expect.poll(() => texts(rita, '.treaty .article .paragraph').then((t) => t[0]), LIVE).toBe('The Parties shall protect negotiators at all times and .')
  })

  it('no page logged an error', () => {
    expect(errors.flat()).toEqual([])
  })
})
