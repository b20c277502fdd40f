// "New from template…" in Chromium against the real server: the dialog lists the four templates
// with their descriptions and starts on the first choice, refuses an empty title under the field,
// closes on Escape, and creates a document built from the chosen template (title, parts, numbered
// articles, clause badges, outline); keyboard alone creates one too; the blank "Create document"
// path still works. Both dialog states are photographed for review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { tmpdir } from 'node:os'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { documentTitles, startTestServer, type TestServer } from '../helpers/server.js'
import { collectErrors, launchBrowser, numbers, personContext, texts, waitConnected, DIST, assertEditorBuilt, closeBrowserSuite } from '../helpers/browser.js'

const SHOTS = process.env.SCREENSHOT_DIR ?? resolve(tmpdir(), 'pacta-screenshots')
const POLL = { timeout: 10_000, interval: 50 }
const MODEL = 'Model Treaty on the Protection and Promotion of Peace Negotiation'

let server: TestServer
let browser: Browser
let context: BrowserContext
let page: Page
let errors: string[]

/** The titles of the signed-in person's documents. */
const myDocuments = () => documentTitles(server, 'dina')

/** Opens the document list and the template dialog, and waits for the templates. */
async function openDialog(): Promise<void> {
  await page.goto(`${server.url}/`)
  await page.locator('.from-template').click()
  await expect.poll(() => page.locator('dialog .template-choice').count(), POLL).toBe(4)
}

/** Waits for the editor of a just-created document. */
async function editorOpened(): Promise<void> {
  await page.waitForURL(/\/d\/[A-Za-z0-9_-]{12}$/)
  await page.locator('.ProseMirror.treaty').waitFor()
  await waitConnected(page)
}

beforeAll(async () => {
  assertEditorBuilt('index.html')
  mkdirSync(SHOTS, { recursive: true })
  server = await startTestServer({ staticDir: DIST })
  browser = await launchBrowser()
  // a drafter with an account of her own (not the admin), so her list starts empty
  context = await personContext(browser, 'Dina', '#2ca02c', server)
  page = await context.newPage()
  errors = collectErrors(page)
})

afterAll(() => closeBrowserSuite([context], browser, server))

