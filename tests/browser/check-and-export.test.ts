// The Check panel and the Export menu's other formats in Chromium: a convener opens the check,
// follows a finding to its place, sees the findings in the Export menu, downloads Akoma Ntoso and
// Markdown and Word, makes a final export, and is told by name why a final export with errors is refused.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openEditor, personContext, DIST, assertEditorBuilt } from '../helpers/browser.js'
import { createDocument, startTestServer, type TestServer } from '../helpers/server.js'

let server: TestServer
let browser: Browser
let sample: string
let page: Page
const dir = mkdtempSync(join(tmpdir(), 'pacta-check-export-'))

beforeAll(async () => {
  assertEditorBuilt('doc.html')
  server = await startTestServer({ staticDir: DIST })
  const docs = (await (await server.request('/api/documents')).json()) as Array<{ id: string; title: string }>
  sample = docs.find((d) => d.title.startsWith('Model Treaty'))!.id
  browser = await launchBrowser()
  page = await (await personContext(browser, 'Connie', '#e76f51')).newPage()
  await openEditor(page, server.url, sample)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

/** Chooses `item` in the Export menu and returns the downloaded file's name and text. */
async function exportVia(item: string): Promise<{ name: string; text: string }> {
  await page.locator('.tb-export').click()
  await page.locator('#export-menu').waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-export="${item}"]`).click()])
  const path = join(dir, item)
  await download.saveAs(path)
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') }
}

describe('the Check panel', () => {
  it('lists what the check finds and selects the place of a finding', async () => {
    expect(await page.locator('.check-panel').isHidden()).toBe(true)
    await page.locator('.tb-check').click()
    await page.locator('.check-panel').waitFor()
    // the action shows the sidebar's Check tab
    expect(await page.locator('.sidebar-tab[data-panel="check"]').getAttribute('aria-selected')).toBe('true')
    expect(await page.locator('.check-panel .check-summary').textContent()).toBe('2 warnings')
    const messages = await page.locator('.check-panel .check-link').allTextContents()
    expect(messages).toEqual(['Parameter “entry_into_force_count” has no value in Article 7', 'Parameter “date” has no value in Conclusion'])
    await page.locator('.check-panel .check-link').first().click()
    expect(await page.evaluate(() => {
      const view = (window as unknown as { pacta: { view: { state: { selection: { node?: { attrs: { name: string } } } } } } }).pacta.view
      return view.state.selection.node?.attrs.name
    })).toBe('entry_into_force_count')
  })
})

describe('the Export menu', () => {
  it('shows the check\'s findings and offers the final export to a convener', async () => {
    await page.locator('.tb-export').click()
    expect(await page.locator('.export-check-summary').textContent()).toBe('Check: 2 warnings')
    expect(await page.locator('[data-export="akn-final"]').isVisible()).toBe(true)
    await page.keyboard.press('Escape')
  })

  it('downloads Akoma Ntoso and Markdown, clean and working', async () => {
    const akn = await exportVia('akn-clean')
    expect(akn.name).toBe('Model-Treaty-on-the-Protection-and-Facilitation-of-Peace-Negotiations.akn.xml')
    expect(akn.text).toContain('<bill name="treaty">')
    expect(akn.text).not.toContain('draftingNote')
    expect((await exportVia('akn-working')).text).toContain('name="draftingNote"')
    const md = await exportVia('markdown-working')
    expect(md.name).toBe('Model-Treaty-on-the-Protection-and-Facilitation-of-Peace-Negotiations.md')
    expect(md.text).toContain('### Article 7 — Entry into force')
    expect(md.text).toContain('> **Drafting note:**')
    expect((await exportVia('markdown-clean')).text).not.toContain('Drafting note')
  })

  it('downloads a Word document', async () => {
    await page.locator('.tb-export').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="docx-clean"]').click()])
    const path = join(dir, 'treaty.docx')
    await download.saveAs(path)
    expect(download.suggestedFilename()).toBe('Model-Treaty-on-the-Protection-and-Facilitation-of-Peace-Negotiations.docx')
    expect(readFileSync(path).subarray(0, 2).toString('latin1')).toBe('PK')
  })

  it('downloads a PDF', async () => {
    await page.locator('.tb-export').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="pdf-working"]').click()])
    const path = join(dir, 'treaty.pdf')
    await download.saveAs(path)
    expect(download.suggestedFilename()).toBe('Model-Treaty-on-the-Protection-and-Facilitation-of-Peace-Negotiations.pdf')
    expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  })

  it('makes a final export of a document without errors', async () => {
    const final = await exportVia('akn-final')
    expect(final.text).toContain('<bill name="treaty">')
  })

  it('refuses a final export of a document with errors, naming them', async () => {
    const blank = await createDocument(server, 'Unfinished treaty')
    await openEditor(page, server.url, blank.id)
    await page.locator('.tb-export').click()
    expect(await page.locator('.export-check-summary').textContent()).toBe('Check: 1 error')
    expect(await page.locator('.export-check .check-link').allTextContents()).toEqual(['Article 1 has no text'])
    await page.locator('[data-export="akn-final"]').click()
    await expect.poll(() => page.locator('.export-status.export-error').textContent())
      .toBe('Export failed: final export refused: the check found 1 error: Article 1 has no text')
  })
})
