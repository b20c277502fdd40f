// "Import…" on the document list, in Chromium against the real server: a Markdown treaty chosen
// from the keyboard shows what was recognised and what fell back, then becomes a document the
// editor opens with its articles numbered; a Word file of Pacta's own export comes back with its
// parts and articles; a file that is not what its name says is refused under the field, and
// nothing is created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { tmpdir } from 'node:os'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { sampleTreaty, SAMPLE_PARAMETERS } from '../../editor/model/sample.js'
import { treatyToDocx } from '../../server/export/docx.js'
import { documentTitles, startTestServer, type TestServer } from '../helpers/server.js'
import { assertEditorBuilt, closeBrowserSuite, collectErrors, DIST, launchBrowser, numbers, personContext, texts, waitConnected } from '../helpers/browser.js'

const SHOTS = process.env.SCREENSHOT_DIR ?? resolve(tmpdir(), 'pacta-screenshots')
const POLL = { timeout: 10_000, interval: 50 }
const AP2 = resolve(import.meta.dirname, '../fixtures/corpus/ap2-1977_protocol-additional-II.en.md')

let server: TestServer
let browser: Browser
let context: BrowserContext
let page: Page
let errors: string[]

/** The titles of the signed-in person's documents. */
const myDocuments = () => documentTitles(server, 'ines')

async function openDialog(): Promise<void> {
  await page.goto(`${server.url}/`)
  await page.locator('.import-button').click()
  await page.locator('dialog.import-dialog[open]').waitFor()
}

beforeAll(async () => {
  assertEditorBuilt('index.html')
  mkdirSync(SHOTS, { recursive: true })
  server = await startTestServer({ staticDir: DIST })
  browser = await launchBrowser()
  context = await personContext(browser, 'Ines', '#9467bd', server)
  page = await context.newPage()
  errors = collectErrors(page)
})

afterAll(() => closeBrowserSuite([context], browser, server))

describe('import on the document list', () => {
  it('from the keyboard: opens the dialog, picks a Markdown treaty, shows the report, creates it and opens it', async () => {
    await page.goto(`${server.url}/`)
    await page.locator('.import-button').focus()
    await page.keyboard.press('Enter')
    await page.locator('dialog.import-dialog[open]').waitFor()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-file')
    const chooser = page.waitForEvent('filechooser')
    await page.keyboard.press('Space')
    await (await chooser).setFiles(AP2)
    await page.locator('.import-report').waitFor()
    expect(await page.locator('.import-summary').textContent()).toBe(
      'Read as Markdown. Title: Protocol Additional to the Geneva Conventions of 12 August 1949, and relating to the Protection of Victims of Non-international Armed Conflicts (Protocol II)')
    expect(await texts(page, '.import-counts li')).toEqual([
      '6 recitals', '5 parts', '28 articles', '43 numbered paragraphs', '32 sub-paragraphs'])
    // the Dutch title above the English one is the one piece that fell back, with its reason
    expect(await texts(page, '.import-fallbacks li')).toEqual([
      'Aanvullend Protocol bij de Verdragen van Genève van 12 augustus 1949, betreffen… — a heading above the title: kept as a drafting note'])
    await page.screenshot({ path: resolve(SHOTS, 'import-dialog-report.png') })
    expect(await page.locator('dialog button[type="submit"]').isDisabled()).toBe(false)
    // Tab to the title, name the document, Enter creates it
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-title')
    await page.keyboard.type('Protocol II, imported')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/d\/[A-Za-z0-9_-]{12}$/)
    await page.locator('.ProseMirror.treaty').waitFor()
    await waitConnected(page)
    const articles = await numbers(page, 'article')
    expect(articles.length).toBe(28)
    expect(articles.at(-1)).toBe('Article 28')
    expect((await numbers(page, 'part')).length).toBe(5)
    expect(await myDocuments()).toEqual(['Protocol II, imported'])
  })

  it('imports Pacta\'s own Word export with its parts, articles, annex and the treaty\'s title', async () => {
    const docx = Buffer.from(await treatyToDocx(sampleTreaty(), SAMPLE_PARAMETERS, { title: 'Sample', clean: true }))
    await openDialog()
    await page.locator('#import-file').setInputFiles({ name: 'sample.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx })
    await page.locator('.import-report').waitFor()
    expect(await texts(page, '.import-counts li')).toContain('7 articles')
    await page.locator('dialog button[type="submit"]').click()
    await page.waitForURL(/\/d\/[A-Za-z0-9_-]{12}$/)
    await page.locator('.ProseMirror.treaty').waitFor()
    expect(await numbers(page, 'article')).toEqual(['Article 1', 'Article 2', 'Article 3', 'Article 4', 'Article 5', 'Article 6', 'Article 7'])
    expect(await numbers(page, 'annex')).toEqual(['Annex I'])
    expect((await myDocuments())).toContain('Model Treaty on the Protection and Facilitation of Peace Negotiations')
  })

  it('refuses a PDF named .docx under the file field, keeps Create disabled, and creates nothing', async () => {
    const before = await myDocuments()
    await openDialog()
    await page.locator('#import-file').setInputFiles({ name: 'treaty.docx', mimeType: 'application/octet-stream', buffer: Buffer.from('%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n') })
    await expect.poll(() => page.locator('#import-file-error').textContent(), POLL).toBe(
      '“treaty.docx” cannot be imported: the file is not a Word document: a .docx is a ZIP package, and this file is a PDF.')
    expect(await page.locator('#import-file').getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('dialog button[type="submit"]').isDisabled()).toBe(true)
    await page.screenshot({ path: resolve(SHOTS, 'import-dialog-refused.png') })
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('dialog').count(), POLL).toBe(0)
    expect(await myDocuments()).toEqual(before)
    expect(readFileSync(AP2).length).toBeGreaterThan(0)
  })

  it('logged no page errors', () => {
    // the refused preview is answered 400, which Chromium logs as a failed resource; nothing else
    expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([])
  })
})