describe('new document from a template', () => {
  it('lists the four templates with a description, the first one chosen and focused, its title prefilled', async () => {
    await openDialog()
    const titles = await texts(page, 'dialog .template-title')
    expect(titles).toEqual([
      'Agreement on the Reduction of Violence between government and group',
      'Ceasefire Agreement between government and group',
      MODEL,
      'Protocol on the Facilitation of Talks between government and group',
    ])
    // placeholders show as blanks to fill, never as raw {{braces}}
    expect(titles.join(' ')).not.toContain('{{')
    expect(await page.locator('dialog .template-blank').count()).toBe(6)
    for (const summary of await page.locator('dialog .template-summary').allTextContents()) expect(summary.length).toBeGreaterThan(40)
    expect(await page.locator('dialog legend').first().textContent()).toBe('Template')
    expect(await page.locator('label[for="template-title"]').textContent()).toBe('Title of the new document')
    // focus on the chosen template, so arrows choose and Tab reaches the title
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('violence-reduction-agreement')
    expect(await page.locator('#template-title').inputValue()).toBe('Agreement on the Reduction of Violence between [government] and [group]')
    await page.screenshot({ path: resolve(SHOTS, 'template-dialog.png') })
  })

  it('refuses an empty title with a message under the field, creates nothing, and closes on Escape', async () => {
    await page.locator('#template-title').fill('   ')
    await page.locator('#template-title').press('Enter')
    await expect.poll(() => page.locator('#template-title-error').textContent(), POLL).toBe('Give the new document a title.')
    expect(await page.locator('#template-title').getAttribute('aria-invalid')).toBe('true')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('template-title')
    // the message sits right under the field it concerns
    const field = await page.locator('#template-title').boundingBox()
    const message = await page.locator('#template-title-error').boundingBox()
    expect(message!.y).toBeGreaterThan(field!.y + field!.height - 1)
    expect(message!.y).toBeLessThan(field!.y + field!.height + 24)
    expect(await page.locator('dialog[open]').count()).toBe(1)
    await page.screenshot({ path: resolve(SHOTS, 'template-dialog-empty-title.png') })
    // typing clears the message
    await page.locator('#template-title').pressSequentially('x')
    await expect.poll(() => page.locator('#template-title-error').isVisible(), POLL).toBe(false)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('dialog').count(), POLL).toBe(0)
    expect(await myDocuments()).toEqual([])
  })

  it('creates the model treaty: its title, parts, numbered articles, clause badges and outline', async () => {
    await openDialog()
    await page.locator('.template-choice[data-template="model-treaty-peace-negotiation"]').click()
    expect(await page.locator('#template-title').inputValue()).toBe(MODEL)
    await page.locator('#template-title').fill('Model treaty, Geneva draft')
    await page.locator('#template-title').press('Enter')
    await editorOpened()

    expect(await page.locator('.doc-title').textContent()).toBe('Model treaty, Geneva draft')
    expect(await texts(page, '.treaty .treaty-title')).toEqual([MODEL])
    // parts and their numbers
    const parts = await texts(page, '.treaty .part > .heading')
    expect(parts.slice(0, 3)).toEqual(['General provisions', 'Negotiation and the protection of participants', 'Agreements'])
    expect((await numbers(page, 'part')).slice(0, 3)).toEqual(['Part I', 'Part II', 'Part III'])
    // articles numbered 1..n in order, Article 1 "Purpose", definitions in Article 2
    const articleNumbers = await numbers(page, 'article')
    expect(articleNumbers.length).toBeGreaterThan(15)
    expect(articleNumbers).toEqual(articleNumbers.map((_, i) => `Article ${i + 1}`))
    const headings = await texts(page, '.treaty .article > .heading')
    expect(headings.slice(0, 2)).toEqual(['Purpose', 'Use of terms'])
    expect(await page.locator('.treaty .article').nth(1).locator('.term-defining').count()).toBeGreaterThanOrEqual(5)
    // the articles that came from the library carry their provenance badge, unchanged
    await expect.poll(() => page.locator('.treaty .clause-badge').count(), POLL).toBeGreaterThan(10)
    await expect.poll(async () => new Set(await page.locator('.treaty .clause-badge').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))), POLL)
      .toEqual(new Set(['unchanged']))
    // every badge shows its whole name, inside the page (an article with several clauses too); articles
    // the browser has not laid out yet (off screen) are left out
    const badges = await page.locator('.treaty .clause-badge').evaluateAll((els) => {
      const page = document.querySelector('.treaty')!.getBoundingClientRect()
      return els.map((e) => { const r = e.getBoundingClientRect(); return { text: e.textContent, laidOut: r.width > 0, cut: e.scrollWidth > e.clientWidth + 1, inside: r.left >= page.left - 1 && r.right <= page.right + 1 } })
    })
    expect(badges.filter((b) => b.laidOut).length).toBeGreaterThan(3)
    expect(badges.filter((b) => b.laidOut && (b.cut || !b.inside))).toEqual([])
    // the outline lists every article with its number and heading
    await expect.poll(() => page.locator('.outline-article .outline-number').allTextContents(), POLL).toEqual(articleNumbers)
    expect((await page.locator('.outline-article .outline-heading').allTextContents()).slice(0, 2)).toEqual(['Purpose', 'Use of terms'])
    expect(await page.locator('.outline-part').count()).toBe(parts.length)
    await page.screenshot({ path: resolve(SHOTS, 'template-model-treaty.png') })
  })

  it('works from the keyboard alone: arrows choose the ceasefire agreement, Tab, a title, Enter', async () => {
    await openDialog()
    await page.keyboard.press('ArrowDown')
    expect(await page.locator('#template-title').inputValue()).toBe('Ceasefire Agreement between [government] and [group]')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('template-title')
    await page.keyboard.press('Control+A')
    await page.keyboard.type('Ceasefire, first reading')
    await page.keyboard.press('Enter')
    await editorOpened()
    expect(await page.locator('.doc-title').textContent()).toBe('Ceasefire, first reading')
    // the treaty's own title keeps the parties as document parameters, to be filled once
    expect(await page.locator('.treaty .treaty-title .parameter').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['government', 'group'])
    expect((await numbers(page, 'article'))[0]).toBe('Article 1')
    await expect.poll(() => page.locator('.treaty .clause-badge').count(), POLL).toBeGreaterThan(3)
  })

  it('the blank "Create document" still works, and refuses an empty title in the page', async () => {
    await page.goto(`${server.url}/`)
    await page.locator('.create-form button[type="submit"]').click()
    await expect.poll(() => page.locator('.list-error').textContent(), POLL).toBe('The title cannot be empty.')
    await page.locator('.create-form input[name="title"]').fill('Blank protocol')
    await page.locator('.create-form input[name="title"]').press('Enter')
    await editorOpened()
    expect(await texts(page, '.treaty .treaty-title')).toEqual(['Blank protocol'])
    expect(await numbers(page, 'article')).toEqual(['Article 1'])
    expect(await page.locator('.treaty .clause-badge').count()).toBe(0)
    expect(await myDocuments()).toEqual(['Blank protocol', 'Ceasefire, first reading', 'Model treaty, Geneva draft'])
  })

  it('ran without page errors', () => {
    expect(errors.filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})
