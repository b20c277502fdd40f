// The clause library in Chromium against the real server: a drafter searches, picks a variant,
// fills the typed parameter form and inserts a clause, which a second drafter sees at once with
// its values; a value filled in the parameters panel reaches the first page; the library badge
// and the panel are photographed for review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { tmpdir } from 'node:os'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createDocument, startTestServer, type TestServer } from '../helpers/server.js'
import { caretAtEnd, launchBrowser, openEditor, personContext, texts, DIST, assertEditorBuilt, closeBrowserSuite, trackedPage, showPanel } from '../helpers/browser.js'

const SHOTS = process.env.SCREENSHOT_DIR ?? resolve(tmpdir(), 'pacta-screenshots')
const POLL = { timeout: 10_000, interval: 50 }

let server: TestServer
let browser: Browser
const contexts: BrowserContext[] = []
const errors: string[][] = []

/** A signed-in person: a context carrying their session cookie and display name. */
async function person(username: string, color: string): Promise<Page> {
  const context = await personContext(browser, username, color)
  const cookie = await server.login(username)
  const [name, value] = cookie.split('=') as [string, string]
  await context.addCookies([{ name, value, url: server.url }])
  return trackedPage(context, contexts, errors)
}

beforeAll(async () => {
  assertEditorBuilt('doc.html')
  server = await startTestServer({ staticDir: DIST })
  browser = await launchBrowser()
})

afterAll(() => closeBrowserSuite(contexts, browser, server))

describe('the library panel', () => {
  let amina: Page
  let bruno: Page
  let id: string

  beforeAll(async () => {
    id = (await createDocument(server, 'Library in the browser')).id
    await server.addMember(id, 'amina', 'drafter')
    await server.addMember(id, 'bruno', 'drafter')
    amina = await person('amina', '#1f77b4')
    bruno = await person('bruno', '#d62728')
    await openEditor(amina, server.url, id)
    await openEditor(bruno, server.url, id)
  })

  it('searches, fills the parameters and inserts a clause that the second page sees with its values', async () => {
    await caretAtEnd(amina, '.article > .heading')
    await amina.keyboard.type('Scope')
    await amina.locator('.tb-library').click()
    await amina.locator('.lp-search').fill('conditional amnes')
    await expect.poll(() => amina.locator('.lp-result').first().getAttribute('data-clause'), POLL).toBe('conditional-amnesty')
    await amina.screenshot({ path: resolve(mkdirSync(SHOTS, { recursive: true }) ?? SHOTS, 'library-results.png') })
    await amina.locator('.lp-result').first().click()
    await amina.locator('.lp-variant').selectOption('disclosure')
    // the legal standard is expanded in the preview, and pinpoints not checked against a text say so
    await expect.poll(() => amina.locator('.lp-preview').textContent(), POLL).toContain('enforced disappearance')
    expect(await amina.locator('.lp-preview').textContent()).not.toContain('{{std:')
    expect(await amina.locator('.lp-sources summary').textContent()).toMatch(/Sources \(\d+, \d+ unverified\)/)
    expect(await amina.locator('.lp-source-unverified .lp-unverified').count()).toBeGreaterThan(0)
    // typed inputs: a date (a text field in the treaty's date format), and text fields showing their defaults
    expect(await amina.locator('.lp-field-date input').getAttribute('placeholder')).toBe('e.g. 1 March 2027')
    expect(await amina.locator('.lp-required').count()).toBeGreaterThan(0)
    await amina.locator('[data-parameter="amnesty_cutoff"]').fill('2024-06-30')
    // an ISO date is read too, and reads as treaties write dates
    await expect.poll(() => amina.locator('.lp-preview [data-name="amnesty_cutoff"]').first().textContent(), POLL).toBe('30 June 2024')
    mkdirSync(SHOTS, { recursive: true })
    await amina.screenshot({ path: resolve(SHOTS, 'library-panel.png') })
    await amina.locator('.lp-insert').click()
    await expect.poll(() => amina.locator('.lp-status').textContent(), POLL).toContain('Inserted')

    // the second page: a new article after "Scope", its parameters showing the values
    await expect.poll(() => texts(bruno, '.treaty .article > .heading'), POLL).toEqual(['Scope', 'Amnesty in exchange for full disclosure'])
    await expect.poll(() => bruno.locator('.treaty .parameter[data-name="amnesty_cutoff"]').first().textContent(), POLL).toBe('30 June 2024')
    await expect.poll(() => bruno.locator('.treaty .parameter[data-name="amnesty_authority"]').first().textContent(), POLL).toBe('the Amnesty Commission')
    await expect.poll(() => bruno.locator('.treaty .article').nth(1).textContent(), POLL).toContain('gross violations of human rights')
    // the article is marked as library text, unchanged
    await expect.poll(() => bruno.locator('.clause-badge').first().getAttribute('data-status'), POLL).toBe('unchanged')
  })

  it('lists the parameters with labels, and a value filled on one page shows on the other', async () => {
    await showPanel(bruno, 'parameters')
    await expect.poll(() => bruno.locator('.parameters dt[data-name="amnesty_cutoff"] .param-label').textContent(), POLL).toBe('Date after which conduct is not covered')
    const field = bruno.locator('.parameters [data-parameter="amnesty_authority"]')
    await field.fill('the Truth and Amnesty Board')
    await field.press('Enter')
    await expect.poll(() => amina.locator('.treaty .parameter[data-name="amnesty_authority"]').allTextContents(), POLL)
      .toEqual(expect.arrayContaining(['the Truth and Amnesty Board']))
    const all = await amina.locator('.treaty .parameter[data-name="amnesty_authority"]').allTextContents()
    expect(new Set(all)).toEqual(new Set(['the Truth and Amnesty Board']))
  })

  it('marks an edited clause and shows the difference', async () => {
    await caretAtEnd(bruno, '.article:nth-of-type(2) .paragraph')
    await bruno.keyboard.type(' Extra words.')
    await expect.poll(() => amina.locator('.clause-badge').first().getAttribute('data-status'), POLL).toBe('modified')
    await amina.locator('.clause-badge').first().click()
    await expect.poll(() => amina.locator('.clause-diff ins, .clause-diff del').allTextContents(), POLL).toEqual(expect.arrayContaining([expect.stringContaining('Extra')]))
    await amina.screenshot({ path: resolve(SHOTS, 'provenance-dialog.png') })
    await amina.locator('.prov-restore').click()
    await expect.poll(() => bruno.locator('.clause-badge').first().getAttribute('data-status'), POLL).toBe('unchanged')
  })

  it('ran without page errors', () => {
    // inline styles refused by the security policy come from the page frame (outline depth,
    // remote cursors), not from the library; they are the policy's to settle
    expect(errors.flat().filter((e) => !e.includes('Content Security Policy'))).toEqual([])
  })
})
