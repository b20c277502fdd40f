// Undo in Chromium against the real server: a clause inserted from the library panel brings its
// parameter values, and one Ctrl+Z takes back both the text and the values, for a second drafter
// watching too; Ctrl+Y and Ctrl+Shift+Z bring both back.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { createDocument } from '../helpers/server.js'
import { browserSuite, caretAtEnd, memberPage, texts } from '../helpers/browser.js'

const POLL = { timeout: 10_000, interval: 50 }
const suite = browserSuite()

describe('undo of a clause inserted from the library', () => {
  let amina: Page
  let bruno: Page

  /** The article headings and what the `amnesty_authority` parameter placed before the clause shows, on `page`. */
  const seen = async (page: Page) => ({
    headings: await texts(page, '.treaty .article > .heading'),
    authority: await page.locator('.treaty .article:first-of-type .parameter[data-name="amnesty_authority"]').textContent(),
  })
  const before = { headings: ['Scope'], authority: '[amnesty_authority]' }
  const inserted = { headings: ['Scope', 'Amnesty in exchange for full disclosure'], authority: 'the Amnesty Commission' }

  beforeAll(async () => {
    const id = (await createDocument(suite.server, 'Undo in the browser')).id
    amina = await memberPage(suite, id, 'Amina', 'drafter', '#1f77b4')
    bruno = await memberPage(suite, id, 'Bruno', 'drafter', '#d62728')
  })

  it('takes back the clause and its values with one Ctrl+Z, on both pages', async () => {
    // a heading, and a parameter left blank that the clause's value will fill
    await caretAtEnd(amina, '.article > .heading')
    await amina.keyboard.type('Scope')
    await caretAtEnd(amina, '.article .paragraph')
    await amina.locator('.tb-insertParameter').click()
    await amina.locator('dialog input[name="name"]').fill('amnesty_authority')
    await amina.locator('dialog button[type="submit"]').click()
    await expect.poll(() => seen(bruno), POLL).toEqual(before)

    await caretAtEnd(amina, '.article > .heading')
    await amina.locator('.tb-library').click()
    await amina.locator('.lp-search').fill('conditional amnes')
    await expect.poll(() => amina.locator('.lp-result').first().getAttribute('data-clause'), POLL).toBe('conditional-amnesty')
    await amina.locator('.lp-result').first().click()
    await amina.locator('.lp-variant').selectOption('disclosure')
    await amina.locator('[data-parameter="amnesty_cutoff"]').fill('2024-06-30')
    await amina.locator('.lp-insert').click()
    await expect.poll(() => amina.locator('.lp-status').textContent(), POLL).toContain('Inserted')
    await expect.poll(() => seen(bruno), POLL).toEqual(inserted)
    await expect.poll(() => bruno.locator('.treaty .parameter[data-name="amnesty_cutoff"]').first().textContent(), POLL).toBe('30 June 2024')

    await amina.keyboard.press('Control+z')
    await expect.poll(() => seen(amina), POLL).toEqual(before)
    await expect.poll(() => seen(bruno), POLL).toEqual(before)
  })

  it('brings both back with Ctrl+Y, and again with Ctrl+Shift+Z', async () => {
    await amina.keyboard.press('Control+y')
    await expect.poll(() => seen(bruno), POLL).toEqual(inserted)
    await expect.poll(() => seen(amina), POLL).toEqual(inserted)

    await amina.keyboard.press('Control+z')
    await expect.poll(() => seen(bruno), POLL).toEqual(before)
    await amina.keyboard.press('Control+Shift+z')
    await expect.poll(() => seen(bruno), POLL).toEqual(inserted)
    await expect.poll(() => bruno.locator('.treaty .parameter[data-name="amnesty_cutoff"]').first().textContent(), POLL).toBe('30 June 2024')
  })

  it('ran without page errors', () => {
    expect(suite.errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})
