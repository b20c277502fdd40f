// The editor's Export menu in Chromium: an observer downloads clean and annotated HTML and a working copy with
// comments, PDF and Word, sees progress, and sees errors.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openEditor, personContext, DIST, assertEditorBuilt } from '../helpers/browser.js'
import { startTestServer, type TestServer } from '../helpers/server.js'

let server: TestServer
let browser: Browser
let sample: string
let page: Page
const dir = mkdtempSync(join(tmpdir(), 'pacta-export-menu-'))

beforeAll(async () => {
  assertEditorBuilt('doc.html')
  server = await startTestServer({ staticDir: DIST })
  const docs = (await (await server.request('/api/documents')).json()) as Array<{ id: string; title: string }>
  sample = docs.find((d) => d.title.startsWith('Model Treaty'))!.id
  await server.addMember(sample, 'olga', 'observer', 'Olga')
  browser = await launchBrowser()
  page = await (await personContext(browser, 'Olga', '#2a9d8f', server)).newPage()
  await openEditor(page, server.url, sample)
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

/** Chooses `item` in the Export menu and returns the downloaded file's name and text. */
async function exportVia(item: 'html-clean' | 'html-notes' | 'html-comments'): Promise<{ name: string; text: string }> {
  await page.locator('.tb-export').click()
  await page.locator('#export-menu').waitFor()
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-export="${item}"]`).click()])
  const path = join(dir, `${item}.html`)
  await download.saveAs(path)
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') }
}

describe('the Export menu', () => {
  it('lets an observer download the treaty as clean HTML and with drafting notes', async () => {
    expect(await page.locator('.tb-export').isEnabled()).toBe(true)
    const clean = await exportVia('html-clean')
    expect(clean.name).toBe('Model-Treaty-on-the-Protection-and-Facilitation-of-Peace-Negotiations.html')
    expect(clean.text).toContain('<span class="num">Article 7</span>')
    expect(clean.text).not.toContain('<aside class="drafting-note">')
    const notes = await exportVia('html-notes')
    expect(notes.text).toContain('<aside class="drafting-note">')
    expect(await page.locator('#export-menu').isHidden()).toBe(true)
  })

  it('downloads PDF and Word files, laid out in the server\'s export worker', async () => {
    for (const [item, head] of [['pdf-clean', '%PDF-'], ['docx-clean', 'PK']] as const) {
      await page.locator('.tb-export').click()
      await page.locator('#export-menu').waitFor()
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-export="${item}"]`).click()])
      const path = join(dir, item)
      await download.saveAs(path)
      expect(download.suggestedFilename()).toBe(`Model-Treaty-on-the-Protection-and-Facilitation-of-Peace-Negotiations.${item.slice(0, item.indexOf('-'))}`)
      expect(readFileSync(path).subarray(0, head.length).toString('latin1')).toBe(head)
    }
    expect(await page.locator('.export-status').textContent()).toBe('')
  })

  it('downloads a working copy with drafting notes and the comment threads', async () => {
    const working = await exportVia('html-comments')
    expect(working.text).toContain('<aside class="drafting-note">')
    expect(working.text).toMatch(/<span class="export-kind">Draft with drafting notes and comments \(\d+\)<\/span>/)
  })

  it('shows the export in progress and does not allow a second one meanwhile', async () => {
    let release = () => {}
    const held = new Promise<void>((r) => { release = r })
    await page.route('**/export/html*', async (route) => { await held; await route.continue() })
    await page.locator('.tb-export').click()
    const downloaded = page.waitForEvent('download')
    await page.locator('[data-export="html-clean"]').click()
    await expect.poll(() => page.locator('.tb-export').textContent()).toBe('Exporting…')
    expect(await page.locator('.tb-export').isDisabled()).toBe(true)
    expect(await page.locator('.tb-export').getAttribute('aria-busy')).toBe('true')
    release()
    await downloaded
    await expect.poll(() => page.locator('.tb-export').textContent()).toBe('Export ▾')
    expect(await page.locator('.tb-export').isEnabled()).toBe(true)
    await page.unroute('**/export/html*')
  })

  it('shows why an export failed, and clears the message on the next attempt', async () => {
    await page.route('**/export/html*', (route) => route.fulfill({
      status: 403, contentType: 'application/json', body: JSON.stringify({ status: 403, error: 'you are not a member of this document' }),
    }))
    await page.locator('.tb-export').click()
    await page.locator('[data-export="html-notes"]').click()
    await expect.poll(() => page.locator('.export-status.export-error').textContent()).toBe('Export failed: you are not a member of this document')
    await page.unroute('**/export/html*')
    await exportVia('html-clean')
    expect(await page.locator('.export-status').textContent()).toBe('')
  })
})
